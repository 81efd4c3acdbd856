import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyKey } from '../../server/modules/idempotency/idempotency-key.entity.ts';
import { purgeExpiredIdempotencyKeys, REDACTED_SECRET } from '../../server/modules/idempotency/idempotency.service.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import { Payment } from '../../server/modules/payments/payment.entities.ts';
import { ApiKey } from '../../server/modules/tenancy/api-key.entity.ts';
import { INVOICE, invoiceWithLink } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

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
    await em.nativeUpdate(
      IdempotencyKey,
      { key: 'idem-inflight' },
      {
        state: 'RUNNING',
        lockedUntil: new Date(server.clock.now().getTime() + 60_000),
      },
    );
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
      expect(await purgeExpiredIdempotencyKeys(platformJob(server.orm.em.fork(), server.clock))).toBeGreaterThan(0);
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

const SCOPED_KEY = `mutation ($scopes: [String!]!) { createApiKey(input: { name: "narrow", mode: TEST, scopes: $scopes }) { secret } }`;
const narrowKey = async (scopes: string[]) => (await server.gql(SCOPED_KEY, { scopes }, { key })).body.data.createApiKey.secret as string;

describe('a stored answer belongs to the key that made it', () => {
  it('is not replayed to another key of the same business: that key gets what it would get without the header', async () => {
    const first = await createKey(server, 'order-42', 'order-42');
    expect(first.body.data.createApiKey.secret).toMatch(/^sk_test_/);
    const readOnly = await narrowKey(['checkouts:read']);
    const replayAttempt = await createKey(server, 'order-42', 'order-42', readOnly);
    expect(replayAttempt.headers.get('idempotent-replayed')).toBeNull();
    expect(replayAttempt.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(replayAttempt.body)).not.toContain(first.body.data.createApiKey.secret);
    expect(await keysNamed('order-42')).toBe(1);

    // A second key that may make the request gets a fresh execution of its own.
    const peer = await narrowKey(['api_keys:write', 'ledger:read']);
    const fresh = await createKey(server, 'order-42', 'order-42', peer);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.body.data.createApiKey.secret).not.toBe(first.body.data.createApiKey.secret);
    expect(await keysNamed('order-42')).toBe(2);
  });

  it('keeps a replayed query from leaking customer emails to a key without invoices:read', async () => {
    await server.gql(
      `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { userErrors { code } } }`,
      {
        input: {
          customer: { name: 'Ada', email: 'ada.private@example.com' },
          currency: 'NGN',
          lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 100 }],
          dueDate: '2026-12-31',
        },
      },
      { key },
    );
    const LIST = `{ invoices(first: 5) { edges { node { customerEmail } } } }`;
    const first = await server.gql(LIST, {}, { key, headers: { 'idempotency-key': 'list-1' } });
    expect(JSON.stringify(first.body)).toContain('ada.private@example.com');
    const other = await server.gql(LIST, {}, { key: await narrowKey(['checkouts:read']), headers: { 'idempotency-key': 'list-1' } });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.stringify(other.body)).not.toContain('ada.private@example.com');
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

/** Every row of every table, as text, holding `needle`: where a secret would rest. */
async function tablesHolding(target: TestServer, needle: string): Promise<string[]> {
  const connection = target.orm.em.getConnection();
  const tables = await connection.execute<Array<{ table_name: string }>>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const holding: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await connection.execute<Array<{ n: string }>>(`select count(*) as n from "${table_name}" t where strpos(t::text, ?) > 0`, [needle]);
    if (Number(row!.n) > 0) holding.push(table_name);
  }
  return holding;
}

const REGISTER_APP = `mutation ($appId: String!) { registerApp(input: { appId: $appId, name: "Shop", callbackUrl: "https://93.184.216.34/hooks" }) { webhookSecret userErrors { code } } }`;
const ROTATE = `mutation ($appId: String!) { rotateWebhookSecret(input: { appId: $appId }) { webhookSecret userErrors { code } } }`;
const ONBOARD = `mutation { createBusiness(input: { name: "Sealed Ltd", plan: RETAIL, country: "NG", defaultCurrency: "NGN" }) { testSecretKey userErrors { code } } }`;

describe('stored answers that issued a secret', () => {
  it('rest sealed in no table as plaintext, and a retry still gets the secret it was shown', async () => {
    const issued = [
      { query: CREATE_KEY, variables: { name: 'sealed' }, key, pick: (d: any) => d.createApiKey.secret },
      { query: REGISTER_APP, variables: { appId: 'SEALED' }, key, pick: (d: any) => d.registerApp.webhookSecret },
      { query: ROTATE, variables: { appId: 'SEALED' }, key, pick: (d: any) => d.rotateWebhookSecret.webhookSecret },
      { query: ONBOARD, variables: {}, key: TEST_ADMIN_KEY, pick: (d: any) => d.createBusiness.testSecretKey },
    ];
    for (const [index, request] of issued.entries()) {
      const headers = { 'idempotency-key': `sealed-${index}` };
      const first = await server.gql(request.query, request.variables, { key: request.key, headers });
      const secret = request.pick(first.body.data) as string;
      expect(secret).toMatch(/^(sk_test_|whsec_)/);
      expect(await tablesHolding(server, secret)).toEqual([]);
      // The part after the prefix too: no table keeps the secret in any form we could grep.
      expect(await tablesHolding(server, secret.slice(-20))).toEqual([]);
      const retry = await server.gql(request.query, request.variables, { key: request.key, headers });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
    }
  });

  it('without a secrets key, rest with the secret cut out, and the replay says it was shown once', async () => {
    const keyless = await startTestServer({ databaseUrl: server.databaseUrl, config: { webhookSecretsKey: undefined } });
    try {
      const headers = { 'idempotency-key': 'keyless-1' };
      const first = await keyless.gql(CREATE_KEY, { name: 'keyless' }, { key, headers });
      const secret = first.body.data.createApiKey.secret as string;
      expect(secret).toMatch(/^sk_test_/);
      expect(await tablesHolding(keyless, secret)).toEqual([]);
      const retry = await keyless.gql(CREATE_KEY, { name: 'keyless' }, { key, headers });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.data.createApiKey.secret).toBe(REDACTED_SECRET);
      expect(retry.body.data.createApiKey.apiKey).toEqual(first.body.data.createApiKey.apiKey);
      expect(await keysNamed('keyless')).toBe(1);
    } finally {
      await keyless.stop();
    }
  });
});

describe('public mutations', () => {
  it('honour Idempotency-Key for an anonymous caller: "Pay (test)" sent twice pays once', async () => {
    const { linkId, invoiceId } = await invoiceWithLink(server, key, { amountMinor: 5_000, allowPartialPayment: true });
    const PAY = `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result receiptNumber userErrors { code } } }`;
    const input = { checkoutId: linkId, method: 'CARD_SUCCESS', amountMinor: 2_500 };
    const headers = { 'idempotency-key': 'pay-once' };
    const first = await server.gql(PAY, { input }, { headers });
    expect(first.body.data.payCheckoutInSandbox.result).toBe('SUCCEEDED');
    const again = await server.gql(PAY, { input }, { headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const paid = (await server.gql(INVOICE, { id: invoiceId }, { key })).body.data.invoice;
    expect(paid.amountPaid.amountMinor).toBe(2_500);
    expect(await server.orm.em.fork().count(Payment, { checkoutId: linkId })).toBe(1);
  });
});
