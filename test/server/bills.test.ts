import { cspDirective } from '../support/csp.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueCheckouts } from '../../server/modules/checkouts/expiry.service.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import { billNow, CREATE_BILL, CREATE_ENTITY, createBill, createEntity, outboxEvents, payBill } from '../support/bills.ts';
import { moneyRowCounts, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
  ({ testKey: key } = await onboardBusiness(server, { name: 'Bills Ltd' }));
});
afterAll(() => server.close());

const errorCodes = (result: { body: any }, field: string) => result.body.data[field].userErrors.map((e: any) => e.code);
const rowCount = async (table: string) =>
  Number(((await server.orm.em.getConnection().execute(`select count(*) as n from ${table}`)) as Array<{ n: string }>)[0]!.n);
const billCount = () => rowCount('bill');

describe('settlement entities', () => {
  it('creates bank and mobile-money entities, each with its own payable account at zero', async () => {
    const mobile = await createEntity(server, key, 'ST-MARYS');
    expect(mobile).toMatchObject({ entityId: 'ST-MARYS', settlementMethod: 'MOBILE_MONEY', msisdn: '+255712111222', payoutSchedule: 'DAILY' });
    expect(mobile.payable).toEqual([{ amountMinor: 0, currency: 'NGN' }]);
    const bank = await server.gql(
      CREATE_ENTITY,
      {
        input: {
          entityId: 'VENDOR-1',
          name: 'Vendor One',
          settlementMethod: 'BANK',
          bankName: 'Alat',
          bankAccountNumber: '0123456789',
          bankAccountName: 'Vendor One Ltd',
          bankSwift: 'WEMANGLA',
          payoutSchedule: 'WEEKLY',
          payoutWeekday: 1,
          payoutMinAmount: 10_000,
          payoutCurrency: 'NGN',
        },
      },
      { key },
    );
    expect(bank.body.data.createSettlementEntity).toMatchObject({
      settlementEntity: { entityId: 'VENDOR-1', bankName: 'Alat', payoutSchedule: 'WEEKLY', payoutMinAmount: { amountMinor: 10_000, currency: 'NGN' } },
      userErrors: [],
    });
    const list = await server.gql('{ settlementEntities(first: 10) { edges { node { entityId } } } }', {}, { key });
    expect(list.body.data.settlementEntities.edges.map((e: any) => e.node.entityId)).toEqual(expect.arrayContaining(['ST-MARYS', 'VENDOR-1']));
  });

  it('refuses bad numbers, missing or foreign details and duplicates, writing nothing', async () => {
    const before = await rowCount('settlement_entity');
    const attempt = async (input: Record<string, unknown>) =>
      errorCodes(
        await server.gql(CREATE_ENTITY, { input: { entityId: 'X-1', name: 'X', settlementMethod: 'MOBILE_MONEY', ...input } }, { key }),
        'createSettlementEntity',
      );
    expect(await attempt({ msisdn: '0712111222', mobileProvider: 'MPESA' })).toEqual(['INVALID_MSISDN']);
    expect(await attempt({ mobileProvider: 'MPESA' })).toEqual(['REQUIRED']);
    expect(await attempt({ msisdn: '+255712111222', mobileProvider: 'MPESA', bankName: 'Alat' })).toEqual(['INVALID_INPUT']);
    expect(await attempt({ settlementMethod: 'BANK', bankName: 'Alat' })).toEqual(['REQUIRED', 'REQUIRED']);
    await createEntity(server, key, 'DUP-1');
    expect(await attempt({ entityId: 'DUP-1', msisdn: '+255712111222', mobileProvider: 'MPESA' })).toEqual(['DUPLICATE_ENTITY']);
    expect(await rowCount('settlement_entity')).toBe(before + 1);
  });

  it("does not show one business another's entities", async () => {
    const { testKey: other } = await onboardBusiness(server, { name: 'Other Co' });
    const seen = await server.gql('query { settlementEntity(entityId: "ST-MARYS") { entityId } }', {}, { key: other });
    expect(seen.body.data.settlementEntity).toBeNull();
  });
});

