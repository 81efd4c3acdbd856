// Issue 15's "How it is checked from outside", over HTTP only (GraphQL, the TIPS route, the app's
// callback endpoint), then TIPS deliveries duplicated and reordered, and a memo naming one of our
// invoices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../server/domain/webhook-signature.ts';
import { outboxEvents } from '../support/bills.ts';
import { approveEntity, issueLiveKey } from '../support/kyc.ts';
import { exactBalances, moneyRowCounts, unbalancedJournals } from '../support/money-path.ts';
import { startReceiver } from '../support/receiver.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';
import { ALIAS, createAlias, deliverTips, newAlias, seedMerchant, tipsPayload } from '../support/till-aliases.ts';

let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200 }));
  server = await startTestServer({
    config: { webhookDelivery: true, allowPrivateWebhookTargets: true, webhookRetrySchedule: [0, 200, 200], maintenanceIntervalMs: 200 },
  });
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

/** One digit changed: what a customer mistyping the number on a keypad sends. */
const typo = (alias: string, i: number) => alias.slice(0, i) + String((Number(alias[i]) + 1) % 10) + alias.slice(i + 1);
const aliasNow = async (key: string, alias: string) => (await server.gql(ALIAS, { alias }, { key })).body.data.tillAlias;
const callbacksFor = (transid: string) => receiver.received.filter((r) => r.path.startsWith('/router') && JSON.parse(r.body).transid === transid);

