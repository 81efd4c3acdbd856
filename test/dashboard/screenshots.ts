// `node test/dashboard/screenshots.ts [outDir]`: screenshots of a few list pages (with data and
// empty) at 1280 and 390 px, light and dark, for a person to look at. The data is canned (in-page
// client), so the layout is what is judged; the page tests check the same pages against the server.
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const out = process.argv[2] ?? '/tmp/dashboard-screenshots';
mkdirSync(out, { recursive: true });

const IN_PAGE = /* ts */ `
import './dashboard/pages/invoices.ts';
import './dashboard/pages/settlements.ts';
import './dashboard/pages/operator/kyc-review.ts';
import './dashboard/pages/bills.ts';
import './dashboard/pages/ledger.ts';
import './dashboard/pages/payments.ts';
import './dashboard/pages/receipts.ts';
import './dashboard/pages/payment-requests.ts';
import './dashboard/pages/financed-payments.ts';
import './dashboard/pages/lipa-numbers.ts';
import './dashboard/pages/settlement-entities.ts';
import './dashboard/pages/operator/businesses.ts';
const money = (amountMinor) => ({ amountMinor, currency: 'TZS' });
const invoices = Array.from({ length: 6 }, (_, i) => ({ node: {
  id: 'inv_' + i, number: 'INV-2026-00' + (i + 1), status: ['OPEN', 'PAID', 'PARTIALLY_PAID', 'VOID'][i % 4],
  customerName: ['Neema Mushi', 'Juma Said', 'Asha Bakari', 'St Marys School Parents Association'][i % 4],
  customerEmail: 'customer' + i + '@example.com', dueDate: '2026-12-31', total: money(125000000 + i * 13700), amountDue: money(i % 2 ? 0 : 62500000) } }));
const settlements = [{ node: { id: 'stb_1', entityId: 'ST-MARYS', status: 'FAILED', trigger: 'MANUAL', attempt: 1, amount: money(80000), gross: money(80000),
  fee: money(0), reserve: money(0), createdAt: '2026-12-02T10:00:00Z', failureReason: 'The receiving institution declined the transfer (sandbox).' } },
  { node: { id: 'stb_2', entityId: 'KIOSK', status: 'PAID', trigger: 'SCHEDULE', attempt: 1, amount: money(1440000), gross: money(1600000),
  fee: money(0), reserve: money(160000), createdAt: '2026-12-01T00:01:00Z', failureReason: null } }];
const reviews = [{ node: { id: 'se_1', businessId: 'bus_01JXYZ', mode: 'TEST', entityId: 'ST-MARYS', name: 'St Marys School', settlementMethod: 'MOBILE_MONEY',
  kycStatus: 'PENDING', kycDocumentsReceived: [], kycRequirements: [{ code: 'LEGAL_NAME', description: 'Legal name', met: true },
  { code: 'SAMPLE_INVOICE', description: 'A sample invoice or receipt template you will issue to customers', met: false }] } }];
const bills = [{ node: { id: 'bil_1', paymentRef: 'BL-7F3K-Q9', email: 'mzazi@example.com', type: 'REGULAR', status: 'PENDING', amount: money(2500050),
  amountPaid: money(0), paymentUrl: 'http://localhost:4000/p/bil_1', createdAt: '2026-12-02T09:00:00Z' } }];
const entities = [{ node: { id: 'se_1', entityId: 'DUKA', name: 'Duka la Mama Neema', settlementMethod: 'MOBILE_MONEY', payoutSchedule: 'MANUAL', kycStatus: 'APPROVED',
  kycRequirements: [], balances: { payable: money(79600), reserved: money(0), inTransit: money(0), paidOut: money(0) } } },
  { node: { id: 'se_2', entityId: 'ST-MARYS', name: 'St Marys School', settlementMethod: 'BANK', payoutSchedule: 'DAILY', kycStatus: 'PENDING',
  kycRequirements: [{ code: 'SAMPLE_INVOICE', description: 'A sample invoice or receipt template', met: false }],
  balances: { payable: money(1200000), reserved: money(120000), inTransit: money(0), paidOut: money(5400000) } } }];
const businesses = [{ node: { id: 'biz_01JXYZ', name: 'Msasani Pharmacy', plan: 'ENTERPRISE', country: 'TZ', defaultCurrency: 'TZS', createdAt: '2026-12-01T08:00:00Z' } }];
const line = (code, name, debitMinor, creditMinor) => ({ account: { code, name }, debitMinor, creditMinor, currency: 'TZS' });
const journal = [{ node: { id: 'je_1', createdAt: '2026-12-02T09:05:00Z', description: 'Payment for bill BL-7F3K-Q9', source: 'payment:pay_1',
  lines: [line('1100', 'Partner clearing', 2500050, 0), line('2200', 'Payable to DUKA', 0, 2487550), line('4100', 'Platform fee income', 0, 12500)] } }];
const accounts = [{ code: '1100', name: 'Partner clearing', type: 'ASSET', settlementEntityId: null, balance: money(2500050) },
  { code: '2200', name: 'Payable to entity', type: 'LIABILITY', settlementEntityId: 'DUKA', balance: money(2487550) }];
const payments = [{ node: { id: 'pay_01JXYZ8M3Q2W', paidAt: '2026-12-02T09:05:00Z', partner: 'alat', partnerPaymentId: 'ALAT-7781-2234-9910',
  amount: money(2500050), applied: money(2500050), customerCredit: money(0), suspense: money(0), invoiceId: null, billPaymentRef: 'BL-7F3K-Q9-1', exception: null } },
  { node: { id: 'pay_01JXYZ8M3Q2X', paidAt: '2026-12-02T10:15:00Z', partner: 'tips', partnerPaymentId: 'TIPS-55012',
  amount: money(1000000), applied: money(800000), customerCredit: money(200000), suspense: money(0), invoiceId: 'inv_01JXYZ', billPaymentRef: null, exception: 'OVERPAYMENT' } }];
const aliases = [{ node: { id: 'till_1', alias: '10023457', name: 'Term 1 fees', entityId: 'ST-MARYS', status: 'PARTIALLY_PAID', isActive: true,
  expectedTotal: money(50250000), amountPaid: money(20000000), paymentCount: 2, paymentUrl: 'http://localhost:4000/p/till_1' } }];
const brl = (amountMinor) => ({ amountMinor, currency: 'BRL' });
const receipts = [{ node: { id: 'rcp_1', number: 'RCT-2026-000123', amount: money(2500050), paymentId: 'pay_01JXYZ8M3Q2W', invoiceId: 'inv_01JXYZ', createdAt: '2026-12-02T09:05:00Z', url: 'http://localhost:4000/r/x7Kp' } }];
const requests = [{ node: { id: 'preq_1', orderId: 'ORDER-77', orderDescription: 'Pallets of cement, 40 bags each', amount: brl(1000000), financingStatus: 'OPEN',
  installmentsCountMin: 3, installmentsCountMax: 6, expiresAt: '2026-12-09T00:00:00Z', url: 'http://localhost:4000/p/preq_x7' } }];
const financed = [{ node: { id: 'fp_1', status: 'AUTHORIZED', invoiceStatus: 'AWAITING', orderId: 'ORDER-77', amount: brl(1000000), installmentsCount: 6,
  customer: { cnpj: '11222333000181', legalName: 'Construtora Horizonte Ltda' }, invoices: [], createdAt: '2026-12-02T11:00:00Z' } }];
const connection = (edges) => ({ edges, pageInfo: { hasNextPage: edges.length > 0, endCursor: 'x' } });
window.show = async (tag, empty) => {
  const client = async (query) => {
    const pick = (edges) => connection(empty ? [] : edges);
    if (query.includes('invoices(')) return { invoices: pick(invoices) };
    if (query.includes('settlements(')) return { settlements: pick(settlements) };
    if (query.includes('kycReviews(')) return { kycReviews: pick(reviews) };
    if (query.includes('viewer')) return { viewer: { business: { defaultCurrency: 'TZS' } } };
    if (query.includes('createBill(')) return { createBill: { bill: bills[0].node, userErrors: [] } };
    if (query.includes('createSettlementBatch(')) return { createSettlementBatch: { settlementBatch: { id: 'stb_9', status: 'SUBMITTED', amount: money(79600) }, userErrors: [] } };
    if (query.includes('bills(')) return { bills: pick(bills) };
    if (query.includes('apps {')) return { apps: [{ appId: 'SCHOOLFEES', name: 'School fees', status: 'ACTIVE' }], settlementEntities: connection(entities) };
    if (query.includes('tillAliases(')) return { tillAliases: pick(aliases) };
    if (query.includes('financedPayments(')) return { financedPayments: pick(financed) };
    if (query.includes('paymentRequests(')) return { paymentRequests: pick(requests) };
    if (query.includes('receipts(')) return { receipts: pick(receipts) };
    if (query.includes('payments(')) return { payments: pick(payments) };
    if (query.includes('settlementEntities(')) return { settlementEntities: pick(entities) };
    if (query.includes('businesses(')) return { businesses: pick(businesses) };
    if (query.includes('journalEntries(')) return { journalEntries: pick(journal) };
    if (query.includes('ledgerAccounts')) return { ledgerAccounts: empty ? [] : accounts };
    throw new Error('no canned answer');
  };
  const main = document.createElement('main');
  document.body.replaceChildren(main);
  const el = document.createElement(tag);
  el.client = client;
  main.append(el);
  while (el.listState !== 'ready') await new Promise((r) => setTimeout(r, 10));
  await el.updateComplete;
};
/** Presses a button of the page (or of its list) by its accessible name, then lets it render. */
window.press = async (tag, name) => {
  const el = document.querySelector(tag);
  const roots = [el.shadowRoot, el.shadowRoot.querySelector('pc-data-list')?.shadowRoot].filter(Boolean);
  const button = roots.flatMap((r) => [...r.querySelectorAll('button')]).find((b) => b.textContent.trim() === name || b.getAttribute('aria-label') === name);
  button.click();
  await new Promise((r) => setTimeout(r, 150));
  await el.updateComplete;
};
`;

