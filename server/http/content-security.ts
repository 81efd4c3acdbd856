import { randomBytes } from 'node:crypto';

/** A fresh nonce for one page's inline scripts. */
export const cspNonce = (): string => randomBytes(16).toString('base64');

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
 * thing from elsewhere, inline scripts only with this page's nonce, and framing only by `frameAncestors`.
 */
export function customerPageCsp(options: { publicUrl: string; logoUrl: string | null; frameAncestors: string[]; nonce?: string }): string {
  const own = originOf(options.publicUrl);
  const ownSocket = own?.replace(/^http/, 'ws');
  const logo = options.logoUrl?.startsWith('https:') ? originOf(options.logoUrl) : null;
  const sources = (...list: Array<string | null | undefined>) => [...new Set(list.filter(Boolean))].join(' ');
  return [
    "default-src 'self'",
    `script-src ${sources("'self'", own, options.nonce && `'nonce-${options.nonce}'`)}`,
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
