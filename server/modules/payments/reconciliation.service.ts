import type { EntityManager } from '@mikro-orm/postgresql';
import {
  executeAutocommit,
  FirstRoundTripFailed,
  isUniqueViolation,
  pipelinedTransaction,
  type PipelinedTransaction,
  type SqlRunner,
  type Statement,
} from '../../db/pipelined-transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { paymentPosting } from '../../domain/ledger.ts';
import { applyPayment, invoiceStatusAfter, type PaymentApplication } from '../../domain/payment-application.ts';
import { prepareJournal } from '../ledger/ledger.service.ts';
import { nextDocumentNumberCte } from '../numbering/numbering.service.ts';
import type { LockedCheckout } from '../checkouts/checkout-kind.ts';
import { lockCheckout } from '../checkouts/registry.ts';
import type { DeliveryOutcome } from './partner-webhook.ts';
import type { PaymentNotification } from './payment-notification.ts';

type Reconciled = Extract<DeliveryOutcome, { outcome: 'RECONCILED' }>;

/** A partner's delivery as received, kept before anything else is done with it. */
export interface RawPartnerDelivery {
  partner: string;
  partnerPaymentId: string | null;
  /** The bytes exactly as they arrived (bytea): what the partner signed. */
  rawBody: Buffer;
  signature: string;
  receivedAt: Date;
}

const rawDeliveryInsert = (d: RawPartnerDelivery): Statement => ({
  sql: `insert into partner_webhook_delivery (partner, partner_payment_id, raw_body, signature, received_at) values (?, ?, ?, ?, ?)`,
  params: [d.partner, d.partnerPaymentId, d.rawBody, d.signature, d.receivedAt],
});

/** The raw payload could not be kept: the partner must retry. */
export class DeliveryNotStored extends Error {
  constructor(cause: unknown) {
    super('The raw partner delivery could not be stored', { cause });
  }
}

/**
 * A partner's payment delivery: the raw payload is kept first, in its own transaction (committed in
 * the reconciliation's first round trip, so a failed reconciliation leaves it), then the payment is
 * reconciled exactly once. Throws `DeliveryNotStored` when the payload could not be kept.
 */
export async function receivePartnerPayment(
  em: EntityManager,
  clock: Clock,
  delivery: RawPartnerDelivery,
  notification: PaymentNotification,
): Promise<{ outcome: DeliveryOutcome; checkoutId: string | null }> {
  try {
    return await reconcilePayment(em, clock, notification, rawDeliveryInsert(delivery));
  } catch (error) {
    if (!(error instanceof FirstRoundTripFailed)) throw error;
    // Whether the payload was kept is unknown: keep it on its own (at worst twice), then reconcile.
    try {
      await executeAutocommit(em, rawDeliveryInsert(delivery));
    } catch (cause) {
      throw new DeliveryNotStored(cause);
    }
    return reconcilePayment(em, clock, notification);
  }
}

/**
 * A delivery that moves no money (a failed or reversed payment, for now): only its raw bytes are
 * kept, in one statement, for the operator. Throws `DeliveryNotStored` when they could not be.
 */
export async function recordPartnerDelivery(em: EntityManager, delivery: RawPartnerDelivery): Promise<{ outcome: DeliveryOutcome }> {
  try {
    await executeAutocommit(em, rawDeliveryInsert(delivery));
  } catch (cause) {
    throw new DeliveryNotStored(cause);
  }
  return { outcome: { outcome: 'RECORDED' } };
}

