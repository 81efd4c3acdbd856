import { randomUUID } from 'node:crypto';
import { postPartnerWebhook, startBenchServer, graphqlClient, onboardBenchBusiness } from './support.ts';
import { THREE_LINE_INVOICE } from '../test/support/invoices.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const PARTNER_SECRET = 'bench-partner-secret';
const REQUESTS = Number(process.env.BENCH_RECEIPTS || 300);
const BUDGET_MS = 50;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** One GET, timed from the request to the last byte of the body (loopback, keep-alive). */
async function timed(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - start;
}

/**
 * The receipt page `/r/<token>` (and its PDF) for a receipt of a three-line invoice, against issue
 * 17's 50 ms budget, beside `/healthz` (one `select 1`) measured the same way, interleaved: the
 * difference is what rendering a receipt costs over an empty round trip.
 */
export async function benchReceiptPage(databaseUrlFor: (name: string) => Promise<string>) {
  const server = await startBenchServer('full-stack.ts', {
    DATABASE_URL: await databaseUrlFor('bench_receipts'),
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
  });
  const base = server.url.replace(/\/graphql$/, '');
  const gql = graphqlClient(server.url);
  try {
    const key = await onboardBenchBusiness(gql, ADMIN_KEY, 'Receipts Ltd');
    await gql(key, `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { userErrors { code } } }`, {
      input: { supportEmail: 'help@receipts.example', supportPhone: '+2348012345678', brandColor: '#0a66c2', logoUrl: 'https://cdn.receipts.example/logo.png' },
    });
    const invoiceId = (
      await gql(key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
        input: THREE_LINE_INVOICE,
      })
    ).createInvoice.invoice.id;
    const linkId = (
      await gql(key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
        input: { invoiceId, allowPartialPayment: true },
      })
    ).createPaymentLink.paymentLink.id;
    for (const amountKobo of [5_000_000, 2_000_000]) {
      await postPartnerWebhook(base, PARTNER_SECRET, { paymentId: `rcpt-${randomUUID()}`, paymentLinkId: linkId, amountKobo, currency: 'NGN', metadata: {} });
    }
    const receiptUrl: string = (await gql(key, `query ($id: ID!) { checkout(id: $id) { lastPayment { receiptUrl } } }`, { id: linkId })).checkout.lastPayment
      .receiptUrl;
    const page = `${base}${new URL(receiptUrl).pathname}`;
    const pdf = `${page}.pdf`;
    const health = `${base}/healthz`;

    // Warm-up: JIT, prepared statements, the pool.
    for (let i = 0; i < 30; i++) await Promise.all([timed(page), timed(pdf), timed(health)]);
    const times = { page: [] as number[], pdf: [] as number[], health: [] as number[] };
    for (let i = 0; i < REQUESTS; i++) {
      times.page.push(await timed(page));
      times.health.push(await timed(health));
      if (i % 3 === 0) times.pdf.push(await timed(pdf));
    }
    const line = (name: string, values: number[]) =>
      `${name.padEnd(16)} p50 ${percentile(values, 50).toFixed(2)} ms, p95 ${percentile(values, 95).toFixed(2)} ms (${values.length} requests)`;
    const p95 = percentile(times.page, 95);
    console.log(`\n# Receipt page: GET /r/<token> on the full app (one process, loopback), beside /healthz`);
    console.log(line('/r/<token>', times.page));
    console.log(line('/r/<token>.pdf', times.pdf));
    console.log(line('/healthz', times.health));
    console.log(
      `receipt page p95 / 50 ms budget = ${(p95 / BUDGET_MS).toFixed(2)}x (≤ 1 passes); over /healthz: +${(p95 - percentile(times.health, 95)).toFixed(2)} ms at p95`,
    );
  } finally {
    await server.stop();
  }
}
