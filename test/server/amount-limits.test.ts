import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyBillPayment, type BillTerms } from '../../server/domain/bills.ts';
import { billPayload, createBill, createEntity, outboxEvents } from '../support/bills.ts';
import {
  deliverWebhook,
  exactBalances,
  gqlExact,
  invoiceWithLink,
  MAX_MINOR,
  parseExactJson,
  partnerPayload,
  unbalancedJournals,
} from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Amounts near 2^53 − 1 (the most a JSON number carries exactly). A single payment or checkout
 * total never passes it; sums across payments (ledger balances) do, and every read still answers,
 * digit for digit.
 */
const MAX = BigInt(MAX_MINOR);
const TWICE_MAX = '18014398509481982';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const EXACT_BILL = /* GraphQL */ `
  query ($ref: String!) {
    bill(paymentRef: $ref) {
      id
      status
      amountPaid {
        amountMinor
      }
      outstanding {
        amountMinor
      }
      payments {
        partnerPaymentId
        billPaymentRef
        amount {
          amountMinor
        }
        applied {
          amountMinor
        }
        customerCredit {
          amountMinor
        }
        suspense {
          amountMinor
        }
        exception
      }
    }
  }
`;
const PUBLIC_CHECKOUT = /* GraphQL */ `
  query ($id: ID!) {
    checkout(id: $id) {
      id
      status
      total {
        amountMinor
      }
      amountPaid {
        amountMinor
      }
      amountDue {
        amountMinor
      }
      minimumPayment {
        amountMinor
      }
      maximumPayment {
        amountMinor
      }
      receiptNumber
    }
  }
`;
// One query each: together they pass the cost limit.
const READS = [
  '{ payments(first: 20) { edges { node { amount { amountMinor } applied { amountMinor } suspense { amountMinor } customerCredit { amountMinor } } } } }',
  '{ receipts(first: 20) { edges { node { amount { amountMinor } } } } }',
  '{ journalEntries(first: 20) { edges { node { lines { debitMinor creditMinor } } } } }',
  '{ invoices(first: 20) { edges { node { total { amountMinor } amountPaid { amountMinor } amountDue { amountMinor } } } } }',
  '{ bills(first: 20) { edges { node { amountPaid { amountMinor } outstanding { amountMinor } payments { applied { amountMinor } } } } } }',
  '{ ledgerAccounts { code balance { amountMinor } } settlementEntities(first: 20) { edges { node { payable { amountMinor } } } } }',
];

/** The text of the first `next` frame graphql-ws sends for a query, before any JSON parsing. */
function graphqlWsFrame(key: string, query: string): Promise<string> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise<string>((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
    socket.on('message', (data) => {
      const text = String(data);
      const type = JSON.parse(text).type;
      if (type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      else if (type === 'next') resolve(text);
      else if (type === 'error') reject(new Error(text));
    });
    socket.on('error', reject);
    socket.on('close', (code) => reject(new Error(`closed ${code}`)));
  }).finally(() => socket.close());
}

/** Every list a merchant reads answers without an error, however large the data. */
async function expectAllReadsAnswer(key: string) {
  for (const query of READS) {
    const read = await gqlExact(server, query, {}, key);
    expect(read.status, query).toBe(200);
    expect(read.body.errors, query).toBeUndefined();
  }
}