// `payment.response` keeps our neutral outcome (the adapter builds the partner's body from it, the
// same bytes every time). It leaves the receipt number out (it is drawn after the payment is
// written, see below); a replay takes it from the receipt, in its place.
const recordedAnswerQuery = (n: PaymentNotification): Statement => ({
  sql: `select p.response, r.number from payment p left join receipt r on r.payment_id = p.id where p.partner = ? and p.partner_payment_id = ?`,
  params: [n.partner, n.partnerPaymentId],
});
const answerOf = (rows: unknown[]): Reconciled | null => {
  const [row] = rows as Array<{ response: string; number: string | null }>;
  if (!row) return null;
  const stored = JSON.parse(row.response) as Reconciled | { data: { receiptId: string; invoiceStatus: string | null; glJournalEntryId: string } };
  // Payments stored before the adapters kept Alat's body itself.
  const outcome: Reconciled =
    'data' in stored
      ? {
          outcome: 'RECONCILED',
          receiptId: stored.data.receiptId,
          receiptNumber: null,
          invoiceStatus: stored.data.invoiceStatus,
          journalEntryId: stored.data.glJournalEntryId,
        }
      : stored;
  return { ...outcome, receiptNumber: row.number };
};
const recordedAnswer = async (runner: SqlRunner, n: PaymentNotification): Promise<Reconciled | null> => {
  const { sql, params } = recordedAnswerQuery(n);
  return answerOf(await runner.execute<unknown[]>(sql, [...params!]));
};

/**
 * Applies a reported payment exactly once: receipt, invoice, checkout, balanced journal and outbox
 * events commit together or not at all. Duplicates (sequential or concurrent) get the first answer,
 * byte for byte.
 */
async function reconcilePayment(
  em: EntityManager,
  clock: Clock,
  notification: PaymentNotification,
  committedFirst?: Statement,
): Promise<{ outcome: DeliveryOutcome; checkoutId: string | null }> {
  try {
    return await pipelinedTransaction(em, (tx) => applyInTransaction(tx, clock, notification), { committedFirst });
  } catch (error) {
    // A concurrent delivery of the same payment committed first (it had no checkout to queue on, or
    // it committed while we waited for the checkout's lock).
    if (!isUniqueViolation(error)) throw error;
    const outcome = await recordedAnswer(em.fork(), notification);
    if (!outcome) throw error;
    return { outcome, checkoutId: null };
  }
}

