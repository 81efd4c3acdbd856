import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import type { Clock } from '../domain/clock.ts';
import { checkoutQrPath, findPublicCheckout, hasHostedPage } from '../modules/checkouts/public-checkout.service.ts';
import { Business } from '../modules/tenancy/business.entity.ts';
import { customerPageCsp } from './content-security.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Minor units as a customer reads them ("₦42,500.00"): exact, from the digits, never through a float. */
function formatMoney(amountMinor: bigint, currency: string, digits: number): string {
  const text = String(amountMinor < 0n ? -amountMinor : amountMinor).padStart(digits + 1, '0');
  const decimal = `${amountMinor < 0n ? '-' : ''}${text.slice(0, text.length - digits)}${digits ? `.${text.slice(text.length - digits)}` : ''}`;
  const format = new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(decimal as unknown as number);
}

/**
 * The page around the element: the customer's colour scheme (the element's theme="auto" and the
 * page background agree), the card one width in every state, near the top on a phone. Nothing
 * follows the card on its own page, so it keeps no room for a taller state before it loads.
 */
const PAGE_STYLE = `:root { color-scheme: light dark; } body { margin: 0; font-family: system-ui, sans-serif; background: #f2f4f7; color: #101828; }
main { box-sizing: border-box; width: 100%; max-width: 30rem; margin: 0 auto; padding: clamp(0.75rem, 6vh, 4rem) 0.75rem 1.5rem; }
pay-checkout { max-width: none; --pay-min-height: 0; box-shadow: 0 1px 3px rgb(16 24 40 / 0.1); }
@media (prefers-color-scheme: dark) { body { background: #0c111d; color: #f2f4f7; } }`;

/**
 * In an iframe, the checkout tells its parent its height and status with postMessage, addressed to
 * the parent's exact origin, and only when that origin is ours or one the merchant allowed (never '*').
 * After a payment it does not navigate itself to the redirect URL: it asks the parent to go there.
 */
function embedScript(allowedOrigins: string[]): string {
  return `<script type="module">
const allowed = ${JSON.stringify(allowedOrigins).replace(/</g, '\\u003c')};
const parentOrigin = [...(location.ancestorOrigins ?? [])][0] ?? (document.referrer ? new URL(document.referrer).origin : null);
// Our own origin may frame the page ('self' in frame-ancestors), so it may hear from it too (the demo does).
const target = parentOrigin === location.origin || allowed.includes(parentOrigin) ? parentOrigin : null;
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

/** The page's language by currency: a checkout in reais is read in Portuguese, one in shillings in Swahili. */
const PAGE_LANGUAGE: Record<string, string> = { BRL: 'pt-BR', TZS: 'sw' };

/**
 * The hosted page of any checkout whose kind has one: a server-rendered shell with the
 * <pay-checkout> element, which reads and follows the checkout itself; the summary inside
 * <noscript> is for browsers without scripts. `?embed=1` renders it bare, for an iframe.
 */
export function hostedCheckoutRoutes(deps: { orm: MikroORM; clock: Clock; publicUrl: string }) {
  const routes = new Hono();
  routes.get('/p/:id', async (c) => {
    const em = deps.orm.em.fork();
    const checkout = await findPublicCheckout(em, deps.clock.now(), c.req.param('id'));
    if (!checkout || !hasHostedPage(checkout)) return c.html('<!doctype html><title>Checkout not found</title><h1>This checkout does not exist.</h1>', 404);
    const business = await em.findOneOrFail(Business, { id: checkout.businessId });
    // Only the merchant's own origins may frame the checkout, and only they hear from it; nothing but
    // our origin and the merchant's logo loads.
    c.header(
      'Content-Security-Policy',
      customerPageCsp({ publicUrl: deps.publicUrl, logoUrl: checkout.merchant.logoUrl, frameAncestors: business.allowedOrigins }),
    );
    const embedded = c.req.query('embed') === '1';
    // A frame is light unless its shop asks (?theme=dark|auto): the shop's page is its background.
    const asked = c.req.query('theme');
    const theme = asked === 'dark' || asked === 'auto' || asked === 'light' ? asked : embedded ? 'light' : 'auto';
    // In a frame, the shop's page is the background: no page colour, no padding, no shadow.
    const style = embedded ? `body { margin: 0; font-family: system-ui, sans-serif; } pay-checkout { max-width: none; }` : PAGE_STYLE;
    const title = checkout.invoiceNumber
      ? `Pay invoice ${checkout.invoiceNumber}`
      : `Pay ${checkout.merchantName}${checkout.bill?.narration ? ` — ${checkout.bill.narration}` : ''}`;
    const qr = checkoutQrPath(checkout);
    return c.html(`<!doctype html>
<html lang="${PAGE_LANGUAGE[checkout.currency] ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<script type="module" src="/widget/register.js"></script>
<style>${style}</style>
</head>
<body><main>
<pay-checkout checkout="${escapeHtml(checkout.id)}" theme="${theme}" redirect></pay-checkout>
${embedded ? embedScript(business.allowedOrigins) : ''}
<noscript>
<h1>${escapeHtml(title)}</h1>
<p data-status="${checkout.status}">Status: ${checkout.status.toLowerCase()}</p>
<p>Amount due: ${escapeHtml(formatMoney(checkout.amountDueMinor, checkout.currency, checkout.minorDigits))}</p>
${checkout.bill?.virtualAccount ? `<p>Bank transfer: ${escapeHtml(checkout.bill.virtualAccount.bankName)} ${escapeHtml(checkout.bill.virtualAccount.accountNumber)} (${escapeHtml(checkout.bill.virtualAccount.accountName)}), reference ${escapeHtml(checkout.bill.paymentRef)}</p>` : ''}
${qr ? `<img src="${qr}" alt="QR code for this checkout" width="240" height="240">` : ''}
</noscript>
</main></body></html>`);
  });
  return routes;
}
