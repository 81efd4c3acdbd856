import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_ENTITY, createBill, outboxEvents } from '../support/bills.ts';
import { approveEntity, issueLiveKey } from '../support/kyc.ts';
import { deliverWebhook, partnerPayload, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness } from '../support/server.ts';
import {
  BALANCES,
  CHARGEBACK,
  CREATE_BATCH,
  nodes,
  RECONCILIATION,
  RESERVE,
  RETRY,
  SETTLEMENT_LINES,
  SETTLEMENTS,
  startSettlementServer,
  type SettlementTestServer,
} from '../support/settlements.ts';

let t: SettlementTestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  t = await startSettlementServer('2026-03-02T10:00:00Z'); // a Monday
  ({ testKey: key, businessId } = await onboardBusiness(t.server, { name: 'Finova School', country: 'TZ', defaultCurrency: 'TZS' }));
});
afterAll(() => t.server.close());

const gql = (query: string, variables: Record<string, unknown> = {}, k = key) => t.server.gql(query, variables, { key: k });
const entity = (entityId: string, extra: Record<string, unknown> = {}, k = key) =>
  gql(
    CREATE_ENTITY,
    {
      input: { entityId, name: `Entity ${entityId}`, settlementMethod: 'MOBILE_MONEY', msisdn: '+255712111222', mobileProvider: 'MPESA', ...extra },
    },
    k,
  );
const batches = async (entityId: string, k = key) => nodes((await gql(SETTLEMENTS, { entityId }, k)).body.data.settlements);
const balances = async (entityId: string) => {
  const b = (await gql(BALANCES, { entityId })).body.data.settlementEntity.balances;
  return { payable: b.payable.amountMinor, reserved: b.reserved.amountMinor, inTransit: b.inTransit.amountMinor, paidOut: b.paidOut.amountMinor };
};
const lines = async (batchId: string) => nodes((await gql(SETTLEMENT_LINES, { batchId })).body.data.settlementLines);
/** A split bill of `amount`, paid in full: SCHOOL gets 80 %, KIOSK 10 %. */
async function splitPayment(
  amount: number,
  subaccounts = [
    { entityId: 'SCHOOL', percentage: 80 },
    { entityId: 'KIOSK', percentage: 10 },
  ],
) {
  const bill = await createBill(t.server, key, { amountMinor: amount, currency: 'TZS', split: true, subaccounts });
  return deliverWebhook(t.server, partnerPayload(t.server, { amountKobo: amount, currency: 'TZS', metadata: { paymentRef: bill.paymentRef } }));
}
const reconciliation = async (entityId: string) =>
  (await gql(RECONCILIATION, { entityId, from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })).body.data.settlementReconciliation;

