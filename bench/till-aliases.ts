import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { signPartnerBody } from '../server/domain/partner-signature.ts';
import { graphqlClient, median, onboardBenchBusiness, ratio, startBenchServer, throughput } from './support.ts';
import { tpcbBaseline } from './webhook-ingestion.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const TIPS_SECRET = 'bench-tips-secret';
const CONCURRENCY = 8;
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const ALIASES = 40;

const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

/** A POST over a keep-alive node:http socket (cheaper for the load generator than fetch, which shares the machine). */
function post(url: string, raw: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: keepAlive, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

const CREATE_ALIAS = `mutation ($input: CreateTillAliasInput!) { createTillAlias(input: $input) { tillAlias { alias } userErrors { code } } }`;
const CREATE_INVOICE = `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } userErrors { code } } }`;

/**
 * Issue 15. TIPS ingestion: signed TIPS notifications over HTTP (signature, raw payload, dedupe on
 * transid, one transaction with receipt, alias, journal with the fee split, outbox and the app's
 * callback event) at concurrency 8, against the TPC-B-like baseline on the same PostgreSQL; target
 * ≥ 0.4×. Alias creation (each with its own Idempotency-Key, so the gate stores every answer)
 * against createInvoice on the same server; target ≥ 0.7×. Rounds alternate sides.
 */
export async function benchTillAliases(databaseUrlFor: (name: string) => Promise<string>) {
  const baseline = await tpcbBaseline(await databaseUrlFor('bench_tips_tpcb'));
  const server = await startBenchServer('full-stack.ts', {
    DATABASE_URL: await databaseUrlFor('bench_tips'),
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    TIPS_WEBHOOK_SECRET: TIPS_SECRET,
    WEBHOOK_SECRETS_KEY: '55'.repeat(32),
  });
  try {
    const base = server.url.replace(/\/graphql$/, '');
    const gql = graphqlClient(server.url);
    const key = await onboardBenchBusiness(gql, ADMIN_KEY, 'Bench Lipa');
    const app = await gql(
      key,
      `mutation { registerApp(input: { appId: "SCHOOLFEES", name: "School fees", callbackUrl: "https://93.184.216.34/hooks" }) { app { appId } } }`,
    );
    if (!app?.registerApp?.app) throw new Error('registerApp failed');
    const entity = await gql(
      key,
      `mutation { createSettlementEntity(input: { entityId: "ST-MARYS", name: "St Marys Primary", settlementMethod: MOBILE_MONEY, msisdn: "+255712111222", mobileProvider: "MPESA" }) { settlementEntity { id } } }`,
    );
    if (!entity?.createSettlementEntity?.settlementEntity) throw new Error('createSettlementEntity failed');

    const graphql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
      post(server.url, JSON.stringify({ query, variables }), { authorization: `Bearer ${key}`, ...headers });
    const createAlias = async () => {
      const { status, body } = await graphql(
        CREATE_ALIAS,
        { input: { appId: 'SCHOOLFEES', entityId: 'ST-MARYS', name: 'Bench', memo: 'INV-BENCH', merchantAmountMinor: 50_000_000, currency: 'TZS' } },
        { 'idempotency-key': randomUUID() },
      );
      const alias = body?.data?.createTillAlias?.tillAlias?.alias;
      if (status !== 200 || !alias) throw new Error(`createTillAlias failed: ${status} ${JSON.stringify(body)}`);
      return alias as string;
    };
    // With a key it goes through the same Idempotency-Key gate (two more writes) as every alias does.
    const createInvoice = (withKey: boolean) => async () => {
      const { status, body } = await graphql(
        CREATE_INVOICE,
        {
          input: {
            customer: { name: 'Bench', email: 'bench@example.com' },
            currency: 'TZS',
            lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 50_000_000 }],
            dueDate: '2026-12-31',
          },
        },
        withKey ? { 'idempotency-key': randomUUID() } : {},
      );
      if (status !== 200 || !body?.data?.createInvoice?.invoice) throw new Error(`createInvoice failed: ${status} ${JSON.stringify(body)}`);
      return true;
    };

    // Aliases that take any amount and are never filled, so every notification is a payment applied.
    const aliases: string[] = [];
    for (let i = 0; i < ALIASES; i++) {
      const { body } = await graphql(
        CREATE_ALIAS,
        {
          input: {
            appId: 'SCHOOLFEES',
            entityId: 'ST-MARYS',
            name: 'Bench',
            merchantAmountMinor: 1_000_000_000_000,
            currency: 'TZS',
            paymentMode: 'PARTIAL_AND_OVER',
          },
        },
        { 'idempotency-key': randomUUID() },
      );
      aliases.push(body.data.createTillAlias.tillAlias.alias);
    }
    let sequence = 0;
    const notify = async () => {
      const raw = JSON.stringify({
        transid: `bench-${randomUUID()}`,
        amount: '1000',
        currency: 'TZS',
        phone: '255787123456',
        utilityref: aliases[sequence++ % aliases.length],
        result: 'SUCCESS',
        received_at: new Date().toISOString(),
      });
      const { status, body } = await post(`${base}/v1/webhooks/tips`, raw, { 'x-tips-signature': signPartnerBody(TIPS_SECRET, raw) });
      if (status !== 200 || !body?.receipt_number) throw new Error(`TIPS delivery failed: ${status} ${JSON.stringify(body)}`);
      return true;
    };

    await throughput(CONCURRENCY, 1, notify); // warm-up
    await throughput(CONCURRENCY, 1, async () => Boolean(await createAlias()));
    await throughput(CONCURRENCY, 1, createInvoice(true));
    const rates = { tpcb: [] as number[], tips: [] as number[], aliases: [] as number[], invoices: [] as number[], plainInvoices: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rates.tpcb.push(await baseline.round());
      rates.tips.push(await throughput(CONCURRENCY, SECONDS, notify));
      rates.invoices.push(await throughput(CONCURRENCY, SECONDS, createInvoice(true)));
      rates.plainInvoices.push(await throughput(CONCURRENCY, SECONDS, createInvoice(false)));
      rates.aliases.push(await throughput(CONCURRENCY, SECONDS, async () => Boolean(await createAlias())));
    }
    const [tpcb, tips, invoices, created] = [median(rates.tpcb), median(rates.tips), median(rates.invoices), median(rates.aliases)];
    const plainInvoices = median(rates.plainInvoices);
    const rounds = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');
    const ingestion = ratio(tips, tpcb);
    const creation = ratio(created, invoices);
    console.log(`\n# Till aliases (Lipa numbers): concurrency 8, median of ${ROUNDS} alternating rounds`);
    console.log(`baseline  TPC-B-like (5 pgbench statements, pg driver) : ${tpcb.toFixed(0)} tx/s (${rounds(rates.tpcb)})`);
    console.log(`TIPS ingestion (signed, reconciled, fee split)       : ${tips.toFixed(0)} payments/s (${rounds(rates.tips)})`);
    console.log(`ratio vs TPC-B ${ingestion.toFixed(2)}x (target >= 0.40x) ${ingestion >= 0.4 ? 'MET' : 'NOT MET'}`);
    console.log(`baseline  createInvoice with an Idempotency-Key each : ${invoices.toFixed(0)} req/s (${rounds(rates.invoices)})`);
    console.log(`createTillAlias with an Idempotency-Key each         : ${created.toFixed(0)} req/s (${rounds(rates.aliases)})`);
    console.log(`ratio vs createInvoice ${creation.toFixed(2)}x (target >= 0.70x) ${creation >= 0.7 ? 'MET' : 'NOT MET'}`);
    const plain = ratio(created, plainInvoices);
    console.log(
      `(createInvoice without a key: ${plainInvoices.toFixed(0)} req/s (${rounds(rates.plainInvoices)}); aliases with keys against it ${plain.toFixed(2)}x)`,
    );
  } finally {
    await baseline.close();
    await server.stop();
  }
}