describe('regular bills', () => {
  it('is paid once for its exact amount; a second payment is an exception kept as customer credit', async () => {
    const bill = await createBill(server, key, { amountMinor: 100_000, narration: 'Term 1 fees' });
    expect(bill).toMatchObject({
      type: 'REGULAR',
      status: 'PENDING',
      amount: { amountMinor: 100_000, currency: 'NGN' },
      amountPaid: { amountMinor: 0 },
      outstanding: { amountMinor: 100_000 },
      expiresAt: null,
      paymentUrl: `https://pay.example.com/p/${bill.id}`,
      qrCodeUrl: `https://pay.example.com/v1/bills/${bill.id}/qr.png`,
      virtualAccount: null,
    });
    expect(bill.paymentRef).toMatch(/^PB[0-9A-Z]{10}$/);

    const first = await payBill(server, { paymentRef: bill.paymentRef }, 100_000, 'alat-bill-1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ success: true, data: { received: true, invoiceStatus: 'paid', receiptNumber: expect.stringMatching(/^REC-/) } });
    // The partner retries: the same answer, nothing new written but the raw delivery.
    const counts = await moneyRowCounts(server);
    expect(await payBill(server, { paymentRef: bill.paymentRef }, 100_000, 'alat-bill-1')).toEqual(first);
    expect(await moneyRowCounts(server)).toEqual({ ...counts, deliveries: counts.deliveries + 1 });

    const second = await payBill(server, { paymentRef: bill.paymentRef }, 100_000, 'alat-bill-2');
    expect(second.body.data.invoiceStatus).toBe('paid');
    const after = await billNow(server, key, bill.paymentRef);
    expect(after).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 100_000 }, outstanding: { amountMinor: 0 } });
    expect(after.payments).toEqual([
      {
        billPaymentRef: `${bill.paymentRef}-1`,
        partnerPaymentId: 'alat-bill-1',
        amount: { amountMinor: 100_000 },
        applied: { amountMinor: 100_000 },
        customerCredit: { amountMinor: 0 },
        suspense: { amountMinor: 0 },
        exception: null,
      },
      {
        billPaymentRef: `${bill.paymentRef}-2`,
        partnerPaymentId: 'alat-bill-2',
        amount: { amountMinor: 100_000 },
        applied: { amountMinor: 0 },
        customerCredit: { amountMinor: 100_000 },
        suspense: { amountMinor: 0 },
        exception: 'ALREADY_PAID',
      },
    ]);
    const events = (await outboxEvents(server, ['bill.payment_received', 'bill.paid', 'payment.exception'])).filter(
      (e) => (e.payload.billId ?? e.payload.checkoutId) === bill.id,
    );
    expect(events.map((e) => e.type)).toEqual(['bill.payment_received', 'bill.paid', 'payment.exception']);
    expect(events[0]!.payload).toMatchObject({
      paymentRef: bill.paymentRef,
      billPaymentRef: `${bill.paymentRef}-1`,
      amountMinor: 100_000,
      status: 'PAID',
      currency: 'NGN',
    });
    expect(await unbalancedJournals(server)).toEqual([]);
  });

  it('refuses an underpayment as an exception and stays payable', async () => {
    const bill = await createBill(server, key, { amountMinor: 50_000 });
    const answer = await payBill(server, { paymentRef: bill.paymentRef }, 20_000);
    expect(answer.body.data.invoiceStatus).toBe('pending');
    const after = await billNow(server, key, bill.paymentRef);
    expect(after).toMatchObject({ status: 'PENDING', amountPaid: { amountMinor: 0 } });
    expect(after.payments[0]).toMatchObject({ exception: 'UNDERPAYMENT', customerCredit: { amountMinor: 20_000 } });
  });

  it('expires a duration after creation (clock port), with bill.expired; later money waits in suspense', async () => {
    const bill = await createBill(server, key, { amountMinor: 10_000, duration: '1h' });
    expect(new Date(bill.expiresAt).getTime()).toBe(server.clock.now().getTime() + 3_600_000);
    server.clock.advance(3_599_000);
    expect((await expireDueCheckouts(platformJob(server.orm.em, server.clock))).BILL).not.toContain(bill.id);
    server.clock.advance(1_000);
    expect((await expireDueCheckouts(platformJob(server.orm.em, server.clock))).BILL).toContain(bill.id);
    expect((await billNow(server, key, bill.paymentRef)).status).toBe('EXPIRED');
    const expired = (await outboxEvents(server, ['bill.expired'])).filter((e) => e.payload.billId === bill.id);
    expect(expired).toHaveLength(1);
    const late = await payBill(server, { paymentRef: bill.paymentRef }, 10_000);
    expect(late.body.data.invoiceStatus).toBe('expired');
    expect((await billNow(server, key, bill.paymentRef)).payments[0]).toMatchObject({ exception: 'CHECKOUT_EXPIRED', suspense: { amountMinor: 10_000 } });
  });

  it('validates its terms, writing nothing', async () => {
    const before = await billCount();
    const attempt = async (input: Record<string, unknown>) =>
      errorCodes(await server.gql(CREATE_BILL, { input: { email: 'payer@example.com', ...input } }, { key }), 'createBill');
    expect(await attempt({})).toEqual(['AMOUNT_REQUIRED']);
    expect(await attempt({ amountMinor: 0 })).toEqual(['INVALID_AMOUNT']);
    expect(await attempt({ amountMinor: 100, email: 'not-an-email' })).toEqual(['INVALID_EMAIL']);
    expect(await attempt({ amountMinor: 100, duration: '90 minutes' })).toEqual(['INVALID_DURATION']);
    expect(await attempt({ amountMinor: 100, duration: '1h', expiry: false })).toEqual(['INVALID_EXPIRY']);
    expect(await attempt({ amountMinor: 100, targetAmount: 1_000 })).toEqual(['INVALID_INPUT']);
    expect(await attempt({ amountMinor: 100, redirectUrl: 'javascript:alert(1)' })).toEqual(['INVALID_URL']);
    expect(await attempt({ amountMinor: 100, callbackUrl: 'http://169.254.169.254/latest' })).toEqual(['INVALID_URL']);
    expect(await attempt({ amountMinor: 100, currency: 'XYZ' })).toEqual(['UNSUPPORTED_CURRENCY']);
    expect(await billCount()).toBe(before);
  });

  it('changes terms only while nothing is paid, and cancels', async () => {
    const bill = await createBill(server, key, { amountMinor: 30_000 });
    const UPDATE = `mutation ($input: UpdateBillInput!) { updateBill(input: $input) { bill { amount { amountMinor } } userErrors { code } } }`;
    const updated = await server.gql(UPDATE, { input: { paymentRef: bill.paymentRef, amountMinor: 35_000, email: 'new@example.com' } }, { key });
    expect(updated.body.data.updateBill).toEqual({ bill: { amount: { amountMinor: 35_000 } }, userErrors: [] });
    await payBill(server, { paymentRef: bill.paymentRef }, 35_000);
    const refused = await server.gql(UPDATE, { input: { paymentRef: bill.paymentRef, amountMinor: 1 } }, { key });
    expect(refused.body.data.updateBill.userErrors.map((e: any) => e.code)).toEqual(['BILL_NOT_OPEN']);

    const dynamic = await createBill(server, key, { type: 'DYNAMIC', amountMinor: 1_000 });
    await payBill(server, { paymentRef: dynamic.paymentRef }, 1_000);
    const afterPayment = await server.gql(UPDATE, { input: { paymentRef: dynamic.paymentRef, amountMinor: 2_000 } }, { key });
    expect(afterPayment.body.data.updateBill.userErrors.map((e: any) => e.code)).toEqual(['BILL_HAS_PAYMENTS']);
    expect((await billNow(server, key, dynamic.paymentRef)).amount.amountMinor).toBe(1_000);

    const CANCEL = `mutation ($input: CancelBillInput!) { cancelBill(input: $input) { bill { status } userErrors { code } } }`;
    expect((await server.gql(CANCEL, { input: { paymentRef: dynamic.paymentRef } }, { key })).body.data.cancelBill).toEqual({
      bill: { status: 'CANCELED' },
      userErrors: [],
    });
    // A canceled bill cannot be canceled again: the machine refuses, naming its status.
    expect((await server.gql(CANCEL, { input: { paymentRef: dynamic.paymentRef } }, { key })).body.data.cancelBill).toEqual({
      bill: null,
      userErrors: [{ code: 'INVALID_STATE' }],
    });
    await payBill(server, { paymentRef: dynamic.paymentRef }, 1_000);
    const payments = (await billNow(server, key, dynamic.paymentRef)).payments;
    expect(payments.at(-1)).toMatchObject({ exception: 'CHECKOUT_CANCELED', suspense: { amountMinor: 1_000 } });
  });
});

