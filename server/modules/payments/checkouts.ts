import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/api-keys.ts';
import type { CheckoutState, PaymentApplication } from '../../domain/payment-application.ts';
import { Invoice } from '../invoicing/invoice.entity.ts';
import { PaymentLink, TapToPaySession } from './payment.entities.ts';

/** A checkout of any kind, locked for one payment's transaction, in the terms reconciliation needs. */
export interface LockedCheckout {
  id: string;
  businessId: string;
  mode: Mode;
  invoice: Invoice | null;
  paymentLink: PaymentLink | null;
  state: CheckoutState;
  metadata: Record<string, unknown>;
  /** Records the payment's outcome on the checkout itself (paid, completed, expired). */
  afterPayment(application: PaymentApplication, now: Date): void;
}

const lockInvoice = (tx: EntityManager, id: string) => tx.findOneOrFail(Invoice, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });

/**
 * Locks the checkout named by a partner, then its invoice: deliveries for one checkout or invoice
 * queue here and each sees the payments committed before it.
 */
export async function lockCheckout(tx: EntityManager, id: string): Promise<LockedCheckout | null> {
  if (id.startsWith('pl_')) {
    const link = await tx.findOne(PaymentLink, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!link) return null;
    const invoice = await lockInvoice(tx, link.invoice.id);
    return {
      id,
      businessId: link.business.id,
      mode: link.mode,
      invoice,
      paymentLink: link,
      metadata: link.metadata,
      state: {
        status: link.status,
        expiresAt: link.expiresAt,
        allowPartialPayment: link.allowPartialPayment,
        currency: invoice.currency,
        amountDueMinor: invoice.totalMinor - invoice.amountPaidMinor,
      },
      afterPayment(_application, now) {
        if (link.status !== 'ACTIVE') return;
        if (invoice.status === 'PAID') link.status = 'PAID';
        else if (link.expiresAt <= now) link.status = 'EXPIRED';
      },
    };
  }
  if (id.startsWith('nfc_sess_')) {
    const session = await tx.findOne(TapToPaySession, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!session) return null;
    const invoice = session.invoice ? await lockInvoice(tx, session.invoice.id) : null;
    const invoiceDue = invoice ? invoice.totalMinor - invoice.amountPaidMinor : null;
    return {
      id,
      businessId: session.business.id,
      mode: session.mode,
      invoice,
      paymentLink: null,
      metadata: session.customerId ? { customerId: session.customerId, deviceId: session.deviceId } : { deviceId: session.deviceId },
      state: {
        status: session.status === 'AWAITING_TAP' ? 'ACTIVE' : session.status === 'COMPLETED' ? 'PAID' : 'EXPIRED',
        expiresAt: session.expiresAt,
        // The device asked for an exact amount.
        allowPartialPayment: false,
        currency: session.currency,
        amountDueMinor: invoiceDue !== null && invoiceDue < session.amountMinor ? invoiceDue : session.amountMinor,
      },
      afterPayment(application, now) {
        if (session.status !== 'AWAITING_TAP') return;
        if (application.appliedMinor > 0n) session.status = 'COMPLETED';
        else if (session.expiresAt <= now) session.status = 'EXPIRED';
      },
    };
  }
  return null;
}