describe('issue 15, checked from outside', () => {
  it('TZS 500,000 is 502,500.00 with the same alias on retry; no key refused; live needs KYC; TIPS reconciles once; the app gets a verifying callback; a typo is invalid', async () => {
    const { testKey, businessId } = await onboardBusiness(server, { name: 'Finova School', country: 'TZ', defaultCurrency: 'TZS' });
    const { webhookSecret } = await seedMerchant(server, testKey, { callbackUrl: `${receiver.url}/router` });

    // With a test key and an Idempotency-Key: the seed's example, exactly.
    const first = await createAlias(server, testKey, {}, 'alias-INV-2026-00481');
    const alias = first.body.data.createTillAlias.tillAlias;
    expect(first.body.data.createTillAlias.userErrors).toEqual([]);
    expect(alias).toMatchObject({ expectedTotal: { amountMinor: 50_250_000, currency: 'TZS' }, expectedTotalText: '502500.00', fee: { amountMinor: 250_000 } });
    // The same key: the same alias (no second number drawn).
    const retry = await createAlias(server, testKey, {}, 'alias-INV-2026-00481');
    expect(retry.body.data.createTillAlias.tillAlias.alias).toBe(alias.alias);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // Without a key: refused, nothing made.
    const listed = async () => (await server.gql(`{ tillAliases(first: 50) { edges { node { alias } } } }`, {}, { key: testKey })).body.data.tillAliases.edges;
    const count = (await listed()).length;
    const keyless = await createAlias(server, testKey, {}, null);
    expect(keyless.body.data.createTillAlias).toMatchObject({ tillAlias: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_REQUIRED' }] });
    expect((await listed()).length).toBe(count);

    // A live key against a PENDING entity: ENTITY_NOT_APPROVED; once the operator approves, it succeeds.
    const live = await issueLiveKey(server, businessId, ['till_alias:create', 'till_alias:read', 'settlements:write', 'settlements:read', 'apps:write']);
    await seedMerchant(server, live); // live callbacks must be https
    const pending = await createAlias(server, live, {}, 'live-1');
    expect(pending.body.errors[0].extensions).toMatchObject({ code: 'ENTITY_NOT_APPROVED', kycStatus: 'PENDING' });
    await approveEntity(server, live, { businessId, mode: 'LIVE', entityId: 'ST-MARYS' });
    const approved = await createAlias(server, live, {}, 'live-2');
    expect(approved.body.data.createTillAlias.tillAlias.expectedTotal.amountMinor).toBe(50_250_000);

    // A signed TIPS notification reconciles once; a duplicate transid changes nothing.
    const before = await exactBalances(server, testKey);
    const payload = tipsPayload({ utilityref: alias.alias, amount: '502500', transid: '504-APCTZ-OUTSIDE', phone: '255787123456' });
    const paid = await deliverTips(server, payload);
    expect(paid).toMatchObject({ status: 200, body: { received: true, status: 'paid' } });
    const counts = await moneyRowCounts(server);
    expect(await deliverTips(server, payload)).toEqual(paid);
    expect(await moneyRowCounts(server)).toEqual({ ...counts, deliveries: counts.deliveries + 1 });
    const after = await exactBalances(server, testKey);
    expect((after['2200'] ?? 0n) - (before['2200'] ?? 0n)).toBe(50_000_000n); // the entity's payable: TZS 500,000
    expect((after['4100'] ?? 0n) - (before['4100'] ?? 0n)).toBe(250_000n); // fee income: TZS 2,500
    expect(await unbalancedJournals(server)).toEqual([]);
    expect(await aliasNow(testKey, alias.alias)).toMatchObject({ status: 'PAID', paymentCount: 1 });

    // The app's callback: the seed's payload, once, with a signature that verifies.
    const [delivered, ...more] = (await receiver.waitFor(() => callbacksFor('504-APCTZ-OUTSIDE').length >= 1), callbacksFor('504-APCTZ-OUTSIDE'));
    expect(JSON.parse(delivered!.body)).toEqual({
      webhook_id: delivered!.headers['x-webhook-id'],
      transid: '504-APCTZ-OUTSIDE',
      amount: '502500.00',
      currency: 'TZS',
      phone: '255787123456',
      app_id: 'SCHOOLFEES',
      memo: 'INV-2026-00481',
      utilityref: alias.alias,
      result: 'SUCCESS',
      received_at: '2026-12-02T10:00:00Z',
    });
    expect(verifyWebhook({ secret: webhookSecret, headers: delivered!.headers, rawBody: delivered!.body, now: server.clock.now() }).ok).toBe(true);
    expect(verifyWebhook({ secret: 'whsec_wrong', headers: delivered!.headers, rawBody: delivered!.body, now: server.clock.now() }).ok).toBe(false);
    expect(more).toEqual([]);

    // A one-digit typo of the alias is rejected as invalid, before any lookup, over both doors.
    for (let i = 0; i < alias.alias.length; i++) {
      const mistyped = typo(alias.alias, i);
      expect((await server.gql(ALIAS, { alias: mistyped }, { key: testKey })).body.errors[0].extensions.code).toBe('INVALID_LIPA_NUMBER');
      expect((await deliverTips(server, { ...payload, transid: `TYPO-${i}`, utilityref: mistyped })).body).toEqual({
        error: expect.any(String),
        detail: 'INVALID_UTILITYREF',
      });
    }
    expect(await exactBalances(server, testKey)).toEqual(after);
  });
});

describe('TIPS notifications duplicated and reordered', () => {
  let key: string;
  beforeAll(async () => {
    ({ testKey: key } = await onboardBusiness(server, { name: 'Replay School', country: 'TZ', defaultCurrency: 'TZS' }));
    await seedMerchant(server, key, { callbackUrl: `${receiver.url}/router` });
  });

  it('eight concurrent copies of one notification make one payment, one journal and one callback', async () => {
    const alias = await newAlias(server, key, { memo: 'INV-CONCURRENT' });
    const before = await exactBalances(server, key);
    const payload = tipsPayload({ utilityref: alias.alias, amount: '502500', transid: `CONC-${alias.alias}` });
    const counts = await moneyRowCounts(server);
    const answers = await Promise.all([...Array(8)].map(() => deliverTips(server, payload)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 200, body: { status: 'paid' } });
    const now = await moneyRowCounts(server);
    expect(now.payments - counts.payments).toBe(1);
    expect(now.journals - counts.journals).toBe(1);
    expect(now.deliveries - counts.deliveries).toBe(8);
    const after = await exactBalances(server, key);
    expect((after['2200'] ?? 0n) - (before['2200'] ?? 0n)).toBe(50_000_000n);
    expect((after['4100'] ?? 0n) - (before['4100'] ?? 0n)).toBe(250_000n);
    await receiver.waitFor(() => callbacksFor(payload.transid).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(callbacksFor(payload.transid)).toHaveLength(1);
  });

  it('a failure reported after the success of the same transid is recorded and moves nothing; the alias stays paid', async () => {
    const alias = await newAlias(server, key, { memo: 'INV-LATE-FAILURE' });
    const success = tipsPayload({ utilityref: alias.alias, amount: '502500', transid: `LATE-${alias.alias}` });
    expect((await deliverTips(server, success)).body.status).toBe('paid');
    const balances = await exactBalances(server, key);
    const late = { ...success, result: 'TIMEOUT' };
    expect((await deliverTips(server, late)).body).toEqual({ received: true, receipt_number: null, status: 'recorded' });
    expect((await deliverTips(server, late)).status).toBe(200);
    // The success again, after the failure: still the first answer.
    expect((await deliverTips(server, success)).body.status).toBe('paid');
    expect(await exactBalances(server, key)).toEqual(balances);
    expect(await aliasNow(key, alias.alias)).toMatchObject({ status: 'PAID', paymentCount: 1, failedAttemptCount: 1 });
  });

  it('partial payments delivered out of order, each twice, in any interleaving, sum to the same balances', async () => {
    const parts = ['1000.00', '2000.00', '3030.00']; // 6,030.00: the total with its fee
    const results: Array<Record<string, bigint>> = [];
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
    ]) {
      const { testKey: k } = await onboardBusiness(server, { name: `Order ${order.join('')}`, country: 'TZ', defaultCurrency: 'TZS' });
      await seedMerchant(server, k);
      const alias = await newAlias(server, k, { paymentMode: 'PARTIAL_AND_OVER', merchantAmountMinor: 600_000 });
      for (const i of order) {
        const payload = tipsPayload({ utilityref: alias.alias, amount: parts[i]!, transid: `ORD-${alias.alias}-${i}` });
        await Promise.all([deliverTips(server, payload), deliverTips(server, payload)]);
      }
      expect(await aliasNow(k, alias.alias)).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 603_000 }, paymentCount: 3 });
      results.push(await exactBalances(server, k));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]!['4100']).toBe(3_000n); // the fee (0.5 % of 6,000.00), exactly once in all
  });
});