describe('settlements, as the issue checks them from outside', () => {
  it('a daily entity with a 10 % / 7-day reserve is batched at the cut-off, paid, failed, retried, charged back and reconciled', async () => {
    expect(
      (await entity('SCHOOL', { payoutSchedule: 'DAILY', payoutMinAmount: 1_000, reservePercent: 10, reserveHoldDays: 7 })).body.data.createSettlementEntity
        .userErrors,
    ).toEqual([]);
    expect((await entity('KIOSK', { payoutSchedule: 'DAILY', payoutMinAmount: 1_000_000 })).body.data.createSettlementEntity.userErrors).toEqual([]);
    const paid = [];
    for (const amount of [100_000, 100_000]) paid.push(await splitPayment(amount));
    expect(paid.map((p) => p.status)).toEqual([200, 200]);
    expect(await balances('SCHOOL')).toEqual({ payable: 160_000, reserved: 0, inTransit: 0, paidOut: 0 });

    // Before the cut-off nothing is due; at it (no request in between) the pass makes the batch.
    expect((await t.pass()).run.created).toEqual([]);
    t.clock.set('2026-03-03T00:01:00Z');
    const pass = await t.pass();
    expect(pass.run.created).toHaveLength(1);
    const [batch] = await batches('SCHOOL');
    expect(batch).toMatchObject({
      status: 'SUBMITTED',
      trigger: 'SCHEDULED',
      cutoffAt: '2026-03-03T00:00:00.000Z',
      gross: { amountMinor: 160_000 },
      reserve: { amountMinor: 16_000 },
      amount: { amountMinor: 144_000, currency: 'TZS' },
      attempt: 1,
    });
    // Its lines add up to it and each names a journal entry (payments name their payment).
    const batchLines = await lines(batch.id);
    expect(batchLines.map((l: any) => l.kind).sort()).toEqual(['PAYMENT', 'PAYMENT', 'RESERVE_HOLD']);
    expect(batchLines.reduce((sum: number, l: any) => sum + l.amount.amountMinor, 0)).toBe(144_000);
    for (const l of batchLines) expect(l.journalEntryId).toMatch(/^je_/);
    expect(batchLines.filter((l: any) => l.kind === 'PAYMENT').every((l: any) => /^pay_/.test(l.paymentId))).toBe(true);
    expect(await balances('SCHOOL')).toEqual({ payable: 0, reserved: 16_000, inTransit: 144_000, paidOut: 0 });
    // Below its minimum: no batch; its money waits.
    expect(await batches('KIOSK')).toEqual([]);
    expect(pass.run.belowMinimum).toHaveLength(1);
    // Running again creates nothing twice.
    expect((await t.pass()).run.created).toEqual([]);

    // The sandbox machine pays it; its signed callback (delivered twice) applies once.
    expect(await t.deliverCallbacks({ times: 2 })).toEqual([200, 200]);
    expect((await batches('SCHOOL'))[0].status).toBe('PAID');
    expect(await balances('SCHOOL')).toEqual({ payable: 0, reserved: 16_000, inTransit: 0, paidOut: 144_000 });
    expect(t.machine.disbursements.filter((d) => d.idempotencyKey === batch.idempotencyKey)).toHaveLength(1);
    expect(t.machine.received.every((r) => r.signatureValid)).toBe(true);

    // The next day's batch fails: the money returns to payable; the retry keeps the key and pays once.
    await splitPayment(50_000);
    t.machine.setBehaviour(() => 'FAIL');
    t.clock.set('2026-03-04T00:01:00Z');
    await t.pass();
    await t.deliverCallbacks();
    const [failed] = (await batches('SCHOOL')).filter((b: any) => b.id !== batch.id);
    expect(failed).toMatchObject({ status: 'FAILED', amount: { amountMinor: 36_000 }, reserve: { amountMinor: 4_000 }, attempt: 1 });
    expect(await balances('SCHOOL')).toMatchObject({ payable: 36_000, inTransit: 0 });
    t.machine.setBehaviour(() => 'PAY');
    const retried = await gql(RETRY, { input: { batchId: failed.id } });
    expect(retried.body.data.retrySettlementSubmission.userErrors).toEqual([]);
    expect(retried.body.data.retrySettlementSubmission.settlementBatch).toMatchObject({
      idempotencyKey: failed.idempotencyKey,
      attempt: 2,
      status: 'SUBMITTED',
    });
    await t.deliverCallbacks({ times: 3, reverse: true });
    expect((await batches('SCHOOL')).find((b: any) => b.id === failed.id).status).toBe('PAID');
    expect(t.machine.disbursements.filter((d) => d.idempotencyKey === failed.idempotencyKey)).toHaveLength(1);
    expect(await balances('SCHOOL')).toEqual({ payable: 0, reserved: 20_000, inTransit: 0, paidOut: 180_000 });
    // A retry of a PAID batch is refused.
    expect((await gql(RETRY, { input: { batchId: failed.id } })).body.data.retrySettlementSubmission.userErrors.map((e: any) => e.code)).toEqual([
      'INVALID_STATE',
    ]);

    // A chargeback drains the reserve first (oldest hold first), then the payable.
    const paymentId = batchLines.find((l: any) => l.kind === 'PAYMENT').paymentId;
    // The payment paid two entities: which one is named.
    const unnamed = (await gql(CHARGEBACK, { input: { paymentId, amountMinor: 18_000, reason: 'Customer disputed' } })).body.data.recordChargeback;
    expect(unnamed.userErrors.map((e: any) => e.code)).toEqual(['ENTITY_REQUIRED']);
    const first = (await gql(CHARGEBACK, { input: { paymentId, entityId: 'SCHOOL', amountMinor: 18_000, reason: 'Customer disputed' } })).body.data
      .recordChargeback;
    expect(first.userErrors).toEqual([]);
    expect(first.chargeback).toMatchObject({ entityId: 'SCHOOL', fromReserve: { amountMinor: 18_000 }, fromPayable: { amountMinor: 0 } });
    const reserve = (await gql(RESERVE, { entityId: 'SCHOOL' })).body.data.reserveBalance;
    expect(reserve.held.amountMinor).toBe(2_000);
    expect(reserve.holds.map((h: any) => [h.remaining.amountMinor, h.releaseAt])).toEqual([[2_000, '2026-03-11T00:00:00.000Z']]);
    const second = (await gql(CHARGEBACK, { input: { paymentId, entityId: 'SCHOOL', amountMinor: 60_000, reason: 'Refund' } })).body.data.recordChargeback;
    expect(second.chargeback).toMatchObject({ fromReserve: { amountMinor: 2_000 }, fromPayable: { amountMinor: 58_000 } });
    expect(await balances('SCHOOL')).toMatchObject({ payable: -58_000, reserved: 0 });
    // Never more than the payment paid that entity (80,000): 78,000 so far.
    const over = (await gql(CHARGEBACK, { input: { paymentId, entityId: 'SCHOOL', amountMinor: 2_001, reason: 'Too much' } })).body.data.recordChargeback;
    expect(over.userErrors.map((e: any) => e.code)).toEqual(['EXCEEDS_PAID']);

    // The negative payable is carried: the next day's payments net it, and no batch is made while it is below the minimum.
    await splitPayment(50_000);
    t.clock.set('2026-03-05T00:01:00Z');
    await t.pass();
    expect((await batches('SCHOOL')).filter((b: any) => b.status !== 'PAID')).toEqual([]);
    expect(await balances('SCHOOL')).toMatchObject({ payable: -18_000 });

    // The reconciliation report balances after all of it, and nothing in the ledger is unbalanced.
    const report = await reconciliation('SCHOOL');
    expect(report).toMatchObject({ balanced: true, difference: { amountMinor: 0 }, moneyIn: { amountMinor: 240_000 }, chargebacks: { amountMinor: 78_000 } });
    expect(report.paidOut.amountMinor).toBe(180_000);
    expect((await reconciliation('KIOSK')).balanced).toBe(true);
    expect(await unbalancedJournals(t.server)).toEqual([]);

    // The merchant heard of each step.
    const types = (await outboxEvents(t.server, ['settlement.created', 'settlement.submitted', 'settlement.paid', 'settlement.failed'])).map((e) => e.type);
    expect(types).toEqual([
      'settlement.created',
      'settlement.submitted',
      'settlement.paid',
      'settlement.created',
      'settlement.submitted',
      'settlement.failed',
      'settlement.submitted',
      'settlement.paid',
    ]);
  });

  it('a live batch for an entity whose KYC is PENDING is refused; once APPROVED it is made', async () => {
    const liveKey = await issueLiveKey(t.server, businessId, ['settlements:read', 'settlements:write', 'checkouts:write']);
    expect((await entity('LIVE-MANUAL', { payoutSchedule: 'MANUAL' }, liveKey)).body.data.createSettlementEntity.userErrors).toEqual([]);
    const refused = await gql(CREATE_BATCH, { input: { entityId: 'LIVE-MANUAL' } }, liveKey);
    expect(refused.body.errors[0].extensions.code).toBe('ENTITY_NOT_APPROVED');
    expect(await batches('LIVE-MANUAL', liveKey)).toEqual([]);
    await approveEntity(t.server, liveKey, { businessId, mode: 'LIVE', entityId: 'LIVE-MANUAL' });
    // Approved, but owed nothing: below its minimum, nothing is written.
    const empty = await gql(CREATE_BATCH, { input: { entityId: 'LIVE-MANUAL' } }, liveKey);
    expect(empty.body.data.createSettlementBatch.userErrors.map((e: any) => e.code)).toEqual(['BELOW_MINIMUM']);
  });

  it('a MANUAL test entity settles by hand; a scheduled one is refused; other tenants and missing scopes see nothing', async () => {
    await entity('BY-HAND', { payoutSchedule: 'MANUAL', payoutMinAmount: 500, payoutFeeMinor: 100 });
    await splitPayment(10_000, [{ entityId: 'BY-HAND', percentage: 50 }]);
    const made = await gql(CREATE_BATCH, { input: { entityId: 'BY-HAND' } });
    const batch = made.body.data.createSettlementBatch.settlementBatch;
    expect(batch).toMatchObject({ trigger: 'MANUAL', amount: { amountMinor: 4_900 }, fee: { amountMinor: 100 }, status: 'SUBMITTED' });
    expect((await lines(batch.id)).map((l: any) => [l.kind, l.amount.amountMinor])).toEqual([
      ['PAYMENT', 5_000],
      ['PAYOUT_FEE', -100],
    ]);
    // Twice → once: the lines are taken, so nothing is left to pay.
    expect((await gql(CREATE_BATCH, { input: { entityId: 'BY-HAND' } })).body.data.createSettlementBatch.userErrors.map((e: any) => e.code)).toEqual([
      'BELOW_MINIMUM',
    ]);
    expect((await gql(CREATE_BATCH, { input: { entityId: 'SCHOOL' } })).body.data.createSettlementBatch.userErrors.map((e: any) => e.code)).toEqual([
      'NOT_MANUAL',
    ]);
    expect((await gql(CREATE_BATCH, { input: { entityId: 'NOPE' } })).body.data.createSettlementBatch.userErrors.map((e: any) => e.code)).toEqual([
      'NOT_FOUND',
    ]);
    expect((await gql(CREATE_BATCH, { input: { entityId: 'NO\u0000PE' } })).body.data.createSettlementBatch.userErrors.map((e: any) => e.code)).toEqual([
      'INVALID_TEXT',
    ]);

    const { testKey: other } = await onboardBusiness(t.server, { name: 'Intruder' });
    expect((await gql('query ($id: ID!) { settlement(id: $id) { id } }', { id: batch.id }, other)).body.data.settlement).toBeNull();
    expect(nodes((await gql(SETTLEMENT_LINES, { batchId: batch.id }, other)).body.data.settlementLines)).toEqual([]);
    expect((await gql(RETRY, { input: { batchId: batch.id } }, other)).body.data.retrySettlementSubmission.userErrors.map((e: any) => e.code)).toEqual([
      'NOT_FOUND',
    ]);
    const paymentId = (await lines(batch.id))[0].paymentId;
    expect(
      (await gql(CHARGEBACK, { input: { paymentId, amountMinor: 1, reason: 'x' } }, other)).body.data.recordChargeback.userErrors.map((e: any) => e.code),
    ).toEqual(['NOT_FOUND']);
    const readOnly = await issueLiveKey(t.server, businessId, ['ledger:read']);
    expect((await gql(SETTLEMENTS, {}, readOnly)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(CREATE_BATCH, { input: { entityId: 'BY-HAND' } }, readOnly)).body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
