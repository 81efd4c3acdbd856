// The voucher kind registers itself before anything builds the schema: keep this import first.
import { createVoucherTable } from '../support/voucher-kind.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/orm.ts';
import { isUniqueViolation, pipelinedTransaction, type PipelinedTransaction, type Statement } from '../../server/db/pipelined-transaction.ts';
import { documentNumber } from '../../server/domain/document-numbers.ts';
import { newId, newSecretToken } from '../../server/domain/ids.ts';
import { paymentPosting } from '../../server/domain/ledger.ts';
import type { RowUpdate } from '../../server/modules/checkouts/checkout-kind.ts';
import { prepareJournal } from '../../server/modules/ledger/ledger.service.ts';
import { paymentStore, type RecordedPayment } from '../../server/modules/payments/payment-store.ts';
import { createTestDatabase } from '../support/database.ts';

// One connection, so every statement of this file runs on it and its prepared statements can be read.
let orm: MikroORM;
const BUSINESS = 'biz_store_test';
const AT = new Date('2026-12-02T10:00:00Z');
beforeAll(async () => {
  orm = await openDatabase(await createTestDatabase(), { poolMax: 1 });
  const em = orm.em.fork();
  await createVoucherTable(em);
  await em.execute(
    `insert into business (id, name, plan, country, default_currency, allowed_origins, created_at) values (?, 'Store test', 'RETAIL', 'NG', 'NGN', '{}', ?)`,
    [BUSINESS, AT],
  );
});
afterAll(() => orm.close());

const sql = <T>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);

let count = 0;
async function openInvoice(totalMinor: bigint): Promise<string> {
  const id = `inv_store_${count++}`;
  await sql(
    `insert into invoice (id, business_id, mode, number, customer_name, customer_email, currency, line_items, total_minor, amount_paid_minor, status, due_date, created_at)
     values (?, ?, 'TEST', ?, 'Ada', 'ada@example.com', 'NGN', '[]', ?, 0, 'OPEN', '2026-12-31', ?)`,
    [id, BUSINESS, `INV-${id}`, totalMinor, AT],
  );
  return id;
}
async function issueVoucher(): Promise<string> {
  const id = `vch_store_${count++}`;
  await sql(`insert into test_voucher (id, business_id, mode, status, amount_minor, currency, expires_at) values (?, ?, 'TEST', 'ISSUED', 500, 'NGN', ?)`, [
    id,
    BUSINESS,
    new Date(AT.getTime() + 3_600_000),
  ]);
  return id;
}
const redeem =
  (id: string): RowUpdate =>
  (db) =>
    db.withTables<{ test_voucher: { id: string; status: string } }>().updateTable('test_voucher').set({ status: 'REDEEMED' }).where('id', '=', id);

/** What the use case would hand the store for one payment of `amountMinor` to an invoice and a voucher. */
async function recorded(
  tx: PipelinedTransaction,
  p: { partnerPaymentId: string; amountMinor: bigint; invoiceId: string | null; voucherId: string | null },
): Promise<RecordedPayment> {
  const paymentId = newId('pay', AT);
  const application = { appliedMinor: p.amountMinor, customerCreditMinor: 0n, suspenseMinor: 0n };
  const journal = await prepareJournal(tx, {
    businessId: BUSINESS,
    mode: 'TEST',
    description: `Payment ${p.partnerPaymentId}`,
    source: `payment:${paymentId}`,
    at: AT,
    lines: paymentPosting('NGN', application, p.invoiceId ? 'RECEIVABLE' : 'REVENUE'),
  });
  return {
    payment: {
      id: paymentId,
      business_id: BUSINESS,
      mode: 'TEST',
      partner: 'alat',
      partner_payment_id: p.partnerPaymentId,
      reference: `ref-${p.partnerPaymentId}`,
      checkout_id: p.voucherId,
      bill_payment_ref: null,
      invoice_id: p.invoiceId,
      currency: 'NGN',
      amount_minor: p.amountMinor,
      applied_minor: application.appliedMinor,
      customer_credit_minor: 0n,
      suspense_minor: 0n,
      exception: null,
      paid_at: AT,
      created_at: AT,
      response: JSON.stringify({ outcome: 'RECONCILED', partnerPaymentId: p.partnerPaymentId }),
    },
    invoice: p.invoiceId ? { id: p.invoiceId, amountPaidMinor: p.amountMinor, status: 'PARTIALLY_PAID', applied: true } : null,
    checkoutUpdate: p.voucherId ? redeem(p.voucherId) : null,
    journal,
    receiptId: newId('rec', AT),
    receiptToken: newSecretToken(),
    events: [
      { id: newId('evt', AT), type: 'payment.received', payload: { paymentId, receiptNumber: null, note: "it's" }, carriesReceiptNumber: true },
      { id: newId('evt', AT), type: 'invoice.partially_paid', payload: { invoiceId: p.invoiceId }, carriesReceiptNumber: false },
      { id: newId('evt', AT), type: 'voucher.redeemed', payload: { voucherId: p.voucherId }, carriesReceiptNumber: false },
    ],
  };
}