describe('a memo naming one of our invoices', () => {
  const INVOICE = `query ($id: ID!) { invoice(id: $id) { number status amountPaid { amountMinor } } }`;
  const createInvoice = async (key: string, number: string, totalMinor: number, currency = 'TZS') => {
    const result = await server.gql(
      `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number } userErrors { code message } } }`,
      {
        input: {
          number,
          customer: { name: 'F. Ngoiya', email: 'ngoiya@example.com' },
          currency,
          lineItems: [{ description: 'Term 1 school fees', quantity: 1, unitAmountMinor: totalMinor }],
          dueDate: '2026-12-31',
        },
      },
      { key },
    );
    const invoice = result.body.data?.createInvoice?.invoice;
    if (!invoice) throw new Error(JSON.stringify(result.body));
    return invoice.id as string;
  };
  const invoiceNow = async (key: string, id: string) => (await server.gql(INVOICE, { id }, { key })).body.data.invoice;

  it('applies the merchant amount to the invoice (the fee is not the invoice’s), once; the entity is still owed it and the ledger balances', async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Invoice School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, key);
    const invoiceId = await createInvoice(key, 'INV-2026-00481', 50_000_000);
    const alias = await newAlias(server, key, { memo: 'INV-2026-00481' });
    const before = await exactBalances(server, key);
    expect(before['1200']).toBe(50_000_000n); // the invoice's receivable
    const payload = tipsPayload({ utilityref: alias.alias, amount: '502500' });
    expect((await deliverTips(server, payload)).body.status).toBe('paid');
    expect(await deliverTips(server, payload)).toMatchObject({ status: 200 });
    expect(await invoiceNow(key, invoiceId)).toEqual({ number: 'INV-2026-00481', status: 'PAID', amountPaid: { amountMinor: 50_000_000 } });
    const after = await exactBalances(server, key);
    expect(after['1200']).toBe(0n); // settled
    expect((after['4000'] ?? 0n) - (before['4000'] ?? 0n)).toBe(-50_000_000n); // its revenue passes to the entity …
    expect((after['2200'] ?? 0n) - (before['2200'] ?? 0n)).toBe(50_000_000n); // … who is owed the merchant amount
    expect((after['4100'] ?? 0n) - (before['4100'] ?? 0n)).toBe(250_000n);
    expect(await unbalancedJournals(server)).toEqual([]);
    const paidEvents = (await outboxEvents(server, ['invoice.paid'])).filter((e) => e.payload.invoiceId === invoiceId);
    expect(paidEvents.map((e) => [e.payload.checkoutId, e.payload.amountPaidMinor, e.payload.amountDueMinor])).toEqual([[alias.id, 50_000_000, 0]]);
    const payments = await server.orm.em.getConnection().execute(`select invoice_id from payment where partner_payment_id = ?`, [payload.transid]);
    expect(payments).toEqual([{ invoice_id: invoiceId }]);
  });

  it('partial payments pay it partly then fully, never past its total; an overpayment stays the entity’s', async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Partial Invoice School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, key);
    const invoiceId = await createInvoice(key, 'INV-P-1', 1_000_000);
    const alias = await newAlias(server, key, { memo: 'INV-P-1', paymentMode: 'PARTIAL_AND_OVER', merchantAmountMinor: 1_000_000 }); // fee 5,000
    await deliverTips(server, tipsPayload({ utilityref: alias.alias, amount: '5025.00', transid: 'P-1' }));
    expect(await invoiceNow(key, invoiceId)).toMatchObject({ status: 'PARTIALLY_PAID', amountPaid: { amountMinor: 500_000 } });
    await deliverTips(server, tipsPayload({ utilityref: alias.alias, amount: '6000.00', transid: 'P-2' }));
    expect(await invoiceNow(key, invoiceId)).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 1_000_000 } });
    const balances = await exactBalances(server, key);
    expect(balances['1200']).toBe(0n);
    expect(balances['4100']).toBe(5_000n);
    expect(balances['2200']).toBe(1_102_500n - 5_000n); // all that applied, less the fee
    expect(await unbalancedJournals(server)).toEqual([]);
  });

  it('leaves alone an invoice of another business or mode, in another currency, or already paid; a memo naming nothing is just a memo', async () => {
    const { testKey: key, businessId } = await onboardBusiness(server, { name: 'Careful School', country: 'TZ', defaultCurrency: 'TZS' });
    const { testKey: other } = await onboardBusiness(server, { name: 'Other School', country: 'TZ', defaultCurrency: 'TZS' });
    await seedMerchant(server, key);
    const othersInvoice = await createInvoice(other, 'INV-SHARED', 50_000_000);
    const live = await issueLiveKey(server, businessId, ['invoices:write', 'invoices:read']);
    const liveInvoice = await createInvoice(live, 'INV-LIVE', 50_000_000);
    const shillingless = await createInvoice(key, 'INV-NGN', 50_000_000, 'NGN');
    for (const memo of ['INV-SHARED', 'INV-LIVE', 'INV-NGN', 'INV-NONE']) {
      const alias = await newAlias(server, key, { memo });
      expect((await deliverTips(server, tipsPayload({ utilityref: alias.alias, amount: '502500' }))).body.status).toBe('paid');
    }
    expect((await invoiceNow(other, othersInvoice)).status).toBe('OPEN');
    expect((await invoiceNow(live, liveInvoice)).status).toBe('OPEN');
    expect((await invoiceNow(key, shillingless)).status).toBe('OPEN');
    // Paid already (by a first alias), a second alias naming it pays only its entity.
    const invoiceId = await createInvoice(key, 'INV-TWICE', 50_000_000);
    for (const _ of [1, 2]) {
      const alias = await newAlias(server, key, { memo: 'INV-TWICE' });
      await deliverTips(server, tipsPayload({ utilityref: alias.alias, amount: '502500' }));
    }
    expect(await invoiceNow(key, invoiceId)).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 50_000_000 } });
    const balances = await exactBalances(server, key);
    expect(balances['1200']).toBe(50_000_000n); // the NGN invoice's, still open
    expect(balances['2200']).toBe(6n * 50_000_000n);
    expect(await unbalancedJournals(server)).toEqual([]);
  });
});
