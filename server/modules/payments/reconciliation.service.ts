import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { paymentPosting } from '../../domain/ledger.ts';
import { applyPayment, invoiceStatusAfter } from '../../domain/payment-application.ts';
import { postJournal } from '../ledger/ledger.service.ts';
import { nextDocumentNumber } from '../numbering/numbering.service.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { Business } from '../tenancy/business.entity.ts';
import { lockCheckout } from './checkouts.ts';
import { PartnerWebhookDelivery, Payment, Receipt } from './payment.entities.ts';
import type { PaymentNotification } from './payment-notification.ts';

/** The partner's 200 body (seed 000), stored with the payment and replayed to duplicates. */
export interface PartnerAnswer {
  success: true;
  data: {
    received: true;
    receiptId: string | null;
    receiptNumber: string | null;
    invoiceStatus: string | null;
    glJournalEntryId: string | null;
  };
}

/** Step one of every delivery: keep the raw payload. If this fails the partner must retry. */
export async function recordPartnerDelivery(
  em: EntityManager,
  delivery: { partner: string; partnerPaymentId: string | null; rawBody: string; signature: string; receivedAt: Date },
): Promise<void> {
  em.create(PartnerWebhookDelivery, delivery);
  await em.flush();
}

/**
 * Applies a reported payment exactly once: receipt, invoice, link, balanced journal and outbox
 * events commit together or not at all. Duplicates (sequential or concurrent) get the first answer.
 */
export interface ReconcileOptions {
  /** Merchant events in the outbox; only a benchmark measuring their cost turns them off. */
  outboxEvents: boolean;
}

export async function reconcilePayment(
  em: EntityManager,
  clock: Clock,
  notification: PaymentNotification,
  options: ReconcileOptions = { outboxEvents: true },
): Promise<PartnerAnswer> {
  const key = { partner: notification.partner, partnerPaymentId: notification.partnerPaymentId };
  const recorded = await em.fork().findOne(Payment, key);
  if (recorded) return JSON.parse(recorded.response) as PartnerAnswer;
  try {
    return await em.fork().transactional((tx) => applyInTransaction(tx, clock, notification, options));
  } catch (error) {
    // A concurrent delivery of the same payment committed first: answer as it did.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await em.fork().findOneOrFail(Payment, key);
    return JSON.parse(winner.response) as PartnerAnswer;
  }
}

async function applyInTransaction(tx: EntityManager, clock: Clock, n: PaymentNotification, options: ReconcileOptions): Promise<PartnerAnswer> {
  const checkout = n.checkoutId ? await lockCheckout(tx, n.checkoutId) : null;
  const already = await tx.findOne(Payment, { partner: n.partner, partnerPaymentId: n.partnerPaymentId });
  if (already) return JSON.parse(already.response) as PartnerAnswer;

  const owner = checkout
    ? { businessId: checkout.businessId, mode: checkout.mode }
    : n.businessId && (await tx.count(Business, { id: n.businessId }))
      ? { businessId: n.businessId, mode: n.mode ?? 'LIVE' }
      : null;
  if (!owner) {
    // No tenant to book it to: the raw delivery is kept for the operator; nothing else can be written.
    console.warn(`[reconcile] payment ${n.partner}/${n.partnerPaymentId} names no known checkout or business; kept as a raw delivery`);
    return { success: true, data: { received: true, receiptId: null, receiptNumber: null, invoiceStatus: null, glJournalEntryId: null } };
  }

  const now = clock.now();
  const invoice = checkout?.invoice ?? null;
  const application = applyPayment(checkout?.state ?? null, { amountMinor: n.amountMinor, currency: n.currency, paidAt: n.paidAt });
  const paymentId = newId('pay', now);
  const journal = await postJournal(tx, {
    ...owner,
    description: `Payment ${n.partnerPaymentId} via ${n.partner}${application.exception ? ` (${application.exception})` : ''}`,
    source: `payment:${paymentId}`,
    at: now,
    lines: paymentPosting(n.currency, application, invoice ? 'RECEIVABLE' : 'REVENUE'),
  });

  if (invoice && application.appliedMinor > 0n) {
    invoice.amountPaidMinor += application.appliedMinor;
    invoice.status = invoiceStatusAfter(invoice.totalMinor, invoice.amountPaidMinor);
  }
  checkout?.afterPayment(application, now);

  const payment = tx.create(Payment, {
    id: paymentId,
    business: owner.businessId,
    mode: owner.mode,
    partner: n.partner,
    partnerPaymentId: n.partnerPaymentId,
    reference: n.reference,
    checkoutId: n.checkoutId,
    paymentLink: checkout?.paymentLink ?? null,
    invoice,
    currency: n.currency,
    amountMinor: n.amountMinor,
    ...application,
    paidAt: n.paidAt,
    createdAt: now,
    journalEntry: journal,
    response: '',
  });
  // Write everything else first: the receipt series' row lock (gap-free numbers) is taken last, so
  // concurrent payments of one business queue behind each other only for the final statements.
  await tx.flush();
  const receipt = tx.create(Receipt, {
    id: newId('rec', now),
    business: owner.businessId,
    mode: owner.mode,
    number: await nextDocumentNumber(tx, owner.businessId, owner.mode, 'REC', now),
    payment,
    invoice: invoice ?? null,
    currency: n.currency,
    amountMinor: n.amountMinor,
    createdAt: now,
  });
  const answer: PartnerAnswer = {
    success: true,
    data: {
      received: true,
      receiptId: receipt.id,
      receiptNumber: receipt.number,
      invoiceStatus: invoice ? invoice.status.toLowerCase() : null,
      glJournalEntryId: journal.id,
    },
  };
  payment.response = JSON.stringify(answer);

  const event = (type: string, payload: Record<string, unknown>) => {
    if (!options.outboxEvents) return;
    tx.create(OutboxEvent, { id: newId('evt', now), business: owner.businessId, mode: owner.mode, type, payload, createdAt: now });
  };
  const minor = (value: bigint) => Number(value);
  event('payment.received', {
    paymentId,
    partnerPaymentId: n.partnerPaymentId,
    reference: n.reference,
    receiptId: receipt.id,
    receiptNumber: receipt.number,
    invoiceId: invoice?.id ?? null,
    checkoutId: checkout?.id ?? null,
    amountMinor: minor(n.amountMinor),
    appliedMinor: minor(application.appliedMinor),
    currency: n.currency,
    metadata: checkout?.metadata ?? {},
  });
  if (invoice && application.appliedMinor > 0n) {
    event(invoice.status === 'PAID' ? 'invoice.paid' : 'invoice.partially_paid', {
      invoiceId: invoice.id,
      number: invoice.number,
      totalMinor: minor(invoice.totalMinor),
      amountPaidMinor: minor(invoice.amountPaidMinor),
      amountDueMinor: minor(invoice.totalMinor - invoice.amountPaidMinor),
      currency: invoice.currency,
    });
  }
  if (application.exception) {
    event('payment.exception', {
      paymentId,
      partnerPaymentId: n.partnerPaymentId,
      reason: application.exception,
      checkoutId: n.checkoutId,
      amountMinor: minor(n.amountMinor),
      customerCreditMinor: minor(application.customerCreditMinor),
      suspenseMinor: minor(application.suspenseMinor),
      currency: n.currency,
    });
  }
  return answer;
}
