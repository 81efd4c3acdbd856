import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import type { Clock } from '../domain/clock.ts';
import { qrCodeResponse } from './qr-code.ts';
import { Invoice } from '../modules/invoicing/invoice.entity.ts';
import { Business } from '../modules/tenancy/business.entity.ts';
import { effectiveLinkStatus, findPaymentLinkPublic } from '../modules/payments/payment-links.service.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * In an iframe, the checkout tells its parent its height and status with postMessage, addressed to
 * the parent's exact origin, and only when that origin is one the merchant allowed (never '*').
 * After a payment it does not navigate itself to the redirect URL: it asks the parent to go there.
 */
function embedScript(allowedOrigins: string[]): string {
  return `<script type="module">
const allowed = ${JSON.stringify(allowedOrigins).replace(/</g, '\\u003c')};
const parentOrigin = [...(location.ancestorOrigins ?? [])][0] ?? (document.referrer ? new URL(document.referrer).origin : null);
const target = allowed.includes(parentOrigin) ? parentOrigin : null;
const send = (message) => target && window.parent.postMessage({ source: 'pay-checkout', ...message }, target);
const element = document.querySelector('pay-checkout');
new ResizeObserver(() => send({ type: 'height', height: Math.ceil(document.documentElement.scrollHeight) })).observe(document.body);
for (const name of ['pay-ready', 'pay-status', 'pay-success', 'pay-expired']) {
  element.addEventListener(name, (event) => send({ type: name, status: event.checkout.status, amountDueMinor: event.checkout.amountDueMinor }));
}
element.addEventListener('pay-error', (event) => send({ type: 'pay-error', code: event.code, message: event.message }));
element.addEventListener('pay-redirect', (event) => {
  event.preventDefault();
  send({ type: 'redirect', url: event.url });
});
</script>`;
}

/** Customer-facing routes of a payment link: QR images, the short link and the hosted page. */
export function paymentLinkRoutes(deps: { orm: MikroORM; clock: Clock; publicUrl: string }) {
  const paymentUrl = (id: string) => `${deps.publicUrl}/p/${id}`;
  const routes = new Hono();

  routes.get('/v1/payment-links/:id/:image{qr\\.(png|svg)}', async (c) => {
    const id = c.req.param('id');
    const format = c.req.param('image') === 'qr.svg' ? 'svg' : 'png';
    const link = await findPaymentLinkPublic(deps.orm.em.fork(), { id });
    if (!link) return c.json({ error: 'Not found' }, 404);
    return qrCodeResponse(c, paymentUrl(id), format);
  });

  routes.get('/l/:code', async (c) => {
    const link = await findPaymentLinkPublic(deps.orm.em.fork(), { shortCode: c.req.param('code') });
    return link ? c.redirect(paymentUrl(link.id), 302) : c.json({ error: 'Not found' }, 404);
  });

  // The hosted page: a server-rendered shell with the <pay-checkout> element, which reads and
  // follows the checkout itself; the summary inside <noscript> is for browsers without scripts.
  routes.get('/p/:id', async (c) => {
    const em = deps.orm.em.fork();
    const link = await findPaymentLinkPublic(em, { id: c.req.param('id') });
    if (!link) return c.html('<!doctype html><title>Checkout not found</title><h1>This checkout does not exist.</h1>', 404);
    const [invoice, business] = await Promise.all([
      em.findOneOrFail(Invoice, { id: link.invoice.id }),
      em.findOneOrFail(Business, { id: link.business.id }),
    ]);
    const status = effectiveLinkStatus(link, deps.clock.now());
    // Only the merchant's own origins may frame the checkout, and only they hear from it.
    c.header('Content-Security-Policy', `frame-ancestors 'self'${business.allowedOrigins.map((origin) => ` ${origin}`).join('')}`);
    const embedded = c.req.query('embed') === '1';
    // ?embed=1: the bare checkout, for an iframe on the merchant's page.
    const layout = c.req.query('embed') === '1' ? 'body { margin: 0; }' : 'body { margin: 0; min-height: 100vh; display: grid; place-items: center; }';
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay invoice ${escapeHtml(invoice.number)}</title>
<script type="module" src="/widget/register.js"></script>
<style>${layout} body { font-family: system-ui, sans-serif; }</style>
</head>
<body><main>
<pay-checkout checkout="${escapeHtml(link.id)}" redirect></pay-checkout>
${embedded ? embedScript(business.allowedOrigins) : ''}
<noscript>
<h1>Invoice ${escapeHtml(invoice.number)}</h1>
<p data-status="${status}">Status: ${status.toLowerCase()}</p>
<p>Amount due: ${escapeHtml(invoice.currency)} ${invoice.totalMinor - invoice.amountPaidMinor} (minor units)</p>
<img src="/v1/payment-links/${link.id}/qr.png" alt="QR code for this payment link" width="240" height="240">
</noscript>
</main></body></html>`);
  });
  return routes;
}
