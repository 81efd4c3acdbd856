import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../server/modules/tenancy/api-key.entity.ts';
import { Business } from '../../server/modules/tenancy/business.entity.ts';
import { createBill, payBill } from '../support/bills.ts';
import { CREATE_INVOICE, invoiceWithLink } from '../support/money-path.ts';
import { CREATE_BUSINESS, onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

const VIEWER = '{ viewer { business { id name plan } mode scopes isPlatformAdmin } }';
const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { id name mode scopes createdAt } secret userErrors { code field message } }
}`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id revokedAt } userErrors { code field message } } }`;
const API_KEYS = `query ($first: Int, $after: String) {
  apiKeys(first: $first, after: $after) { edges { cursor node { id name mode } } pageInfo { hasNextPage endCursor } }
}`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const count = (entity: typeof Business | typeof ApiKey) => server.orm.em.fork().count(entity as typeof Business, {});

describe('onboarding', () => {
  it('the operator creates a business whose test key reads viewer', async () => {
    const { businessId, testKey } = await onboardBusiness(server, { name: 'Kano Textiles', plan: 'RETAIL' });
    expect(testKey).toMatch(/^sk_test_[0-9a-z]{22}\.[A-Za-z0-9_-]{43}$/);

    const viewer = await server.gql(VIEWER, {}, { key: testKey });
    expect(viewer.body.data.viewer).toEqual({
      business: { id: businessId, name: 'Kano Textiles', plan: 'RETAIL' },
      mode: 'TEST',
      scopes: expect.arrayContaining(['api_keys:write', 'invoices:read', 'checkouts:write', 'ledger:read', 'apps:read']),
      isPlatformAdmin: false,
    });
  });

  it('stores only a hash of the secret', async () => {
    const { testKey } = await onboardBusiness(server);
    const secret = testKey.split('.')[1]!;
    const rows = await server.orm.em.getConnection().execute(`select * from api_key`);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('refuses bad input with specific userErrors and writes nothing', async () => {
    const before = [await count(Business), await count(ApiKey)];
    const result = await server.gql(
      CREATE_BUSINESS,
      { input: { name: '  ', plan: 'ENTERPRISE', country: 'Nigeria', defaultCurrency: 'NAIRA' } },
      { key: TEST_ADMIN_KEY },
    );
    expect(result.status).toBe(200);
    const payload = result.body.data.createBusiness;
    expect(payload.business).toBeNull();
    expect(payload.testSecretKey).toBeNull();
    expect(payload.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID_INPUT', 'input.name'],
      ['INVALID_COUNTRY', 'input.country'],
      ['UNSUPPORTED_CURRENCY', 'input.defaultCurrency'],
    ]);
    expect([await count(Business), await count(ApiKey)]).toEqual(before);
  });

  it('is for the operator only', async () => {
    const { testKey } = await onboardBusiness(server);
    const input = { name: 'Sneaky', plan: 'ENTERPRISE', country: 'NG', defaultCurrency: 'NGN' };
    const before = await count(Business);

    const asBusiness = await server.gql(CREATE_BUSINESS, { input }, { key: testKey });
    expect(asBusiness.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await server.gql(CREATE_BUSINESS, { input });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const wrongOperatorKey = await server.gql(CREATE_BUSINESS, { input }, { key: `${TEST_ADMIN_KEY}x` });
    expect(wrongOperatorKey.status).toBe(401);
    expect(await count(Business)).toBe(before);
  });
});

const UPDATE_PLAN = `mutation ($input: UpdateBusinessPlanInput!) {
  updateBusinessPlan(input: $input) { business { id plan } userErrors { code field message } }
}`;
// An unknown invoice: a RETAIL caller is refused before the lookup, an ENTERPRISE one gets NOT_FOUND.
const CREATE_LINK = `mutation { createPaymentLink(input: { invoiceId: "inv_none" }) { paymentLink { id } userErrors { code } } }`;

describe('updateBusinessPlan', () => {
  it('moves a business between plans: a RETAIL business loses payment links, an ENTERPRISE one gains them', async () => {
    const { businessId, testKey } = await onboardBusiness(server, { name: 'Plan Mover', plan: 'RETAIL' });
    const refused = await server.gql(CREATE_LINK, {}, { key: testKey });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('ENTERPRISE_ONLY');

    const upgraded = await server.gql(UPDATE_PLAN, { input: { businessId, plan: 'ENTERPRISE' } }, { key: TEST_ADMIN_KEY });
    expect(upgraded.body.data.updateBusinessPlan).toEqual({ business: { id: businessId, plan: 'ENTERPRISE' }, userErrors: [] });
    expect((await server.orm.em.fork().findOneOrFail(Business, { id: businessId })).plan).toBe('ENTERPRISE');
    // The key's principal (with its plan) is remembered for the authenticator's cache lifetime.
    await expect
      .poll(async () => (await server.gql(CREATE_LINK, {}, { key: testKey })).body.data?.createPaymentLink?.userErrors, { timeout: 10_000, interval: 500 })
      .toEqual([{ code: 'NOT_FOUND' }]);
  });

  it('is for the operator only, and an unknown business is NOT_FOUND with nothing written', async () => {
    const { businessId, testKey } = await onboardBusiness(server, { name: 'Plan Keeper', plan: 'RETAIL' });
    const asBusiness = await server.gql(UPDATE_PLAN, { input: { businessId, plan: 'ENTERPRISE' } }, { key: testKey });
    expect(asBusiness.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await server.gql(UPDATE_PLAN, { input: { businessId, plan: 'ENTERPRISE' } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await server.gql(UPDATE_PLAN, { input: { businessId: 'biz_nope', plan: 'ENTERPRISE' } }, { key: TEST_ADMIN_KEY });
    expect(unknown.body.data.updateBusinessPlan).toEqual({
      business: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'businessId'], message: 'No business with this id.' }],
    });
    expect((await server.orm.em.fork().findOneOrFail(Business, { id: businessId })).plan).toBe('RETAIL');
  });
});

describe('API keys', () => {
  it('creates a scoped key that is FORBIDDEN outside its scopes', async () => {
    const { testKey } = await onboardBusiness(server);
    const created = await server.gql(CREATE_KEY, { input: { name: 'reporting', mode: 'TEST', scopes: ['ledger:read'] } }, { key: testKey });
    const payload = created.body.data.createApiKey;
    expect(payload.userErrors).toEqual([]);
    expect(payload.apiKey).toMatchObject({ name: 'reporting', mode: 'TEST', scopes: ['ledger:read'] });

    const limited = payload.secret as string;
    expect((await server.gql(VIEWER, {}, { key: limited })).body.data.viewer.scopes).toEqual(['ledger:read']);
    const listing = await server.gql(API_KEYS, {}, { key: limited });
    expect(listing.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(listing.body.data).toBeNull();
    const minting = await server.gql(CREATE_KEY, { input: { name: 'x', mode: 'TEST', scopes: ['ledger:read'] } }, { key: limited });
    expect(minting.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('cannot grant scopes the caller lacks, unknown scopes, or the other mode', async () => {
    const { testKey } = await onboardBusiness(server);
    const narrow = (await server.gql(CREATE_KEY, { input: { name: 'n', mode: 'TEST', scopes: ['api_keys:write'] } }, { key: testKey })).body.data.createApiKey
      .secret;
    const before = await count(ApiKey);

    const escalate = await server.gql(CREATE_KEY, { input: { name: 'x', mode: 'TEST', scopes: ['ledger:read'] } }, { key: narrow });
    expect(escalate.body.data.createApiKey.userErrors[0]).toMatchObject({ code: 'SCOPE_NOT_GRANTED', field: ['input', 'scopes'] });
    const unknown = await server.gql(CREATE_KEY, { input: { name: 'x', mode: 'TEST', scopes: ['root'] } }, { key: testKey });
    expect(unknown.body.data.createApiKey.userErrors[0]).toMatchObject({ code: 'UNKNOWN_SCOPE' });
    const live = await server.gql(CREATE_KEY, { input: { name: 'x', mode: 'LIVE', scopes: ['ledger:read'] } }, { key: testKey });
    expect(live.body.data.createApiKey).toMatchObject({ apiKey: null, secret: null, userErrors: [{ code: 'MODE_MISMATCH' }] });
    expect(await count(ApiKey)).toBe(before);
  });

  it('lets the operator issue a live key; live and test data never mix', async () => {
    const { businessId, testKey } = await onboardBusiness(server);
    const issued = await server.gql(
      CREATE_KEY,
      { input: { businessId, name: 'production', mode: 'LIVE', scopes: ['api_keys:read', 'api_keys:write'] } },
      { key: TEST_ADMIN_KEY },
    );
    const liveKey = issued.body.data.createApiKey.secret as string;
    expect(liveKey).toMatch(/^sk_live_/);
    expect((await server.gql(VIEWER, {}, { key: liveKey })).body.data.viewer.mode).toBe('LIVE');

    const testList = (await server.gql(API_KEYS, {}, { key: testKey })).body.data.apiKeys.edges.map((e: any) => e.node.mode);
    expect(testList).toEqual(['TEST']);
    const liveList = (await server.gql(API_KEYS, {}, { key: liveKey })).body.data.apiKeys.edges.map((e: any) => e.node);
    expect(liveList).toEqual([expect.objectContaining({ name: 'production', mode: 'LIVE' })]);

    // A test key cannot revoke the live key: it answers exactly as for an id that does not exist.
    const liveKeyId = liveList[0].id;
    const crossMode = await server.gql(REVOKE_KEY, { id: liveKeyId }, { key: testKey });
    const missing = await server.gql(REVOKE_KEY, { id: 'key_00000000000000000000zz' }, { key: testKey });
    expect(crossMode.body).toEqual(missing.body);
    expect((await server.gql(VIEWER, {}, { key: liveKey })).status).toBe(200);
  });

  it("treats another business's ids exactly like ids that do not exist", async () => {
    const a = await onboardBusiness(server, { name: 'A' });
    const b = await onboardBusiness(server, { name: 'B' });
    const bKeys = (await server.gql(API_KEYS, {}, { key: b.testKey })).body.data.apiKeys.edges;
    const bKeyId = bKeys[0].node.id;

    const foreign = await server.gql(REVOKE_KEY, { id: bKeyId }, { key: a.testKey });
    const missing = await server.gql(REVOKE_KEY, { id: 'key_00000000000000000000zz' }, { key: a.testKey });
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body.data.revokeApiKey.userErrors[0].code).toBe('NOT_FOUND');
    expect((await server.gql(VIEWER, {}, { key: b.testKey })).status).toBe(200);

    const aKeys = (await server.gql(API_KEYS, {}, { key: a.testKey })).body.data.apiKeys.edges.map((e: any) => e.node.id);
    expect(aKeys).not.toContain(bKeyId);

    const foreignBusiness = await server.gql(
      CREATE_KEY,
      { input: { businessId: b.businessId, name: 'x', mode: 'TEST', scopes: ['ledger:read'] } },
      { key: a.testKey },
    );
    const missingBusiness = await server.gql(
      CREATE_KEY,
      { input: { businessId: 'biz_nope', name: 'x', mode: 'TEST', scopes: ['ledger:read'] } },
      { key: a.testKey },
    );
    expect(foreignBusiness.body).toEqual(missingBusiness.body);
  });

  it('a revoked key is refused from then on', async () => {
    const { testKey } = await onboardBusiness(server);
    const created = (await server.gql(CREATE_KEY, { input: { name: 'temp', mode: 'TEST', scopes: ['ledger:read'] } }, { key: testKey })).body.data.createApiKey;
    expect((await server.gql(VIEWER, {}, { key: created.secret })).status).toBe(200);

    const revoked = await server.gql(REVOKE_KEY, { id: created.apiKey.id }, { key: testKey });
    expect(revoked.body.data.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
    const after = await server.gql(VIEWER, {}, { key: created.secret });
    expect(after.status).toBe(401);
    expect(after.body.errors[0]).toMatchObject({ message: 'This API key has been revoked.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('records when a key was last used', async () => {
    const { testKey } = await onboardBusiness(server);
    const keyId = `key_${testKey.slice('sk_test_'.length, testKey.indexOf('.'))}`;
    await server.gql(VIEWER, {}, { key: testKey });
    const key = await server.orm.em.fork().findOneOrFail(ApiKey, { id: keyId });
    expect(key.lastUsedAt?.getTime()).toBe(server.clock.now().getTime());
  });

  it('pages through keys as a Relay connection', async () => {
    const { testKey } = await onboardBusiness(server);
    for (const name of ['k1', 'k2', 'k3', 'k4']) {
      server.clock.advance(1000);
      await server.gql(CREATE_KEY, { input: { name, mode: 'TEST', scopes: ['ledger:read'] } }, { key: testKey });
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: any = (await server.gql(API_KEYS, { first: 2, after }, { key: testKey })).body.data.apiKeys;
      seen.push(...result.edges.map((e: any) => e.node.name));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(['k4', 'k3', 'k2', 'k1', 'Default test key']);
  });
});

describe('scopes of nested objects', () => {
  const LINK_WITH_INVOICE = `query ($id: ID!) { paymentLink(id: $id) { id invoice { customerEmail customerName lineItems { description } } } }`;
  const keyWith = async (owner: string, scopes: string[]) =>
    (await server.gql(CREATE_KEY, { input: { name: scopes.join(' '), mode: 'TEST', scopes } }, { key: owner })).body.data.createApiKey.secret as string;

  it("a field that returns another scope's object needs that scope, wherever it is nested", async () => {
    const { testKey } = await onboardBusiness(server);
    const { invoiceId, linkId } = await invoiceWithLink(server, testKey);
    const checkoutsOnly = await keyWith(testKey, ['checkouts:read']);
    const both = await keyWith(testKey, ['checkouts:read', 'invoices:read']);

    expect((await server.gql(`query ($id: ID!) { invoice(id: $id) { id } }`, { id: invoiceId }, { key: checkoutsOnly })).body.errors[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    const nested = await server.gql(LINK_WITH_INVOICE, { id: linkId }, { key: checkoutsOnly });
    expect(nested.body.errors).toEqual([
      expect.objectContaining({ path: ['paymentLink', 'invoice'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    // invoice is non-null, so the link it sits on is nulled with it.
    expect(nested.body.data).toEqual({ paymentLink: null });
    const listed = await server.gql(`{ paymentLinks(first: 5) { edges { node { invoice { customerEmail } } } } }`, {}, { key: checkoutsOnly });
    expect(listed.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(listed.body.data ?? null)).not.toContain('ada@example.com');
    // The link itself stays readable.
    expect((await server.gql(`query ($id: ID!) { paymentLink(id: $id) { id status } }`, { id: linkId }, { key: checkoutsOnly })).body.data.paymentLink).toEqual(
      { id: linkId, status: 'ACTIVE' },
    );

    expect((await server.gql(LINK_WITH_INVOICE, { id: linkId }, { key: both })).body).toEqual({
      data: { paymentLink: { id: linkId, invoice: { customerEmail: 'ada@example.com', customerName: 'Ada Obi', lineItems: [{ description: 'Consulting' }] } } },
    });
  });

  it("a bill's payments need ledger:read", async () => {
    const { testKey } = await onboardBusiness(server);
    const bill = await createBill(server, testKey, { amountMinor: 5_000 });
    await payBill(server, { paymentRef: bill.paymentRef }, 5_000);
    const query = `query ($ref: String!) { bill(paymentRef: $ref) { paymentRef payments { partnerPaymentId journalEntryId } } }`;
    const refused = await server.gql(query, { ref: bill.paymentRef }, { key: await keyWith(testKey, ['checkouts:read']) });
    expect(refused.body.errors[0]).toMatchObject({ path: ['bill', 'payments', 0], extensions: { code: 'FORBIDDEN' } });
    expect(refused.body.data).toEqual({ bill: null });
    const allowed = await server.gql(query, { ref: bill.paymentRef }, { key: await keyWith(testKey, ['checkouts:read', 'ledger:read']) });
    expect(allowed.body.data.bill.payments).toHaveLength(1);
  });

  it('a key that may write an object sees what its mutation wrote, and nothing nested beyond', async () => {
    const { testKey } = await onboardBusiness(server);
    const writer = await keyWith(testKey, ['invoices:write', 'checkouts:write']);
    const invoice = await server.gql(
      CREATE_INVOICE,
      {
        input: {
          customer: { name: 'Ada', email: 'ada@example.com' },
          currency: 'NGN',
          lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 100 }],
          dueDate: '2026-12-31',
        },
      },
      { key: writer },
    );
    expect(invoice.body.errors).toBeUndefined();
    const invoiceId = invoice.body.data.createInvoice.invoice.id;
    const link = `mutation ($id: ID!) { createPaymentLink(input: { invoiceId: $id }) { paymentLink { id invoice { customerEmail } } userErrors { code } } }`;
    const created = await server.gql(link, { id: invoiceId }, { key: writer });
    expect(created.body.errors[0]).toMatchObject({ path: ['createPaymentLink', 'paymentLink', 'invoice'], extensions: { code: 'FORBIDDEN' } });
    const apiKey = await server.gql(
      CREATE_KEY,
      { input: { name: 'minted', mode: 'TEST', scopes: ['ledger:read'] } },
      { key: await keyWith(testKey, ['api_keys:write', 'ledger:read']) },
    );
    expect(apiKey.body.data.createApiKey.apiKey).toMatchObject({ name: 'minted', scopes: ['ledger:read'] });
  });
});