describe('dynamic bills', () => {
  it('flexible, min 500, max 5,000, target 10,000: takes payments until the target, then completes', async () => {
    const bill = await createBill(server, key, { type: 'DYNAMIC', isFlexible: true, minimumAmount: 500, maximumAmount: 5_000, targetAmount: 10_000 });
    expect(bill).toMatchObject({ status: 'ACTIVE', amount: null, outstanding: { amountMinor: 10_000 } });
    const ref = { paymentRef: bill.paymentRef };
    expect((await payBill(server, ref, 400)).body.data.invoiceStatus).toBe('active'); // below the minimum
    await payBill(server, ref, 5_000);
    await payBill(server, ref, 3_000);
    // 2,000 remain: a 4,000 payment applies 2,000 and completes the bill; the rest is credit.
    expect((await payBill(server, ref, 4_000)).body.data.invoiceStatus).toBe('completed');
    await payBill(server, ref, 1_000); // after completion
    const after = await billNow(server, key, bill.paymentRef);
    expect(after).toMatchObject({ status: 'COMPLETED', amountPaid: { amountMinor: 10_000 }, outstanding: { amountMinor: 0 } });
    expect(after.payments.map((p: any) => [p.billPaymentRef, p.applied.amountMinor, p.customerCredit.amountMinor, p.exception])).toEqual([
      [`${bill.paymentRef}-1`, 0, 400, 'BELOW_MINIMUM'],
      [`${bill.paymentRef}-2`, 5_000, 0, null],
      [`${bill.paymentRef}-3`, 3_000, 0, null],
      [`${bill.paymentRef}-4`, 2_000, 2_000, 'TARGET_REACHED'],
      [`${bill.paymentRef}-5`, 0, 1_000, 'TARGET_REACHED'],
    ]);
    const events = (await outboxEvents(server, ['bill.payment_received', 'bill.completed'])).filter((e) => e.payload.billId === bill.id);
    expect(events.map((e) => e.type)).toEqual(['bill.payment_received', 'bill.payment_received', 'bill.payment_received', 'bill.completed']);
  });

  it('caps a flexible payment at the maximum, the rest as credit', async () => {
    const bill = await createBill(server, key, { type: 'DYNAMIC', isFlexible: true, maximumAmount: 5_000 });
    await payBill(server, { paymentRef: bill.paymentRef }, 6_000);
    const [payment] = (await billNow(server, key, bill.paymentRef)).payments;
    expect(payment).toMatchObject({ applied: { amountMinor: 5_000 }, customerCredit: { amountMinor: 1_000 }, exception: 'ABOVE_MAXIMUM' });
  });

  it('a fixed-amount dynamic bill takes its amount each time, with no end without a target', async () => {
    const bill = await createBill(server, key, { type: 'DYNAMIC', amountMinor: 2_500 });
    for (let i = 0; i < 3; i++) await payBill(server, { paymentRef: bill.paymentRef }, 2_500);
    await payBill(server, { paymentRef: bill.paymentRef }, 2_000);
    const after = await billNow(server, key, bill.paymentRef);
    expect(after).toMatchObject({ status: 'ACTIVE', amountPaid: { amountMinor: 7_500 }, outstanding: null });
    expect(after.payments.map((p: any) => p.exception)).toEqual([null, null, null, 'UNDERPAYMENT']);
  });

  it('refuses inconsistent bounds', async () => {
    const attempt = async (input: Record<string, unknown>) =>
      errorCodes(await server.gql(CREATE_BILL, { input: { email: 'payer@example.com', type: 'DYNAMIC', ...input } }, { key }), 'createBill');
    expect(await attempt({ isFlexible: true, minimumAmount: 5_000, maximumAmount: 500 })).toEqual(['INVALID_AMOUNT']);
    expect(await attempt({ isFlexible: true, minimumAmount: 500, targetAmount: 100 })).toEqual(['INVALID_AMOUNT']);
    expect(await attempt({ amountMinor: 100, minimumAmount: 50 })).toEqual(['INVALID_INPUT']);
    expect(await attempt({})).toEqual(['AMOUNT_REQUIRED']);
  });
});

