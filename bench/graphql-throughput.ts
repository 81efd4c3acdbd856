import { load, median, ratio, startBenchServer, type LoadResult } from './support.ts';

const ADMIN_KEY = 'pk_admin_bench-operator-key-0123456789abc';
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const ROUNDS = 3;
const CONNECTIONS = 16;

/**
 * Requests/s of a trivial authenticated query through the full stack, against a bare graphql-yoga
 * hello world measured in the same run. Target: ≥ 0.7×.
 */
export async function benchGraphQLThroughput(databaseUrl: string) {
  const baseline = await startBenchServer('hello-yoga.ts');
  const stack = await startBenchServer('full-stack.ts', { DATABASE_URL: databaseUrl, PLATFORM_ADMIN_KEY: ADMIN_KEY });
  try {
    const onboard = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({
        query: 'mutation { createBusiness(input: { name: "Bench", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }',
      }),
    }).then((r) => r.json());
    const key = onboard.data.createBusiness.testSecretKey as string;

    const hello = { url: baseline.url, body: JSON.stringify({ query: '{ hello }' }) };
    const viewer = {
      url: stack.url,
      body: JSON.stringify({ query: '{ viewer { business { id name plan } mode } }' }),
      headers: { authorization: `Bearer ${key}` },
    };
    // Warm both (JIT, pools), then alternate short rounds so drift on a shared machine hits both alike.
    await load({ ...hello, seconds: 1, connections: CONNECTIONS });
    await load({ ...viewer, seconds: 1, connections: CONNECTIONS });
    const rounds: Array<{ bare: LoadResult; full: LoadResult }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bare = await load({ ...hello, seconds: SECONDS, connections: CONNECTIONS });
      const full = await load({ ...viewer, seconds: SECONDS, connections: CONNECTIONS });
      if (full.non2xx || bare.non2xx) throw new Error(`non-2xx responses: stack ${full.non2xx}, baseline ${bare.non2xx}`);
      rounds.push({ bare, full });
    }

    console.log('\n# GraphQL throughput: authenticated `viewer` through the full stack vs bare graphql-yoga hello world');
    console.log(`(${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each)`);
    for (const [i, { bare, full }] of rounds.entries()) {
      console.log(
        `round ${i + 1}: baseline ${bare.requestsPerSecond.toFixed(0)} req/s (p99 ${bare.p99Ms} ms) | ` +
          `full stack ${full.requestsPerSecond.toFixed(0)} req/s (p99 ${full.p99Ms} ms) | ratio ${ratio(full.requestsPerSecond, bare.requestsPerSecond).toFixed(2)}x`,
      );
    }
    const r = median(rounds.map(({ bare, full }) => ratio(full.requestsPerSecond, bare.requestsPerSecond)));
    console.log(`median ratio ${r.toFixed(2)}x (target >= 0.90x) ${r >= 0.9 ? 'MET' : 'NOT MET'}`);
    return r;
  } finally {
    await Promise.all([baseline.stop(), stack.stop()]);
  }
}
