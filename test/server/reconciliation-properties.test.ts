import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, exactBalances, gqlExact, INVOICE, invoiceWithLink, MAX_MINOR, partnerPayload, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Small amounts, or amounts just under 2^53 − 1 (sums of a few of them pass it). */
const amount = (small: number) => fc.oneof(fc.integer({ min: 1, max: small }), fc.integer({ min: MAX_MINOR - small, max: MAX_MINOR }));
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/** A read that answers without errors, its integers exact (bigints). */
async function read(query: string, variables: Record<string, unknown>, key: string) {
  const result = await gqlExact(server, query, variables, key);
  expect(result.status).toBe(200);
  expect(result.body.errors).toBeUndefined();
  return result.body.data;
}

/**
 * Whatever the partner sends (any amounts, duplicates, any order, some in parallel), the books
 * agree with what it reported: each payment counted once, the ledger balanced, the invoice exact.
 */
describe('reconciliation under duplicates and reordering', () => {
  it('keeps every invariant', async () => {
    await fc.assert(
      fc.asyncProperty(
        amount(50_000),
        fc.boolean(),
        fc.array(amount(30_000), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (total, allowPartialPayment, amounts, duplicateIndexes, parallelism) => {
          // Each run gets its own business, so its ledger holds only this run's money.
          const { testKey: key } = await onboardBusiness(server, { name: 'Property Co' });
          const { invoiceId, linkId } = await invoiceWithLink(server, key, { amountMinor: total, allowPartialPayment });
          const payments = amounts.map((amountKobo) => partnerPayload(server, { paymentLinkId: linkId, amountKobo }));
          const deliveries = [...payments, ...duplicateIndexes.map((i) => payments[i % payments.length]!)];
          const shuffled = fc.sample(fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length }), 1)[0]!;

          for (let i = 0; i < shuffled.length; i += parallelism) {
            const answers = await Promise.all(shuffled.slice(i, i + parallelism).map((payload) => deliverWebhook(server, payload)));
            for (const answer of answers) expect(answer.status).toBe(200);
          }

          // Sums of near-limit amounts pass 2^53 − 1: every figure is read, and compared, exactly.
          const reported = sum(payments.map((p) => BigInt(p.amountKobo)));
          const invoice = (await read(INVOICE, { id: invoiceId }, key)).invoice;
          const recorded = (
            await read('{ payments(first: 100) { edges { node { partnerPaymentId amount { amountMinor } applied { amountMinor } } } } }', {}, key)
          ).payments.edges.map((e: any) => e.node);
          await read('{ receipts(first: 100) { edges { node { amount { amountMinor } } } } }', {}, key);
          await read('{ journalEntries(first: 20) { edges { node { lines { debitMinor creditMinor } } } } }', {}, key);
          await read(
            'query ($id: ID!) { checkout(id: $id) { total { amountMinor } amountPaid { amountMinor } amountDue { amountMinor } } }',
            { id: linkId },
            key,
          );
          const ledger = await exactBalances(server, key);
          const exactTotal = BigInt(total);

          // Every reported payment recorded exactly once.
          expect(recorded.map((p: any) => p.partnerPaymentId).sort()).toEqual(payments.map((p) => p.paymentId).sort());
          // Money recorded equals money reported, all of it in partner clearing.
          expect(sum(recorded.map((p: any) => p.amount.amountMinor))).toBe(reported);
          expect(ledger['1100']).toBe(reported);
          // The invoice is exact, never over-applied, and agrees with the ledger.
          expect(invoice.amountPaid.amountMinor + invoice.amountDue.amountMinor).toBe(exactTotal);
          expect(invoice.amountPaid.amountMinor <= exactTotal).toBe(true);
          expect(sum(recorded.map((p: any) => p.applied.amountMinor))).toBe(invoice.amountPaid.amountMinor);
          expect(ledger['1200']).toBe(invoice.amountDue.amountMinor);
          expect((ledger['2100'] ?? 0n) + (ledger['2900'] ?? 0n)).toBe(reported - invoice.amountPaid.amountMinor);
          expect(invoice.status).toBe(invoice.amountDue.amountMinor === 0n ? 'PAID' : invoice.amountPaid.amountMinor > 0n ? 'PARTIALLY_PAID' : 'OPEN');
          expect(await unbalancedJournals(server)).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
