import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchLinesSql } from '../../server/modules/settlements/settlement-run.ts';
import type { SandboxOutcome } from '../../server/providers/settlement-machine/sandbox-settlement-machine.ts';
import { unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness } from '../support/server.ts';
import { CHARGEBACK, RESERVE, RETRY, settlementClient, startSettlementServer, type SettlementTestServer } from '../support/settlements.ts';

let t: SettlementTestServer;
let api: ReturnType<typeof settlementClient>;
beforeAll(async () => {
  t = await startSettlementServer('2026-03-02T10:00:00Z');
  const { testKey } = await onboardBusiness(t.server, { name: 'Property School', country: 'TZ', defaultCurrency: 'TZS' });
  api = settlementClient(t, testKey);
});
afterAll(() => t.server.close());

const HOUR = 3_600_000;

type Step =
  | { op: 'pay'; amount: number }
  | { op: 'chargeback'; payment: number; amount: number }
  /** Time passes (hours), then a pass runs with the machine answering `outcome`. */
  | { op: 'pass'; hours: number; outcome: SandboxOutcome }
  | { op: 'callbacks'; times: number; reverse: boolean }
  | { op: 'retry' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pay' as const), amount: fc.integer({ min: 100, max: 40_000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('chargeback' as const), payment: fc.nat(), amount: fc.integer({ min: 1, max: 30_000 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('pass' as const),
      hours: fc.constantFrom(0, 1, 24, 24, 24 * 8),
      outcome: fc.constantFrom<SandboxOutcome>('PAY', 'PAY', 'FAIL', 'REJECT', 'TIMEOUT_RECEIVED', 'TIMEOUT_LOST'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('callbacks' as const), times: fc.integer({ min: 1, max: 3 }), reverse: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'retry' as const }) },
);

interface BatchRow {
  id: string;
  status: string;
  amount_minor: string;
  idempotency_key: string;
  lines_sum: string;
}

async function entityBatches(entityRowId: string): Promise<BatchRow[]> {
  return t.server.orm.em.getConnection().execute(
    `select b.id, b.status, b.amount_minor::text, b.idempotency_key, coalesce((select sum(x.amount_minor) from ${batchLinesSql('b')} x), 0)::text as lines_sum
       from settlement_batch b where b.settlement_entity_id = ? order by b.id`,
    [entityRowId],
  );
}

async function paymentsOf(entityRowId: string): Promise<string[]> {
  const rows = (await t.server.orm.em.getConnection().execute(
    `select distinct substr(je.source, 9) as id from journal_entry je join journal_line l on l.entry_id = je.id join ledger_account a on a.id = l.account_id
      where a.party = ? and a.code = '2200' and je.source like 'payment:%' order by 1`,
    [entityRowId],
  )) as Array<{ id: string }>;
  return rows.map((row) => row.id);
}

async function run(entityId: string, entityRowId: string, steps: Step[]) {
  for (const s of steps) {
    if (s.op === 'pay') expect((await api.pay(s.amount, [{ entityId, percentage: 100 }])).status).toBe(200);
    else if (s.op === 'chargeback') {
      const payments = await paymentsOf(entityRowId);
      if (!payments.length) continue;
      const result = (await api.gql(CHARGEBACK, { input: { paymentId: payments[s.payment % payments.length], amountMinor: s.amount, reason: 'Disputed' } }))
        .body.data.recordChargeback;
      // Either taken (reserve first), or refused as more than the payment paid: nothing else.
      expect(result.userErrors.map((e: any) => e.code)).toEqual(result.chargeback ? [] : ['EXCEEDS_PAID']);
    } else if (s.op === 'pass') {
      t.clock.advance(s.hours * HOUR + 61_000);
      t.machine.setBehaviour(() => s.outcome);
      await t.pass();
    } else if (s.op === 'callbacks') {
      // Callbacks come late (a later step may deliver them), duplicated and in any order.
      expect((await t.deliverCallbacks({ times: s.times, reverse: s.reverse })).every((status) => status === 200)).toBe(true);
    } else {
      for (const batch of (await entityBatches(entityRowId)).filter((b) => b.status === 'FAILED')) {
        const retried = (await api.gql(RETRY, { input: { batchId: batch.id } })).body.data.retrySettlementSubmission;
        expect(retried.userErrors).toEqual([]);
      }
    }
  }
}