/** The answer, and the checkout whose state changed (null for a duplicate: nothing did). */
async function applyInTransaction(
  tx: PipelinedTransaction,
  clock: Clock,
  n: PaymentNotification,
): Promise<{ outcome: DeliveryOutcome; checkoutId: string | null }> {
  // The dedupe query runs once the checkout is locked (same round trip), so it sees every delivery
  // of this payment that committed before us.
  const { checkout, afterLockRows } = await lockCheckout(tx, n, recordedAnswerQuery(n));
  const recorded = answerOf(afterLockRows);
  if (recorded) return { outcome: recorded, checkoutId: null };

  const owner = checkout ? { businessId: checkout.businessId, mode: checkout.mode } : await ownerOfUnknownCheckout(tx, n);
  if (!owner) {
    // No tenant to book it to: the raw delivery is kept for the operator; nothing else can be written.
    console.warn(`[reconcile] payment ${n.partner}/${n.partnerPaymentId} names no known checkout or business; kept as a raw delivery`);
    return { outcome: { outcome: 'RECORDED' }, checkoutId: null };
  }

  const now = clock.now();
  const invoice = checkout?.invoice ?? null;
  const payment = { amountMinor: n.amountMinor, currency: n.currency, paidAt: n.paidAt };
  const application = checkout ? checkout.apply(payment) : applyPayment(null, payment);
  const amountPaidAfter = invoice ? invoice.amountPaidMinor + application.appliedMinor : null;
  const invoiceStatus = invoice ? invoiceStatusAfter(invoice.totalMinor, amountPaidAfter!) : null;
  const paymentId = newId('pay', now);
  const receiptId = newId('rec', now);
  const effects = checkout?.effects(application, invoiceStatus, now, { paymentId, amountMinor: n.amountMinor }) ?? null;

  const journal = await prepareJournal(tx, {
    ...owner,
    description: `Payment ${n.partnerPaymentId} via ${n.partner}${application.exception ? ` (${application.exception})` : ''}`,
    source: `payment:${paymentId}`,
    at: now,
    lines: paymentPosting(n.currency, application, invoice ? 'RECEIVABLE' : 'REVENUE', effects?.shares),
  });
  const journalId = journal.id;
  // Receipt numbers are gap-free per business, so drawing one locks the business's series row until
  // commit. Everything that does not need the number is written first; the last statement draws it
  // and writes what carries it (the receipt, payment.received), and travels with the commit, so
  // payments of one business queue on that lock only for one small statement and the commit.
  const receiptNumber = nextDocumentNumberCte('receipt_number', owner.businessId, owner.mode, 'REC', now);
  const outcomeWith = (number: string | null): Reconciled => ({
    outcome: 'RECONCILED',
    receiptId,
    receiptNumber: number,
    invoiceStatus: invoiceStatus?.toLowerCase() ?? effects?.reportedStatus ?? null,
    journalEntryId: journalId,
  });

  // Ids are drawn in the events' order, which is the order merchants receive them in.
  const events = [...merchantEvents({ n, paymentId, receiptId, checkout, application, amountPaidAfter, invoiceStatus }), ...(effects?.events ?? [])].map(
    ([type, payload]) => ({ id: newId('evt', now), type, payload }),
  );
  const eventRows = (numbered: boolean) => {
    const rows = events
      .filter(({ payload }) => 'receiptNumber' in payload === numbered)
      .map(({ id, type, payload }) => ({
        sql: `(?, ?, ?, ?, ${numbered ? `jsonb_set(?::jsonb, '{receiptNumber}', (select to_jsonb(number) from receipt_number))` : '?'}, ?)`,
        params: [id, owner.businessId, owner.mode, type, JSON.stringify(payload), now],
      }));
    return rows.length
      ? {
          sql: `, event_rows as (insert into outbox_event (id, business_id, mode, type, payload, created_at) values ${rows.map((e) => e.sql).join(', ')})`,
          params: rows.flatMap((e) => e.params),
        }
      : { sql: '', params: [] };
  };
  const [unnumberedEvents, numberedEvents] = [eventRows(false), eventRows(true)];
  const rowUpdate = effects?.rowUpdate ?? null;

  const [, [row]] = (await tx.commitWith(
    {
      sql: `with ${journal.ctes}, payment_row as (
         insert into payment (id, business_id, mode, partner, partner_payment_id, reference, checkout_id, payment_link_id, bill_id, bill_payment_ref,
                              invoice_id, currency, amount_minor, applied_minor, customer_credit_minor, suspense_minor, exception, paid_at,
                              created_at, journal_entry_id, response)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ), invoice_row as (
         update invoice set amount_paid_minor = ?, status = ? where id = ? and ?::boolean
       )${rowUpdate ? `, checkout_row as (update ${checkout!.table} set ${rowUpdate.set} where id = ?)` : ''}${unnumberedEvents.sql}
       select 1`,
      params: [
        ...journal.params,
        paymentId,
        owner.businessId,
        owner.mode,
        n.partner,
        n.partnerPaymentId,
        n.reference,
        checkout?.id ?? namedCheckout(n),
        checkout?.paymentLinkId ?? null,
        checkout?.billId ?? null,
        effects?.paymentRef ?? null,
        invoice?.id ?? null,
        n.currency,
        n.amountMinor.toString(),
        application.appliedMinor.toString(),
        application.customerCreditMinor.toString(),
        application.suspenseMinor.toString(),
        application.exception,
        n.paidAt,
        now,
        journalId,
        JSON.stringify(outcomeWith(null)),
        amountPaidAfter?.toString() ?? '0',
        invoiceStatus ?? 'OPEN',
        invoice?.id ?? null,
        application.appliedMinor > 0n,
        ...(rowUpdate ? [...rowUpdate.params, checkout!.id] : []),
        ...unnumberedEvents.params,
      ],
    },
    {
      sql: `with ${receiptNumber.sql}, receipt_row as (
         insert into receipt (id, business_id, mode, number, payment_id, invoice_id, currency, amount_minor, created_at)
         values (?, ?, ?, (select number from receipt_number), ?, ?, ?, ?, ?)
       )${numberedEvents.sql}
       select number from receipt_number`,
      params: [
        ...receiptNumber.params,
        receiptId,
        owner.businessId,
        owner.mode,
        paymentId,
        invoice?.id ?? null,
        n.currency,
        n.amountMinor.toString(),
        now,
        ...numberedEvents.params,
      ],
    },
  )) as [unknown[], Array<{ number: string }>];
  return { outcome: outcomeWith(row!.number), checkoutId: checkout?.id ?? null };
}

