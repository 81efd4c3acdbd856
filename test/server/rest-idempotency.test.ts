import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bill } from '../../server/modules/kinds/bill/bill.entities.ts';
import { PaymentLink } from '../../server/modules/kinds/payment-link/payment-link.entity.ts';
import { PaymentRequest } from '../../server/modules/kinds/payment-request/payment-request.entities.ts';
import { TillAlias } from '../../server/modules/kinds/till-alias/till-alias.entity.ts';
import { CREATE_INVOICE } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';
import { restCall, type RestAnswer } from '../support/rest.ts';

// The REST twin of idempotency.test.ts's "a stored answer belongs to the key that made it": a stored
// answer is replayed only to the key that made it, with the same body; anyone else runs afresh.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
});
afterAll(() => server.close());

const call = (method: string, path: string, options?: Parameters<typeof restCall>[3]) => restCall(server.url, method, path, options);

async function keyWith(businessId: string, scopes: string[]): Promise<string> {
  const result = await server.gql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { businessId, name: 'peer', mode: 'TEST', scopes } },
    { key: TEST_ADMIN_KEY },
  );
  return result.body.data.createApiKey.secret;
}

type Business = { businessId: string; testKey: string };
interface Family {
  name: string;
  onboarding: Parameters<typeof onboardBusiness>[1];
  entity: Parameters<TestServer['orm']['em']['count']>[0];
  writeScope: string;
  readScope: string;
  /** The seed's conflict status for a reused key with another body. */
  conflict: number;
  codeOf: (answer: RestAnswer) => string;
  idOf: (answer: RestAnswer) => string;
  /** The request (and one with another body) a business makes. */
  prepare: (business: Business) => Promise<{ path: string; body: Record<string, unknown>; otherBody: Record<string, unknown> }>;
}

