import type { Mode } from '../../domain/api-keys.ts';

/** A partner's report that money moved, in our terms; every partner adapter produces one. */
export interface PaymentNotification {
  partner: string;
  partnerPaymentId: string;
  /** The checkout the partner names (payment link or tap-to-pay session id), if any. */
  checkoutId: string | null;
  /** A bill, named by its payment reference or (a bank transfer) the virtual account paid into. */
  billRef: { paymentRef: string } | { accountNumber: string } | null;
  /** Hints for money that names no known checkout. */
  businessId: string | null;
  mode: Mode | null;
  amountMinor: bigint;
  currency: string;
  reference: string | null;
  /** How the customer paid (CARD, BANK_TRANSFER), when the partner says; the customer's receipt shows it. */
  method?: PaymentMethod | null;
  paidAt: Date;
}

export const PAYMENT_METHODS = ['CARD', 'BANK_TRANSFER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
