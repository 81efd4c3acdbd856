import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidLipaNumber } from '../../server/domain/lipa-number.ts';
import { outboxEvents } from '../support/bills.ts';
import { approveEntity, issueLiveKey } from '../support/kyc.ts';
import { exactBalances, moneyRowCounts, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';
import { ALIAS, createAlias, deliverTips, newAlias, registerApp, seedMerchant, tipsPayload } from '../support/till-aliases.ts';
import { createEntity } from '../support/bills.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
  ({ testKey: key, businessId } = await onboardBusiness(server, { name: 'Finova School', country: 'TZ', defaultCurrency: 'TZS' }));
  await seedMerchant(server, key);
});
afterAll(() => server.close());

const rowCount = async (table: string) =>
  Number(((await server.orm.em.getConnection().execute(`select count(*) as n from ${table}`)) as Array<{ n: string }>)[0]!.n);
const codes = (result: { body: any }) => result.body.data.createTillAlias.userErrors.map((e: any) => e.code);
const aliasNow = async (alias: string, k = key) => (await server.gql(ALIAS, { alias }, { key: k })).body.data.tillAlias;
/** One digit of `alias` changed (position i, +1 mod 10): a typo the check digit must catch. */
const typo = (alias: string, i = 3) => alias.slice(0, i) + String((Number(alias[i]) + 1) % 10) + alias.slice(i + 1);