/** Records one payment in its own pipelined transaction; returns the receipt number and the statements sent with the commit. */
async function record(p: Parameters<typeof recorded>[1]) {
  const store = paymentStore(orm.em);
  const sent: Statement[] = [];
  const receiptNumber = await pipelinedTransaction(orm.em, async (tx) => {
    const watched: PipelinedTransaction = {
      ...tx,
      commitWith: (...statements) => (sent.push(...statements), tx.commitWith(...statements)),
    };
    return store.recordPayment(watched, await recorded(tx, p));
  });
  const texts = sent.map((s) => ('compiled' in s ? s.compiled.sql : s.sql));
  return { receiptNumber, texts };
}

describe('the payment store', () => {
  it('writes the payment, receipt, invoice, the kind’s row, a balanced journal and the events, the receipt number drawn last', async () => {
    const [invoiceId, voucherId] = [await openInvoice(2_000n), await issueVoucher()];
    const { receiptNumber } = await record({ partnerPaymentId: 'store-1', amountMinor: 500n, invoiceId, voucherId });
    expect(receiptNumber).toBe(documentNumber('REC', 2026, 1));

    const [payment] = await sql<Record<string, unknown>>(
      `select id, business_id, mode, partner, reference, checkout_id, invoice_id, currency, amount_minor::text, applied_minor::text, journal_entry_id, response
         from payment where partner_payment_id = 'store-1'`,
    );
    expect(payment).toMatchObject({
      business_id: BUSINESS,
      mode: 'TEST',
      partner: 'alat',
      reference: 'ref-store-1',
      checkout_id: voucherId,
      invoice_id: invoiceId,
      currency: 'NGN',
      amount_minor: '500',
      applied_minor: '500',
      response: JSON.stringify({ outcome: 'RECONCILED', partnerPaymentId: 'store-1' }),
    });
    expect(await sql(`select number, invoice_id, amount_minor::text, currency from receipt where payment_id = ?`, [payment!.id])).toEqual([
      { number: receiptNumber, invoice_id: invoiceId, amount_minor: '500', currency: 'NGN' },
    ]);
    expect(await sql(`select amount_paid_minor::text, status from invoice where id = ?`, [invoiceId])).toEqual([
      { amount_paid_minor: '500', status: 'PARTIALLY_PAID' },
    ]);
    expect(await sql(`select status from test_voucher where id = ?`, [voucherId])).toEqual([{ status: 'REDEEMED' }]);

    const lines = await sql<{ code: string; debit: string; credit: string }>(
      `select a.code, l.debit_minor::text as debit, l.credit_minor::text as credit
         from journal_entry e join journal_line l on l.entry_id = e.id join ledger_account a on a.id = l.account_id
        where e.id = ? and e.source = ? order by a.code`,
      [payment!.journal_entry_id, `payment:${payment!.id}`],
    );
    expect(lines).toEqual([
      { code: '1100', debit: '500', credit: '0' },
      { code: '1200', debit: '0', credit: '500' },
    ]);

    // Only the event that says so carries the receipt number; the rest are stored as given, in order.
    const events = await sql<{ type: string; payload: Record<string, unknown>; business_id: string; mode: string }>(
      `select type, payload, business_id, mode from outbox_event where business_id = ? order by id`,
      [BUSINESS],
    );
    expect(events).toEqual([
      { type: 'payment.received', payload: { paymentId: payment!.id, receiptNumber, note: "it's" }, business_id: BUSINESS, mode: 'TEST' },
      { type: 'invoice.partially_paid', payload: { invoiceId }, business_id: BUSINESS, mode: 'TEST' },
      { type: 'voucher.redeemed', payload: { voucherId }, business_id: BUSINESS, mode: 'TEST' },
    ]);
  });

  it('writes a payment with no invoice and no checkout row change', async () => {
    const { receiptNumber } = await record({ partnerPaymentId: 'store-2', amountMinor: 300n, invoiceId: null, voucherId: null });
    const [row] = await sql<{ checkout_id: string | null; invoice_id: string | null; number: string }>(
      `select p.checkout_id, p.invoice_id, r.number from payment p join receipt r on r.payment_id = p.id where p.partner_payment_id = 'store-2'`,
    );
    expect(row).toEqual({ checkout_id: null, invoice_id: null, number: receiptNumber });
  });

  it('lands a payment once: a second recording of it is refused whole, and its receipt number is not used up', async () => {
    const before = await sql<{ n: number }>(`select count(*)::int as n from receipt`);
    const first = await record({ partnerPaymentId: 'store-dup', amountMinor: 100n, invoiceId: null, voucherId: null });
    const [again, concurrent] = await Promise.allSettled([
      record({ partnerPaymentId: 'store-dup', amountMinor: 100n, invoiceId: null, voucherId: null }),
      record({ partnerPaymentId: 'store-dup', amountMinor: 100n, invoiceId: null, voucherId: null }),
    ]);
    for (const result of [again, concurrent]) {
      expect(result.status).toBe('rejected');
      expect(isUniqueViolation((result as PromiseRejectedResult).reason)).toBe(true);
    }
    expect(await sql(`select count(*)::int as n from payment where partner_payment_id = 'store-dup'`)).toEqual([{ n: 1 }]);
    expect(await sql(`select count(*)::int as n from receipt`)).toEqual([{ n: before[0]!.n + 1 }]);
    // The refused ones drew no number: the next payment gets the next one, gap-free.
    const next = await record({ partnerPaymentId: 'store-after-dup', amountMinor: 100n, invoiceId: null, voucherId: null });
    const sequence = (number: string) => Number(number.split('-').at(-1));
    expect(sequence(next.receiptNumber)).toBe(sequence(first.receiptNumber) + 1);
    expect(await sql(`select entry_id from journal_line group by entry_id, currency having sum(debit_minor) <> sum(credit_minor)`)).toEqual([]);
  });

  it('sends the same statement text for two payments of one kind, so each shape is prepared once per connection', async () => {
    // The pool has one connection: what is prepared on it is what every statement of this file used.
    const prepared = () =>
      pipelinedTransaction(orm.em, (tx) => tx.execute<Array<{ name: string; statement: string }>>(`select name, statement from pg_prepared_statements`));
    const a = await record({ partnerPaymentId: 'store-shape-a', amountMinor: 200n, invoiceId: await openInvoice(1_000n), voucherId: await issueVoucher() });
    const afterA = await prepared();
    const b = await record({ partnerPaymentId: 'store-shape-b', amountMinor: 400n, invoiceId: await openInvoice(1_000n), voucherId: await issueVoucher() });
    expect(b.texts).toEqual(a.texts);
    expect(a.texts).toHaveLength(2);
    // No value is written into the text: everything varies through parameters.
    for (const text of a.texts) expect(text).not.toMatch(/store-shape|vch_|inv_|REC-|biz_/);
    // Both statements ran prepared (the PREPARE carries their text), and the second payment prepared nothing new.
    for (const text of a.texts) expect(afterA.some((row) => row.statement.includes(`as ${text}`))).toBe(true);
    expect((await prepared()).map((row) => row.name).sort()).toEqual(afterA.map((row) => row.name).sort());
  });
});

