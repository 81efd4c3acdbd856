import type { EntityManager } from '@mikro-orm/postgresql';
import type { BillStatus, BillType } from '../../domain/bills.ts';
import { kindOfId } from './registry.ts';

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
  return (await kindOfId(id)?.publicView(em, now, id)) ?? null;
}

/** Whether customers pay this checkout on a hosted page. */
export const hasHostedPage = (checkout: PublicCheckout): boolean => kindOfId(checkout.id)?.hostedPage ?? false;
