import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../server/modules/tenancy/api-key.entity.ts';
import { GRAPHQL_LIMITS } from '../../server/graphql/yoga.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer({ config: { maxBodyBytes: 16 * 1024 } });
  ({ testKey: key } = await onboardBusiness(server));
});
afterAll(() => server.close());

const keyCount = () => server.orm.em.fork().count(ApiKey, {});
const CREATE_KEY = `mutation ($name: String!) { createApiKey(input: { name: $name, mode: TEST, scopes: ["ledger:read"] }) { apiKey { id } userErrors { code } } }`;

describe('HTTP surface', () => {
  it('answers /healthz after checking the database, with a request id', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts X-Request-Id on GraphQL responses and keeps a caller-supplied one', async () => {
    const plain = await server.gql('{ __typename }');
    expect(plain.body).toEqual({ data: { __typename: 'Query' } });
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await server.gql('{ __typename }', {}, { headers: { 'x-request-id': 'trace-123' } });
    expect(traced.headers.get('x-request-id')).toBe('trace-123');
  });

  it('rejects malformed JSON with 400 and writes nothing', async () => {
    const before = await keyCount();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: '{"query": "mutation { createApiKey(',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].message).toMatch(/invalid JSON/i);
    expect(await keyCount()).toBe(before);
  });

  it('rejects a body over the size limit with 413 before running anything', async () => {
    const before = await keyCount();
    const result = await server.gql(CREATE_KEY, { name: 'x'.repeat(20 * 1024) }, { key });
    expect(result.status).toBe(413);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await keyCount()).toBe(before);
  });

  it('refuses a query deeper than the depth limit', async () => {
    const deep = `{ viewer { business { id } } ${'a: __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }'} }`;
    const result = await server.gql(deep, {}, { key });
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors?.[0]?.message).toMatch(/depth limit/i);
  });

  it('refuses more aliases than allowed, and a refused mutation writes nothing', async () => {
    const before = await keyCount();
    const aliases = Array.from(
      { length: GRAPHQL_LIMITS.maxAliases + 1 },
      (_, i) => `k${i}: createApiKey(input: { name: "k${i}", mode: TEST, scopes: ["ledger:read"] }) { apiKey { id } }`,
    ).join('\n');
    const result = await server.gql(`mutation { ${aliases} }`, {}, { key });
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors?.[0]?.message).toMatch(/aliases limit/i);
    expect(await keyCount()).toBe(before);
  });

  it('refuses a query over the token limit', async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxTokens }, () => '__typename').join(' ');
    const result = await server.gql(`{ ${fields} }`, {}, { key });
    expect(result.body.errors?.[0]?.message).toMatch(/token limit/i);
  });

  it('prevents CSRF: a GET query without a preflighted header is refused, like every refusal', async () => {
    const simple = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(simple.status).toBe(403);
    expect(simple.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(await simple.json()).toEqual({
      errors: [
        {
          message: 'GET and form-encoded requests need the x-graphql-yoga-csrf header (any value).',
          extensions: { code: 'CSRF_HEADER_REQUIRED', requestId: simple.headers.get('x-request-id') },
        },
      ],
    });
    const withHeader = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'x-graphql-yoga-csrf': '1', accept: 'application/json' },
    });
    expect(withHeader.status).toBe(200);
  });

  it('masks unexpected errors and gives the request id instead', async () => {
    const { testKey } = await onboardBusiness(server);
    const em = server.orm.em.fork();
    await em.getConnection().execute('alter table api_key rename column name to name_broken');
    try {
      const result = await server.gql('{ apiKeys(first: 1) { edges { node { id name } } } }', {}, { key: testKey });
      const error = result.body.errors?.[0];
      expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error?.extensions?.requestId).toBe(result.headers.get('x-request-id'));
      expect(error?.message).not.toMatch(/name_broken|column|select/i);
    } finally {
      await em.getConnection().execute('alter table api_key rename column name_broken to name');
    }
  });
});

describe('per-key rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a key spends its budget', async () => {
    const limited = await startTestServer({ config: { rateLimit: { points: 3, windowSeconds: 60 } } });
    try {
      const { testKey } = await onboardBusiness(limited);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await limited.gql('{ viewer { mode } }', {}, { key: testKey });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last!.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      // Another key has its own budget.
      const other = await onboardBusiness(limited);
      expect((await limited.gql('{ viewer { mode } }', {}, { key: other.testKey })).status).toBe(200);

      // Customer-facing pages are limited per client address.
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push((await fetch(`${limited.url}/p/pl_unknown`)).status);
      expect(pages).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.stop();
    }
  });

  it('leases points in batches yet grants a key exactly its budget, and several processes never more', async () => {
    const a = await startTestServer({ config: { rateLimit: { points: 100, windowSeconds: 60 } } });
    const b = await startTestServer({ databaseUrl: a.databaseUrl, clock: a.clock, config: { rateLimit: { points: 100, windowSeconds: 60 } } });
    try {
      const one = await onboardBusiness(a);
      const statuses = [];
      // Eleven at a time, so requests also meet while a lease is being taken.
      for (let i = 0; i < 110; i += 11) {
        statuses.push(...(await Promise.all(Array.from({ length: 11 }, () => a.gql('{ viewer { mode } }', {}, { key: one.testKey })))).map((r) => r.status));
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(100);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);

      // Two processes share one counter: what each has leased and not spent is lost, never doubled.
      const two = await onboardBusiness(a);
      const shared = [];
      for (let i = 0; i < 150; i++) shared.push((await (i % 2 ? a : b).gql('{ viewer { mode } }', {}, { key: two.testKey })).status);
      const granted = shared.filter((s) => s === 200).length;
      expect(granted).toBeLessThanOrEqual(100);
      expect(granted).toBeGreaterThanOrEqual(80);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
