const originOf = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
};

/**
 * The Content-Security-Policy of a customer-facing page: everything from our own origin (and the
 * public URL's, should the page be reached by another name), the merchant's https logo as the one
 * thing from elsewhere, and framing only by `frameAncestors`. Inline scripts stay allowed (the
 * page's own embed script, and the test tools that inject axe); every value the page interpolates is
 * escaped, and no script can come from another origin.
 */
export function customerPageCsp(options: { publicUrl: string; logoUrl: string | null; frameAncestors: string[] }): string {
  const own = originOf(options.publicUrl);
  const ownSocket = own?.replace(/^http/, 'ws');
  const logo = options.logoUrl?.startsWith('https:') ? originOf(options.logoUrl) : null;
  const sources = (...list: Array<string | null | undefined>) => [...new Set(list.filter(Boolean))].join(' ');
  return [
    "default-src 'self'",
    `script-src ${sources("'self'", own, "'unsafe-inline'")}`,
    // Inline styles carry no script; the shell and the element's own styles use them.
    `style-src ${sources("'self'", own, "'unsafe-inline'")}`,
    `img-src ${sources("'self'", own, 'data:', logo)}`,
    `connect-src ${sources("'self'", own, ownSocket)}`,
    `font-src ${sources("'self'", own, 'data:')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${sources("'self'", ...options.frameAncestors)}`,
  ].join('; ');
}
