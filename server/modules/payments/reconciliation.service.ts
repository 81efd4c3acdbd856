import type { EntityManager } from '@mikro-orm/postgresql';
import {
  executeAutocommit,
  FirstRoundTripFailed,
  isUniqueViolation,
  pipelinedTransaction,
  type PipelinedTransaction,
  type Statement,
} from '../../db/pipelined-transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { newId, newSecretToken } from '../../domain/ids.ts';
import { paymentPosting } from '../../domain/ledger.ts';
import { applyPayment, invoiceStatusAfter, type PaymentApplication } from '../../domain/payment-application.ts';
import { prepareJournal } from '../ledger/ledger.service.ts';
import type { LockedCheckout } from '../checkouts/checkout-kind.ts';
import { kindNamedBy, lockCheckout } from '../checkouts/registry.ts';
import type { DeliveryOutcome } from './partner-webhook.ts';
import type { PaymentNotification } from './payment-notification.ts';
import { paymentStore, type PaymentEvent, type PaymentStore, type RawPartnerDelivery } from './payment-store.ts';

export type { RawPartnerDelivery } from './payment-store.ts';

type Reconciled = Extract<DeliveryOutcome, { outcome: 'RECONCILED' }>;

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
  const store = paymentStore(em);
  try {
    return await reconcilePayment(em, store, clock, notification, store.rawDelivery(delivery));
  } catch (error) {
    if (!(error instanceof FirstRoundTripFailed)) throw error;
    // Whether the payload was kept is unknown: keep it on its own (at worst twice), then reconcile.
    try {
      await executeAutocommit(em, store.rawDelivery(delivery));
    } catch (cause) {
      throw new DeliveryNotStored(cause);
    }
    return reconcilePayment(em, store, clock, notification);
  }
}

/**
 * A delivery that moves no money (a failed or reversed payment, for now): only its raw bytes are
 * kept, in one statement, for the operator. Throws `DeliveryNotStored` when they could not be.
 */
export async function recordPartnerDelivery(
  em: EntityManager,
  delivery: RawPartnerDelivery,
  failed?: { payment: PaymentNotification; reason: string | null; now: Date },
): Promise<{ outcome: DeliveryOutcome; checkoutId: string | null }> {
  try {
    await executeAutocommit(em, paymentStore(em).rawDelivery(delivery));
  } catch (cause) {
    throw new DeliveryNotStored(cause);
  }
  // The kind it names may record the failed attempt (its own dedupe); the raw bytes are kept either way.
  const kind = failed && kindNamedBy(failed.payment);
  const checkoutId = kind?.recordFailedAttempt ? await kind.recordFailedAttempt(em, failed!.payment, failed!.reason, failed!.now) : null;
  return { outcome: { outcome: 'RECORDED' }, checkoutId };
}

// `payment.response` keeps our neutral outcome (the adapter builds the partner's body from it, the
// same bytes every time). It leaves the receipt number out (it is drawn after the payment is
// written, see below); a replay takes it from the receipt, in its place.
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

/**
 * Applies a reported payment exactly once: receipt, invoice, checkout, balanced journal and outbox
 * events commit together or not at all. Duplicates (sequential or concurrent) get the first answer,
 * byte for byte.
 */
async function reconcilePayment(
  em: EntityManager,
  store: PaymentStore,
  clock: Clock,
  notification: PaymentNotification,
  committedFirst?: Statement,
): Promise<{ outcome: DeliveryOutcome; checkoutId: string | null }> {
  try {
    return await pipelinedTransaction(em, (tx) => applyInTransaction(tx, store, clock, notification), { committedFirst });
  } catch (error) {
    // A concurrent delivery of the same payment committed first (it had no checkout to queue on, or
    // it committed while we waited for the checkout's lock).
    if (!isUniqueViolation(error)) throw error;
    const outcome = answerOf(await executeAutocommit(em, store.recordedAnswer(notification)));
    if (!outcome) throw error;
    return { outcome, checkoutId: null };
  }
}