/** What the partner named, known or not: a checkout id, a bill's reference or a virtual account. */
const namedCheckout = (n: PaymentNotification): string | null =>
  n.checkoutId ?? (n.billRef ? ('paymentRef' in n.billRef ? n.billRef.paymentRef : n.billRef.accountNumber) : null);

/** Money naming no known checkout still belongs to the business it names, if that exists. */
async function ownerOfUnknownCheckout(tx: SqlRunner, n: PaymentNotification) {
  if (!n.businessId) return null;
  const [business] = await tx.execute<Array<{ id: string }>>(`select id from business where id = ?`, [n.businessId]);
  // Our sandbox bank marks its deliveries TEST; the live partner sends no mode.
  return business ? { businessId: business.id, mode: n.mode ?? ('LIVE' as const) } : null;
}

/** The merchant's events for one payment: always payment.received, then invoice and exception news. */
function merchantEvents(p: {
  n: PaymentNotification;
  paymentId: string;
  receiptId: string;
  checkout: LockedCheckout | null;
  application: PaymentApplication;
  amountPaidAfter: bigint | null;
  invoiceStatus: string | null;
}): Array<[string, Record<string, unknown>]> {
  const { n, checkout, application } = p;
  const invoice = checkout?.invoice ?? null;
  const minor = (value: bigint) => Number(value);
  const events: Array<[string, Record<string, unknown>]> = [
    [
      'payment.received',
      {
        paymentId: p.paymentId,
        partnerPaymentId: n.partnerPaymentId,
        reference: n.reference,
        receiptId: p.receiptId,
        receiptNumber: null, // set in SQL, where the number is drawn
        invoiceId: invoice?.id ?? null,
        checkoutId: checkout?.id ?? null,
        amountMinor: minor(n.amountMinor),
        appliedMinor: minor(application.appliedMinor),
        currency: n.currency,
        metadata: checkout?.metadata ?? {},
      },
    ],
  ];
  if (invoice && application.appliedMinor > 0n) {
    events.push([
      p.invoiceStatus === 'PAID' ? 'invoice.paid' : 'invoice.partially_paid',
      {
        invoiceId: invoice.id,
        number: invoice.number,
        checkoutId: checkout?.id ?? null,
        totalMinor: minor(invoice.totalMinor),
        amountPaidMinor: minor(p.amountPaidAfter!),
        amountDueMinor: minor(invoice.totalMinor - p.amountPaidAfter!),
        currency: invoice.currency,
      },
    ]);
  }
  if (application.exception) {
    events.push([
      'payment.exception',
      {
        paymentId: p.paymentId,
        partnerPaymentId: n.partnerPaymentId,
        reason: application.exception,
        checkoutId: checkout?.id ?? namedCheckout(n),
        amountMinor: minor(n.amountMinor),
        customerCreditMinor: minor(application.customerCreditMinor),
        suspenseMinor: minor(application.suspenseMinor),
        currency: n.currency,
      },
    ]);
  }
  return events;
}
