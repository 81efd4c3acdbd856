import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiKey } from '../../server/modules/tenancy/api-key.entity.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key } = await onboardBusiness(server, { name: 'Socket Shop' }));
});
afterAll(() => server.close());

function connect(authorization?: string, { to = server, lazy = true }: { to?: TestServer; lazy?: boolean } = {}): Client {
  return createClient({
    url: `${to.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    // Lazy: the socket closes once no operation is running; otherwise it stays open until disposed.
    lazy,
    // A non-lazy client reports its socket's close here; the tests read it from their operations.
    onNonLazyError: () => {},
  });
}

function run(client: Client, query: string, variables?: Record<string, unknown>) {
  return new Promise<{ data?: any; errors?: any[] }>((resolve, reject) => {
    let result: { data?: any; errors?: any[] } = {};
    client.subscribe({ query, variables }, { next: (value) => (result = value as typeof result), error: reject, complete: () => resolve(result) });
  });
}

/** What an operation came to: its result, its errors, or the code the socket was closed with. */
function outcome(client: Client, query: string, variables?: Record<string, unknown>) {
  return run(client, query, variables).then(
    (result) => result,
    (failure) => (Array.isArray(failure) ? { errors: failure } : { closed: (failure as CloseEvent).code }),
  ) as Promise<{ data?: any; errors?: any[]; closed?: number }>;
}

const CREATE_KEY = `mutation { createApiKey(input: { name: "from a socket", mode: TEST, scopes: ["ledger:read"] }) { apiKey { id } } }`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } userErrors { code } } }`;
const keyIdOf = (secret: string) => `key_${secret.slice('sk_test_'.length, secret.indexOf('.'))}`;

/** Resolves with the close code once the client's socket closes (or null after `ms`). */
function closeOf(client: Client, ms: number) {
  return new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    client.on('closed', (event) => {
      clearTimeout(timer);
      resolve((event as CloseEvent).code);
    });
  });
}

describe('graphql-ws on the same port and path', () => {
  it('authenticates with the connection_init payload and runs operations', async () => {
    const client = connect(`Bearer ${key}`);
    try {
      const result = await run(client, '{ viewer { business { name } mode } }');
      expect(result.data).toEqual({ viewer: { business: { name: 'Socket Shop' }, mode: 'TEST' } });
    } finally {
      await client.dispose();
    }
  });

  it('applies the same limits as HTTP', async () => {
    const client = connect(`Bearer ${key}`);
    try {
      const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: viewer { mode }`).join(' ');
      const result = await run(client, `{ ${aliases} }`).catch((errors) => ({ errors }));
      expect(JSON.stringify(result.errors)).toMatch(/aliases limit/i);
    } finally {
      await client.dispose();
    }
  });

  it('closes the connection for an unknown key', async () => {
    const client = connect('Bearer sk_test_0000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    try {
      const failure = await run(client, '{ viewer { mode } }').then(
        () => null,
        (error) => error,
      );
      expect(failure?.code).toBe(4403);
    } finally {
      await client.dispose();
    }
  });
});

describe('a revoked key on an open socket', () => {
  it('stops working at once: the socket is closed with 4403 and runs nothing more', async () => {
    const { testKey } = await onboardBusiness(server, { name: 'Revoked Shop' });
    const client = connect(`Bearer ${testKey}`, { lazy: false });
    try {
      const closed = closeOf(client, 2_000);
      expect((await outcome(client, '{ viewer { mode } }')).data).toEqual({ viewer: { mode: 'TEST' } });
      const revoked = await server.gql(REVOKE_KEY, { id: keyIdOf(testKey) }, { key: testKey });
      expect(revoked.body.data.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
      expect(await closed).toBe(4403);

      const keys = await server.orm.em.fork().count(ApiKey, {});
      expect(await outcome(client, CREATE_KEY)).toEqual({ closed: 4403 });
      expect(await server.orm.em.fork().count(ApiKey, {})).toBe(keys);
    } finally {
      await client.dispose();
    }
  });

  it('is closed with 4403, live subscription and all, when another process revokes the key', async () => {
    const other = await startTestServer({ databaseUrl: server.databaseUrl, clock: server.clock });
    const { testKey } = await onboardBusiness(server, { name: 'Two Process Shop' });
    const client = connect(`Bearer ${testKey}`, { to: other });
    try {
      // The other process has the key in its authenticator's cache.
      expect((await other.gql('{ viewer { mode } }', {}, { key: testKey })).status).toBe(200);
      const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
      const subscription = outcome(client, 'subscription { checkoutUpdated(id: "pl_nothing") { id } }');
      await connected;
      const closed = closeOf(client, 2_000);

      await server.gql(REVOKE_KEY, { id: keyIdOf(testKey) }, { key: testKey });
      expect(await closed).toBe(4403);
      expect(await subscription).toEqual({ closed: 4403 });
      // Having heard of it, the other process refuses the key over HTTP too (its cache would keep it 5 s).
      const refused = await other.gql('{ viewer { mode } }', {}, { key: testKey });
      expect(refused.status).toBe(401);
      expect(refused.body.errors[0].message).toBe('This API key has been revoked.');
    } finally {
      await client.dispose();
      await other.stop();
    }
  });
});

describe('the rate limit on sockets', () => {
  it('spends the same budget as HTTP, per key, and anonymous sockets per client address', async () => {
    const limited = await startTestServer({ config: { rateLimit: { points: 20, windowSeconds: 60 } } });
    const sockets: Client[] = [];
    const open = (authorization?: string) => {
      const client = connect(authorization, { to: limited, lazy: false });
      sockets.push(client);
      return client;
    };
    try {
      const { testKey } = await onboardBusiness(limited);
      const { testKey: otherKey } = await onboardBusiness(limited);
      for (let i = 0; i < 5; i++) expect((await limited.gql('{ viewer { mode } }', {}, { key: testKey })).status).toBe(200);

      const keyed = open(`Bearer ${testKey}`);
      const results = await Promise.all(Array.from({ length: 30 }, () => outcome(keyed, '{ viewer { mode } }')));
      expect(results.filter((r) => r.data?.viewer?.mode === 'TEST')).toHaveLength(15);
      const limitedOnes = results.filter((r) => r.errors);
      expect(limitedOnes).toHaveLength(15);
      expect(limitedOnes[0]!.errors![0]).toMatchObject({ message: expect.stringMatching(/too many requests/i), extensions: { code: 'RATE_LIMITED' } });
      expect((await limited.gql('{ viewer { mode } }', {}, { key: testKey })).status).toBe(429);
      // Another key has its own budget.
      expect((await outcome(open(`Bearer ${otherKey}`), '{ viewer { mode } }')).data).toEqual({ viewer: { mode: 'TEST' } });

      // Anonymous sockets share their address's budget.
      const anonymous = [open(), open()];
      const public_ = await Promise.all(Array.from({ length: 24 }, (_, i) => outcome(anonymous[i % 2]!, '{ __typename }')));
      expect(public_.filter((r) => r.data)).toHaveLength(20);
      expect(public_.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED')).toHaveLength(4);

      // The next window has a fresh budget.
      limited.clock.advance(60_000);
      expect((await outcome(keyed, '{ viewer { mode } }')).data).toEqual({ viewer: { mode: 'TEST' } });
    } finally {
      await Promise.all(sockets.map((client) => client.dispose()));
      await limited.stop();
    }
  });
});
