/**
 * A till alias (seed 002): one invoice's Lipa number, with the platform fee on top. The customer
 * pays `expectedTotal`; of what applies, the fee share goes to platform fee income and the rest is
 * owed to the settlement entity.
 */
import { nothingApplies, withinAmountLimit, type PaymentApplication } from './payment-application.ts';
import { defineMachine } from './state-machine.ts';

export const PAYMENT_MODES = ['EXACT', 'PARTIAL_AND_OVER'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

/** Its payment status; whether it is active (takes new payments toward it) is separate: `isActive`. */
export const tillAliasMachine = defineMachine('till alias', {
  OPEN: ['PARTIALLY_PAID', 'PAID'],
  PARTIALLY_PAID: ['PAID'],
  PAID: [],
});
export const TILL_ALIAS_STATUSES = tillAliasMachine.statuses;
export type TillAliasStatus = (typeof TILL_ALIAS_STATUSES)[number];

export interface TillAliasTerms {
  status: TillAliasStatus;
  isActive: boolean;
  paymentMode: PaymentMode;
  currency: string;
  merchantAmountMinor: bigint;
  feeMinor: bigint;
  expectedTotalMinor: bigint;
  amountPaidMinor: bigint;
}

/**
 * How a payment applies. Money is never refused: an inactive alias's, another currency's, or (EXACT)
 * any amount but the total due is kept as the payer's credit (TIPS names the payer's phone) or in
 * suspense, with its reason. PARTIAL_AND_OVER applies everything: a part now, the rest later, and
 * what passes the total is the merchant's too (the fee stays what it was).
 */
export function applyTillAliasPayment(terms: TillAliasTerms, payment: { amountMinor: bigint; currency: string }): PaymentApplication {
  const nothing = (reason: Parameters<typeof nothingApplies>[1], to: 'customerCreditMinor' | 'suspenseMinor') =>
    nothingApplies(payment.amountMinor, reason, to);
  if (payment.currency !== terms.currency) return nothing('CURRENCY_MISMATCH', 'suspenseMinor');
  if (!terms.isActive) return nothing('ALIAS_INACTIVE', 'customerCreditMinor');
  if (terms.paymentMode === 'EXACT') {
    if (terms.status === 'PAID') return nothing('ALREADY_PAID', 'customerCreditMinor');
    if (payment.amountMinor < terms.expectedTotalMinor) return nothing('UNDERPAYMENT', 'customerCreditMinor');
    if (payment.amountMinor > terms.expectedTotalMinor) return nothing('OVERPAYMENT', 'customerCreditMinor');
  }
  const applied: PaymentApplication = { appliedMinor: payment.amountMinor, customerCreditMinor: 0n, suspenseMinor: 0n, exception: null };
  return withinAmountLimit(applied, terms.amountPaidMinor, payment.amountMinor);
}

/**
 * The fee's share of an applied amount: the fee is collected in proportion to what is paid of the
 * total (rounded down, so the merchant's share is never short), in full once the total is paid,
 * and never more. Cumulative, so the shares of any sequence of payments sum to the fee exactly.
 */
export function feeShare(terms: Pick<TillAliasTerms, 'feeMinor' | 'expectedTotalMinor'>, paidBeforeMinor: bigint, appliedMinor: bigint): bigint {
  const collected = (paid: bigint) =>
    terms.expectedTotalMinor === 0n || paid >= terms.expectedTotalMinor ? terms.feeMinor : (paid * terms.feeMinor) / terms.expectedTotalMinor;
  return collected(paidBeforeMinor + appliedMinor) - collected(paidBeforeMinor);
}

export function tillAliasStatusAfter(terms: Pick<TillAliasTerms, 'status' | 'expectedTotalMinor'>, paidAfterMinor: bigint): TillAliasStatus {
  if (paidAfterMinor >= terms.expectedTotalMinor) return 'PAID';
  return paidAfterMinor > 0n ? 'PARTIALLY_PAID' : terms.status;
}

/** Major units as TIPS writes them: "502500", "502500.5" → minor units, or null when it is not such an amount. */
export function parseMajorAmount(text: string, minorDigits: number): bigint | null {
  const match = /^(\d{1,16})(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > minorDigits && /[1-9]/.test(fraction.slice(minorDigits))) return null;
  return BigInt(match[1]!) * 10n ** BigInt(minorDigits) + BigInt((fraction.slice(0, minorDigits) || '0').padEnd(minorDigits, '0'));
}

/** Minor units as major-unit text, e.g. 50250000 TZS → "502500.00" (the seed's expected_total). */
export function formatMajorAmount(minor: bigint, minorDigits: number): string {
  if (minorDigits === 0) return minor.toString();
  const text = minor.toString().padStart(minorDigits + 1, '0');
  return `${text.slice(0, -minorDigits)}.${text.slice(-minorDigits)}`;
}