describe('till aliases: issuing Lipa numbers', () => {
  it("shows the seed's example exactly: TZS 500,000 is TZS 502,500.00 to pay, with a valid 8-digit number", async () => {
    const alias = await newAlias(server, key);
    expect(alias).toMatchObject({
      appId: 'SCHOOLFEES',
      entityId: 'ST-MARYS',
      name: 'F. Ngoiya — Term 1',
      memo: 'INV-2026-00481',
      currency: 'TZS',
      merchantAmount: { amountMinor: 50_000_000, currency: 'TZS' },
      fee: { amountMinor: 250_000 },
      feeRateBasisPoints: 50,
      expectedTotal: { amountMinor: 50_250_000, currency: 'TZS' },
      expectedTotalText: '502500.00',
      paymentMode: 'EXACT',
      status: 'OPEN',
      isActive: true,
      paymentUrl: `https://pay.example.com/p/${alias.id}`,
    });
    expect(alias.alias).toMatch(/^[1-9]\d{7}$/);
    expect(isValidLipaNumber(alias.alias)).toBe(true);
  });

  it('needs an Idempotency-Key, and a retry with it returns the same alias without drawing another number', async () => {
    const before = await rowCount('till_alias');
    const refused = await createAlias(server, key, {}, null);
    expect(codes(refused)).toEqual(['IDEMPOTENCY_KEY_REQUIRED']);
    expect(await rowCount('till_alias')).toBe(before);

    const first = await createAlias(server, key, { memo: 'INV-RETRY' }, 'alias-INV-RETRY');
    const retry = await createAlias(server, key, { memo: 'INV-RETRY' }, 'alias-INV-RETRY');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await rowCount('till_alias')).toBe(before + 1);
    // The same key with another body is refused, not a second alias.
    const reused = await createAlias(server, key, { memo: 'INV-OTHER' }, 'alias-INV-RETRY');
    expect(reused.status).toBe(422);
    expect(await rowCount('till_alias')).toBe(before + 1);
  });

  it('numbers are unique and never reused, across businesses and modes', async () => {
    const { testKey: other } = await onboardBusiness(server, { name: 'Other School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, other);
    const made = await Promise.all([...Array(12).keys()].map((i) => newAlias(server, i % 2 ? key : other, { memo: `INV-U-${i}` })));
    const numbers = made.map((a) => a.alias);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => isValidLipaNumber(n))).toBe(true);
    const stored = (await server.orm.em.getConnection().execute(`select alias from till_alias`)) as Array<{ alias: string }>;
    expect(new Set(stored.map((r) => r.alias)).size).toBe(stored.length);
  });

  it('refuses bad input, unknown apps and entities, writing nothing', async () => {
    const before = await rowCount('till_alias');
    expect(codes(await createAlias(server, key, { appId: 'NOPE' }))).toEqual(['APP_NOT_FOUND']);
    expect(codes(await createAlias(server, key, { entityId: 'NOPE' }))).toEqual(['ENTITY_NOT_FOUND']);
    expect(codes(await createAlias(server, key, { merchantAmountMinor: 0 }))).toEqual(['INVALID_AMOUNT']);
    expect(codes(await createAlias(server, key, { merchantAmountMinor: 9_007_199_254_740_991 }))).toEqual(['AMOUNT_TOO_LARGE']);
    expect(codes(await createAlias(server, key, { currency: 'XXX' }))).toEqual(['UNSUPPORTED_CURRENCY']);
    expect(codes(await createAlias(server, key, { name: '  ' }))).toEqual(['INVALID_INPUT']);
    expect(codes(await createAlias(server, key, { memo: 'x'.repeat(201) }))).toEqual(['INVALID_INPUT']);
    const nul = await createAlias(server, key, { name: 'bad\u0000name' });
    expect(nul.body.data.createTillAlias.userErrors[0].code).toBe('INVALID_TEXT');
    expect(await rowCount('till_alias')).toBe(before);
  });

  it('is scoped: another business sees nothing, a key without the scopes is refused, a typo is refused as invalid', async () => {
    const alias = await newAlias(server, key, { memo: 'INV-SCOPE' });
    const { testKey: other } = await onboardBusiness(server, { name: 'Snoop' });
    expect(await aliasNow(alias.alias, other)).toBeNull();
    const readOnly = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { name: 'read', mode: 'TEST', scopes: ['till_alias:read'] } },
      { key },
    );
    const reader = readOnly.body.data.createApiKey.secret;
    expect((await aliasNow(alias.alias, reader)).alias).toBe(alias.alias);
    const write = await createAlias(server, reader);
    expect(write.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const deactivate = await server.gql(`mutation { deactivateTillAlias(alias: "${alias.alias}") { tillAlias { isActive } } }`, {}, { key: reader });
    expect(deactivate.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const noRead = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { name: 'checkouts', mode: 'TEST', scopes: ['checkouts:read'] } },
      { key },
    );
    expect((await server.gql(ALIAS, { alias: alias.alias }, { key: noRead.body.data.createApiKey.secret })).body.errors[0].extensions.code).toBe('FORBIDDEN');
    const typoed = await server.gql(ALIAS, { alias: typo(alias.alias) }, { key });
    expect(typoed.body.errors[0].extensions.code).toBe('INVALID_LIPA_NUMBER');
    const list = await server.gql(`{ tillAliases(first: 50, entityId: "ST-MARYS", isActive: true) { edges { node { alias } } } }`, {}, { key });
    expect(list.body.data.tillAliases.edges.map((e: any) => e.node.alias)).toContain(alias.alias);
    const otherList = await server.gql(`{ tillAliases(first: 50) { edges { node { alias } } } }`, {}, { key: other });
    expect(otherList.body.data.tillAliases.edges).toEqual([]);
  });

  it('a live key needs the entity approved (ENTITY_NOT_APPROVED), then succeeds; test keys skip the gate', async () => {
    const live = await issueLiveKey(server, businessId, ['till_alias:create', 'till_alias:read', 'settlements:write', 'settlements:read', 'apps:write']);
    await registerApp(server, live, 'SCHOOLFEES');
    await createEntity(server, live, 'ST-MARYS');
    const before = await rowCount('till_alias');
    const refused = await createAlias(server, live);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'ENTITY_NOT_APPROVED', entityId: 'ST-MARYS', kycStatus: 'PENDING' });
    expect(refused.body.data).toBeNull();
    expect(await rowCount('till_alias')).toBe(before);
    await approveEntity(server, live, { businessId, mode: 'LIVE', entityId: 'ST-MARYS' });
    const created = await createAlias(server, live);
    expect(created.body.data.createTillAlias.tillAlias.expectedTotal.amountMinor).toBe(50_250_000);
  });

  it("prices with the operator's override for the business or one entity, from its date on", async () => {
    const set = (input: Record<string, unknown>) =>
      server.gql(
        `mutation ($input: SetPlatformFeeInput!) { setPlatformFee(input: $input) { rule { rateBasisPoints currency } userErrors { code } } }`,
        { input: { businessId, mode: 'TEST', currency: 'TZS', ...input } },
        { key: TEST_ADMIN_KEY },
      );
    const { testKey: fresh, businessId: freshId } = await onboardBusiness(server, { name: 'Fee Co', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, fresh);
    await createEntity(server, fresh, 'CHEAP');
    const overrideFor = (input: Record<string, unknown>) => set({ businessId: freshId, ...input });
    expect((await overrideFor({ rateBasisPoints: 100, minimumMinor: 100_000, maximumMinor: 50_000 })).body.data.setPlatformFee.userErrors[0].code).toBe(
      'INVALID_FEE',
    );
    expect((await set({ rateBasisPoints: 100 })).body.data.setPlatformFee.rule).toBeDefined();
    expect(
      (
        await server.gql(
          `mutation { setPlatformFee(input: { businessId: "x", mode: TEST, currency: "TZS", rateBasisPoints: 1 }) { rule { id } } }`,
          {},
          { key: fresh },
        )
      ).body.errors[0].extensions.code,
    ).toBe('FORBIDDEN');
    await overrideFor({ rateBasisPoints: 30, maximumMinor: 100_000 });
    await overrideFor({ entityId: 'CHEAP', rateBasisPoints: 10 });
    await overrideFor({ rateBasisPoints: 5, effectiveFrom: new Date(server.clock.now().getTime() + 86_400_000).toISOString() });
    expect((await newAlias(server, fresh)).fee.amountMinor).toBe(100_000); // 0.3 % is 150,000, held to the maximum
    expect((await newAlias(server, fresh, { entityId: 'CHEAP' })).fee.amountMinor).toBe(50_000);
    expect((await newAlias(server, fresh, { merchantAmountMinor: 1_000_000 })).fee.amountMinor).toBe(3_000);
  });
});

