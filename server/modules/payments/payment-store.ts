import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Insertable } from 'kysely';
import { kyselyOf, type Database } from '../../db/database.ts';
import { compiled, type CompiledStatement, type PipelinedTransaction } from '../../db/pipelined-transaction.ts';
import type { InvoiceStatus } from '../../domain/payment-application.ts';
import type { RowUpdate } from '../checkouts/checkout-kind.ts';
import type { PreparedJournal } from '../ledger/ledger.service.ts';
import { nextDocumentNumberQuery } from '../numbering/numbering.service.ts';

/** A merchant event of one payment. `carriesReceiptNumber`: the store sets its `receiptNumber` where the number is drawn. */
export interface PaymentEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  carriesReceiptNumber: boolean;
}

/** Everything one reconciled payment writes, decided by the use case; the store only writes it. */
export interface RecordedPayment {
  /** The payment row; its receipt's number is drawn by the store. */
  payment: Omit<Insertable<Database['payment']>, 'journal_entry_id'>;
  /** The invoice's amounts after the payment (null: no invoice). The row changes only when money was applied to it. */
  invoice: { id: string; amountPaidMinor: bigint; status: InvoiceStatus; applied: boolean } | null;
  /** The kind's own update of its checkout row (null: the row does not change). */
  checkoutUpdate: RowUpdate | null;
  journal: PreparedJournal;
  receiptId: string;
  /** The receipt page's secret (`/r/<token>`). */
  receiptToken: string;
  /** In the order merchants receive them (their ids are drawn in that order). */
  events: PaymentEvent[];
}

/** The partner's payment the store knows by its partner's id. */
export interface PartnerPaymentKey {
  partner: string;
  partnerPaymentId: string;
}

/** A partner's delivery as received, kept before anything else is done with it. */
export interface RawPartnerDelivery {
  partner: string;
  partnerPaymentId: string | null;
  /** The bytes exactly as they arrived (bytea): what the partner signed. */
  rawBody: Buffer;
  signature: string;
  receivedAt: Date;
}

/**
 * The money path's writes and reads, as typed statements (Kysely, types inferred from the
 * `defineEntity` definitions) compiled for the pipelined transaction. Each statement has one shape
 * per kind and event mix, so PostgreSQL prepares it once per connection.
 */
export function paymentStore(em: EntityManager) {
  const db = kyselyOf(em);

  const eventRow = (p: RecordedPayment['payment'], event: PaymentEvent) => ({
    id: event.id,
    business_id: p.business_id,
    mode: p.mode,
    type: event.type,
    payload: event.payload,
    created_at: p.created_at,
  });

  return {
    rawDelivery: (d: RawPartnerDelivery): CompiledStatement =>
      compiled(
        db.insertInto('partner_webhook_delivery').values({
          partner: d.partner,
          partner_payment_id: d.partnerPaymentId,
          raw_body: d.rawBody,
          signature: d.signature,
          received_at: d.receivedAt,
        }),
      ),

    /** The first answer's stored outcome and its receipt's number, if the payment was recorded. */
    recordedAnswer: (key: PartnerPaymentKey): CompiledStatement =>
      compiled(
        db
          .selectFrom('payment as p')
          .leftJoin('receipt as r', 'r.payment_id', 'p.id')
          .select(['p.response', 'r.number'])
          .where('p.partner', '=', key.partner)
          .where('p.partner_payment_id', '=', key.partnerPaymentId),
      ),

    async businessExists(tx: PipelinedTransaction, id: string): Promise<boolean> {
      const [rows] = await tx.batch([compiled(db.selectFrom('business').select('id').where('id', '=', id))]);
      return rows!.length > 0;
    },

    /**
     * Writes a reconciled payment in the transaction's last two round trips and commits: first one
     * statement of data-modifying CTEs (journal, payment, invoice, checkout row, the events that do not
     * carry the receipt number), then, with the commit, the small one that draws the receipt number and
     * writes what carries it. Receipt numbers are gap-free per business, so drawing one locks the
     * series row until commit: payments of one business queue on it only for that statement.
     * Returns the receipt's number.
     */
    async recordPayment(tx: PipelinedTransaction, r: RecordedPayment): Promise<string> {
      const p = r.payment;
      const unnumbered = r.events.filter((e) => !e.carriesReceiptNumber).map((e) => eventRow(p, e));
      const numbered = r.events.filter((e) => e.carriesReceiptNumber).map((e) => eventRow(p, e));
      const update = r.checkoutUpdate;

      let written = db
        .with('journal_entry_row', (q) => q.insertInto('journal_entry').values(r.journal.entry))
        .with('journal_line_rows', (q) => q.insertInto('journal_line').values(r.journal.lines))
        .with('payment_row', (q) => q.insertInto('payment').values({ ...p, journal_entry_id: r.journal.id }))
        // Always present, so the statement keeps its shape with or without an invoice.
        .with('invoice_row', (q) =>
          q
            .updateTable('invoice')
            .set({ amount_paid_minor: r.invoice?.amountPaidMinor ?? 0n, status: r.invoice?.status ?? 'OPEN' })
            .where('id', '=', r.invoice?.id ?? null)
            .where(sql<boolean>`${r.invoice?.applied ?? false}::boolean`),
        );
      // The kind's update is opaque here (only the kind names its table): it is placed as it compiles.
      if (update) written = written.with('checkout_row', () => sql<object>`(${update(db)})`);
      if (unnumbered.length) written = written.with('event_rows', (q) => q.insertInto('outbox_event').values(unnumbered));

      let numberedWrites = db
        .with('receipt_number', () => nextDocumentNumberQuery(db, p.business_id, p.mode, 'REC', p.created_at))
        .with('receipt_row', (q) =>
          q.insertInto('receipt').values({
            id: r.receiptId,
            token: r.receiptToken,
            business_id: p.business_id,
            mode: p.mode,
            number: (eb) => eb.selectFrom('receipt_number').select('number'),
            payment_id: p.id,
            invoice_id: p.invoice_id ?? null,
            currency: p.currency,
            amount_minor: p.amount_minor,
            created_at: p.created_at,
          }),
        );
      if (numbered.length)
        numberedWrites = numberedWrites.with('numbered_event_rows', (q) =>
          q.insertInto('outbox_event').values(
            numbered.map((row) => ({
              ...row,
              payload: sql<Record<string, unknown>>`jsonb_set(${row.payload}::jsonb, '{receiptNumber}', (select to_jsonb(number) from receipt_number))`,
            })),
          ),
        );

      const [, [receipt]] = (await tx.commitWith(
        compiled(written.selectNoFrom(sql<number>`1`.as('one'))),
        compiled(numberedWrites.selectFrom('receipt_number').select('number')),
      )) as [unknown[], Array<{ number: string }>];
      return receipt!.number;
    },
  };
}

export type PaymentStore = ReturnType<typeof paymentStore>;
