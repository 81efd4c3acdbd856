import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { Marked, type Tokens } from 'marked';

/**
 * `/docs`: the API reference (Scalar's standalone bundle, served from node_modules, rendering our
 * own `/openapi.json`) and the integrators' guides, rendered from `docs/*.md`. Nothing comes from
 * another origin; the pages run no inline script, and the guides none at all.
 */

const docsRoot = new URL('../../docs/', import.meta.url);
const assetsRoot = new URL('./docs-assets/', import.meta.url);
// The package exports its bundle but not its package.json: the version is read beside the bundle.
const scalarBundle = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
const scalarVersion = (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', pathToFileURL(scalarBundle))), 'utf8')) as { version: string })
  .version;

/** The guides, in reading order; each is `docs/<slug>.md`, titled by its first heading. */
export const GUIDES = ['quick-start', 'collecting-money', 'embedding-the-checkout', 'receiving-webhooks', 'events', 'partner-webhooks', 'going-live'] as const;
/** The contributors' documents, listed apart. */
const CONTRIBUTING = ['architecture', 'adding-a-checkout-kind', 'adding-a-bank-partner'] as const;
const PAGES = new Set<string>([...GUIDES, ...CONTRIBUTING]);

const ASSETS = `/docs/assets/${scalarVersion}/`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A heading's anchor as GitHub makes it, so links between the files work there and here alike. */
const slugOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z#0-9]+;/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');

/** Where a link in a guide may point: our pages, anchors, mail, or the web (never `javascript:` and such). */
function safeHref(href: string): string | null {
  const md = /^(?:\.\/|\.\.\/docs\/|docs\/)?([\w-]+)\.md(#[\w-]*)?$/.exec(href);
  if (md && PAGES.has(md[1]!)) return `/docs/${md[1]}${md[2] ?? ''}`;
  if (/^(https?:|mailto:)/i.test(href) || /^#[\w-]*$/.test(href) || /^\/(?!\/)/.test(href)) return href;
  return null;
}

/** Markdown to HTML with every raw HTML tag shown as text and only safe link targets. */
const markdown = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    heading({ tokens, depth }) {
      const inner = this.parser.parseInline(tokens);
      const id = slugOf(inner);
      return `<h${depth} id="${id}"><a class="anchor" href="#${id}" aria-hidden="true" tabindex="-1">#</a>${inner}</h${depth}>\n`;
    },
    link({ href, title, tokens }: Tokens.Link) {
      const inner = this.parser.parseInline(tokens);
      const target = safeHref(href);
      if (!target) return inner;
      const external = /^https?:/i.test(target);
      return `<a href="${escapeHtml(target)}"${title ? ` title="${escapeHtml(title)}"` : ''}${external ? ' rel="noopener noreferrer"' : ''}>${inner}</a>`;
    },
    image: ({ text }) => escapeHtml(text),
  },
});

export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false });
}

const titleOf = (source: string, slug: string) => /^#\s+(.+)$/m.exec(source)?.[1]?.replace(/[`*_]/g, '') ?? slug;

/** Scripts from our origin only; inline styles for Scalar's (it injects its stylesheet). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const GUIDE_CSP = CSP.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'").replace("script-src 'self'", "script-src 'none'");

function navigation(current: string, titles: Map<string, string>): string {
  const item = (slug: string, label: string) => `<li><a href="/docs/${slug}"${slug === current ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a></li>`;
  return `<nav class="docs-nav" aria-label="Guides">
  <p class="docs-nav-heading">Guides</p>
  <ul>${GUIDES.map((slug) => item(slug, titles.get(slug) ?? slug)).join('')}</ul>
  <p class="docs-nav-heading">Contributing</p>
  <ul>${CONTRIBUTING.map((slug) => item(slug, titles.get(slug) ?? slug)).join('')}</ul>
</nav>`;
}

function page(options: { title: string; current: string; body: string; titles: Map<string, string>; scripts?: string[] }): string {
  const api = options.current === 'api';
  const top = (href: string, label: string, here: boolean) => `<a href="${href}"${here ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(options.title)} · pay-checkout docs</title>
<link rel="stylesheet" href="${ASSETS}docs.css">
${(options.scripts ?? []).map((src) => `<script src="${src}" defer></script>`).join('\n')}
</head>
<body class="docs ${api ? 'docs-api' : 'docs-guide'}">
<a class="skip" href="#content">Skip to content</a>
<header class="docs-top">
  <a class="docs-brand" href="/docs">pay-checkout <span>docs</span></a>
  <nav aria-label="Documentation">
    ${top('/docs', 'API reference', api)}
    ${top(`/docs/${GUIDES[0]}`, 'Guides', !api && options.current !== '')}
    ${top('/openapi.json', 'openapi.json', false)}
    ${top('/graphql', 'GraphQL', false)}
  </nav>
</header>
${
  api
    ? `<main id="content" class="docs-api-main">${options.body}</main>`
    : `<div class="docs-layout">
<details class="docs-menu"><summary>All guides</summary>${navigation(options.current, options.titles)}</details>
<aside class="docs-sidebar">${navigation(options.current, options.titles)}</aside>
<main id="content">${options.body}</main>
</div>`
}
</body>
</html>`;
}

/**
 * Scalar's bundle as we serve it, asking nothing of Scalar's own hosts: its Inter and mono faces
 * are declared on its font host even with `withDefaultFonts: false` (without them the page uses
 * the system's fonts), and its hosted AI assistant turns itself on for localhost whatever the
 * config says, fetching a registry from Scalar. Both patterns are checked: a new version that
 * changes them fails at start instead of quietly calling out.
 */