describe('till aliases: TIPS notifications', () => {
  it('reconcile once: the entity is owed the merchant amount, the fee is platform income, a duplicate changes nothing', async () => {
    const { testKey: k } = await onboardBusiness(server, { name: 'Ledger School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, k);
    const alias = await newAlias(server, k);
    const before = await exactBalances(server, k);
    const payload = tipsPayload({ utilityref: alias.alias, amount: '502500' });
    const first = await deliverTips(server, payload);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, receipt_number: expect.stringMatching(/^REC-/), status: 'paid' });
    const counts = await moneyRowCounts(server);
    const again = await deliverTips(server, payload);
    expect(again).toEqual(first);
    expect(await moneyRowCounts(server)).toEqual({ ...counts, deliveries: counts.deliveries + 1 });

    const after = await exactBalances(server, k);
    expect((after['2200'] ?? 0n) - (before['2200'] ?? 0n)).toBe(50_000_000n);
    expect((after['4100'] ?? 0n) - (before['4100'] ?? 0n)).toBe(250_000n);
    expect(after['1100']).toBe(50_250_000n);
    expect(await unbalancedJournals(server)).toEqual([]);
    expect(await aliasNow(alias.alias, k)).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 50_250_000 }, paymentCount: 1 });
    const entity = await server.gql(`{ settlementEntity(entityId: "ST-MARYS") { payable { amountMinor currency } } }`, {}, { key: k });
    expect(entity.body.data.settlementEntity.payable).toEqual([{ amountMinor: 50_000_000, currency: 'TZS' }]);
  });

  it('refuse a bad signature, a typo of the number and malformed bodies, writing nothing', async () => {
    const alias = await newAlias(server, key, { memo: 'INV-REFUSE' });
    const counts = await moneyRowCounts(server);
    const payload = tipsPayload({ utilityref: alias.alias, amount: '502500' });
    expect((await deliverTips(server, payload, { signature: null })).status).toBe(401);
    expect((await deliverTips(server, payload, { secret: 'wrong' })).status).toBe(401);
    for (let i = 0; i < 8; i++) {
      const refused = await deliverTips(server, { ...payload, utilityref: typo(alias.alias, i) });
      expect(refused.status, `typo at ${i}`).toBe(400);
      expect(refused.body).toEqual({ error: expect.any(String), detail: 'INVALID_UTILITYREF' });
    }
    const swapped = alias.alias.slice(0, 2) + alias.alias[3] + alias.alias[2] + alias.alias.slice(4);
    if (swapped !== alias.alias) expect((await deliverTips(server, { ...payload, utilityref: swapped })).status).toBe(400);
    expect((await deliverTips(server, { ...payload, amount: '12.345' })).body.detail).toBe('MALFORMED_BODY');
    expect((await deliverTips(server, { ...payload, amount: '-5' })).body.detail).toBe('MALFORMED_BODY');
    expect((await deliverTips(server, { ...payload, currency: 'XXX' })).body.detail).toBe('MALFORMED_BODY');
    expect((await deliverTips(server, { ...payload, transid: 'a\u0000b' })).body.detail).toBe('INVALID_TEXT');
    expect((await deliverTips(server, null, { raw: '{not json' })).body.detail).toBe('MALFORMED_BODY');
    expect(await moneyRowCounts(server)).toEqual(counts);
  });

  it('a result other than SUCCESS records a failed attempt once and moves no balance', async () => {
    const { testKey: k } = await onboardBusiness(server, { name: 'Failing School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, k);
    const alias = await newAlias(server, k);
    const before = await exactBalances(server, k);
    const payments = await rowCount('payment');
    const failed = tipsPayload({ utilityref: alias.alias, amount: '502500', result: 'INSUFFICIENT_FUNDS' });
    expect((await deliverTips(server, failed)).body).toEqual({ received: true, receipt_number: null, status: 'recorded' });
    expect((await deliverTips(server, failed)).status).toBe(200);
    expect(await rowCount('payment')).toBe(payments);
    expect(await exactBalances(server, k)).toEqual(before);
    expect(await aliasNow(alias.alias, k)).toMatchObject({ status: 'OPEN', failedAttemptCount: 1, paymentCount: 0 });
    const callbacks = (await outboxEvents(server, ['till_alias.payment'])).filter((e) => e.payload.transid === failed.transid);
    expect(callbacks.map((e) => e.payload.result)).toEqual(['INSUFFICIENT_FUNDS']);
    // The same transid later succeeding is a payment of its own.
    expect((await deliverTips(server, { ...failed, result: 'SUCCESS' })).body.status).toBe('paid');
  });

  it('EXACT keeps a wrong amount as the payer’s credit; an inactive alias keeps money too, never refusing it', async () => {
    const { testKey: k } = await onboardBusiness(server, { name: 'Exact School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, k);
    const alias = await newAlias(server, k);
    const under = await deliverTips(server, tipsPayload({ utilityref: alias.alias, amount: '500000' }));
    expect(under.status).toBe(200);
    const exceptions = async () =>
      (await outboxEvents(server, ['payment.exception'])).filter((e) => e.payload.checkoutId === alias.id).map((e) => e.payload.reason);
    expect(await exceptions()).toEqual(['UNDERPAYMENT']);
    expect(await aliasNow(alias.alias, k)).toMatchObject({ status: 'OPEN', amountPaid: { amountMinor: 0 }, paymentCount: 1 });
    const off = await server.gql(
      `mutation ($a: String!) { deactivateTillAlias(alias: $a) { tillAlias { isActive } userErrors { code } } }`,
      { a: alias.alias },
      { key: k },
    );
    expect(off.body.data.deactivateTillAlias.tillAlias.isActive).toBe(false);
    const late = await deliverTips(server, tipsPayload({ utilityref: alias.alias, amount: '502500' }));
    expect(late.status).toBe(200);
    expect(await exceptions()).toEqual(['UNDERPAYMENT', 'ALIAS_INACTIVE']);
    const balances = await exactBalances(server, k);
    expect(balances['2100']).toBe(50_000_000n + 50_250_000n);
    expect(balances['2200'] ?? 0n).toBe(0n);
    const typoed = await server.gql(`mutation ($a: String!) { deactivateTillAlias(alias: $a) { userErrors { code } } }`, { a: typo(alias.alias) }, { key: k });
    expect(typoed.body.data.deactivateTillAlias.userErrors[0].code).toBe('INVALID_LIPA_NUMBER');
  });

  it('PARTIAL_AND_OVER applies every payment, in any order and concurrently; the fee shares sum to the fee exactly', async () => {
    const { testKey: k } = await onboardBusiness(server, { name: 'Partial School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, k);
    const alias = await newAlias(server, k, { paymentMode: 'PARTIAL_AND_OVER', merchantAmountMinor: 1_000_003 }); // fee 5,000 (5,000.015 rounded)
    expect(alias.fee.amountMinor).toBe(5_000);
    const parts = ['3333.33', '2500.01', '1234.56', '2987.13', '10.00']; // 10,065.03: 15 over the total of 10,050.03
    const payloads = parts.map((amount, i) => tipsPayload({ utilityref: alias.alias, amount, transid: `PART-${alias.alias}-${i}` }));
    // Reordered and concurrent, each delivered twice.
    const answers = await Promise.all([...payloads].reverse().flatMap((p) => [deliverTips(server, p), deliverTips(server, p)]));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const after = await aliasNow(alias.alias, k);
    expect(after).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 1_006_503 }, paymentCount: 5 });
    const balances = await exactBalances(server, k);
    expect(balances['4100']).toBe(5_000n);
    expect(balances['2200']).toBe(1_006_503n - 5_000n);
    expect(await unbalancedJournals(server)).toEqual([]);
  });
});