async function invoiceOf(key: string): Promise<string> {
  const result = await server.gql(
    CREATE_INVOICE,
    {
      input: {
        customer: { name: 'Ada Obi', email: 'ada@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'Consulting', quantity: 1, unitAmountMinor: 500_000 }],
        dueDate: '2026-12-31',
      },
    },
    { key },
  );
  return result.body.data.createInvoice.invoice.id;
}

const FAMILIES: Family[] = [
  {
    name: 'seed 000 (finora) POST …/payments/generate-link',
    onboarding: { name: 'Finora Co' },
    entity: PaymentLink,
    writeScope: 'checkouts:write',
    readScope: 'checkouts:read',
    conflict: 422,
    codeOf: (a) => a.body.error.code,
    idOf: (a) => a.body.data.paymentLinkId,
    prepare: async ({ businessId, testKey }) => {
      const invoiceId = await invoiceOf(testKey);
      return {
        path: `/v1/businesses/${businessId}/payments/generate-link`,
        body: { invoiceId },
        otherBody: { invoiceId, expiresInHours: 2 },
      };
    },
  },
  {
    name: 'seed 003 (finora) POST /v1/checkout',
    onboarding: { name: 'Bills Co' },
    entity: Bill,
    writeScope: 'checkouts:write',
    readScope: 'checkouts:read',
    conflict: 422,
    codeOf: (a) => a.body.error.code,
    idOf: (a) => a.body.data.paymentRef,
    prepare: async () => ({ path: '/v1/checkout', body: { amount: 1000, email: 'user@gamil.com' }, otherBody: { amount: 1001, email: 'user@gamil.com' } }),
  },
  {
    name: 'seed 001 (finove) POST /api/v1/merchant/payment-requests',
    onboarding: { name: 'Loja Exemplo', country: 'BR', defaultCurrency: 'BRL' },
    entity: PaymentRequest,
    writeScope: 'checkouts:write',
    readScope: 'checkouts:read',
    conflict: 422,
    codeOf: (a) => a.body.error.code,
    idOf: (a) => a.body.id,
    prepare: async () => {
      const body = { amount: '100000', currency: 'BRL', orderId: '91', customerTaxId: '28094307000118', merchantSubsidyType: 'none' };
      return { path: '/api/v1/merchant/payment-requests', body, otherBody: { ...body, amount: '100001' } };
    },
  },
  {
    name: 'seed 002 (router) POST /v1/till-aliases/',
    onboarding: { name: 'Finova School', country: 'TZ', defaultCurrency: 'TZS' },
    entity: TillAlias,
    writeScope: 'till_alias:create',
    readScope: 'till_alias:read',
    conflict: 409,
    codeOf: (a) => a.body.detail,
    idOf: (a) => a.body.till_alias.alias,
    prepare: async ({ testKey: key }) => {
      await call('POST', '/v1/apps/', { key, body: { app_id: 'SCHOOLFEES', name: 'School Fee System', callback_url: 'https://93.184.216.34/hooks' } });
      await call('POST', '/v1/apps/SCHOOLFEES/entities/', {
        key,
        body: { entity_id: 'ST-MARYS', name: 'St Marys Primary', settlement_method: 'mobile_money', msisdn: '+255712111222', mobile_provider: 'MPESA' },
      });
      const body = {
        app_id: 'SCHOOLFEES',
        entity_id: 'ST-MARYS',
        name: 'F. Ngoiya — Term 1',
        memo: 'INV-2026-00481',
        merchant_amount: '500000',
        currency: 'TZS',
      };
      return { path: '/v1/till-aliases/', body, otherBody: { ...body, merchant_amount: '500001' } };
    },
  },
];

describe.each(FAMILIES)('an Idempotency-Key over REST: $name', (family) => {
  const count = () => server.orm.em.fork().count(family.entity, {});
  const headers = { 'idempotency-key': 'order-42' };

  it('is replayed to the key that made it, with the same body, and to no other key of the business', async () => {
    const business = await onboardBusiness(server, family.onboarding);
    const request = await family.prepare(business);
    const before = await count();
    const first = await call('POST', request.path, { key: business.testKey, body: request.body, headers });
    expect(first.status).toBe(201);
    const again = await call('POST', request.path, { key: business.testKey, body: request.body, headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect([again.status, again.body]).toEqual([201, first.body]);
    expect(await count()).toBe(before + 1);

    // A key without the write scope gets what it would get without the header: 403, not the stored answer.
    const readOnly = await keyWith(business.businessId, [family.readScope]);
    const replayAttempt = await call('POST', request.path, { key: readOnly, body: request.body, headers });
    expect(replayAttempt.status).toBe(403);
    expect(replayAttempt.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.stringify(replayAttempt.body)).not.toContain(family.idOf(first));

    // A peer that may make the request runs it afresh, and its own retries replay its own answer.
    const peer = await keyWith(business.businessId, [family.writeScope, family.readScope]);
    const fresh = await call('POST', request.path, { key: peer, body: request.body, headers });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(family.idOf(fresh)).not.toBe(family.idOf(first));
    const peerRetry = await call('POST', request.path, { key: peer, body: request.body, headers });
    expect(peerRetry.headers.get('idempotent-replayed')).toBe('true');
    expect(family.idOf(peerRetry)).toBe(family.idOf(fresh));
    expect(await count()).toBe(before + 2);

    // The same key with another body is the seed's conflict, and writes nothing.
    const reused = await call('POST', request.path, { key: business.testKey, body: request.otherBody, headers });
    expect(reused.status).toBe(family.conflict);
    expect(family.codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(JSON.stringify(reused.body)).not.toContain(family.idOf(first));
    expect(await count()).toBe(before + 2);
  });

  it("is not replayed to another business's key: it runs afresh as its own", async () => {
    const mine = await onboardBusiness(server, family.onboarding);
    const theirs = await onboardBusiness(server, { ...family.onboarding, name: `${family.onboarding?.name} rival` });
    const myRequest = await family.prepare(mine);
    const theirRequest = await family.prepare(theirs);
    const first = await call('POST', myRequest.path, { key: mine.testKey, body: myRequest.body, headers });
    expect(first.status).toBe(201);
    const before = await count();
    const other = await call('POST', theirRequest.path, { key: theirs.testKey, body: theirRequest.body, headers });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(family.idOf(other)).not.toBe(family.idOf(first));
    expect(JSON.stringify(other.body)).not.toContain(mine.businessId);
    expect(await count()).toBe(before + 1);
  });
});
