import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

const SCHEMA = '{ __schema { types { name } } }';
const TYPE = '{ __type(name: "Invoice") { fields { name } } }';

let production: TestServer;
let key: string;
beforeAll(async () => {
  production = await startTestServer({ config: { production: true } });
  ({ testKey: key } = await onboardBusiness(production));
});
afterAll(() => production.close());

function overWebSocket(server: TestServer, query: string) {
  const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  return new Promise<{ data?: any; errors?: any[] }>((resolve) => {
    let result = {};
    client.subscribe(
      { query },
      { next: (value) => (result = value), error: (errors) => resolve({ errors: errors as any[] }), complete: () => resolve(result) },
    );
  }).finally(() => client.dispose());
}

describe('introspection in production', () => {
  it.each([
    ['__schema', SCHEMA],
    ['__type', TYPE],
  ])('refuses anonymous %s with UNAUTHENTICATED and shows nothing', async (_field, query) => {
    const result = await production.gql(query);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(result.body.errors[0].message).toMatch(/Introspection needs a secret key/);
  });

  it('keeps __typename and the public checkout open to anonymous callers', async () => {
    expect((await production.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
    expect((await production.gql('{ checkout(id: "pl_missing") { __typename id } }')).body).toEqual({ data: { checkout: null } });
  });

  it('answers any secret key, and a cached validation never crosses from one caller to the other', async () => {
    const anonymousFirst = await production.gql(SCHEMA);
    expect(anonymousFirst.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const withKey = await production.gql(SCHEMA, {}, { key });
    expect(withKey.body.errors).toBeUndefined();
    expect(withKey.body.data.__schema.types.length).toBeGreaterThan(100);
    expect((await production.gql(SCHEMA)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await production.gql(TYPE, {}, { key })).body.data.__type.fields).toContainEqual({ name: 'customerEmail' });
  });

  it('refuses anonymous introspection over graphql-ws too', async () => {
    const result = await overWebSocket(production, SCHEMA);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
  });
});

describe('introspection in development', () => {
  it('stays open to anonymous callers', async () => {
    const development = await startTestServer({ databaseUrl: production.databaseUrl });
    try {
      expect((await development.gql(SCHEMA)).body.data.__schema.types.length).toBeGreaterThan(100);
      expect((await overWebSocket(development, TYPE)).data.__type.fields).toContainEqual({ name: 'customerEmail' });
    } finally {
      await development.stop();
    }
  });
});