/** The answer, and the checkout whose state changed (null for a duplicate: nothing did). */
async function applyInTransaction(
  tx: PipelinedTransaction,
  store: PaymentStore,
  clock: Clock,
  n: PaymentNotification,
): Promise<{ outcome: DeliveryOutcome; checkoutId: string | null }> {
  // The dedupe query runs once the checkout is locked (same round trip), so it sees every delivery
  // of this payment that committed before us.
  const { checkout, afterLockRows } = await lockCheckout(tx, n, store.recordedAnswer(n));
  const recorded = answerOf(afterLockRows);
  if (recorded) return { outcome: recorded, checkoutId: null };

  const owner = checkout ? { businessId: checkout.businessId, mode: checkout.mode } : await ownerOfUnknownCheckout(tx, store, n);
  if (!owner) {
    // No tenant to book it to: the raw delivery is kept for the operator; nothing else can be written.
    console.warn(`[reconcile] payment ${n.partner}/${n.partnerPaymentId} names no known checkout or business; kept as a raw delivery`);
    return { outcome: { outcome: 'RECORDED' }, checkoutId: null };
  }

  const now = clock.now();
  const invoice = checkout?.invoice ?? null;
  const payment = { amountMinor: n.amountMinor, currency: n.currency, paidAt: n.paidAt };
  const application = checkout ? checkout.apply(payment) : applyPayment(null, payment);
  const invoiceApplied = invoice ? (checkout!.invoiceShare?.(application) ?? application.appliedMinor) : 0n;
  const amountPaidAfter = invoice ? invoice.amountPaidMinor + invoiceApplied : null;
  const invoiceStatus = invoice ? invoiceStatusAfter(invoice.totalMinor, amountPaidAfter!) : null;
  const paymentId = newId('pay', now);
  const receiptId = newId('rec', now);
  const effects = checkout?.effects(application, invoiceStatus, now, { paymentId, amountMinor: n.amountMinor }) ?? null;

  const journal = await prepareJournal(tx, {
    ...owner,
    description: `Payment ${n.partnerPaymentId} via ${n.partner}${application.exception ? ` (${application.exception})` : ''}`,
    source: `payment:${paymentId}`,
    at: now,
    lines: [
      ...paymentPosting(n.currency, application, effects?.principalAccount ?? (invoice ? 'RECEIVABLE' : 'REVENUE'), effects?.shares),
      ...(effects?.lines ?? []),
    ],
  });
  const journalId = journal.id;
  const outcomeWith = (number: string | null): Reconciled => ({
    outcome: 'RECONCILED',
    receiptId,
    receiptNumber: number,
    invoiceStatus: invoiceStatus?.toLowerCase() ?? effects?.reportedStatus ?? null,
    journalEntryId: journalId,
  });

  // Ids are drawn in the events' order, which is the order merchants receive them in.
  const events: PaymentEvent[] = [
    ...merchantEvents({ n, paymentId, receiptId, checkout, application, invoiceApplied, amountPaidAfter, invoiceStatus }),
    ...(effects?.events ?? []).map(([type, payload]) => ({ type, payload, carriesReceiptNumber: false })),
  ].map((event) => ({ id: newId('evt', now), ...event }));

  // The receipt number is drawn last, by the store, with the commit (so the series lock is short).
  const receiptNumber = await store.recordPayment(tx, {
    payment: {
      id: paymentId,
      business_id: owner.businessId,
      mode: owner.mode,
      partner: n.partner,
      partner_payment_id: n.partnerPaymentId,
      reference: n.reference,
      checkout_id: checkout?.id ?? namedCheckout(n),
      bill_payment_ref: effects?.paymentRef ?? null,
      invoice_id: invoice?.id ?? null,
      currency: n.currency,
      amount_minor: n.amountMinor,
      applied_minor: application.appliedMinor,
      customer_credit_minor: application.customerCreditMinor,
      suspense_minor: application.suspenseMinor,
      exception: application.exception,
      method: n.method ?? null,
      paid_at: n.paidAt,
      created_at: now,
      // The answer without its receipt number: a replay takes that from the receipt.
      response: JSON.stringify(outcomeWith(null)),
    },
    invoice: invoice && { id: invoice.id, amountPaidMinor: amountPaidAfter!, status: invoiceStatus!, applied: invoiceApplied > 0n },
    checkoutUpdate: effects?.rowUpdate ?? null,
    journal,
    receiptId,
    receiptToken: newSecretToken(),
    events,
  });
  return { outcome: outcomeWith(receiptNumber), checkoutId: checkout?.id ?? null };
}

