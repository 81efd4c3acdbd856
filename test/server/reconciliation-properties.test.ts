import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, INVOICE, invoiceWithLink, partnerPayload, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const balances = async (key: string) => {
  const accounts = (await server.gql('{ ledgerAccounts { code balance { amountMinor currency } } }', {}, { key })).body.data.ledgerAccounts;
  return Object.fromEntries(accounts.map((a: any) => [a.code, a.balance.amountMinor])) as Record<string, number>;
};

/**
 * Whatever the partner sends (any amounts, duplicates, any order, some in parallel), the books
 * agree with what it reported: each payment counted once, the ledger balanced, the invoice exact.
 */
describe('reconciliation under duplicates and reordering', () => {
  it('keeps every invariant', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50_000 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 30_000 }), { minLength: 1, maxLength: 6 }),
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

          const reported = payments.reduce((sum, p) => sum + p.amountKobo, 0);
          const invoice = (await server.gql(INVOICE, { id: invoiceId }, { key })).body.data.invoice;
          const recorded = (await server.gql('{ payments(first: 100) { edges { node { partnerPaymentId amount { amountMinor } applied { amountMinor } } } } }', {}, { key }))
            .body.data.payments.edges.map((e: any) => e.node);
          const ledger = await balances(key);

          // Every reported payment recorded exactly once.
          expect(recorded.map((p: any) => p.partnerPaymentId).sort()).toEqual(payments.map((p) => p.paymentId).sort());
          // Money recorded equals money reported, all of it in partner clearing.
          expect(recorded.reduce((sum: number, p: any) => sum + p.amount.amountMinor, 0)).toBe(reported);
          expect(ledger['1100']).toBe(reported);
          // The invoice is exact, never over-applied, and agrees with the ledger.
          expect(invoice.amountPaid.amountMinor + invoice.amountDue.amountMinor).toBe(total);
          expect(invoice.amountPaid.amountMinor).toBeLessThanOrEqual(total);
          expect(recorded.reduce((sum: number, p: any) => sum + p.applied.amountMinor, 0)).toBe(invoice.amountPaid.amountMinor);
          expect(ledger['1200']).toBe(invoice.amountDue.amountMinor);
          expect((ledger['2100'] ?? 0) + (ledger['2900'] ?? 0)).toBe(reported - invoice.amountPaid.amountMinor);
          expect(invoice.status).toBe(invoice.amountDue.amountMinor === 0 ? 'PAID' : invoice.amountPaid.amountMinor > 0 ? 'PARTIALLY_PAID' : 'OPEN');
          expect(await unbalancedJournals(server)).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
