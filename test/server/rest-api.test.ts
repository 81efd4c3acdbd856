import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Bill } from '../../server/modules/kinds/bill/bill.entities.ts';
import { PaymentLink } from '../../server/modules/kinds/payment-link/payment-link.entity.ts';
import { createEntity, payBill } from '../support/bills.ts';
import { CREATE_INVOICE } from '../support/money-path.ts';
import { liveKeyFor, onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';
import { missingFields, restCall } from '../support/rest.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
  ({ testKey: key, businessId } = await onboardBusiness(server));
});
afterAll(() => server.close());

const call = (method: string, path: string, options?: Parameters<typeof restCall>[3]) => restCall(server.url, method, path, options);

async function newInvoice(k = key, amountMinor = 53_750_000): Promise<{ id: string; number: string }> {
  const result = await server.gql(
    CREATE_INVOICE,
    {
      input: {
        customer: { name: 'Ada Obi', email: 'ada@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'Consulting', quantity: 1, unitAmountMinor: amountMinor }],
        dueDate: '2026-12-31',
      },
    },
    { key: k },
  );
  return result.body.data.createInvoice.invoice;
}

async function keyWith(forBusiness: string, scopes: string[]): Promise<{ id: string; secret: string }> {
  const result = await server.gql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret userErrors { code message } } }`,
    { input: { businessId: forBusiness, name: 'narrow', mode: 'TEST', scopes } },
    { key: TEST_ADMIN_KEY },
  );
  const payload = result.body.data.createApiKey;
  if (!payload.secret) throw new Error(JSON.stringify(result.body));
  return { id: payload.apiKey.id, secret: payload.secret };
}

// The seeds' own examples (seed 000 and 003), verbatim.
const SEED_000_LINK = {
  success: true,
  data: {
    paymentLinkId: 'pl_abc123',
    invoiceId: 'inv_abc123',
    invoiceNumber: 'INV-2026-042',
    amountKobo: 53750000,
    paymentUrl: 'https://pay.finorabusiness.com/p/pl_abc123',
    shortUrl: 'https://pay.finorabusiness.com/p/abc123',
    qrCodeUrl: 'https://api.finorabusiness.com/v1/payment-links/pl_abc123/qr.png',
    expiresAt: '2026-04-18T10:30:00.000Z',
    status: 'active',
  },
};
const SEED_000_TAP = {
  success: true,
  data: { sessionId: 'nfc_sess_001', amountKobo: 5375000, status: 'awaiting_tap', expiresAt: '2026-04-17T10:35:00.000Z', deviceId: 'dev_001' },
};
const SEED_000_ENTERPRISE_ONLY = {
  success: false,
  error: {
    code: 'ENTERPRISE_ONLY',
    message: 'This endpoint requires an enterprise subscription. Contact sales at https://finorabusiness.com/contact',
    requestId: 'req_...',
  },
};
const SEED_003_CREATE = {
  success: true,
  data: {
    outstanding: 0,
    amountPaid: 0,
    split: false,
    transactionCharge: 0,
    type: 'regular',
    expiry: false,
    queuedForRetry: false,
    status: 'pending',
    message: [],
    settled: false,
    retries: 0,
    virtual: false,
    _id: 'xxx',
    deleted: false,
    merchantId: 'xxx',
    email: 'user@gamil.com',
    amount: 1000,
    bearer: 'xxx',
    principalAccount: 'xxx',
    callback: {},
    paymentRef: 'xxx',
    qrCode: 'xxx.png',
    originalBillAmount: 1000,
    createdAt: '2021-11-04T12:16:25.477Z',
    updatedAt: '2021-11-04T12:16:25.477Z',
    __v: 0,
  },
};
const SEED_003_DYNAMIC = {
  success: true,
  data: {
    expiry: false,
    type: 'dynamic',
    isFlexible: true,
    status: 'active',
    split: false,
    _id: 'xxx',
    deleted: false,
    merchantId: 'xxx',
    amount: 1000,
    reference: 'xxx',
    qrCode: 'xxx.png',
    createdAt: '2021-11-04T12:17:25.785Z',
    updatedAt: '2021-11-04T12:17:25.785Z',
    __v: 0,
  },
};
const SEED_003_DETAIL = {
  success: false,
  data: {
    outstanding: 0,
    amountPaid: 0,
    split: true,
    transactionCharge: 0,
    type: 'regular',
    expiry: false,
    queuedForRetry: false,
    status: 'pending',
    message: [],
    settled: false,
    retries: 0,
    virtual: false,
    deleted: false,
    _id: 'xxx',
    merchantId: 'xxx',
    email: 'user@gamil.com',
    amount: 1000,
    subaccounts: [{ _id: 'xxx', accountRef: 'xxx', amount: 100, accountNumber: 'xxx' }],
    bearer: 'xxx',
    principalAccount: { _id: 'xxx', accountNumber: 'xxx', accountRef: 'xxx', percentage: 0.1 },
    paymentRef: 'xxx',
    createdAt: '2021-03-16T02:47:11.958Z',
    updatedAt: '2021-03-16T02:47:11.958Z',
    __v: 0,
  },
};

describe('seed 000 over REST', () => {
  it("generate-link answers the seed's 201 with every field, and agrees with GraphQL on the same link", async () => {
    const invoice = await newInvoice();
    const answer = await call('POST', `/v1/businesses/${businessId}/payments/generate-link`, { key, body: { invoiceId: invoice.id } });
    expect(answer.status).toBe(201);
    expect(missingFields(SEED_000_LINK, answer.body)).toEqual([]);
    expect(answer.body.data).toMatchObject({ invoiceId: invoice.id, invoiceNumber: invoice.number, amountKobo: 53_750_000, status: 'active' });
    expect(answer.headers.get('x-request-id')).toBeTruthy();

    const graph = await server.gql(
      `query ($id: ID!) { paymentLink(id: $id) { id status amount { amountMinor } paymentUrl shortUrl qrCodeUrl expiresAt invoice { id number } } }`,
      { id: answer.body.data.paymentLinkId },
      { key },
    );
    const link = graph.body.data.paymentLink;
    expect(answer.body.data).toMatchObject({
      paymentLinkId: link.id,
      status: link.status.toLowerCase(),
      amountKobo: Number(link.amount.amountMinor),
      paymentUrl: link.paymentUrl,
      shortUrl: link.shortUrl,
      qrCodeUrl: link.qrCodeUrl,
      invoiceId: link.invoice.id,
      invoiceNumber: link.invoice.number,
    });
    expect(new Date(answer.body.data.expiresAt).getTime()).toBe(new Date(link.expiresAt).getTime());
  });

  it("tap-to-pay answers the seed's 201 and GraphQL reads the same session", async () => {
    const answer = await call('POST', `/v1/businesses/${businessId}/payments/tap-to-pay`, {
      key,
      body: { amountKobo: 5375000, description: 'Table 4', deviceId: 'dev_001' },
    });
    expect(answer.status).toBe(201);
    expect(missingFields(SEED_000_TAP, answer.body)).toEqual([]);
    expect(answer.body.data).toMatchObject({ amountKobo: 5375000, status: 'awaiting_tap', deviceId: 'dev_001' });
    const graph = await server.gql(
      `query ($id: ID!) { tapToPaySession(id: $id) { id status amount { amountMinor } deviceId } }`,
      { id: answer.body.data.sessionId },
      { key },
    );
    expect(graph.body.data.tapToPaySession).toMatchObject({ id: answer.body.data.sessionId, status: 'AWAITING_TAP', deviceId: 'dev_001' });
  });

  it("refuses a retail plan with the seed's 403 body and the request id", async () => {
    const retail = await onboardBusiness(server, { name: 'Corner Shop', plan: 'RETAIL' });
    const invoice = await newInvoice(retail.testKey);
    const before = await server.orm.em.fork().count(PaymentLink, {});
    const answer = await call('POST', `/v1/businesses/${retail.businessId}/payments/generate-link`, {
      key: retail.testKey,
      body: { invoiceId: invoice.id },
      headers: { 'x-request-id': 'req_retail_1' },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ ...SEED_000_ENTERPRISE_ONLY, error: { ...SEED_000_ENTERPRISE_ONLY.error, requestId: 'req_retail_1' } });
    const tap = await call('POST', `/v1/businesses/${retail.businessId}/payments/tap-to-pay`, {
      key: retail.testKey,
      body: { amountKobo: 100, description: 'x', deviceId: 'd' },
    });
    expect(tap.status).toBe(403);
    expect(tap.body.error.code).toBe('ENTERPRISE_ONLY');
    expect(await server.orm.em.fork().count(PaymentLink, {})).toBe(before);
  });

  it("answers another business's id, and another business's invoice, as not found", async () => {
    const other = await onboardBusiness(server, { name: 'Nosy Co' });
    const invoice = await newInvoice();
    const foreignPath = await call('POST', `/v1/businesses/${other.businessId}/payments/generate-link`, { key, body: { invoiceId: invoice.id } });
    expect(foreignPath.status).toBe(404);
    expect(foreignPath.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    const foreignInvoice = await call('POST', `/v1/businesses/${other.businessId}/payments/generate-link`, {
      key: other.testKey,
      body: { invoiceId: invoice.id },
    });
    expect(foreignInvoice.status).toBe(404);
    const foreignTap = await call('POST', `/v1/businesses/${other.businessId}/payments/tap-to-pay`, {
      key: other.testKey,
      body: { amountKobo: 100, description: 'x', deviceId: 'd', invoiceId: invoice.id },
    });
    expect(foreignTap.status).toBe(404);
  });

  it('refuses a missing scope, a revoked key, no key, bad input, NUL bytes and huge bodies, writing nothing', async () => {
    const invoice = await newInvoice();
    const path = `/v1/businesses/${businessId}/payments/generate-link`;
    const before = await server.orm.em.fork().count(PaymentLink, {});
    const readOnly = await keyWith(businessId, ['checkouts:read']);
    const scoped = await call('POST', path, { key: readOnly.secret, body: { invoiceId: invoice.id } });
    expect(scoped.status).toBe(403);
    expect(scoped.body.error.code).toBe('FORBIDDEN');

    const doomed = await keyWith(businessId, ['checkouts:write']);
    expect((await call('POST', path, { key: doomed.secret, body: { invoiceId: invoice.id } })).status).toBe(201);
    await server.gql(`mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id } } }`, { input: { id: doomed.id } }, { key });
    const revoked = await call('POST', path, { key: doomed.secret, body: { invoiceId: invoice.id } });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('UNAUTHENTICATED');

    expect((await call('POST', path, { body: { invoiceId: invoice.id } })).status).toBe(401);
    expect((await call('POST', path, { key: 'sk_test_forged.nope', body: { invoiceId: invoice.id } })).status).toBe(401);
    const invalid = await call('POST', path, { key, body: { invoiceId: invoice.id, expiresInHours: 'soon' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' } });
    const rule = await call('POST', path, { key, body: { invoiceId: invoice.id, expiresInHours: 0 } });
    expect(rule.status).toBe(400);
    expect(rule.body.error.code).toBe('INVALID_EXPIRY');
    const nul = await call('POST', path, { key, body: { invoiceId: invoice.id, metadata: { note: 'a\u0000b' } } });
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('INVALID_TEXT');
    const nulKey = await call('POST', path, { key, raw: `{"invoiceId":"${invoice.id}","metadata":{"a\\u0000":1}}` });
    expect(nulKey.status).toBe(400);
    const huge = await call('POST', path, { key, body: { invoiceId: invoice.id, metadata: { blob: 'x'.repeat(300 * 1024) } } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const notJson = await call('POST', path, { key, raw: '{"invoiceId":' });
    expect(notJson.status).toBe(400);
    expect(await server.orm.em.fork().count(PaymentLink, {})).toBe(before + 1);
  });

  it('replays an Idempotency-Key retry with the first answer and refuses the key with another body', async () => {
    const invoice = await newInvoice();
    const path = `/v1/businesses/${businessId}/payments/generate-link`;
    const headers = { 'idempotency-key': `link-${invoice.id}` };
    const first = await call('POST', path, { key, body: { invoiceId: invoice.id }, headers });
    const again = await call('POST', path, { key, body: { invoiceId: invoice.id }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await server.orm.em.fork().count(PaymentLink, { invoice: invoice.id })).toBe(1);
    const other = await call('POST', path, { key, body: { invoiceId: invoice.id, expiresInHours: 2 }, headers });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('spends the same per-key rate limit as GraphQL', async () => {
    const limited = await startTestServer({ databaseUrl: server.databaseUrl, config: { rateLimit: { points: 3, windowSeconds: 3600 } } });
    try {
      const path = `/v1/businesses/${businessId}/payments/tap-to-pay`;
      const body = { amountKobo: 100, description: 'x', deviceId: 'd' };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${limited.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('seed 003 over REST', () => {
  it("POST /v1/checkout answers every field of the seed's regular and dynamic examples, as GraphQL reads them", async () => {
    const regular = await call('POST', '/v1/checkout', { key, body: { amount: 1000, email: 'user@gamil.com' } });
    expect(regular.status).toBe(201);
    expect(missingFields(SEED_003_CREATE, regular.body)).toEqual([]);
    expect(regular.body.data).toMatchObject({ amount: 1000, email: 'user@gamil.com', type: 'regular', status: 'pending', merchantId: businessId });
    const dynamic = await call('POST', '/v1/checkout', { key, body: { amount: 1000, email: 'user@gamil.com', type: 'dynamic', isFlexible: true } });
    expect(dynamic.status).toBe(201);
    expect(missingFields(SEED_003_DYNAMIC, dynamic.body)).toEqual([]);
    expect(dynamic.body.data).toMatchObject({ type: 'dynamic', status: 'active', isFlexible: true });

    const graph = await server.gql(
      `query ($ref: String!) { bill(paymentRef: $ref) { id paymentRef type status email amount { amountMinor } amountPaid { amountMinor } qrCodeUrl paymentUrl } }`,
      { ref: regular.body.data.paymentRef },
      { key },
    );
    const bill = graph.body.data.bill;
    expect(regular.body.data).toMatchObject({
      _id: bill.id,
      paymentRef: bill.paymentRef,
      type: bill.type.toLowerCase(),
      status: bill.status.toLowerCase(),
      email: bill.email,
      amount: Number(bill.amount.amountMinor),
      amountPaid: Number(bill.amountPaid.amountMinor),
      qrCode: bill.qrCodeUrl,
      paymentUrl: bill.paymentUrl,
    });
  });

  it("PUT and the re-query answer the seed's detailed shape; payments only to a key with ledger:read", async () => {
    await createEntity(server, key, 'ST-MARYS');
    const created = await call('POST', '/v1/checkout', { key, body: { amount: 1000, email: 'user@gamil.com' } });
    const ref = created.body.data.paymentRef as string;
    const updated = await call('PUT', `/v1/checkout/${ref}`, {
      key,
      body: { amount: 30000, email: 'user@gamil.com', split: true, subaccounts: [{ accountRef: 'ST-MARYS', amount: 100 }] },
    });
    expect(updated.status).toBe(200);
    expect(missingFields({ ...SEED_003_DETAIL, success: true }, updated.body)).toEqual([]);
    expect(updated.body.data).toMatchObject({ amount: 30000, split: true, subaccounts: [{ accountRef: 'ST-MARYS', amount: 100 }] });

    await payBill(server, { paymentRef: ref }, 30000, `alat-rest-${ref}`);
    const requery = await call('GET', `/v1/checkout/requery/${ref}`, { key });
    expect(requery.status).toBe(200);
    expect(missingFields(SEED_003_DETAIL, requery.body)).toEqual([]);
    expect(requery.body.data).toMatchObject({ status: 'paid', amountPaid: 30000, outstanding: 0 });
    expect(requery.body.data.payments).toEqual([expect.objectContaining({ partnerPaymentId: `alat-rest-${ref}`, amount: 30000 })]);

    const checkoutsOnly = await keyWith(businessId, ['checkouts:read']);
    const narrow = await call('GET', `/v1/checkout/requery/${ref}`, { key: checkoutsOnly.secret });
    expect(narrow.status).toBe(200);
    expect(narrow.body.data).not.toHaveProperty('payments');
    expect(JSON.stringify(narrow.body)).not.toContain(`alat-rest-${ref}`);
    const ledgerOnly = await keyWith(businessId, ['ledger:read']);
    expect((await call('GET', `/v1/checkout/requery/${ref}`, { key: ledgerOnly.secret })).status).toBe(403);

    const paid = await call('PUT', `/v1/checkout/${ref}`, { key, body: { amount: 5 } });
    expect(paid.status).toBe(400);
    expect(paid.body.error.code).toBe('BILL_NOT_OPEN');
  });

  it("answers another business's reference as not found and writes nothing it refuses", async () => {
    const created = await call('POST', '/v1/checkout', { key, body: { amount: 1000, email: 'user@gamil.com' } });
    const ref = created.body.data.paymentRef as string;
    const other = await onboardBusiness(server, { name: 'Snoop Ltd' });
    expect((await call('GET', `/v1/checkout/requery/${ref}`, { key: other.testKey })).status).toBe(404);
    const put = await call('PUT', `/v1/checkout/${ref}`, { key: other.testKey, body: { amount: 1 } });
    expect(put.status).toBe(404);
    expect((await call('GET', `/v1/checkout/requery/${ref}`)).status).toBe(401);
    expect((await call('GET', '/v1/checkout/requery/PBNOSUCHBILL1', { key })).status).toBe(404);

    const before = await server.orm.em.fork().count(Bill, {});
    const bad = await call('POST', '/v1/checkout', { key, body: { amount: 1000 } });
    expect(bad.status).toBe(400);
    const badEmail = await call('POST', '/v1/checkout', { key, body: { amount: 1000, email: 'not-an-email' } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.code).toBe('INVALID_EMAIL');
    const nul = await call('POST', '/v1/checkout', { key, body: { amount: 1000, email: 'user@gamil.com', narration: 'x\u0000' } });
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('INVALID_TEXT');
    const unknownShare = await call('POST', '/v1/checkout', {
      key,
      body: { amount: 1000, email: 'user@gamil.com', split: true, subaccounts: [{ accountRef: 'NOT-MINE', amount: 10 }] },
    });
    expect(unknownShare.status).toBe(400);
    expect(unknownShare.body.error.code).toBe('UNKNOWN_ENTITY');
    expect(await server.orm.em.fork().count(Bill, {})).toBe(before);
  });
});

const SEED_002_ALIAS = {
  till_alias: {
    alias: '63675386',
    app_id: 'SCHOOLFEES',
    entity_id: 'ST-MARYS',
    name: 'F. Ngoiya — Term 1',
    memo: 'INV-2026-00481',
    expected_total: '502500.00',
    currency: 'TZS',
    is_active: true,
    created_at: '...',
  },
};

describe('seed 002 over REST', () => {
  let tz: { businessId: string; testKey: string };
  beforeAll(async () => {
    tz = await onboardBusiness(server, { name: 'Finova School Co', country: 'TZ', defaultCurrency: 'TZS' });
  });

  it("registers an app, rotates its secret, creates the seed's entity and issues a Lipa number (once per Idempotency-Key)", async () => {
    const app = await call('POST', '/v1/apps/', {
      key: tz.testKey,
      body: { app_id: 'SCHOOLFEES', name: 'School Fee System', callback_url: 'https://93.184.216.34/hooks' },
    });
    expect(app.status).toBe(201);
    expect(app.body.app).toMatchObject({ app_id: 'SCHOOLFEES', name: 'School Fee System', status: 'active' });
    expect(app.body.app.webhook_secret).toMatch(/^whsec_/);
    const clash = await call('POST', '/v1/apps/', {
      key: tz.testKey,
      body: { app_id: 'SCHOOLFEES', name: 'Again', callback_url: 'https://93.184.216.34/hooks' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: expect.any(String), detail: expect.anything() });

    const rotated = await call('POST', '/v1/apps/SCHOOLFEES/rotate-webhook-secret/', { key: tz.testKey });
    expect(rotated.status).toBe(200);
    expect(rotated.body.app.webhook_secret).toMatch(/^whsec_/);
    expect(rotated.body.app.webhook_secret).not.toBe(app.body.app.webhook_secret);
    expect(rotated.body.app.previous_secret_expires_at).toEqual(expect.any(String));

    const entity = await call('POST', '/v1/apps/SCHOOLFEES/entities/', {
      key: tz.testKey,
      body: {
        entity_id: 'ST-MARYS',
        name: 'St Marys Primary',
        settlement_method: 'mobile_money',
        msisdn: '+255712111222',
        mobile_provider: 'MPESA',
        payout_schedule: 'daily',
        payout_min_amount: '10000',
        payout_currency: 'TZS',
      },
    });
    expect(entity.status).toBe(201);
    expect(entity.body.entity).toMatchObject({
      entity_id: 'ST-MARYS',
      settlement_method: 'mobile_money',
      payout_min_amount: '10000.00',
      kyc_status: 'pending',
    });
    const graphEntity = await server.gql(
      `query { settlementEntity(entityId: "ST-MARYS") { entityId payoutMinAmount { amountMinor currency } } }`,
      {},
      { key: tz.testKey },
    );
    expect(graphEntity.body.data.settlementEntity).toEqual({ entityId: 'ST-MARYS', payoutMinAmount: { amountMinor: 1000000, currency: 'TZS' } });

    const request = {
      app_id: 'SCHOOLFEES',
      entity_id: 'ST-MARYS',
      name: 'F. Ngoiya — Term 1',
      memo: 'INV-2026-00481',
      merchant_amount: '500000',
      currency: 'TZS',
    };
    const headers = { 'idempotency-key': 'alias-INV-2026-00481' };
    const alias = await call('POST', '/v1/till-aliases/', { key: tz.testKey, body: request, headers });
    expect(alias.status).toBe(201);
    expect(missingFields(SEED_002_ALIAS, alias.body)).toEqual([]);
    expect(alias.body.till_alias).toMatchObject({
      app_id: 'SCHOOLFEES',
      entity_id: 'ST-MARYS',
      merchant_amount: '500000.00',
      currency: 'TZS',
      is_active: true,
    });
    const retry = await call('POST', '/v1/till-aliases/', { key: tz.testKey, body: request, headers });
    expect(retry.body).toEqual(alias.body);
    const reused = await call('POST', '/v1/till-aliases/', { key: tz.testKey, body: { ...request, merchant_amount: '1' }, headers });
    expect(reused.status).toBe(409);

    const graph = await server.gql(
      `query ($alias: String!) { tillAlias(alias: $alias) { alias expectedTotalText memo appId entityId } }`,
      { alias: alias.body.till_alias.alias },
      { key: tz.testKey },
    );
    expect(graph.body.data.tillAlias).toEqual({
      alias: alias.body.till_alias.alias,
      expectedTotalText: alias.body.till_alias.expected_total,
      memo: 'INV-2026-00481',
      appId: 'SCHOOLFEES',
      entityId: 'ST-MARYS',
    });
  });

  it("answers in the seed's { error, detail } with its status table, writing nothing", async () => {
    const request = { app_id: 'SCHOOLFEES', entity_id: 'ST-MARYS', name: 'X', merchant_amount: '500000', currency: 'TZS' };
    const noKey = await call('POST', '/v1/till-aliases/', { key: tz.testKey, body: request });
    expect(noKey.status).toBe(400);
    expect(noKey.body.detail).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REQUIRED' })]);
    const unauthenticated = await call('POST', '/v1/till-aliases/', { body: request });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body).toEqual({ error: expect.any(String), detail: 'UNAUTHENTICATED' });
    const narrow = await keyWith(tz.businessId, ['till_alias:read']);
    const scoped = await call('POST', '/v1/till-aliases/', { key: narrow.secret, body: request, headers: { 'idempotency-key': 'k-scope' } });
    expect(scoped.status).toBe(403);
    expect(scoped.body).toEqual({ error: expect.stringContaining('till_alias:create'), detail: { missingScopes: ['till_alias:create'] } });
    const badAmount = await call('POST', '/v1/till-aliases/', {
      key: tz.testKey,
      body: { ...request, merchant_amount: '5e5' },
      headers: { 'idempotency-key': 'k-amount' },
    });
    expect(badAmount.status).toBe(400);
    expect(badAmount.body.error).toEqual(expect.any(String));
    const nul = await call('POST', '/v1/till-aliases/', { key: tz.testKey, body: { ...request, memo: 'a\u0000' }, headers: { 'idempotency-key': 'k-nul' } });
    expect(nul.status).toBe(400);
    expect(nul.body.detail).toEqual([['memo']]);
    // Another business's app and entity are not found (the key's tenant sees only its own).
    const other = await onboardBusiness(server, { name: 'Other TZ', country: 'TZ', defaultCurrency: 'TZS' });
    const foreign = await call('POST', '/v1/till-aliases/', { key: other.testKey, body: request, headers: { 'idempotency-key': 'k-foreign' } });
    expect(foreign.status).toBe(404);
    expect((await call('POST', '/v1/apps/SCHOOLFEES/rotate-webhook-secret/', { key: other.testKey })).status).toBe(404);
    expect(
      (await call('POST', '/v1/apps/SCHOOLFEES/entities/', { key: other.testKey, body: { entity_id: 'E', name: 'E', settlement_method: 'bank' } })).status,
    ).toBe(404);
    const aliases = await server.gql(`query { tillAliases(first: 50) { edges { node { id } } } }`, {}, { key: tz.testKey });
    expect(aliases.body.data.tillAliases.edges).toHaveLength(1);
  });

  it('refuses a live key on an entity that has not passed KYC with 403 entity_not_approved', async () => {
    const live = await liveKeyFor(server, tz.businessId, ['till_alias:create', 'apps:write', 'entities:write']);
    await call('POST', '/v1/apps/', { key: live, body: { app_id: 'LIVEAPP', name: 'Live', callback_url: 'https://93.184.216.34/hooks' } });
    const entity = await call('POST', '/v1/apps/LIVEAPP/entities/', {
      key: live,
      body: { entity_id: 'LIVE-ENT', name: 'Live Entity', settlement_method: 'mobile_money', msisdn: '+255712111333', mobile_provider: 'MPESA' },
    });
    expect(entity.status).toBe(201);
    const refused = await call('POST', '/v1/till-aliases/', {
      key: live,
      body: { app_id: 'LIVEAPP', entity_id: 'LIVE-ENT', name: 'X', merchant_amount: '1000', currency: 'TZS' },
      headers: { 'idempotency-key': 'k-live' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: expect.any(String), detail: 'entity_not_approved' });
  });
});

const SEED_001_REQUEST = {
  id: '7fa09437-64e8-4c38-9a72-2f319c8a1c72',
  meta: {},
  amount: 100000,
  currency: 'BRL',
  orderId: '91',
  orderDescription: '5',
  merchantSubsidyRate: null,
  merchantSubsidyAmount: null,
  installmentsCountMin: null,
  installmentsCountMax: null,
  customerTaxId: '28094307000118',
  createdAt: '2022-07-06T20:07:03.124Z',
  updatedAt: '2022-07-06T20:07:03.124Z',
  expiresOn: '2022-07-08',
  firstInstallmentDate: null,
  code: '7fa09437-64e8-4c38-9a72-2f319c8a1c72',
  url: 'http://finavo.localhost:3001/financing/7fa09437-64e8-4c38-9a72-2f319c8a1c72',
  existingBorrower: true,
  merchantSubsidyType: 'none',
  financingStatus: 'open',
};

describe('seed 001 over REST', () => {
  it("creates a payment request from the seed's fields (amount as a string of cents) as GraphQL reads it", async () => {
    const br = await onboardBusiness(server, { name: 'Loja Exemplo', country: 'BR', defaultCurrency: 'BRL' });
    const body = { amount: '100000', currency: 'BRL', orderId: '91', orderDescription: '5', customerTaxId: '28094307000118', merchantSubsidyType: 'none' };
    const answer = await call('POST', '/api/v1/merchant/payment-requests', { key: br.testKey, body });
    expect(answer.status).toBe(201);
    expect(missingFields(SEED_001_REQUEST, answer.body)).toEqual([]);
    expect(answer.body).toMatchObject({ amount: 100000, currency: 'BRL', orderId: '91', merchantSubsidyType: 'none', financingStatus: 'open' });
    const graph = await server.gql(
      `query ($id: ID!) { paymentRequest(id: $id) { id url expiresOn financingStatus existingBorrower } }`,
      { id: answer.body.id },
      { key: br.testKey },
    );
    expect(graph.body.data.paymentRequest).toEqual({
      id: answer.body.id,
      url: answer.body.url,
      expiresOn: answer.body.expiresOn,
      financingStatus: answer.body.financingStatus.toUpperCase(),
      existingBorrower: answer.body.existingBorrower,
    });
    const bad = await call('POST', '/api/v1/merchant/payment-requests', { key: br.testKey, body: { ...body, customerTaxId: '12345678000100' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'INVALID_TAX_ID' }, requestId: expect.any(String) });
    const notCents = await call('POST', '/api/v1/merchant/payment-requests', { key: br.testKey, body: { ...body, amount: '1.000,99' } });
    expect(notCents.status).toBe(400);
    expect((await call('POST', '/api/v1/merchant/payment-requests', { body })).status).toBe(401);
  });
});

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document that passes the schema and the recommended lint rules', async () => {
    const answer = await call('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.body;
    expect(document.openapi).toMatch(/^3\.1\./);
    for (const path of [
      '/v1/businesses/{businessId}/payments/generate-link',
      '/v1/businesses/{businessId}/payments/tap-to-pay',
      '/v1/checkout',
      '/v1/checkout/requery/{paymentRef}',
      '/v1/checkout/{paymentRef}',
      '/v1/apps/',
      '/v1/apps/{app_id}/rotate-webhook-secret/',
      '/v1/apps/{app_id}/entities/',
      '/v1/till-aliases/',
      '/v1/settlements/',
      '/v1/settlements/{id}/lines/',
      '/v1/settlements/{id}/retry-submission/',
      '/v1/reserves/balance/',
      '/v1/reserves/chargeback/',
      '/api/v1/merchant/payment-requests',
      '/api/v1/merchant/payments',
      '/api/v1/merchant/payments/{id}',
      '/api/v1/merchant/payments/{id}/invoices',
      '/healthz',
      '/v1/webhooks/alat-payment',
      '/v1/webhooks/tips',
      '/v1/webhooks/sandbox-lender',
      '/v1/webhooks/settlement-machine',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    // Seed 002's paths end in a slash, as its integrators call them.
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-contact': 'off', 'no-path-trailing-slash': 'off' } });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    // The health check has no 4xx to document (it takes no input); every other warning counts.
    const warnings = problems
      .filter((p) => !(p.ruleId === 'operation-4xx-response' && p.location[0]?.pointer === '#/paths/~1healthz/get/responses'))
      .map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
    expect(warnings).toEqual([]);
  });

  it('rejects a document that breaks the 3.1 schema (the check can fail)', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const broken = { openapi: '3.1.1', info: { title: 'x' }, paths: { '/x': { get: { responses: { 200: { content: 'nope' } } } } } };
    const problems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: 'broken.json', config });
    expect(problems.some((p) => p.ruleId === 'struct' && p.severity === 'error')).toBe(true);
  });
});