describe('split bills', () => {
  it('a 3-way percentage split of an odd amount posts shares that sum exactly to the payment', async () => {
    const { testKey } = await onboardBusiness(server, { name: 'Split Co' });
    for (const id of ['A', 'B', 'C']) await createEntity(server, testKey, id);
    const bill = await createBill(server, testKey, {
      amountMinor: 10_001,
      split: true,
      subaccounts: [
        { entityId: 'A', percentage: 33.33 },
        { entityId: 'B', percentage: 33.33 },
        { entityId: 'C', percentage: 33.33 },
      ],
    });
    expect(bill.subaccounts).toEqual([
      { entityId: 'A', amount: null, percentage: 33.33 },
      { entityId: 'B', amount: null, percentage: 33.33 },
      { entityId: 'C', amount: null, percentage: 33.33 },
    ]);
    const answer = await payBill(server, { paymentRef: bill.paymentRef }, 10_001);
    const journal = await server.gql(
      'query ($id: ID!) { journalEntry(id: $id) { lines { account { code } debitMinor creditMinor } } }',
      { id: answer.body.data.glJournalEntryId },
      { key: testKey },
    );
    const lines = journal.body.data.journalEntry.lines;
    const credits = lines.filter((l: any) => l.creditMinor > 0);
    // floor(10,001 × 33.33 %) = 3,333 each; the remaining 2 stay with the principal (revenue).
    expect(credits.map((l: any) => [l.account.code, l.creditMinor]).sort()).toEqual([
      ['2200', 3_333],
      ['2200', 3_333],
      ['2200', 3_333],
      ['4000', 2],
    ]);
    expect(lines.reduce((sum: number, l: any) => sum + l.debitMinor - l.creditMinor, 0)).toBe(0);
    const accounts = (await server.gql('{ ledgerAccounts { code settlementEntityId balance { amountMinor } } }', {}, { key: testKey })).body.data
      .ledgerAccounts;
    expect(accounts.filter((a: any) => a.code === '2200').map((a: any) => [a.settlementEntityId, a.balance.amountMinor])).toEqual([
      ['A', 3_333],
      ['B', 3_333],
      ['C', 3_333],
    ]);
    const entity = await server.gql('query { settlementEntity(entityId: "B") { payable { amountMinor } } }', {}, { key: testKey });
    expect(entity.body.data.settlementEntity.payable).toEqual([{ amountMinor: 3_333 }]);
  });

  it('fixed-amount shares go to the entities and the rest to the principal', async () => {
    const { testKey } = await onboardBusiness(server, { name: 'Fixed Split Co' });
    await createEntity(server, testKey, 'SCHOOL');
    const bill = await createBill(server, testKey, {
      type: 'DYNAMIC',
      isFlexible: true,
      minimumAmount: 1_000,
      split: true,
      subaccounts: [{ entityId: 'SCHOOL', amountMinor: 750 }],
    });
    await payBill(server, { paymentRef: bill.paymentRef }, 4_000);
    const accounts = (await server.gql('{ ledgerAccounts { code settlementEntityId balance { amountMinor } } }', {}, { key: testKey })).body.data
      .ledgerAccounts;
    expect(accounts.filter((a: any) => ['2200', '4000'].includes(a.code)).map((a: any) => [a.code, a.settlementEntityId, a.balance.amountMinor])).toEqual([
      ['2200', 'SCHOOL', 750],
      ['4000', null, 3_250],
    ]);
  });

  it('refuses shares over the payment, over 100 %, unknown entities and mixed kinds, writing nothing', async () => {
    await createEntity(server, key, 'S-1');
    await createEntity(server, key, 'S-2');
    const before = await billCount();
    const attempt = async (input: Record<string, unknown>) =>
      errorCodes(await server.gql(CREATE_BILL, { input: { email: 'payer@example.com', amountMinor: 1_000, split: true, ...input } }, { key }), 'createBill');
    expect(
      await attempt({
        subaccounts: [
          { entityId: 'S-1', amountMinor: 600 },
          { entityId: 'S-2', amountMinor: 600 },
        ],
      }),
    ).toEqual(['SPLIT_EXCEEDS_PAYMENT']);
    expect(
      await attempt({
        subaccounts: [
          { entityId: 'S-1', percentage: 60 },
          { entityId: 'S-2', percentage: 40.01 },
        ],
      }),
    ).toEqual(['SPLIT_EXCEEDS_PAYMENT']);
    expect(await attempt({ subaccounts: [{ entityId: 'NOPE', percentage: 10 }] })).toEqual(['UNKNOWN_ENTITY']);
    expect(
      await attempt({
        subaccounts: [
          { entityId: 'S-1', percentage: 10 },
          { entityId: 'S-2', amountMinor: 100 },
        ],
      }),
    ).toEqual(['SPLIT_MIXED']);
    expect(await attempt({ subaccounts: [{ entityId: 'S-1', percentage: 10, amountMinor: 100 }] })).toEqual(['SPLIT_INVALID']);
    expect(await attempt({ subaccounts: [{ entityId: 'S-1', percentage: 10.005 }] })).toEqual(['SPLIT_INVALID']);
    expect(await attempt({ subaccounts: [] })).toEqual(['SPLIT_INVALID']);
    expect(await attempt({ split: false, subaccounts: [{ entityId: 'S-1', percentage: 10 }] })).toEqual(['SPLIT_INVALID']);
    // Another business's entity is as unknown as one that does not exist.
    const { testKey: other } = await onboardBusiness(server, { name: 'Elsewhere' });
    await createEntity(server, other, 'THEIRS');
    expect(await attempt({ subaccounts: [{ entityId: 'THEIRS', percentage: 10 }] })).toEqual(['UNKNOWN_ENTITY']);
    expect(await billCount()).toBe(before);
  });
});