export function localScalarBundle(bundle: string): string {
  const fonts = /@font-face \{[^}]*?https:\/\/fonts\.scalar\.com\/[^}]*\}/g;
  const assistant = /(agentEnabled:\w+\(\(\(\)=>\{const e=\w+\.value\[\w+\.value\]\s*;return)(!e\?\.agent\?\.disabled&&)/;
  if (!bundle.match(fonts)?.length || !assistant.test(bundle))
    throw new Error('@scalar/api-reference changed: review localScalarBundle (server/http/docs-routes.ts).');
  return bundle.replace(fonts, '').replace(assistant, '$1 false&&$2');
}

export function docsRoutes() {
  const routes = new Hono();
  // Read once: the files ship with the server, and a page per request should cost nothing.
  const sources = new Map<string, string>();
  for (const slug of PAGES) {
    try {
      sources.set(slug, readFileSync(new URL(`${slug}.md`, docsRoot), 'utf8'));
    } catch {}
  }
  const titles = new Map([...sources].map(([slug, source]) => [slug, titleOf(source, slug)]));
  const rendered = new Map([...sources].map(([slug, source]) => [slug, renderMarkdown(source)]));
  const assets: Record<string, { body: string | Buffer; type: string }> = {
    'standalone.js': { body: localScalarBundle(readFileSync(scalarBundle, 'utf8')), type: 'text/javascript; charset=utf-8' },
    'docs.css': { body: readFileSync(new URL('docs.css', assetsRoot), 'utf8'), type: 'text/css; charset=utf-8' },
    'api-reference.js': { body: readFileSync(new URL('api-reference.js', assetsRoot), 'utf8'), type: 'text/javascript; charset=utf-8' },
  };

  routes.get(`${ASSETS}:file`, (c) => {
    const asset = assets[c.req.param('file') ?? ''];
    if (!asset) return c.json({ error: 'Not found' }, 404);
    return c.body(asset.body as string, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable' });
  });

  routes.get('/docs', (c) => {
    const body = `<div id="api-docs" data-spec-url="/openapi.json" data-viewer="${ASSETS}standalone.js" aria-busy="true">
  <p class="docs-loading">Loading the API reference…</p>
</div>
<div id="api-unavailable" class="docs-unavailable" hidden>
  <h1>API reference</h1>
  <p><strong>The OpenAPI document is not available on this server yet.</strong> <code>GET /openapi.json</code> answered <span data-status></span>.</p>
  <p>The GraphQL API is described by its schema: open <a href="/graphql">/graphql</a> (GraphiQL, outside production) or read <code>schema/schema.graphql</code>. The <a href="/docs/${GUIDES[0]}">guides</a> cover the rest, starting with the quick start.</p>
</div>`;
    return c.html(page({ title: 'API reference', current: 'api', body, titles, scripts: [`${ASSETS}api-reference.js`] }), 200, {
      'content-security-policy': CSP,
    });
  });
  routes.get('/docs/', (c) => c.redirect('/docs'));

  routes.get('/docs/:slug', (c) => {
    const slug = c.req.param('slug').replace(/\.md$/, '');
    const html = rendered.get(slug);
    if (!html) return c.html(page({ title: 'Not found', current: '', body: '<h1>No such page</h1><p><a href="/docs">Back to the docs</a></p>', titles }), 404);
    return c.html(page({ title: titles.get(slug) ?? slug, current: slug, body: `<article class="markdown">${html}</article>`, titles }), 200, {
      'content-security-policy': GUIDE_CSP,
    });
  });
  return routes;
}
