import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { median, postPartnerWebhook, ratio, startBenchServer, throughput, graphqlClient, onboardBenchBusiness } from './support.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const PARTNER_SECRET = 'bench-partner-secret';
const CONCURRENCY = 8;
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const INVOICES = 40;
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);

/** A side of the comparison: `round()` measures one timed round; `close()` frees what it holds. */
export interface Side {
  round(): Promise<number>;
  close(): Promise<void>;
}

/** TPC-B-like: pgbench's five statements per transaction, with the pg driver, on the same server. */
export async function tpcbBaseline(databaseUrl: string): Promise<Side> {
  const scale = { branches: 1, tellers: 10, accounts: 100_000 };
  const setup = new pg.Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query(`
    drop table if exists pgbench_history, pgbench_accounts, pgbench_tellers, pgbench_branches;
    create table pgbench_branches (bid int primary key, bbalance int, filler char(88));
    create table pgbench_tellers (tid int primary key, bid int, tbalance int, filler char(84));
    create table pgbench_accounts (aid int primary key, bid int, abalance int, filler char(84));
    create table pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
    insert into pgbench_branches select b, 0 from generate_series(1, ${scale.branches}) b;
    insert into pgbench_tellers select t, 1, 0 from generate_series(1, ${scale.tellers}) t;
    insert into pgbench_accounts select a, 1, 0 from generate_series(1, ${scale.accounts}) a;`);
  await setup.query('vacuum analyze');
  await setup.end();

  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const random = (n: number) => 1 + Math.floor(Math.random() * n);
  const transaction = async (worker: number) => {
    const client = clients[worker]!;
    const [aid, tid, bid, delta] = [random(scale.accounts), random(scale.tellers), random(scale.branches), random(10_000) - 5_000];
    await client.query('begin');
    await client.query('update pgbench_accounts set abalance = abalance + $1 where aid = $2', [delta, aid]);
    await client.query('select abalance from pgbench_accounts where aid = $1', [aid]);
    await client.query('update pgbench_tellers set tbalance = tbalance + $1 where tid = $2', [delta, tid]);
    await client.query('update pgbench_branches set bbalance = bbalance + $1 where bid = $2', [delta, bid]);
    await client.query('insert into pgbench_history (tid, bid, aid, delta, mtime) values ($1, $2, $3, $4, current_timestamp)', [tid, bid, aid, delta]);
    await client.query('commit');
    return true;
  };
  return {
    round: () => throughput(CONCURRENCY, SECONDS, transaction),
    close: async () => void (await Promise.all(clients.map((client) => client.end()))),
  };
}

/**
 * The "without outbox events" side: the product always writes them, so this side's database drops
 * them on the way in (a BEFORE INSERT trigger answering NULL). What is measured is their storage:
 * rows, index entries, WAL; building their JSON still happens on both sides.
 */
async function dropOutboxEvents(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create or replace function bench_drop_outbox_event() returns trigger language plpgsql as $$ begin return null; end $$`);
    await client.query(
      `create or replace trigger bench_drop_outbox_event before insert on outbox_event for each row execute function bench_drop_outbox_event()`,
    );
  } finally {
    await client.end();
  }
}

/** Signed partner webhooks over HTTP, each a new payment on one of INVOICES open invoices. */
async function ingestion(databaseUrl: string, outbox: 'on' | 'off'): Promise<Side> {
  const server = await startBenchServer('full-stack.ts', {
    DATABASE_URL: databaseUrl,
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
  });
  try {
    if (outbox === 'off') await dropOutboxEvents(databaseUrl);
    const base = server.url.replace(/\/graphql$/, '');
    const gql = graphqlClient(server.url);
    const key = await onboardBenchBusiness(gql, ADMIN_KEY, `Bench ${outbox}`);
    const links: string[] = [];
    for (let i = 0; i < INVOICES; i++) {
      const invoice = await gql(key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
        input: {
          customer: { name: 'Bench', email: 'bench@example.com' },
          currency: 'NGN',
          lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 1_000_000_000_000 }],
          dueDate: '2026-12-31',
        },
      });
      const link = await gql(key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
        input: { invoiceId: invoice.createInvoice.invoice.id, allowPartialPayment: true, expiresInHours: 48 },
      });
      links.push(link.createPaymentLink.paymentLink.id);
    }
    let sequence = 0;
    const deliver = async () => {
      const { status, body } = await postPartnerWebhook(base, PARTNER_SECRET, {
        paymentId: `bench-${randomUUID()}`,
        paymentLinkId: links[sequence++ % links.length],
        amountKobo: 1_000,
        currency: 'NGN',
        metadata: {},
      });
      if (status !== 200 || !body.data?.receiptId) throw new Error(`delivery failed: ${status} ${JSON.stringify(body)}`);
      return true;
    };
    await throughput(CONCURRENCY, 1, deliver); // warm-up
    return { round: () => throughput(CONCURRENCY, SECONDS, deliver), close: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Reconciled payments/s through the full path (signature, raw payload, dedupe, one transaction with
 * receipt, invoice, journal and outbox) against TPC-B on the same PostgreSQL. Target ≥ 0.45× (issue 13; 0.4× before); and the
 * cost of the outbox events: on vs off, target ≥ 0.9×.
 */
export async function benchWebhookIngestion(databaseUrlFor: (name: string) => Promise<string>) {
  const sides = {
    baseline: await tpcbBaseline(await databaseUrlFor('bench_tpcb')),
    withOutbox: await ingestion(await databaseUrlFor('bench_ingest_on'), 'on'),
    withoutOutbox: await ingestion(await databaseUrlFor('bench_ingest_off'), 'off'),
  };
  const rates = { baseline: [] as number[], withOutbox: [] as number[], withoutOutbox: [] as number[] };
  try {
    // Alternating rounds, so a slow moment of the machine does not land on one side only.
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of ['baseline', 'withOutbox', 'withoutOutbox'] as const) rates[side].push(await sides[side].round());
    }
  } finally {
    await Promise.all(Object.values(sides).map((side) => side.close()));
  }
  const [baseline, withOutbox, withoutOutbox] = [median(rates.baseline), median(rates.withOutbox), median(rates.withoutOutbox)];
  const r = ratio(withOutbox, baseline);
  const fanOut = ratio(withOutbox, withoutOutbox);
  const rounds = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');
  console.log(`\n# Webhook ingestion: signed partner webhooks over HTTP, reconciled, concurrency 8, median of ${ROUNDS} alternating rounds`);
  console.log(`baseline  TPC-B-like (5 pgbench statements, pg driver) : ${baseline.toFixed(0)} tx/s (${rounds(rates.baseline)})`);
  console.log(`ingestion with outbox events                         : ${withOutbox.toFixed(0)} payments/s (${rounds(rates.withOutbox)})`);
  console.log(`ingestion without outbox events                      : ${withoutOutbox.toFixed(0)} payments/s (${rounds(rates.withoutOutbox)})`);
  console.log(`ratio vs TPC-B ${r.toFixed(2)}x (target >= 0.45x) ${r >= 0.45 ? 'MET' : 'NOT MET'}`);
  console.log(`outbox on/off ${fanOut.toFixed(2)}x (target >= 0.90x) ${fanOut >= 0.9 ? 'MET' : 'NOT MET'}`);
}
