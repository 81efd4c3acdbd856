import type { Mode } from '../../domain/api-keys.ts';

/**
 * How a partner names the checkout it paid: a checkout's id, a payment reference (a bill's), an
 * account paid into (a virtual account), or a utility reference (a till alias's Lipa number, TIPS). Each kind says which of these are its own (`isNamedBy`).
 */
export type CheckoutReference = { checkoutId: string } | { paymentRef: string } | { accountNumber: string } | { utilityRef: string };

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
  /** The partner's own fields a kind passes on to the merchant as they were (TIPS: the payer's phone, the result, when it was received). */
  details?: Readonly<Record<string, string | null>>;
}

export const PAYMENT_METHODS = ['CARD', 'BANK_TRANSFER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