describe('the migration that leaves checkout_id alone on the payment', () => {
  const MIGRATION = 'Migration20261204000000_payment_checkout_only';

  it('fills checkout_id from payment_link_id or bill_id where it was null, drops them, indexes checkout_id, and goes back', async () => {
    const other = await openDatabase(await createTestDatabase(), { poolMax: 1 });
    const run = (text: string) => other.em.fork().execute(text);
    try {
      await other.migrator.down({ migrations: [MIGRATION] });
      // Rows as an older version wrote them; the foreign keys are not what is tested here (one connection, so the setting holds).
      await run(`set session_replication_role = replica`);
      const payment = (id: string, named: { checkoutId?: string; paymentLinkId?: string; billId?: string }) =>
        other.em.fork().execute(
          `insert into payment (id, business_id, mode, partner, partner_payment_id, currency, amount_minor, applied_minor, customer_credit_minor,
                                suspense_minor, paid_at, created_at, journal_entry_id, response, checkout_id, payment_link_id, bill_id)
           values (?, 'biz_old', 'TEST', 'alat', ?, 'NGN', 1, 1, 0, 0, now(), now(), ?, '{}', ?, ?, ?)`,
          [id, id, `je_${id}`, named.checkoutId ?? null, named.paymentLinkId ?? null, named.billId ?? null],
        );
      await payment('pay_link', { paymentLinkId: 'pl_old' });
      await payment('pay_bill', { billId: 'bill_old' });
      await payment('pay_named', { checkoutId: 'vch_named', paymentLinkId: 'pl_other' });
      await payment('pay_unknown', {});
      await run(`set session_replication_role = origin`);

      await other.migrator.up();
      expect(await other.em.fork().execute(`select id, checkout_id from payment order by id`)).toEqual([
        { id: 'pay_bill', checkout_id: 'bill_old' },
        { id: 'pay_link', checkout_id: 'pl_old' },
        { id: 'pay_named', checkout_id: 'vch_named' },
        { id: 'pay_unknown', checkout_id: null },
      ]);
      expect(
        await other.em
          .fork()
          .execute(`select column_name from information_schema.columns where table_name = 'payment' and column_name in ('payment_link_id', 'bill_id')`),
      ).toEqual([]);
      expect(await other.em.fork().execute(`select indexdef from pg_indexes where tablename = 'payment' and indexdef like '%(checkout_id)%'`)).toHaveLength(1);

      await other.migrator.down({ migrations: [MIGRATION] });
      await other.migrator.up();
    } finally {
      await other.close();
    }
  });
});