const bundle = await build({
  stdin: { contents: IN_PAGE, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'screens.ts' },
  bundle: true,
  format: 'esm',
  write: false,
  target: 'es2022',
  conditions: ['browser', 'production'],
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const width of [1280, 390]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme });
      await page.setContent(
        '<!doctype html><html lang="en"><head><style>body{margin:0;background:Canvas;color-scheme:light dark}</style></head><body></body></html>',
      );
      await page.addScriptTag({ type: 'module', content: bundle.outputFiles[0]!.text });
      await page.waitForFunction(() => 'show' in window);
      for (const [tag, empty] of [
        ['pc-page-invoices', false],
        ['pc-page-invoices', true],
        ['pc-page-settlements', false],
        ['pc-page-operator-kyc', false],
        ['pc-page-ledger', false],
        ['pc-page-payments', false],
        ['pc-page-lipa-numbers', false],
        ['pc-page-bills', false],
        ['pc-page-receipts', false],
        ['pc-page-payment-requests', false],
        ['pc-page-financed-payments', false],
      ] as const) {
        await page.evaluate(([t, e]) => (window as unknown as { show(t: string, e: boolean): Promise<void> }).show(t, e), [tag, empty] as const);
        await page.screenshot({ path: `${out}/${tag.replace('pc-page-', '')}${empty ? '-empty' : ''}-${width}-${colorScheme}.png`, fullPage: true });
      }
      // The forms and answers of creating things: a dialog open, or what the page shows after.
      for (const [tag, button, shot] of [
        ['pc-page-bills', 'New bill', 'bills-new'],
        ['pc-page-lipa-numbers', 'New Lipa number', 'lipa-numbers-new'],
        ['pc-page-settlement-entities', 'Pay out now to Duka la Mama Neema', 'settlement-entities-payout'],
        ['pc-page-operator-businesses', 'Change the plan of Msasani Pharmacy', 'operator-businesses-plan'],
      ] as const) {
        await page.evaluate(([t]) => (window as unknown as { show(t: string, e: boolean): Promise<void> }).show(t, false), [tag] as const);
        await page.evaluate(([t, b]) => (window as unknown as { press(t: string, b: string): Promise<void> }).press(t, b), [tag, button] as const);
        await page.screenshot({ path: `${out}/${shot}-${width}-${colorScheme}.png`, fullPage: true });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${out}`);
