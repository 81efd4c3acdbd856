import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import QRCode from 'qrcode';
import type { Clock } from '../domain/clock.ts';
import { Invoice } from '../modules/invoicing/invoice.entity.ts';
import { effectiveLinkStatus, findPaymentLinkPublic } from '../modules/payments/payment-links.service.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Customer-facing routes of a payment link: QR images, the short link and the hosted page. */
export function paymentLinkRoutes(deps: { orm: MikroORM; clock: Clock; publicUrl: string }) {
  const paymentUrl = (id: string) => `${deps.publicUrl}/p/${id}`;
  const routes = new Hono();

  routes.get('/v1/payment-links/:id/:image{qr\\.(png|svg)}', async (c) => {
    const id = c.req.param('id');
    const format = c.req.param('image') === 'qr.svg' ? 'svg' : 'png';
    const link = await findPaymentLinkPublic(deps.orm.em.fork(), { id });
    if (!link) return c.json({ error: 'Not found' }, 404);
    const headers = { 'cache-control': 'public, max-age=86400, immutable' };
    if (format === 'svg') {
      return c.body(await QRCode.toString(paymentUrl(id), { type: 'svg', margin: 2 }), 200, { ...headers, 'content-type': 'image/svg+xml' });
    }
    const png = await QRCode.toBuffer(paymentUrl(id), { type: 'png', margin: 2, width: 320 });
    return c.body(new Uint8Array(png), 200, { ...headers, 'content-type': 'image/png' });
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
    const invoice = await em.findOneOrFail(Invoice, { id: link.invoice.id });
    const status = effectiveLinkStatus(link, deps.clock.now());
    // ?embed=1: the bare checkout, for an iframe on the merchant's page.
    const layout = c.req.query('embed') === '1' ? 'body { margin: 0; }' : 'body { margin: 0; min-height: 100vh; display: grid; place-items: center; }';
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay invoice ${escapeHtml(invoice.number)}</title>
<script type="module" src="/widget/register.js"></script>
<style>${layout} body { font-family: system-ui, sans-serif; }</style>
</head>
<body><main>
<pay-checkout checkout="${escapeHtml(link.id)}"></pay-checkout>
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