describe('virtual accounts and re-query', () => {
  it('a transfer to the virtual account reconciles to the bill; each transfer to a dynamic one is a new payment', async () => {
    const bill = await createBill(server, key, { type: 'DYNAMIC', isFlexible: true, virtual: true });
    expect(bill.virtualAccount).toEqual({ accountNumber: expect.stringMatching(/^\d{10}$/), bankName: 'Sandbox Bank', accountName: 'Bills Ltd' });
    await payBill(server, { accountNumber: bill.virtualAccount.accountNumber }, 1_500);
    await payBill(server, { accountNumber: bill.virtualAccount.accountNumber }, 2_500);
    const after = await billNow(server, key, bill.paymentRef);
    expect(after.amountPaid.amountMinor).toBe(4_000);
    expect(after.payments.map((p: any) => p.billPaymentRef)).toEqual([`${bill.paymentRef}-1`, `${bill.paymentRef}-2`]);
  });

  it('live mode has no virtual accounts yet and says so', async () => {
    const { businessId } = await onboardBusiness(server, { name: 'Live Co' });
    const live = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { businessId, name: 'live', mode: 'LIVE', scopes: ['checkouts:write'] } },
      { key: TEST_ADMIN_KEY },
    );
    const result = await server.gql(
      CREATE_BILL,
      { input: { email: 'a@example.com', amountMinor: 100, virtual: true } },
      { key: live.body.data.createApiKey.secret },
    );
    expect(errorCodes(result, 'createBill')).toEqual(['VIRTUAL_ACCOUNT_UNAVAILABLE']);
  });

  it('GET /v1/checkout/requery/<paymentRef> answers the seed shape to the owner only', async () => {
    const bill = await createBill(server, key, { amountMinor: 7_000, externalRef: 'ORDER-7' });
    await payBill(server, { paymentRef: bill.paymentRef }, 7_000, 'alat-requery-1');
    const requery = (k?: string, ref = bill.paymentRef) =>
      fetch(`${server.url}/v1/checkout/requery/${ref}`, { headers: k ? { authorization: `Bearer ${k}` } : {} });
    const response = await requery(key);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      success: true,
      data: {
        paymentRef: bill.paymentRef,
        type: 'regular',
        status: 'paid',
        amount: 7_000,
        amountPaid: 7_000,
        outstanding: 0,
        split: false,
        transactionCharge: 0,
        expiry: false,
        virtual: false,
        externalRef: 'ORDER-7',
        payments: [{ paymentRef: `${bill.paymentRef}-1`, partnerPaymentId: 'alat-requery-1', amount: 7_000, applied: 7_000, exception: null }],
      },
    });
    expect((await requery()).status).toBe(401);
    expect((await requery('sk_test_forged.nope')).status).toBe(401);
    const { testKey: other } = await onboardBusiness(server, { name: 'Nosy Co' });
    expect((await requery(other)).status).toBe(404);
    expect((await requery(key, 'PBNOSUCHBILL1')).status).toBe(404);
  });

  it('serves the QR code of the payment URL', async () => {
    const bill = await createBill(server, key, { amountMinor: 100 });
    const png = await fetch(bill.qrCodeUrl.replace('https://pay.example.com', server.url));
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const without = await createBill(server, key, { amountMinor: 100, qrcode: false });
    expect(without.qrCodeUrl).toBeNull();
    expect((await fetch(`${server.url}/v1/bills/${without.id}/qr.png`)).status).toBe(404);
  });

  it("has a hosted page, framed only by the merchant's origins", async () => {
    const bill = await createBill(server, key, { type: 'DYNAMIC', isFlexible: true, virtual: true, narration: 'Harambee <fund>' });
    const page = await fetch(`${server.url}/p/${bill.id}`);
    expect(page.status).toBe(200);
    expect(cspDirective(page.headers.get('content-security-policy'), 'frame-ancestors')).toBe("frame-ancestors 'self'");
    const body = await page.text();
    expect(body).toContain(`<pay-checkout checkout="${bill.id}" theme="auto" redirect></pay-checkout>`);
    expect(body).toContain('<title>Pay Bills Ltd — Harambee &#60;fund&#62;</title>');
    expect(body).toContain(`Sandbox Bank ${bill.virtualAccount.accountNumber}`);
    expect(body).toContain(`src="/v1/bills/${bill.id}/qr.png"`);
    expect((await fetch(`${server.url}/p/bill_nosuchbill`)).status).toBe(404);
  });

  it('the public checkout shows a bill to its payer, and the sandbox pays it by transfer', async () => {
    const bill = await createBill(server, key, {
      type: 'DYNAMIC',
      isFlexible: true,
      minimumAmount: 500,
      maximumAmount: 5_000,
      targetAmount: 10_000,
      virtual: true,
      narration: 'Harambee',
    });
    const CHECKOUT = `query ($id: ID!) { checkout(id: $id) { kind status amountDue { amountMinor } minimumPayment { amountMinor } maximumPayment { amountMinor } allowPartialPayment total { amountMinor }
      bill { paymentRef type status isFlexible targetAmount { amountMinor } narration virtualAccount { accountNumber } } } }`;
    const view = (await server.gql(CHECKOUT, { id: bill.id })).body.data.checkout;
    expect(view).toMatchObject({
      kind: 'BILL',
      status: 'ACTIVE',
      minimumPayment: { amountMinor: 500 },
      maximumPayment: { amountMinor: 5_000 },
      allowPartialPayment: true,
      total: { amountMinor: 10_000 },
      bill: {
        paymentRef: bill.paymentRef,
        type: 'DYNAMIC',
        isFlexible: true,
        targetAmount: { amountMinor: 10_000 },
        narration: 'Harambee',
        virtualAccount: bill.virtualAccount.accountNumber ? { accountNumber: bill.virtualAccount.accountNumber } : null,
      },
    });
    const PAY = `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result userErrors { code } } }`;
    expect(
      (await server.gql(PAY, { input: { checkoutId: bill.id, method: 'BANK_TRANSFER', amountMinor: 6_000 } })).body.data.payCheckoutInSandbox.userErrors,
    ).toEqual([{ code: 'AMOUNT_EXCEEDS_DUE' }]);
    expect(
      (await server.gql(PAY, { input: { checkoutId: bill.id, method: 'BANK_TRANSFER', amountMinor: 100 } })).body.data.payCheckoutInSandbox.userErrors,
    ).toEqual([{ code: 'BELOW_MINIMUM' }]);
    expect((await server.gql(PAY, { input: { checkoutId: bill.id, method: 'BANK_TRANSFER', amountMinor: 4_000 } })).body.data.payCheckoutInSandbox.result).toBe(
      'SUCCEEDED',
    );
    const after = (await server.gql(CHECKOUT, { id: bill.id })).body.data.checkout;
    expect(after.maximumPayment).toEqual({ amountMinor: 5_000 });
    expect((await billNow(server, key, bill.paymentRef)).amountPaid.amountMinor).toBe(4_000);
  });
});
