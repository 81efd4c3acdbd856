import { load, median, ratio, startBenchServer, type LoadResult } from './support.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const ROUNDS = 3;
const CONNECTIONS = 16;

/**
 * Requests/s of REST `POST /v1/businesses/{id}/payments/generate-link` against GraphQL
 * `createPaymentLink` for the same work (a link for one invoice, the same service, the same gate),
 * on one server, in alternating rounds. Target: REST ≥ 0.9× GraphQL.
 */
export async function benchRestGenerateLink(databaseUrl: string) {
  const stack = await startBenchServer('full-stack.ts', { DATABASE_URL: databaseUrl, PLATFORM_ADMIN_KEY: ADMIN_KEY });
  const origin = new URL(stack.url).origin;
  const gql = (key: string, query: string, variables: Record<string, unknown> = {}) =>
    fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    }).then((r) => r.json());
  try {
    const onboard = await gql(
      ADMIN_KEY,
      'mutation { createBusiness(input: { name: "Bench", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { business { id } testSecretKey } }',
    );
    const { business, testSecretKey: key } = onboard.data.createBusiness as { business: { id: string }; testSecretKey: string };
    const invoice = await gql(key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: {
        customer: { name: 'Ada Obi', email: 'ada@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'Consulting', quantity: 1, unitAmountMinor: 53_750_000 }],
        dueDate: '2026-12-31',
      },
    });
    const invoiceId = invoice.data.createInvoice.invoice.id as string;
    const headers = { authorization: `Bearer ${key}` };
    const graphql = {
      url: stack.url,
      headers,
      body: JSON.stringify({
        query: `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) {
          paymentLink { id status amount { amountMinor currency } paymentUrl shortUrl qrCodeUrl expiresAt invoice { id number } } userErrors { code } } }`,
        variables: { input: { invoiceId } },
      }),
    };
    const rest = { url: `${origin}/v1/businesses/${business.id}/payments/generate-link`, headers, body: JSON.stringify({ invoiceId }) };

    await load({ ...graphql, seconds: 1, connections: CONNECTIONS });
    await load({ ...rest, seconds: 1, connections: CONNECTIONS });
    const rounds: Array<{ graph: LoadResult; rest: LoadResult }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const graph = await load({ ...graphql, seconds: SECONDS, connections: CONNECTIONS });
      const restRound = await load({ ...rest, seconds: SECONDS, connections: CONNECTIONS });
      if (graph.non2xx || restRound.non2xx) throw new Error(`non-2xx responses: GraphQL ${graph.non2xx}, REST ${restRound.non2xx}`);
      rounds.push({ graph, rest: restRound });
    }

    console.log('\n# REST generate-link vs GraphQL createPaymentLink (same invoice, same service, same server)');
    console.log(`(${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each)`);
    for (const [i, { graph, rest: r }] of rounds.entries()) {
      console.log(
        `round ${i + 1}: GraphQL ${graph.requestsPerSecond.toFixed(0)} req/s (p99 ${graph.p99Ms} ms) | ` +
          `REST ${r.requestsPerSecond.toFixed(0)} req/s (p99 ${r.p99Ms} ms) | ratio ${ratio(r.requestsPerSecond, graph.requestsPerSecond).toFixed(2)}x`,
      );
    }
    const result = median(rounds.map(({ graph, rest: r }) => ratio(r.requestsPerSecond, graph.requestsPerSecond)));
    console.log(`median ratio ${result.toFixed(2)}x (target >= 0.90x) ${result >= 0.9 ? 'MET' : 'NOT MET'}`);
    return result;
  } finally {
    await stack.stop();
  }
}
