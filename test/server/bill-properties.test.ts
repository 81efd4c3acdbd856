import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitPayment, type SplitShare } from '../../server/domain/bills.ts';
import { isBalanced, paymentPosting } from '../../server/domain/ledger.ts';
import { billNow, billPayload, createBill, createEntity } from '../support/bills.ts';
import { deliverWebhook, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

describe('split rounding', () => {
  const percentageShares = fc
    .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 8 })
    .filter((bps) => bps.reduce((a, b) => a + b, 0) <= 10_000)
    .map((bps) => bps.map((basisPoints, i): SplitShare => ({ entityId: `se_${i}`, basisPoints })));
  const amountShares = fc
    .array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 8 })
    .map((amounts) => amounts.map((amountMinor, i): SplitShare => ({ entityId: `se_${i}`, amountMinor })));

  it('shares and the principal always sum exactly to the payment, none negative, the journal balanced', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }), fc.oneof(percentageShares, amountShares), (applied, shares) => {
        const split = splitPayment(applied, shares);
        expect(split.shares.reduce((sum, s) => sum + s.amountMinor, 0n) + split.principalMinor).toBe(applied);
        expect(split.principalMinor >= 0n && split.shares.every((s) => s.amountMinor >= 0n)).toBe(true);
        for (const [i, share] of shares.entries()) {
          // A percentage is never rounded up; the remainder is the principal's.
          if (share.basisPoints !== undefined) expect(split.shares[i]!.amountMinor).toBe((applied * BigInt(share.basisPoints)) / 10_000n);
          else expect(split.shares[i]!.amountMinor <= share.amountMinor).toBe(true);
        }
        if (applied > 0n) {
          const lines = paymentPosting('NGN', { appliedMinor: applied, customerCreditMinor: 0n, suspenseMinor: 0n }, 'REVENUE', split.shares.map((s) => ({ party: s.entityId, amountMinor: s.amountMinor })));
          expect(isBalanced(lines)).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/**
 * However many payments race to one dynamic bill, duplicated and reordered, its target is never
 * over-applied: what applies sums to what the bill shows, the rest is credit, the books balance.
 */
describe('dynamic-bill targets under concurrent payments', () => {
  it('never over-applies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 500, max: 20_000 }),
        fc.array(fc.integer({ min: 1, max: 6_000 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.integer({ min: 2, max: 8 }),
        fc.boolean(),
        async (target, amounts, duplicateIndexes, concurrency, split) => {
          const { testKey: key } = await onboardBusiness(server, { name: 'Target Co' });
          if (split) await createEntity(server, key, 'SHARE');
          const bill = await createBill(server, key, {
            type: 'DYNAMIC',
            isFlexible: true,
            minimumAmount: 100,
            maximumAmount: 5_000,
            targetAmount: target,
            ...(split ? { split: true, subaccounts: [{ entityId: 'SHARE', percentage: 12.5 }] } : {}),
          });
          const payments = amounts.map((amount) => billPayload(server, { paymentRef: bill.paymentRef }, amount));
          const deliveries = [...payments, ...duplicateIndexes.map((i) => payments[i % payments.length]!)];
          const shuffled = fc.sample(fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length }), 1)[0]!;
          for (let i = 0; i < shuffled.length; i += concurrency) {
            const answers = await Promise.all(shuffled.slice(i, i + concurrency).map((payload) => deliverWebhook(server, payload)));
            for (const answer of answers) expect(answer.status).toBe(200);
          }

          const after = await billNow(server, key, bill.paymentRef);
          const applied = after.payments.reduce((sum: number, p: any) => sum + p.applied.amountMinor, 0);
          expect(after.payments).toHaveLength(payments.length);
          expect(after.amountPaid.amountMinor).toBe(applied);
          expect(applied).toBeLessThanOrEqual(target);
          expect(after.status).toBe(applied === target ? 'COMPLETED' : 'ACTIVE');
          for (const p of after.payments) expect(p.applied.amountMinor + p.customerCredit.amountMinor + p.suspense.amountMinor).toBe(p.amount.amountMinor);
          // Each payment has its own reference, numbered without gaps.
          expect(after.payments.map((p: any) => p.billPaymentRef).sort()).toEqual(payments.map((_, i) => `${bill.paymentRef}-${i + 1}`).sort());
          const accounts = (await server.gql('{ ledgerAccounts { code balance { amountMinor } } }', {}, { key })).body.data.ledgerAccounts;
          const balance = (code: string) => accounts.filter((a: any) => a.code === code).reduce((sum: number, a: any) => sum + a.balance.amountMinor, 0);
          expect(balance('1100')).toBe(amounts.reduce((a, b) => a + b, 0));
          expect(balance('4000') + balance('2200')).toBe(applied);
          expect(await unbalancedJournals(server)).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});