describe('ledger balances beyond 2^53 − 1', () => {
  it('two invoices of 2^53 − 1 paid in full: ledgerAccounts answers exact balances over HTTP and graphql-ws', async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Big Ledger Co' });
    for (const paymentId of ['alat-big-inv-1', 'alat-big-inv-2']) {
      const { linkId } = await invoiceWithLink(server, key, { amountMinor: MAX_MINOR });
      const answer = await deliverWebhook(server, partnerPayload(server, { paymentLinkId: linkId, amountKobo: MAX_MINOR, paymentId }));
      expect(answer).toMatchObject({ status: 200, body: { data: { invoiceStatus: 'paid' } } });
    }

    const ledger = await gqlExact(server, '{ ledgerAccounts { code balance { amountMinor currency } } }', {}, key);
    expect(ledger.status).toBe(200);
    expect(ledger.body.errors).toBeUndefined();
    // The digits themselves, as sent: an exact JSON integer, not a float, a string or a rounded number.
    expect(ledger.text).toContain(`{"code":"1100","balance":{"amountMinor":${TWICE_MAX},"currency":"NGN"}}`);
    expect(ledger.text).toContain(`{"code":"4000","balance":{"amountMinor":${TWICE_MAX},"currency":"NGN"}}`);
    expect(ledger.text).toContain(`{"code":"1200","balance":{"amountMinor":0,"currency":"NGN"}}`);
    expect(await exactBalances(server, key)).toEqual({ '1100': 2n * MAX, '1200': 0n, '4000': 2n * MAX });

    // Each invoice's own figures stay within the limit, as plain safe integers.
    const invoices = await gqlExact(
      server,
      '{ invoices(first: 10) { edges { node { status total { amountMinor } amountPaid { amountMinor } amountDue { amountMinor } } } } }',
      {},
      key,
    );
    expect(invoices.body.data.invoices.edges.map((e: any) => e.node)).toEqual(
      Array(2).fill({ status: 'PAID', total: { amountMinor: MAX }, amountPaid: { amountMinor: MAX }, amountDue: { amountMinor: 0n } }),
    );
    await expectAllReadsAnswer(key);

    // graphql-ws serializes the same way: the frame's own text, read off a bare socket.
    const frame = await graphqlWsFrame(key, '{ ledgerAccounts { code balance { amountMinor } } }');
    expect(frame).toContain(`{"code":"1100","balance":{"amountMinor":${TWICE_MAX}}}`);
    expect(parseExactJson(frame).payload.errors).toBeUndefined();
  });

  it("a settlement entity's payable, summed over many split payments, answers exactly", async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Big Payable Co' });
    await createEntity(server, key, 'ALL-OF-IT');
    for (const paymentId of ['alat-big-split-1', 'alat-big-split-2']) {
      const bill = await createBill(server, key, { amountMinor: MAX_MINOR, split: true, subaccounts: [{ entityId: 'ALL-OF-IT', percentage: 100 }] });
      expect((await deliverWebhook(server, billPayload(server, { paymentRef: bill.paymentRef }, MAX_MINOR, paymentId))).status).toBe(200);
    }
    const entity = await gqlExact(server, '{ settlementEntity(entityId: "ALL-OF-IT") { payable { amountMinor currency } } }', {}, key);
    expect(entity.status).toBe(200);
    expect(entity.body.errors).toBeUndefined();
    expect(entity.text).toContain(`"payable":[{"amountMinor":${TWICE_MAX},"currency":"NGN"}]`);
    // The entity's reserve and in-transit accounts are opened with it, at zero.
    expect(await exactBalances(server, key)).toEqual({ '1100': 2n * MAX, '2200': 2n * MAX, '2210': 0n, '2220': 0n });
  });
});

