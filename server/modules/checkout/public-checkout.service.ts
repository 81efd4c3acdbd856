import type { EntityManager } from '@mikro-orm/postgresql';
import { minorDigits } from '../../domain/money.ts';
import { Invoice } from '../invoicing/invoice.entity.ts';
import { effectiveLinkStatus } from '../payments/payment-links.service.ts';
import { PaymentLink, Receipt, TapToPaySession } from '../payments/payment.entities.ts';
import { effectiveSessionStatus } from '../payments/tap-to-pay.service.ts';
import { Business } from '../tenancy/business.entity.ts';
import { Bill } from '../bills/bill.entities.ts';
import { billTermsOf } from '../bills/bills.service.ts';
import { billOutstanding, dynamicPaymentBounds, isOpen, type BillStatus, type BillType } from '../../domain/bills.ts';

/** What a customer may see of a checkout: no metadata, callback URLs or anyone's email. */
export interface PublicCheckout {
  id: string;
  /** For the server's own use (the sandbox bank); the GraphQL type does not expose it. */
  businessId: string;
  kind: 'PAYMENT_LINK' | 'TAP_TO_PAY' | 'BILL';
  merchantName: string;
  status: 'ACTIVE' | 'PAID' | 'EXPIRED' | 'CANCELED';
  currency: string;
  minorDigits: number;
  totalMinor: bigint;
  amountPaidMinor: bigint;
  amountDueMinor: bigint;
  allowPartialPayment: boolean;
  /** The least and most one payment may bring now; null most: no upper limit. */
  minimumPaymentMinor: bigint;
  maximumPaymentMinor: bigint | null;
  /** Null when the checkout never expires (a bill without a duration). */
  expiresAt: Date | null;
  invoiceNumber: string | null;
  receiptNumber: string | null;
  testMode: boolean;
  /** Where the customer goes once paid (payment links and bills); they would see it in the address bar anyway. */
  redirectUrl: string | null;
  /** Bills only. */
  bill: PublicBill | null;
}

export interface PublicBill {
  paymentRef: string;
  type: BillType;
  status: BillStatus;
  isFlexible: boolean;
  targetAmountMinor: bigint | null;
  narration: string | null;
  showQrCode: boolean;
  virtualAccount: { accountNumber: string; bankName: string; accountName: string } | null;
}

/** Where a checkout's QR image is served (PNG; `.svg` too), or null when it has none. */
export function checkoutQrPath(checkout: Pick<PublicCheckout, 'id' | 'kind' | 'bill'>): string | null {
  if (checkout.kind === 'PAYMENT_LINK') return `/v1/payment-links/${checkout.id}/qr.png`;
  return checkout.bill?.showQrCode ? `/v1/bills/${checkout.id}/qr.png` : null;
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
      minimumPaymentMinor: link.allowPartialPayment ? 1n : invoice.totalMinor - invoice.amountPaidMinor,
      maximumPaymentMinor: invoice.totalMinor - invoice.amountPaidMinor,
      expiresAt: link.expiresAt,
      invoiceNumber: invoice.number,
      receiptNumber: status === 'PAID' ? await latestReceiptNumber(em, { invoice: invoice.id }) : null,
      testMode: link.mode === 'TEST',
      redirectUrl: link.redirectUrl ?? null,
      bill: null,
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
      minimumPaymentMinor: session.amountMinor,
      maximumPaymentMinor: session.amountMinor,
      expiresAt: session.expiresAt,
      invoiceNumber: null,
      receiptNumber: paid ? await latestReceiptNumber(em, { payment: { checkoutId: id } }) : null,
      testMode: session.mode === 'TEST',
      redirectUrl: null,
      bill: null,
    };
  }
  if (id.startsWith('bill_')) return publicBill(em, now, id);
  return null;
}

/**
 * A bill as its payer sees it. A regular bill asks for what it still owes; a dynamic one for the next
 * payment, within its bounds: "total" is then its target (or the fixed amount when it has none).
 */
async function publicBill(em: EntityManager, now: Date, id: string): Promise<PublicCheckout | null> {
  const bill = await em.findOne(Bill, { id });
  if (!bill) return null;
  const business = await em.findOneOrFail(Business, { id: bill.business.id });
  const terms = billTermsOf(bill, now);
  const status = terms.status;
  const open = isOpen(status);
  const outstanding = billOutstanding(terms);
  const bounds = bill.type === 'REGULAR' ? { leastMinor: outstanding!, mostMinor: outstanding } : dynamicPaymentBounds(terms);
  // What "Pay" offers by default: the amount due, or for a flexible bill its suggestion within the bounds.
  const suggested = bill.amountMinor ?? bounds.leastMinor;
  const due = !open ? 0n : bounds.mostMinor !== null && suggested > bounds.mostMinor ? bounds.mostMinor : suggested < bounds.leastMinor ? bounds.leastMinor : suggested;
  const done = status === 'PAID' || status === 'COMPLETED';
  return {
    id,
    businessId: business.id,
    kind: 'BILL',
    merchantName: business.name,
    status: open ? 'ACTIVE' : done ? 'PAID' : status === 'CANCELED' ? 'CANCELED' : 'EXPIRED',
    currency: bill.currency,
    minorDigits: minorDigits(bill.currency),
    totalMinor: bill.type === 'REGULAR' ? bill.amountMinor! : (bill.targetAmountMinor ?? bill.amountMinor ?? 0n),
    amountPaidMinor: bill.amountPaidMinor,
    amountDueMinor: due,
    allowPartialPayment: bill.type === 'DYNAMIC' && bill.isFlexible,
    minimumPaymentMinor: open ? bounds.leastMinor : 0n,
    maximumPaymentMinor: open ? bounds.mostMinor : 0n,
    expiresAt: bill.expiresAt ?? null,
    invoiceNumber: null,
    receiptNumber: bill.paymentCount > 0 ? await latestReceiptNumber(em, { payment: { bill: bill.id } }) : null,
    testMode: bill.mode === 'TEST',
    redirectUrl: bill.redirectUrl ?? null,
    bill: {
      paymentRef: bill.paymentRef,
      type: bill.type,
      status,
      isFlexible: bill.isFlexible,
      targetAmountMinor: bill.targetAmountMinor ?? null,
      narration: bill.narration ?? null,
      showQrCode: bill.qrcode,
      virtualAccount: bill.virtualAccountNumber
        ? { accountNumber: bill.virtualAccountNumber, bankName: bill.virtualBankName!, accountName: bill.virtualAccountName! }
        : null,
    },
  };
}

async function latestReceiptNumber(em: EntityManager, where: object): Promise<string | null> {
  const receipt = await em.findOne(Receipt, where, { orderBy: { id: 'desc' } });
  return receipt?.number ?? null;
}
