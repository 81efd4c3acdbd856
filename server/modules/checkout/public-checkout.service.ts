import type { EntityManager } from '@mikro-orm/postgresql';
import { minorDigits } from '../../domain/money.ts';
import { Invoice } from '../invoicing/invoice.entity.ts';
import { effectiveLinkStatus } from '../payments/payment-links.service.ts';
import { PaymentLink, Receipt, TapToPaySession } from '../payments/payment.entities.ts';
import { effectiveSessionStatus } from '../payments/tap-to-pay.service.ts';
import { Business } from '../tenancy/business.entity.ts';

/** What a customer may see of a checkout: no metadata, callback URLs or anyone's email. */
export interface PublicCheckout {
  id: string;
  /** For the server's own use (the sandbox bank); the GraphQL type does not expose it. */
  businessId: string;
  kind: 'PAYMENT_LINK' | 'TAP_TO_PAY';
  merchantName: string;
  status: 'ACTIVE' | 'PAID' | 'EXPIRED' | 'CANCELED';
  currency: string;
  minorDigits: number;
  totalMinor: bigint;
  amountPaidMinor: bigint;
  amountDueMinor: bigint;
  allowPartialPayment: boolean;
  expiresAt: Date;
  invoiceNumber: string | null;
  receiptNumber: string | null;
  testMode: boolean;
  /** Where the customer goes once paid (payment links only); they would see it in the address bar anyway. */
  redirectUrl: string | null;
}

/** The public view of a payment link or tap-to-pay session, by id alone; null when there is none. */
export async function findPublicCheckout(em: EntityManager, now: Date, id: string): Promise<PublicCheckout | null> {
  if (id.startsWith('pl_')) {
    const link = await em.findOne(PaymentLink, { id });
    if (!link) return null;
    const [invoice, business] = await Promise.all([em.findOneOrFail(Invoice, { id: link.invoice.id }), em.findOneOrFail(Business, { id: link.business.id })]);
    const status = effectiveLinkStatus(link, now);
    return {
      id,
      businessId: business.id,
      kind: 'PAYMENT_LINK',
      merchantName: business.name,
      status,
      currency: invoice.currency,
      minorDigits: minorDigits(invoice.currency),
      totalMinor: invoice.totalMinor,
      amountPaidMinor: invoice.amountPaidMinor,
      amountDueMinor: invoice.totalMinor - invoice.amountPaidMinor,
      allowPartialPayment: link.allowPartialPayment,
      expiresAt: link.expiresAt,
      invoiceNumber: invoice.number,
      receiptNumber: status === 'PAID' ? await latestReceiptNumber(em, { invoice: invoice.id }) : null,
      testMode: link.mode === 'TEST',
      redirectUrl: link.redirectUrl ?? null,
    };
  }
  if (id.startsWith('nfc_sess_')) {
    const session = await em.findOne(TapToPaySession, { id });
    if (!session) return null;
    const business = await em.findOneOrFail(Business, { id: session.business.id });
    const status = effectiveSessionStatus(session, now);
    const paid = status === 'COMPLETED';
    return {
      id,
      businessId: business.id,
      kind: 'TAP_TO_PAY',
      merchantName: business.name,
      status: paid ? 'PAID' : status === 'AWAITING_TAP' ? 'ACTIVE' : 'EXPIRED',
      currency: session.currency,
      minorDigits: minorDigits(session.currency),
      totalMinor: session.amountMinor,
      amountPaidMinor: paid ? session.amountMinor : 0n,
      amountDueMinor: paid ? 0n : session.amountMinor,
      allowPartialPayment: false,
      expiresAt: session.expiresAt,
      invoiceNumber: null,
      receiptNumber: paid ? await latestReceiptNumber(em, { payment: { checkoutId: id } }) : null,
      testMode: session.mode === 'TEST',
      redirectUrl: null,
    };
  }
  return null;
}

async function latestReceiptNumber(em: EntityManager, where: object): Promise<string | null> {
  const receipt = await em.findOne(Receipt, where, { orderBy: { id: 'desc' } });
  return receipt?.number ?? null;
}