/** What the partner named, known or not: a checkout id, a bill's reference or a virtual account. */
const namedCheckout = (n: PaymentNotification): string | null =>
  !n.names
    ? null
    : 'checkoutId' in n.names
      ? n.names.checkoutId
      : 'paymentRef' in n.names
        ? n.names.paymentRef
        : 'utilityRef' in n.names
          ? n.names.utilityRef
          : n.names.accountNumber;

/** Money naming no known checkout still belongs to the business it names, if that exists. */
async function ownerOfUnknownCheckout(tx: PipelinedTransaction, store: PaymentStore, n: PaymentNotification) {
  if (!n.businessId || !(await store.businessExists(tx, n.businessId))) return null;
  // Our sandbox bank marks its deliveries TEST; the live partner sends no mode.
  return { businessId: n.businessId, mode: n.mode ?? ('LIVE' as const) };
}

/** The merchant's events for one payment: always payment.received, then invoice and exception news. */
function merchantEvents(p: {
  n: PaymentNotification;
  paymentId: string;
  receiptId: string;
  checkout: LockedCheckout | null;
  application: PaymentApplication;
  invoiceApplied: bigint;
  amountPaidAfter: bigint | null;
  invoiceStatus: string | null;
}): Array<Omit<PaymentEvent, 'id'>> {
  const { n, checkout, application } = p;
  const invoice = checkout?.invoice ?? null;
  const minor = (value: bigint) => Number(value);
  const events: Array<Omit<PaymentEvent, 'id'>> = [
    {
      type: 'payment.received',
      // Its receipt number is set by the store, where the number is drawn.
      carriesReceiptNumber: true,
      payload: {
        paymentId: p.paymentId,
        partnerPaymentId: n.partnerPaymentId,
        reference: n.reference,
        receiptId: p.receiptId,
        receiptNumber: null,
        invoiceId: invoice?.id ?? null,
        checkoutId: checkout?.id ?? null,
        amountMinor: minor(n.amountMinor),
        appliedMinor: minor(application.appliedMinor),
        currency: n.currency,
        metadata: checkout?.metadata ?? {},
      },
    },
  ];
  if (invoice && p.invoiceApplied > 0n) {
    events.push({
      type: p.invoiceStatus === 'PAID' ? 'invoice.paid' : 'invoice.partially_paid',
      carriesReceiptNumber: false,
      payload: {
        invoiceId: invoice.id,
        number: invoice.number,
        checkoutId: checkout?.id ?? null,
        totalMinor: minor(invoice.totalMinor),
        amountPaidMinor: minor(p.amountPaidAfter!),
        amountDueMinor: minor(invoice.totalMinor - p.amountPaidAfter!),
        currency: invoice.currency,
      },
    });
  }
  if (application.exception) {
    events.push({
      type: 'payment.exception',
      carriesReceiptNumber: false,
      payload: {
        paymentId: p.paymentId,
        partnerPaymentId: n.partnerPaymentId,
        reason: application.exception,
        checkoutId: checkout?.id ?? namedCheckout(n),
        amountMinor: minor(n.amountMinor),
        customerCreditMinor: minor(application.customerCreditMinor),
        suspenseMinor: minor(application.suspenseMinor),
        currency: n.currency,
      },
    });
  }
  return events;
}
