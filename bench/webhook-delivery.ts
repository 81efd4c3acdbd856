import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import pg from 'pg';
import { newId } from '../server/domain/ids.ts';
import { signedWebhookHeaders, newWebhookSecret } from '../server/domain/webhook-signature.ts';
import { median, postPartnerWebhook, ratio, startBenchServer, throughput } from './support.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const PARTNER_SECRET = 'bench-partner-secret';
const EVENTS = Number(process.env.BENCH_EVENTS || 2000);
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
/** Plain POSTs in flight at a time for the baseline (the queue keeps up to 16 sockets per receiver). */
const CONCURRENCY = 8;
const ROUNDS = 3;

const serverEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  PLATFORM_ADMIN_KEY: ADMIN_KEY,
  PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
  WEBHOOK_SECRETS_KEY: '33'.repeat(32),
  ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
  MAINTENANCE_INTERVAL_MS: '100',
  BENCH_WEBHOOK_DELIVERY: 'on',
});

async function gql(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()).data;
}

const receiverCount = async (receiverUrl: string) => ((await fetch(receiverUrl).then((r) => r.json())) as { count: number }).count;

/** Plain signed POSTs of the same size to the same receiver, CONCURRENCY at a time, keep-alive. */
async function plainPosts(receiverUrl: string, count: number): Promise<number> {
  const body = JSON.stringify({
    id: 'evt_x',
    type: 'payment.received',
    createdAt: new Date().toISOString(),
    livemode: false,
    data: { paymentId: 'pay_x', amountMinor: 1000, currency: 'NGN', metadata: {} },
  });
  const secret = newWebhookSecret();
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const headers = signedWebhookHeaders({ eventId: randomUUID(), timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] });
      const req = request(receiverUrl, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await post();
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Outbox events written straight into the table, then timed until the receiver has them all. */
async function queueDeliveries(databaseUrl: string, receiverUrl: string): Promise<{ round(): Promise<number>; close(): Promise<void> }> {
  const server = await startBenchServer('full-stack.ts', serverEnv(databaseUrl));
  try {
    const key = (
      await gql(
        server.url,
        ADMIN_KEY,
        `mutation { createBusiness(input: { name: "Deliveries", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { business { id } testSecretKey } }`,
      )
    ).createBusiness;
    await gql(server.url, key.testSecretKey, `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { userErrors { code } } }`, {
      input: { appId: 'BENCH', name: 'Bench', callbackUrl: receiverUrl },
    });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const payload = JSON.stringify({ paymentId: 'pay_x', amountMinor: 1000, currency: 'NGN', metadata: {} });
    return {
      async round() {
        const before = await receiverCount(receiverUrl);
        const started = performance.now();
        // One statement, so the load generator's own writes take as little of the machine as they can.
        const ids = Array.from({ length: EVENTS }, () => newId('evt'));
        await db.query(
          `insert into outbox_event (id, business_id, mode, type, payload, created_at) select id, $2, 'TEST', 'payment.received', $3::jsonb, now() from unnest($1::text[]) as id`,
          [ids, key.business.id, payload],
        );
        const deadline = Date.now() + 120_000;
        while ((await receiverCount(receiverUrl)) - before < EVENTS) {
          if (Date.now() > deadline) throw new Error('deliveries did not finish in 120 s');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return EVENTS / ((performance.now() - started) / 1000);
      },
      async close() {
        await db.end();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Reconciled payments/s over 40 open invoices, with or without an app taking every event. With one,
 * each round ends once the receiver has every event of the round (2 per payment), so no backlog
 * spills into the next round.
 */
async function reconciliation(databaseUrl: string, receiverUrl: string | null): Promise<{ round(): Promise<number>; close(): Promise<void> }> {
  const server = await startBenchServer('full-stack.ts', serverEnv(databaseUrl));
  try {
    const base = server.url.replace(/\/graphql$/, '');
    const key = (
      await gql(
        server.url,
        ADMIN_KEY,
        `mutation { createBusiness(input: { name: "Recon", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`,
      )
    ).createBusiness.testSecretKey;
    if (receiverUrl) {
      await gql(server.url, key, `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { userErrors { code } } }`, {
        input: { appId: 'BENCH', name: 'Bench', callbackUrl: receiverUrl },
      });
    }
    const links: string[] = [];
    for (let i = 0; i < 40; i++) {
      const invoice = await gql(server.url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
        input: {
          customer: { name: 'B', email: 'b@example.com' },
          currency: 'NGN',
          lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 1_000_000_000_000 }],
          dueDate: '2026-12-31',
        },
      });
      const link = await gql(server.url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
        input: { invoiceId: invoice.createInvoice.invoice.id, allowPartialPayment: true, expiresInHours: 48 },
      });
      links.push(link.createPaymentLink.paymentLink.id);
    }
    let sequence = 0;
    const pay = async () => {
      const { status } = await postPartnerWebhook(base, PARTNER_SECRET, {
        paymentId: `b-${randomUUID()}`,
        paymentLinkId: links[sequence++ % links.length],
        amountKobo: 1_000,
        currency: 'NGN',
        metadata: {},
      });
      if (status !== 200) throw new Error(`delivery failed: ${status}`);
      return true;
    };
    const drained = async (expected: number) => {
      const deadline = Date.now() + 120_000;
      while ((await receiverCount(receiverUrl!)) < expected) {
        if (Date.now() > deadline) throw new Error('deliveries did not finish in 120 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return {
      async round() {
        const before = receiverUrl ? await receiverCount(receiverUrl) : 0;
        const rate = await throughput(8, SECONDS, pay);
        if (receiverUrl) await drained(before + 2 * Math.round(rate * SECONDS * 0.95));
        return rate;
      },
      close: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Merchant webhook delivery: deliveries/s through the queue (claim, sign, POST, log) against plain
 * signed POSTs to the same no-op receiver (target ≥ 0.5×); and reconciliation throughput while
 * delivery runs flat out against reconciliation with no app to deliver to (target ≥ 0.9×).
 */
export async function benchWebhookDelivery(databaseUrlFor: (name: string) => Promise<string>) {
  const receiver = await startBenchServer('noop-receiver.ts');
  try {
    // Both sides warm up first (a cold JIT halves either), then alternate rounds.
    const queue = await queueDeliveries(await databaseUrlFor('bench_deliveries'), receiver.url);
    const delivered = { plain: [] as number[], queued: [] as number[] };
    try {
      await plainPosts(receiver.url, EVENTS);
      await queue.round();
      for (let round = 0; round < ROUNDS; round++) {
        delivered.plain.push(await plainPosts(receiver.url, EVENTS));
        delivered.queued.push(await queue.round());
      }
    } finally {
      await queue.close();
    }
    const [plain, queued] = [median(delivered.plain), median(delivered.queued)];
    const sides = {
      alone: await reconciliation(await databaseUrlFor('bench_recon_alone'), null),
      delivering: await reconciliation(await databaseUrlFor('bench_recon_delivering'), receiver.url),
    };
    const rates = { alone: [] as number[], delivering: [] as number[] };
    try {
      for (let round = 0; round < ROUNDS; round++) {
        rates.alone.push(await sides.alone.round());
        rates.delivering.push(await sides.delivering.round());
      }
    } finally {
      await sides.alone.close();
      await sides.delivering.close();
    }
    const [alone, withDelivery] = [median(rates.alone), median(rates.delivering)];
    const r = ratio(queued, plain);
    const interference = ratio(withDelivery, alone);
    console.log(`\n# Merchant webhook delivery (${EVENTS} events, concurrency ${CONCURRENCY})`);
    const rounds = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');
    console.log(`baseline  plain signed POSTs to a no-op receiver : ${plain.toFixed(0)} req/s (${rounds(delivered.plain)})`);
    console.log(
      `queued deliveries (claim, sign, POST, log)      : ${queued.toFixed(0)} deliveries/s (${rounds(delivered.queued)}), median of ${ROUNDS} alternating rounds after a warm-up`,
    );
    console.log(`ratio ${r.toFixed(2)}x (target >= 0.50x) ${r >= 0.5 ? 'MET' : 'NOT MET'}`);
    console.log(`reconciliation alone                            : ${alone.toFixed(0)} payments/s (${rounds(rates.alone)})`);
    console.log(
      `reconciliation while delivering every event     : ${withDelivery.toFixed(0)} payments/s (${rounds(rates.delivering)}), median of ${ROUNDS} alternating rounds`,
    );
    console.log(`ratio ${interference.toFixed(2)}x (target >= 0.90x) ${interference >= 0.9 ? 'MET' : 'NOT MET'}`);
  } finally {
    await receiver.stop();
  }
}
