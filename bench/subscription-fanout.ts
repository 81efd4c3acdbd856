import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { median, postPartnerWebhook, ratio, startBenchServer } from './support.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const PARTNER_SECRET = 'bench-partner-secret';
const SOCKETS = Number(process.env.BENCH_SOCKETS || 2000);
const UPDATES = 7;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function gql(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()).data;
}

/** SOCKETS sockets whose arrivals are timed; `trigger` causes one update and returns when it was sent. */
interface Side {
  arrivals: number[];
  trigger(): Promise<number>;
}

/** Waits for one update to reach every socket; p50/p95 of arrival − trigger. */
async function oneUpdate(side: Side): Promise<{ p50: number; p95: number }> {
  side.arrivals.length = 0;
  const triggered = await side.trigger();
  const deadline = Date.now() + 30_000;
  while (side.arrivals.length < SOCKETS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  if (side.arrivals.length < SOCKETS) throw new Error(`only ${side.arrivals.length} of ${SOCKETS} sockets got the update`);
  const latencies = side.arrivals.map((at) => Math.max(0, at - triggered));
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/**
 * Ours: raw sockets speaking graphql-transport-ws, subscribed to one checkout, timing arrival as the
 * baseline's sockets do (this measures the server's fan-out, not a client library's message
 * handling). An update is a partial payment by signed partner webhook; timing starts once it is answered.
 */
async function ourSide(url: string, sockets: WebSocket[]): Promise<Side & { frameBytes: () => number }> {
  const key = (
    await gql(
      url,
      ADMIN_KEY,
      `mutation { createBusiness(input: { name: "Fanout", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`,
    )
  ).createBusiness.testSecretKey;
  const invoiceId = (
    await gql(url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: {
        customer: { name: 'F', email: 'f@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 1_000_000_000 }],
        dueDate: '2026-12-31',
      },
    })
  ).createInvoice.invoice.id;
  const linkId = (
    await gql(url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
      input: { invoiceId, allowPartialPayment: true },
    })
  ).createPaymentLink.paymentLink.id;

  const arrivals: number[] = [];
  let bytes = 0;
  await Promise.all(
    Array.from(
      { length: SOCKETS },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
          sockets.push(socket);
          socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
          socket.on('error', reject);
          socket.on('message', (data: Buffer) => {
            if (data.length > 40) {
              // A `next` frame; the baseline broadcasts frames of the same size.
              arrivals.push(performance.now());
              bytes = data.length;
              return;
            }
            const message = JSON.parse(data.toString());
            if (message.type !== 'connection_ack') return reject(new Error(data.toString()));
            socket.send(
              JSON.stringify({
                id: '1',
                type: 'subscribe',
                payload: {
                  query: `subscription ($id: ID!) { checkoutUpdated(id: $id) { status amountDue { amountMinor } receiptNumber } }`,
                  variables: { id: linkId },
                },
              }),
            );
            resolve();
          });
        }),
    ),
  );
  return {
    arrivals,
    frameBytes: () => bytes,
    async trigger() {
      await postPartnerWebhook(url.replace(/\/graphql$/, ''), PARTNER_SECRET, {
        paymentId: `fan-${randomUUID()}`,
        paymentLinkId: linkId,
        amountKobo: 100,
        currency: 'NGN',
        metadata: {},
      });
      return performance.now();
    },
  };
}

/** The baseline: a bare `ws` server broadcasting `bytes()` bytes to as many sockets; timing starts before the trigger. */
async function bareSide(url: string, sockets: WebSocket[], bytes: () => number): Promise<Side> {
  const arrivals: number[] = [];
  await Promise.all(
    Array.from(
      { length: SOCKETS },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(url.replace(/^http/, 'ws'));
          socket.on('open', () => resolve());
          socket.on('error', reject);
          socket.on('message', () => arrivals.push(performance.now()));
          sockets.push(socket);
        }),
    ),
  );
  return {
    arrivals,
    async trigger() {
      const started = performance.now();
      await fetch(url, { method: 'POST', body: 'x'.repeat(bytes()) }).then((r) => r.arrayBuffer());
      return started;
    },
  };
}

/**
 * Subscription fan-out: SOCKETS graphql-ws subscribers of one checkout on one process, p95 latency for
 * one update to reach all of them, against a bare ws broadcast of the same bytes to as many sockets
 * (target ≤ 2×). Both are connected at once and their updates alternate, so load from elsewhere on
 * the machine falls on both alike.
 */
export async function benchSubscriptionFanout(databaseUrlFor: (name: string) => Promise<string>) {
  const ours = await startBenchServer('full-stack.ts', {
    DATABASE_URL: await databaseUrlFor('bench_fanout'),
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
  });
  const bare = await startBenchServer('bare-ws.ts');
  const sockets: WebSocket[] = [];
  try {
    const ourUpdates = await ourSide(ours.url, sockets);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // every subscription registered
    await oneUpdate(ourUpdates); // learns the frame size, warms up
    const bareUpdates = await bareSide(bare.url, sockets, ourUpdates.frameBytes);
    await oneUpdate(bareUpdates);
    const results = { ours: [] as Array<{ p50: number; p95: number }>, bare: [] as Array<{ p50: number; p95: number }> };
    for (let i = 0; i < UPDATES; i++) {
      results.ours.push(await oneUpdate(ourUpdates));
      results.bare.push(await oneUpdate(bareUpdates));
    }
    const summary = (rows: Array<{ p50: number; p95: number }>) => ({ p50: median(rows.map((r) => r.p50)), p95: median(rows.map((r) => r.p95)) });
    const [o, b] = [summary(results.ours), summary(results.bare)];
    const r = ratio(o.p95, b.p95);
    console.log(`\n# Subscription fan-out: ${SOCKETS} sockets on one checkout, one process (medians of ${UPDATES} alternating updates)`);
    console.log(`baseline  bare ws broadcast of ${ourUpdates.frameBytes()} bytes : p50 ${b.p50.toFixed(1)} ms, p95 ${b.p95.toFixed(1)} ms`);
    console.log(`checkoutUpdated over graphql-ws            : p50 ${o.p50.toFixed(1)} ms, p95 ${o.p95.toFixed(1)} ms`);
    console.log(`ratio p95 ${r.toFixed(2)}x (target <= 2.00x) ${r <= 2 ? 'MET' : 'NOT MET'}`);
  } finally {
    for (const socket of sockets) socket.terminate();
    await Promise.all([ours.stop(), bare.stop()]);
  }
}
