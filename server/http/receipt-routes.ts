import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import type { Clock } from '../domain/clock.ts';
import { formatMinor } from '../domain/money.ts';
import { receiptPdf } from '../modules/receipts/receipt-pdf.ts';
import { findPublicReceipt, methodName, receiptLogoImage, receiptTime, type PublicReceipt } from '../modules/receipts/receipts.service.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const absolute = (publicUrl: string, url: string | null) => (url?.startsWith('/') ? `${publicUrl}${url}` : url);
const originOf = (url: string | null) => (url ? new URL(url).origin : null);

/** Whoever holds the link may read the receipt, nobody may frame it, and the token never leaves in a Referer. */
function headers(publicUrl: string, logoUrl: string | null, nonce: string | null): Record<string, string> {
  const images = ["'self'", originOf(publicUrl), originOf(logoUrl)].filter(Boolean).join(' ');
  return {
    'content-security-policy': `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; script-src ${nonce ? `'nonce-${nonce}'` : "'none'"}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'cache-control': 'private, no-cache',
  };
}

const STYLE = `:root { color-scheme: light dark; --bg: #f2f4f7; --card: #fff; --text: #101828; --muted: #475467; --line: #eaecf0; --accent: #067647; --warn: #b54708; }
@media (prefers-color-scheme: dark) { :root { --bg: #0c111d; --card: #161b26; --text: #f5f5f6; --muted: #94969c; --line: #333741; --accent: #47cd89; --warn: #fdb022; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 36rem; margin: 0 auto; padding: clamp(0.75rem, 5vh, 3rem) 0.75rem 2rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: clamp(1.25rem, 5vw, 2rem); }
header { display: flex; align-items: center; gap: 0.75rem; margin-bottom: 1.5rem; }
header img { max-height: 40px; max-width: 160px; object-fit: contain; }
header .merchant { font-weight: 600; font-size: 1.05rem; overflow-wrap: anywhere; }
.test { margin-left: auto; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.04em; color: var(--warn); border: 1px solid currentColor; border-radius: 999px; padding: 0.1rem 0.6rem; white-space: nowrap; }
.paid { display: flex; align-items: center; gap: 0.5rem; color: var(--accent); font-weight: 600; }
.paid svg { flex: none; }
.amount { font-size: clamp(1.75rem, 7vw, 2.25rem); font-weight: 700; margin: 0.25rem 0 1.25rem; font-variant-numeric: tabular-nums; }
h1 { font-size: 1rem; margin: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.25rem; margin: 0 0 1.25rem; }
dt { color: var(--muted); }
dd { margin: 0; text-align: right; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
table { width: 100%; border-collapse: collapse; margin: 0 0 1.25rem; font-variant-numeric: tabular-nums; }
th { text-align: left; color: var(--muted); font-weight: 500; font-size: 0.875rem; border-bottom: 1px solid var(--line); padding: 0.4rem 0; }
td { padding: 0.5rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
td.item { overflow-wrap: anywhere; padding-right: 0.75rem; }
.num { text-align: right; white-space: nowrap; padding-left: 0.75rem; }
tfoot td { font-weight: 600; border-bottom: 0; }
.due { padding: 0.75rem 1rem; border-radius: 8px; background: var(--bg); display: flex; justify-content: space-between; gap: 1rem; font-weight: 600; margin-bottom: 1.25rem; }
.actions { display: flex; gap: 0.75rem; flex-wrap: wrap; }
.actions a, .actions button { font: inherit; font-weight: 600; padding: 0.6rem 1rem; border-radius: 8px; border: 1px solid var(--line); background: var(--card); color: var(--text); text-decoration: none; cursor: pointer; }
.actions a:focus-visible, .actions button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
footer { margin-top: 1.25rem; color: var(--muted); font-size: 0.875rem; text-align: center; overflow-wrap: anywhere; }
footer p { margin: 0.25rem 0; }
footer a { color: inherit; }
footer .contact { display: flex; flex-wrap: wrap; justify-content: center; gap: 0.25rem 1rem; margin-bottom: 0.75rem; }
@media print {
  :root { --bg: #fff; --card: #fff; --text: #000; --muted: #444; --line: #ccc; --accent: #000; --warn: #000; color-scheme: light; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .card { border: 0; padding: 0; }
  .actions { display: none; }
  .due { border: 1px solid #ccc; }
}`;

const CHECK = `<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11" fill="currentColor"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** The receipt page: what the customer paid, when, how and for what, and what is still due. */
export function receiptPage(receipt: PublicReceipt, options: { logoUrl: string | null; pdfPath: string; nonce: string }): string {
  const money = (minor: bigint) => escapeHtml(formatMinor(minor, receipt.currency));
  const merchant = receipt.merchant;
  const method = methodName(receipt.method);
  const rows: Array<[string, string]> = [
    ['Receipt number', escapeHtml(receipt.number)],
    ['Paid on', escapeHtml(receiptTime(receipt.paidAt))],
    ...(method ? [['Method', escapeHtml(method)] as [string, string]] : []),
    ...(receipt.invoiceNumber ? [['Invoice', escapeHtml(receipt.invoiceNumber)] as [string, string]] : []),
    ...(receipt.customerName ? [['Billed to', escapeHtml(receipt.customerName)] as [string, string]] : []),
    ...(receipt.description ? [['For', escapeHtml(receipt.description)] as [string, string]] : []),
  ];
  const lines = receipt.lineItems.length
    ? `<table><thead><tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Amount</th></tr></thead><tbody>
${receipt.lineItems
  .map(
    (line) =>
      `<tr><td class="item">${escapeHtml(line.description)}${line.quantity > 1 ? `<br><small>${money(line.unitAmountMinor)} each</small>` : ''}</td><td class="num">${line.quantity}</td><td class="num">${money(line.amountMinor)}</td></tr>`,
  )
  .join('\n')}
</tbody>${receipt.totalMinor !== null ? `<tfoot><tr><td>Total</td><td></td><td class="num">${money(receipt.totalMinor)}</td></tr></tfoot>` : ''}</table>`
    : '';
  const due =
    receipt.amountDueAfterMinor === null
      ? ''
      : receipt.amountDueAfterMinor > 0n
        ? `<div class="due"><span>Still due after this payment</span><span>${money(receipt.amountDueAfterMinor)}</span></div>`
        : `<div class="due"><span>Balance</span><span>Paid in full</span></div>`;
  const contact = [
    merchant.supportEmail && `<a href="mailto:${escapeHtml(merchant.supportEmail)}">${escapeHtml(merchant.supportEmail)}</a>`,
    merchant.supportPhone && `<a href="tel:${escapeHtml(merchant.supportPhone)}">${escapeHtml(merchant.supportPhone)}</a>`,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Receipt ${escapeHtml(receipt.number)} — ${escapeHtml(merchant.name)}</title>
<style>${STYLE}</style>
</head>
<body><main><article class="card" aria-labelledby="receipt-title">
<header>${options.logoUrl ? `<img src="${escapeHtml(options.logoUrl)}" alt="" referrerpolicy="no-referrer">` : ''}<span class="merchant">${escapeHtml(merchant.name)}</span>${receipt.testMode ? '<span class="test">TEST MODE</span>' : ''}</header>
<div class="paid">${CHECK}<h1 id="receipt-title">Payment received</h1></div>
<p class="amount" data-amount>${money(receipt.amountMinor)}</p>
<dl>${rows.map(([label, value]) => `<dt>${label}</dt><dd>${value}</dd>`).join('')}</dl>
${lines}
${due}
<div class="actions"><button type="button" id="print">Print</button><a href="${escapeHtml(options.pdfPath)}" download>Download PDF</a></div>
</article>
<footer>${contact.length ? `<p>Questions about this payment?</p><p class="contact">${contact.join('')}</p>` : ''}${merchant.securedBy ? `<p>Secured by ${escapeHtml(merchant.securedBy)}</p>` : ''}</footer>
</main>
<script nonce="${options.nonce}">document.getElementById('print').addEventListener('click', () => window.print());</script>
</body></html>`;
}

/** `GET /r/<token>` (the page) and `GET /r/<token>.pdf`: a customer's receipt, by its unguessable token. */
export function receiptRoutes(deps: { orm: MikroORM; clock: Clock; publicUrl: string }) {
  return new Hono().get('/r/:file', async (c) => {
    const file = c.req.param('file');
    const pdf = file.endsWith('.pdf');
    const token = pdf ? file.slice(0, -4) : file;
    const em = deps.orm.em.fork();
    const receipt = await findPublicReceipt(em, deps.clock.now(), token);
    if (!receipt) return c.html('<!doctype html><title>Receipt not found</title><h1>This receipt does not exist.</h1>', 404);
    const logoUrl = absolute(deps.publicUrl, receipt.merchant.logoUrl);
    if (pdf) {
      return c.body(new Uint8Array(await receiptPdf(receipt, await receiptLogoImage(em, receipt))), 200, {
        ...headers(deps.publicUrl, null, null),
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="receipt-${receipt.number.replace(/[^A-Za-z0-9-]/g, '')}.pdf"`,
      });
    }
    const nonce = randomBytes(16).toString('base64');
    return c.html(receiptPage(receipt, { logoUrl, pdfPath: `/r/${token}.pdf`, nonce }), 200, headers(deps.publicUrl, logoUrl, nonce));
  });
}