describe('a checkout never counts more than 2^53 − 1 as paid', () => {
  /** The state every read shows of a dynamic bill holding 2^53 − 1, with the given payments after it. */
  async function expectBillAtLimit(key: string, bill: { id: string; paymentRef: string }, payments: Array<{ id: string; amount: bigint; applied: bigint }>) {
    const read = await gqlExact(server, EXACT_BILL, { ref: bill.paymentRef }, key);
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.bill).toMatchObject({ status: 'ACTIVE', amountPaid: { amountMinor: MAX }, outstanding: null });
    expect(read.body.data.bill.payments).toEqual(
      payments.map((p) => ({
        partnerPaymentId: p.id,
        billPaymentRef: expect.stringMatching(new RegExp(`^${bill.paymentRef}-\\d$`)),
        amount: { amountMinor: p.amount },
        applied: { amountMinor: p.applied },
        customerCredit: { amountMinor: 0n },
        suspense: { amountMinor: p.amount - p.applied },
        exception: p.applied === p.amount ? null : 'AMOUNT_LIMIT',
      })),
    );

    const publicView = await gqlExact(server, PUBLIC_CHECKOUT, { id: bill.id });
    expect(publicView.status).toBe(200);
    expect(publicView.body.errors).toBeUndefined();
    expect(publicView.body.data.checkout).toMatchObject({ status: 'ACTIVE', amountPaid: { amountMinor: MAX }, maximumPayment: null });

    const page = await fetch(`${server.url}/p/${bill.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<pay-checkout checkout="${bill.id}"`);

    const requery = await fetch(`${server.url}/v1/checkout/requery/${bill.paymentRef}`, { headers: { authorization: `Bearer ${key}` } });
    expect(requery.status).toBe(200);
    expect(parseExactJson(await requery.text()).data).toMatchObject({ amountPaid: MAX, outstanding: null });

    await expectAllReadsAnswer(key);
    expect(await unbalancedJournals(server)).toEqual([]);
  }

  it('a flexible dynamic bill without a target takes one payment of 2^53 − 1; the next is held in suspense as AMOUNT_LIMIT', async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Endless Fund' });
    const bill = await createBill(server, key, { type: 'DYNAMIC', isFlexible: true });

    const first = await deliverWebhook(server, billPayload(server, { paymentRef: bill.paymentRef }, MAX_MINOR, 'alat-fund-1'));
    const second = await deliverWebhook(server, billPayload(server, { paymentRef: bill.paymentRef }, MAX_MINOR, 'alat-fund-2'));
    // Even one kobo more does not fit.
    const third = await deliverWebhook(server, billPayload(server, { paymentRef: bill.paymentRef }, 1, 'alat-fund-3'));
    for (const answer of [first, second, third])
      expect(answer).toMatchObject({ status: 200, body: { success: true, data: { received: true, invoiceStatus: 'active' } } });

    await expectBillAtLimit(key, bill, [
      { id: 'alat-fund-1', amount: MAX, applied: MAX },
      { id: 'alat-fund-2', amount: MAX, applied: 0n },
      { id: 'alat-fund-3', amount: 1n, applied: 0n },
    ]);
    // All the money is booked: what applied is revenue, the rest waits in suspense.
    expect(await exactBalances(server, key)).toEqual({ '1100': 2n * MAX + 1n, '4000': MAX, '2900': MAX + 1n });

    const events = (await outboxEvents(server, ['payment.exception', 'bill.payment_received'])).filter(
      (e) => (e.payload.checkoutId ?? e.payload.billId) === bill.id,
    );
    expect(
      events.map((e) => (e.type === 'payment.exception' ? [e.type, e.payload.partnerPaymentId, e.payload.reason] : [e.type, e.payload.amountMinor])),
    ).toEqual([
      ['bill.payment_received', MAX_MINOR],
      ['payment.exception', 'alat-fund-2', 'AMOUNT_LIMIT'],
      ['payment.exception', 'alat-fund-3', 'AMOUNT_LIMIT'],
    ]);
    expect(events[1]!.payload).toMatchObject({ reason: 'AMOUNT_LIMIT', amountMinor: MAX_MINOR, suspenseMinor: MAX_MINOR, customerCreditMinor: 0 });
  });

  it('replays, duplicates and reordered deliveries apply nothing twice and get the first answers', async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Replay Fund' });
    const bill = await createBill(server, key, { type: 'DYNAMIC', isFlexible: true });
    const [a, b] = ['alat-replay-a', 'alat-replay-b'].map((id) => billPayload(server, { paymentRef: bill.paymentRef }, MAX_MINOR, id));
    // The later payment arrives first: it is the one that applies.
    const firstB = await deliverWebhook(server, b!);
    const firstA = await deliverWebhook(server, a!);
    const balancesBefore = await exactBalances(server, key);
    const eventsBefore = (await outboxEvents(server, ['payment.received', 'payment.exception', 'bill.payment_received'])).length;

    // Again in both orders, and the same payment twice at once.
    for (const [payload, expected] of [
      [a, firstA],
      [b, firstB],
      [b, firstB],
      [a, firstA],
    ] as const) {
      expect(await deliverWebhook(server, payload!)).toEqual(expected);
    }
    const together = await Promise.all([a, a, b, b].map((payload) => deliverWebhook(server, payload!)));
    expect(together).toEqual([firstA, firstA, firstB, firstB]);

    await expectBillAtLimit(key, bill, [
      { id: 'alat-replay-b', amount: MAX, applied: MAX },
      { id: 'alat-replay-a', amount: MAX, applied: 0n },
    ]);
    expect(await exactBalances(server, key)).toEqual(balancesBefore);
    expect(balancesBefore).toEqual({ '1100': 2n * MAX, '4000': MAX, '2900': MAX });
    expect((await outboxEvents(server, ['payment.received', 'payment.exception', 'bill.payment_received'])).length).toBe(eventsBefore);
  });

  it('a fixed dynamic bill stops at the last payment that fits', async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Fixed Fund' });
    const amount = 3_002_399_751_580_330; // (2^53 − 1) / 3, rounded down: three fit, a fourth does not
    const bill = await createBill(server, key, { type: 'DYNAMIC', amountMinor: amount });
    for (let i = 1; i <= 4; i++) await deliverWebhook(server, billPayload(server, { paymentRef: bill.paymentRef }, amount, `alat-fixed-${i}`));
    const read = await gqlExact(server, EXACT_BILL, { ref: bill.paymentRef }, key);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.bill.amountPaid.amountMinor).toBe(3n * BigInt(amount));
    expect(read.body.data.bill.payments.map((p: any) => p.exception)).toEqual([null, null, null, 'AMOUNT_LIMIT']);
  });
});

describe('applying a payment near 2^53 − 1 (pure rules)', () => {
  const near = fc.oneof(fc.bigInt({ min: 1n, max: 10_000n }), fc.bigInt({ min: MAX - 10_000n, max: MAX }));
  it('never takes a dynamic bill past 2^53 − 1, and accounts for every minor unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), near, fc.option(near, { nil: null }), fc.option(near, { nil: null }), (paid, amount, maximum, target) => {
        const bill: BillTerms = {
          type: 'DYNAMIC',
          status: 'ACTIVE',
          currency: 'NGN',
          expiresAt: null,
          amountMinor: null,
          amountPaidMinor: target !== null && paid > target ? target : paid,
          isFlexible: true,
          minimumMinor: null,
          maximumMinor: maximum,
          targetMinor: target,
        };
        const result = applyBillPayment(bill, { amountMinor: amount, currency: 'NGN', paidAt: new Date() });
        expect(result.appliedMinor + result.customerCreditMinor + result.suspenseMinor).toBe(amount);
        expect(bill.amountPaidMinor + result.appliedMinor <= MAX).toBe(true);
        if (result.exception === 'AMOUNT_LIMIT') expect(result).toMatchObject({ appliedMinor: 0n, suspenseMinor: amount });
      }),
      { numRuns: 5_000 },
    );
  });
});
