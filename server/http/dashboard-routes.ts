import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';

const distRoot = fileURLToPath(new URL('../../dist/dashboard', import.meta.url));

/** The page's one inline stylesheet; the CSP allows it by its hash, and no other inline style or script. */
const PAGE_STYLE = ':root{color-scheme:light dark}body{margin:0;background:#f6f7f9}@media (prefers-color-scheme:dark){body{background:#0c111d}}';
const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/**
 * The dashboard's Content-Security-Policy: scripts only from our own origin (no inline script, no
 * eval, no CDN), the page's one stylesheet by hash (Lit's styles are constructed stylesheets, which
 * style-src does not govern), no framing, no plugins, forms and fetches only to ourselves.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${PAGE_STYLE_HASH}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function page(c: Context, entry: 'sign-in' | 'app', tag: string, title: string) {
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${PAGE_STYLE}</style>
<script type="module" src="/dashboard/assets/${entry}.js"></script>
</head>
<body><${tag}></${tag}>
<noscript><p>The dashboard needs JavaScript.</p></noscript>
</body></html>`);
}

/**
 * `/dashboard/sign-in` (the sign-in flow, its own small bundle) and `/dashboard` with every path
 * under it (the app: it routes in the browser, and sends anyone not fully signed in to sign-in).
 * `/dashboard/assets/*` are the built files (`vite build`, run by `npm start`). `/dashboard/api/*`
 * is the auth API's, and passes through.
 */
export function dashboardRoutes() {
  const routes = new Hono();
  routes.use('/dashboard/assets/*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    // Chunks carry a content hash in their name; the two entries keep theirs, so they revalidate.
    if (c.res.status === 200) c.header('Cache-Control', c.req.path.includes('/chunks/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  routes.use('/dashboard/assets/*', serveStatic({ root: distRoot, rewriteRequestPath: (path) => path.replace(/^\/dashboard\/assets/, '') }));
  routes.get('/dashboard/sign-in', (c) => page(c, 'sign-in', 'pc-sign-in', 'Sign in · pay-checkout dashboard'));
  routes.get('/dashboard', (c) => page(c, 'app', 'pc-app', 'pay-checkout dashboard'));
  routes.get('/dashboard/*', async (c, next) => {
    if (/^\/dashboard\/(api|assets)(\/|$)/.test(c.req.path)) return next();
    return page(c, 'app', 'pc-app', 'pay-checkout dashboard');
  });
  return routes;
}
