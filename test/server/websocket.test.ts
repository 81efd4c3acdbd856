import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key } = await onboardBusiness(server, { name: 'Socket Shop' }));
});
afterAll(() => server.close());

function connect(authorization?: string): Client {
  return createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

function run(client: Client, query: string) {
  return new Promise<{ data?: any; errors?: any[] }>((resolve, reject) => {
    let result: { data?: any; errors?: any[] } = {};
    client.subscribe({ query }, { next: (value) => (result = value as typeof result), error: reject, complete: () => resolve(result) });
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
