import type { Mode } from '../../domain/api-keys.ts';

/**
 * How a partner names the checkout it paid: a checkout's id, a payment reference (a bill's), or an
 * account paid into (a virtual account). Each kind says which of these are its own (`isNamedBy`).
 */
export type CheckoutReference = { checkoutId: string } | { paymentRef: string } | { accountNumber: string };

/** A partner's report that money moved, in our terms; every partner adapter produces one. */
export interface PaymentNotification {
  partner: string;
  partnerPaymentId: string;
  /** The checkout the partner names, if any. */
  names: CheckoutReference | null;
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
