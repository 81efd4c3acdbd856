/**
 * How a reported payment applies to the checkout it names. Money is never refused: whatever does
 * not apply is kept as customer credit (a known customer paid too much or too little) or suspense
 * (nothing it can be applied to), and the reason is raised as an exception for the merchant.
 */
import { MAX_MINOR_UNITS } from './money.ts';
import { defineMachine } from './state-machine.ts';

export type ExceptionReason =
  | 'UNKNOWN_CHECKOUT'
  | 'CURRENCY_MISMATCH'
  | 'CHECKOUT_EXPIRED'
  | 'CHECKOUT_CANCELED'
  | 'UNDERPAYMENT'
  | 'OVERPAYMENT'
  | 'ALREADY_PAID'
  // Dynamic bills (see bills.ts).
  | 'BELOW_MINIMUM'
  | 'ABOVE_MAXIMUM'
  | 'TARGET_REACHED'
  // A checkout's running total would pass 2^53 − 1 (see withinAmountLimit).
  | 'AMOUNT_LIMIT'
  // A till alias the merchant deactivated (till-aliases.ts): its money is kept, never refused.
  | 'ALIAS_INACTIVE';

export interface CheckoutState {
  status: 'ACTIVE' | 'PAID' | 'EXPIRED' | 'CANCELED';
  expiresAt: Date;
  allowPartialPayment: boolean;
  currency: string;
  /** What the invoice still owes. */
  amountDueMinor: bigint;
}

export interface PaymentApplication {
  appliedMinor: bigint;
  customerCreditMinor: bigint;
  suspenseMinor: bigint;
  exception: ExceptionReason | null;
}

/** A payment none of which applies: all of it held as customer credit or suspense, for a reason. */
export const nothingApplies = (amountMinor: bigint, reason: ExceptionReason, to: 'customerCreditMinor' | 'suspenseMinor'): PaymentApplication => ({
  appliedMinor: 0n,
  customerCreditMinor: 0n,
  suspenseMinor: 0n,
  [to]: amountMinor,
  exception: reason,
});

/**
 * A checkout's or invoice's running totals (amount paid, outstanding, progress) are shown to payers
 * and merchants as MinorUnits, which every JSON parser reads exactly only up to 2^53 − 1. A payment
 * that would take the amount paid past it applies nothing, neither in full nor in part (a payment is
 * not cut at a platform limit the payer never saw): it waits in suspense for the operator.
 */
export function withinAmountLimit(application: PaymentApplication, paidBeforeMinor: bigint, amountMinor: bigint): PaymentApplication {
  if (application.appliedMinor === 0n || paidBeforeMinor + application.appliedMinor <= BigInt(MAX_MINOR_UNITS)) return application;
  return nothingApplies(amountMinor, 'AMOUNT_LIMIT', 'suspenseMinor');
}

export function applyPayment(checkout: CheckoutState | null, payment: { amountMinor: bigint; currency: string; paidAt: Date }): PaymentApplication {
  const nothing = (reason: ExceptionReason, to: 'customerCreditMinor' | 'suspenseMinor') => nothingApplies(payment.amountMinor, reason, to);

  if (!checkout) return nothing('UNKNOWN_CHECKOUT', 'suspenseMinor');
  if (payment.currency !== checkout.currency) return nothing('CURRENCY_MISMATCH', 'suspenseMinor');
  if (checkout.status === 'CANCELED') return nothing('CHECKOUT_CANCELED', 'suspenseMinor');
  if (checkout.status === 'EXPIRED' || (checkout.status === 'ACTIVE' && payment.paidAt >= checkout.expiresAt)) {
    return nothing('CHECKOUT_EXPIRED', 'suspenseMinor');
  }
  if (checkout.status === 'PAID' || checkout.amountDueMinor === 0n) return nothing('ALREADY_PAID', 'customerCreditMinor');

  const due = checkout.amountDueMinor;
  if (payment.amountMinor < due && !checkout.allowPartialPayment) return nothing('UNDERPAYMENT', 'customerCreditMinor');
  if (payment.amountMinor > due) {
    return { appliedMinor: due, customerCreditMinor: payment.amountMinor - due, suspenseMinor: 0n, exception: 'OVERPAYMENT' };
  }
  return { appliedMinor: payment.amountMinor, customerCreditMinor: 0n, suspenseMinor: 0n, exception: null };
}

/** Payments move an invoice forward; only an unpaid one may be voided. */
export const invoiceMachine = defineMachine('invoice', {
  OPEN: ['PARTIALLY_PAID', 'PAID', 'VOID'],
  PARTIALLY_PAID: ['PAID'],
  PAID: [],
  VOID: [],
});
export type InvoiceStatus = (typeof invoiceMachine.statuses)[number];

export function invoiceStatusAfter(totalMinor: bigint, amountPaidMinor: bigint): InvoiceStatus {
  if (amountPaidMinor >= totalMinor) return 'PAID';
  return amountPaidMinor > 0n ? 'PARTIALLY_PAID' : 'OPEN';
}
