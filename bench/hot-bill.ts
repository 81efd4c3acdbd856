import { randomUUID } from 'node:crypto';
import { median, postPartnerWebhook, ratio, startBenchServer, throughput, graphqlClient, onboardBenchBusiness } from './support.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const PARTNER_SECRET = 'bench-partner-secret';
const CONCURRENCY = 8;
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const ROUNDS = 3;
const SPREAD_BILLS = 64;

/**
 * Dynamic-bill payments/s at concurrency 8, all on one hot bill, as a ratio against the same
 * payments spread over 64 bills, alternating on one server and database. Target ≥ 0.5×: payments
 * to one bill queue on its row lock, which must be held only briefly.
 */
export async function benchHotBill(databaseUrl: string) {
  const server = await startBenchServer('full-stack.ts', { DATABASE_URL: databaseUrl, PLATFORM_ADMIN_KEY: ADMIN_KEY, PARTNER_WEBHOOK_SECRET: PARTNER_SECRET });
  try {
    const base = server.url.replace(/\/graphql$/, '');
    const gql = graphqlClient(server.url);
    const key = await onboardBenchBusiness(gql, ADMIN_KEY, 'Bench bills');
    const newBill = async () =>
      (
        await gql(key, `mutation ($input: CreateBillInput!) { createBill(input: $input) { bill { paymentRef } } }`, {
          // A target far away, so every payment checks it and none reaches it.
          input: { type: 'DYNAMIC', isFlexible: true, minimumAmount: 100, maximumAmount: 100_000, targetAmount: 1_000_000_000_000, email: 'bench@example.com' },
        })
      ).createBill.bill.paymentRef as string;
    const hot = [await newBill()];
    const spread: string[] = [];
    for (let i = 0; i < SPREAD_BILLS; i++) spread.push(await newBill());

    let sequence = 0;
    const payInto = (refs: string[]) => async () => {
      const { status, body } = await postPartnerWebhook(base, PARTNER_SECRET, {
        paymentId: `bench-${randomUUID()}`,
        amountKobo: 1_000,
        currency: 'NGN',
        metadata: { paymentRef: refs[sequence++ % refs.length] },
      });
      if (status !== 200 || !body.data?.receiptId) throw new Error(`delivery failed: ${status} ${JSON.stringify(body)}`);
      return true;
    };
    await throughput(CONCURRENCY, 1, payInto(spread)); // warm-up
    const rates = { spread: [] as number[], hot: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rates.spread.push(await throughput(CONCURRENCY, SECONDS, payInto(spread)));
      rates.hot.push(await throughput(CONCURRENCY, SECONDS, payInto(hot)));
    }
    const [spreadRate, hotRate] = [median(rates.spread), median(rates.hot)];
    const r = ratio(hotRate, spreadRate);
    console.log('\n# Hot dynamic bill: signed partner webhooks naming bills by paymentRef, concurrency 8, median of 3 alternating rounds');
    console.log(`baseline  payments spread over ${SPREAD_BILLS} bills : ${spreadRate.toFixed(0)} payments/s`);
    console.log(`one hot bill                               : ${hotRate.toFixed(0)} payments/s`);
    console.log(`ratio ${r.toFixed(2)}x (target >= 0.50x) ${r >= 0.5 ? 'MET' : 'NOT MET'}`);
  } finally {
    await server.stop();
  }
}
