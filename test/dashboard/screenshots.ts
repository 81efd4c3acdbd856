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
const connection = (edges) => ({ edges, pageInfo: { hasNextPage: edges.length > 0, endCursor: 'x' } });
window.show = async (tag, empty) => {
  const client = async (query) => {
    const pick = (edges) => connection(empty ? [] : edges);
    if (query.includes('invoices(')) return { invoices: pick(invoices) };
    if (query.includes('settlements(')) return { settlements: pick(settlements) };
    if (query.includes('kycReviews(')) return { kycReviews: pick(reviews) };
    if (query.includes('viewer')) return { viewer: { business: { defaultCurrency: 'TZS' } } };
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
      ] as const) {
        await page.evaluate(([t, e]) => (window as unknown as { show(t: string, e: boolean): Promise<void> }).show(t, e), [tag, empty] as const);
        await page.screenshot({ path: `${out}/${tag.replace('pc-page-', '')}${empty ? '-empty' : ''}-${width}-${colorScheme}.png`, fullPage: true });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${out}`);
