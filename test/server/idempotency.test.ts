import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyKey } from '../../server/modules/idempotency/idempotency-key.entity.ts';
import { purgeExpiredIdempotencyKeys } from '../../server/modules/idempotency/idempotency.service.ts';
import { ApiKey } from '../../server/modules/tenancy/api-key.entity.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key } = await onboardBusiness(server));
});
afterAll(() => server.close());

const CREATE_KEY = `mutation ($name: String!) { createApiKey(input: { name: $name, mode: TEST, scopes: ["ledger:read"] }) { apiKey { id name } secret userErrors { code } } }`;
const keysNamed = (name: string) => server.orm.em.fork().count(ApiKey, { name });
const createKey = (target: TestServer, name: string, idempotencyKey: string, apiKey = key) =>
  target.gql(CREATE_KEY, { name }, { key: apiKey, headers: { 'idempotency-key': idempotencyKey } });

describe('Idempotency-Key', () => {
  it('replays the first response to a retry with the same body', async () => {
    const first = await createKey(server, 'replayed', 'idem-replay');
    const retry = await createKey(server, 'replayed', 'idem-replay');
    expect(first.body.data.createApiKey.secret).toMatch(/^sk_test_/);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await keysNamed('replayed')).toBe(1);
  });

  it('answers 422 when the key is reused with a different body, and writes nothing', async () => {
    await createKey(server, 'original', 'idem-mismatch');
    const reused = await createKey(server, 'different', 'idem-mismatch');
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await keysNamed('different')).toBe(0);
  });

  it('answers 409 while the first request is still running, and lets a retry take over a dead claim', async () => {
    await createKey(server, 'in-flight', 'idem-inflight');
    // Another process is mid-request on this key (as after a crash, until its lock lapses).
    const em = server.orm.em.fork();
    await em.nativeUpdate(IdempotencyKey, { key: 'idem-inflight' }, {
      state: 'RUNNING',
      lockedUntil: new Date(server.clock.now().getTime() + 60_000),
    });
    const concurrent = await createKey(server, 'in-flight', 'idem-inflight');
    expect(concurrent.status).toBe(409);
    expect(concurrent.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_IN_USE');

    server.clock.advance(61_000);
    const takeover = await createKey(server, 'in-flight', 'idem-inflight');
    expect(takeover.status).toBe(200);
    expect(takeover.body.data.createApiKey.userErrors).toEqual([]);
  });

  it('lets concurrent duplicates run the mutation exactly once', async () => {
    const attempts = await Promise.all(Array.from({ length: 12 }, () => createKey(server, 'stampede', 'idem-stampede')));
    const statuses = attempts.map((a) => a.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const secrets = new Set(attempts.filter((a) => a.status === 200).map((a) => a.body.data.createApiKey.secret));
    expect(secrets.size).toBe(1);
    expect(await keysNamed('stampede')).toBe(1);
  });

  it('scopes keys per business and per mode', async () => {
    const other = await onboardBusiness(server, { name: 'Other' });
    const mine = await createKey(server, 'scoped', 'idem-shared');
    const theirs = await createKey(server, 'scoped', 'idem-shared', other.testKey);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.data.createApiKey.secret).not.toBe(mine.body.data.createApiKey.secret);
    expect(await keysNamed('scoped')).toBe(2);
  });

  it('keeps keys for 24 hours and across a restart', async () => {
    const first = await createKey(server, 'durable', 'idem-durable');
    const restarted = await startTestServer({ databaseUrl: server.databaseUrl, clock: server.clock });
    try {
      server.clock.advance(23 * 60 * 60 * 1000);
      const retry = await createKey(restarted, 'durable', 'idem-durable');
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');

      server.clock.advance(2 * 60 * 60 * 1000);
      const afterExpiry = await createKey(restarted, 'durable-again', 'idem-durable');
      expect(afterExpiry.status).toBe(200);
      expect(afterExpiry.headers.get('idempotent-replayed')).toBeNull();
      expect(await keysNamed('durable-again')).toBe(1);

      // Past their day, keys are purged by the maintenance sweep.
      server.clock.advance(25 * 60 * 60 * 1000);
      expect(await purgeExpiredIdempotencyKeys(server.orm.em.fork(), server.clock)).toBeGreaterThan(0);
      expect(await server.orm.em.fork().count(IdempotencyKey, { expiresAt: { $lte: server.clock.now() } })).toBe(0);
    } finally {
      await restarted.stop();
    }
  });

  it('refuses an over-long key', async () => {
    const result = await createKey(server, 'long', 'k'.repeat(256));
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect(await keysNamed('long')).toBe(0);
  });
});
