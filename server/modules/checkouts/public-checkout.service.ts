import type { EntityManager } from '@mikro-orm/postgresql';
import type { BillStatus, BillType } from '../../domain/bills.ts';
import { textColorOn } from '../../domain/contrast.ts';
import { Receipt } from '../payments/payment.entities.ts';
import { Business } from '../tenancy/business.entity.ts';
import { kindOfId } from './registry.ts';

/** What `securedBy` says when the business shows the line. */
export const SECURED_BY = 'pay-checkout';

/** What a customer may see of a checkout: no metadata, callback URLs or anyone's email. */
export interface PublicCheckout {
  id: string;
  /** For the server's own use (the sandbox bank); the GraphQL type does not expose it. */
  businessId: string;
  /** Its kind's name (the public `CheckoutKind`). */
  kind: string;
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
  /** An invoice's lines ([] when the checkout has no invoice), its customer and due date (YYYY-MM-DD). */
  lineItems: PublicLineItem[];
  customerName: string | null;
  dueDate: string | null;
  /** A bill's narration, a tap-to-pay session's description. */
  description: string | null;
  merchant: PublicMerchant;
  /** The most recent payment received, null before the first. */
  lastPayment: PublicPayment | null;
}

/** What a kind computes; the merchant and the last payment are the same for every kind (findPublicCheckout adds them). */
export type KindPublicView = Omit<PublicCheckout, 'merchant' | 'lastPayment'>;

/** The business's branding and support contact, as its customers see them. */
export interface PublicMerchant {
  name: string;
  /** An https URL, or our own path (`/v1/logos/…`) that the API prefixes with the public URL. */
  logoUrl: string | null;
  brandColor: string | null;
  /** Text on brandColor that passes WCAG AA. */
  brandTextColor: string | null;
  supportEmail: string | null;
  supportPhone: string | null;
  securedBy: string | null;
}

export interface PublicLineItem {
  description: string;
  quantity: number;
  unitAmountMinor: bigint;
  amountMinor: bigint;
}

export interface PublicPayment {
  amountMinor: bigint;
  paidAt: Date;
  method: string | null;
  receiptNumber: string;
  /** The receipt page is `/r/<receiptToken>`. */
  receiptToken: string;
}

export function publicMerchant(business: Business): PublicMerchant {
  return {
    name: business.name,
    logoUrl: business.logoUrl ?? null,
    brandColor: business.brandColor ?? null,
    brandTextColor: business.brandColor ? textColorOn(business.brandColor) : null,
    supportEmail: business.supportEmail ?? null,
    supportPhone: business.supportPhone ?? null,
    securedBy: business.showSecuredBy ? SECURED_BY : null,
  };
}

/** The checkout's latest receipt (one per recorded payment), by its time-ordered id. */
async function lastPaymentOf(em: EntityManager, checkoutId: string): Promise<PublicPayment | null> {
  const receipt = await em.findOne(Receipt, { payment: { checkoutId } }, { orderBy: { id: 'desc' }, populate: ['payment'] });
  if (!receipt) return null;
  const payment = receipt.payment;
  return {
    amountMinor: payment.amountMinor,
    paidAt: payment.paidAt,
    method: payment.method ?? null,
    receiptNumber: receipt.number,
    receiptToken: receipt.token,
  };
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
export function checkoutQrPath(checkout: PublicCheckout): string | null {
  return kindOfId(checkout.id)?.qrPath(checkout) ?? null;
}

/** The public view of any checkout, by id alone; null when there is none. */
export async function findPublicCheckout(em: EntityManager, now: Date, id: string): Promise<PublicCheckout | null> {
  const view = await kindOfId(id)?.publicView(em, now, id);
  if (!view) return null;
  // The kind has loaded the business already: this one comes from the identity map.
  const [business, lastPayment] = await Promise.all([em.findOneOrFail(Business, { id: view.businessId }), lastPaymentOf(em, id)]);
  return { ...view, merchant: publicMerchant(business), lastPayment };
}

/** Whether customers pay this checkout on a hosted page. */
export const hasHostedPage = (checkout: PublicCheckout): boolean => kindOfId(checkout.id)?.hostedPage ?? false;