/** Lets everything in flight finish: callbacks delivered (duplicated), UNKNOWN batches re-queried, the machine paying. */
async function settle() {
  t.machine.setBehaviour(() => 'PAY');
  for (let i = 0; i < 3; i++) {
    expect((await t.deliverCallbacks({ times: 2, reverse: true })).every((status) => status === 200)).toBe(true);
    t.clock.advance(2 * 60_000);
    await t.pass();
  }
  expect((await t.deliverCallbacks({ times: 2 })).every((status) => status === 200)).toBe(true);
}

describe('settlements under any sequence of payments, chargebacks, outcomes, callbacks, retries and releases', () => {
  it('the ledger balances, no line or batch is paid twice, and the reconciliation report holds', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom(1, 3),
        fc.constantFrom(0, 100, 5_000),
        fc.array(step, { minLength: 2, maxLength: 12 }),
        async (reservePercent, reserveHoldDays, payoutMinAmount, steps) => {
          const entityId = `E${++runs}`;
          const entity = await api.entity(entityId, { payoutSchedule: 'DAILY', payoutMinAmount, reservePercent, reserveHoldDays });
          await run(entityId, entity.id, steps);

          const check = async (settled: boolean) => {
            expect(await unbalancedJournals(t.server)).toEqual([]);
            const report = await api.reconciliation(entityId);
            expect(report).toMatchObject({ balanced: true, difference: { amountMinor: 0 } });
            const batches = await entityBatches(entity.id);
            const balances = await api.balances(entityId);
            let paidOut = 0n;
            let inFlight = 0n;
            for (const batch of batches) {
              // A batch's lines add up to what it pays; the machine paid its key at most once, and only a PAID batch.
              expect(batch.lines_sum).toBe(batch.amount_minor);
              const paid = t.machine.disbursements.filter((d) => d.idempotencyKey === batch.idempotency_key);
              expect(paid.length).toBeLessThanOrEqual(1);
              if (paid[0]) expect(paid[0].amountMinor).toBe(BigInt(batch.amount_minor));
              if (batch.status === 'PAID') {
                expect(paid).toHaveLength(1);
                paidOut += BigInt(batch.amount_minor);
              }
              if (['PENDING', 'SUBMITTED', 'UNKNOWN'].includes(batch.status)) inFlight += BigInt(batch.amount_minor);
              // Settled: a batch the machine paid is PAID here too; nothing is left in flight.
              if (settled) {
                expect(['PAID', 'FAILED']).toContain(batch.status);
                expect(batch.status === 'PAID').toBe(paid.length === 1);
              }
            }
            expect(BigInt(balances.paidOut)).toBe(paidOut);
            expect(BigInt(balances.inTransit)).toBe(inFlight);
            const reserve = (await api.gql(RESERVE, { entityId })).body.data.reserveBalance;
            expect(reserve.held.amountMinor).toBe(balances.reserved);
          };
          await check(false);
          await settle();
          await check(true);
        },
      ),
      { numRuns: 18, endOnFailure: true },
    );
    // No payable ledger line is in two batches, across all runs.
    expect(
      await t.server.orm.em
        .getConnection()
        .execute(
          `select x.id from settlement_batch b cross join lateral ${batchLinesSql('b')} x where x.kind not in ('RESERVE_HOLD', 'PAYOUT_FEE') group by 1 having count(*) > 1`,
        ),
    ).toEqual([]);
  }, 240_000);
});
