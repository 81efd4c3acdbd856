/**
 * Payment bills (seed 003). A REGULAR bill is paid once, for its exact amount. A DYNAMIC bill is a
 * reusable reference that takes many payments: a fixed amount each time, or any amount between a
 * minimum and a maximum when flexible, until an optional target is reached. As everywhere, money is
 * never refused: what a bill cannot take becomes customer credit or suspense, with a reason.
 */
import { defineMachine } from './state-machine.ts';
import { applyPayment, nothingApplies, withinAmountLimit, type ExceptionReason, type PaymentApplication } from './payment-application.ts';
import { errorCodes } from './user-error.ts';

export const BILL_TYPES = ['REGULAR', 'DYNAMIC'] as const;
export type BillType = (typeof BILL_TYPES)[number];

/** REGULAR: PENDING → PAID. DYNAMIC: ACTIVE → COMPLETED (target reached). Either may expire or be canceled. */
export const billMachine = defineMachine('bill', {
  PENDING: ['PAID', 'EXPIRED', 'CANCELED'],
  ACTIVE: ['COMPLETED', 'EXPIRED', 'CANCELED'],
  PAID: [],
  COMPLETED: [],
  EXPIRED: [],
  CANCELED: [],
});
export const BILL_STATUSES = billMachine.statuses;
export type BillStatus = (typeof BILL_STATUSES)[number];

export const OPEN_BILL_STATUSES: readonly BillStatus[] = ['PENDING', 'ACTIVE'];

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** A bill lives at most a year. */
export const MAX_BILL_DURATION_MS = 366 * UNIT_MS.d;

/** "30m", "1h", "1d", "2w" → milliseconds; null when the text is not that shape or is over a year. */
export function parseDuration(text: string): number | null {
  const match = /^([1-9]\d{0,5})([mhdw])$/.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms <= MAX_BILL_DURATION_MS ? ms : null;
}

export interface BillTerms {
  type: BillType;
  status: BillStatus;
  currency: string;
  expiresAt: Date | null;
  /** REGULAR and fixed DYNAMIC: the amount each payment must bring. */
  amountMinor: bigint | null;
  amountPaidMinor: bigint;
  isFlexible: boolean;
  minimumMinor: bigint | null;
  maximumMinor: bigint | null;
  targetMinor: bigint | null;
}

export const isOpen = (status: BillStatus) => OPEN_BILL_STATUSES.includes(status);

const min = (...values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));

/** What the target still allows; null when the bill has no target. */
export const targetRemaining = (bill: Pick<BillTerms, 'targetMinor' | 'amountPaidMinor'>): bigint | null =>
  bill.targetMinor === null ? null : bill.targetMinor > bill.amountPaidMinor ? bill.targetMinor - bill.amountPaidMinor : 0n;

/**
 * What one payment may bring to an open dynamic bill: [least, most]. Near the target the least is
 * what remains, so the last payment can close it even below the usual minimum.
 */
export function dynamicPaymentBounds(bill: BillTerms): { leastMinor: bigint; mostMinor: bigint | null } {
  const remaining = targetRemaining(bill);
  if (!bill.isFlexible) return { leastMinor: bill.amountMinor!, mostMinor: bill.amountMinor! };
  const least = bill.minimumMinor ?? 1n;
  const most = bill.maximumMinor;
  if (remaining === null) return { leastMinor: least, mostMinor: most };
  return { leastMinor: min(least, remaining), mostMinor: most === null ? remaining : min(most, remaining) };
}

/**
 * A dynamic bill without a target takes payments without end; its amount paid still stays within
 * 2^53 − 1 (see withinAmountLimit). Regular bills and targets are bounded by amounts already capped.
 */
export function applyBillPayment(bill: BillTerms, payment: { amountMinor: bigint; currency: string; paidAt: Date }): PaymentApplication {
  return withinAmountLimit(applyBillTerms(bill, payment), bill.amountPaidMinor, payment.amountMinor);
}

function applyBillTerms(bill: BillTerms, payment: { amountMinor: bigint; currency: string; paidAt: Date }): PaymentApplication {
  if (bill.type === 'REGULAR') {
    // A regular bill is a one-time checkout for its exact amount: the payment-link rules, no partials.
    return applyPayment(
      {
        status: bill.status === 'PENDING' ? 'ACTIVE' : bill.status === 'PAID' ? 'PAID' : bill.status === 'CANCELED' ? 'CANCELED' : 'EXPIRED',
        expiresAt: bill.expiresAt ?? new Date(8.64e15),
        allowPartialPayment: false,
        currency: bill.currency,
        amountDueMinor: bill.amountMinor! - bill.amountPaidMinor,
      },
      payment,
    );
  }

  const nothing = (reason: ExceptionReason, to: 'customerCreditMinor' | 'suspenseMinor') => nothingApplies(payment.amountMinor, reason, to);
  if (payment.currency !== bill.currency) return nothing('CURRENCY_MISMATCH', 'suspenseMinor');
  if (bill.status === 'CANCELED') return nothing('CHECKOUT_CANCELED', 'suspenseMinor');
  if (bill.status === 'EXPIRED' || (bill.expiresAt && payment.paidAt >= bill.expiresAt)) return nothing('CHECKOUT_EXPIRED', 'suspenseMinor');
  const remaining = targetRemaining(bill);
  if (bill.status === 'COMPLETED' || remaining === 0n) return nothing('TARGET_REACHED', 'customerCreditMinor');

  const { leastMinor, mostMinor } = dynamicPaymentBounds(bill);
  if (payment.amountMinor < leastMinor) return nothing(bill.isFlexible ? 'BELOW_MINIMUM' : 'UNDERPAYMENT', 'customerCreditMinor');
  const applied = mostMinor === null ? payment.amountMinor : min(payment.amountMinor, mostMinor);
  if (applied === payment.amountMinor) return { appliedMinor: applied, customerCreditMinor: 0n, suspenseMinor: 0n, exception: null };
  // Which limit held the payment back: the target, the per-payment maximum, or the fixed amount.
  const reason: ExceptionReason = remaining !== null && applied === remaining ? 'TARGET_REACHED' : bill.isFlexible ? 'ABOVE_MAXIMUM' : 'OVERPAYMENT';
  return { appliedMinor: applied, customerCreditMinor: payment.amountMinor - applied, suspenseMinor: 0n, exception: reason };
}

/** The bill's status once a payment has applied `appliedMinor`; null when it does not change. */
export function billStatusAfter(bill: BillTerms, appliedMinor: bigint, now: Date): BillStatus | null {
  if (!isOpen(bill.status)) return null;
  const paid = bill.amountPaidMinor + appliedMinor;
  if (bill.type === 'REGULAR' && paid >= bill.amountMinor!) return 'PAID';
  if (bill.type === 'DYNAMIC' && bill.targetMinor !== null && paid >= bill.targetMinor) return 'COMPLETED';
  if (bill.expiresAt && bill.expiresAt <= now) return 'EXPIRED';
  return null;
}

/** What a bill still expects: a regular bill's balance, a dynamic bill's remaining target (null: no limit). */
export function billOutstanding(bill: Pick<BillTerms, 'type' | 'amountMinor' | 'amountPaidMinor' | 'targetMinor'>): bigint | null {
  if (bill.type === 'REGULAR') return bill.amountMinor! > bill.amountPaidMinor ? bill.amountMinor! - bill.amountPaidMinor : 0n;
  return targetRemaining(bill);
}

/** A share of every payment for one settlement entity: a fixed amount or a percentage (in basis points). */
export type SplitShare =
  { entityId: string; amountMinor: bigint; basisPoints?: undefined } | { entityId: string; basisPoints: number; amountMinor?: undefined };

/**
 * Splits an applied amount between settlement entities; the principal keeps the rest. Percentages
 * round down to the minor unit, fixed amounts are taken in the order given and never beyond what
 * is left, so shares are never negative and shares plus the principal's part always equal the
 * amount exactly: every rounding remainder goes to the principal.
 */
export function splitPayment(
  appliedMinor: bigint,
  shares: readonly SplitShare[],
): { shares: Array<{ entityId: string; amountMinor: bigint }>; principalMinor: bigint } {
  let left = appliedMinor;
  const out: Array<{ entityId: string; amountMinor: bigint }> = [];
  for (const share of shares) {
    const wanted = share.amountMinor ?? (appliedMinor * BigInt(share.basisPoints!)) / 10_000n;
    const amount = wanted < left ? wanted : left;
    left -= amount;
    out.push({ entityId: share.entityId, amountMinor: amount });
  }
  return { shares: out, principalMinor: left };
}

export const SPLIT_ERROR_CODES = ['SPLIT_INVALID', 'SPLIT_MIXED', 'SPLIT_EXCEEDS_PAYMENT'] as const;

/** What createBill, updateBill and cancelBill may answer (GraphQL `BillErrorCode`). */
export const BILL_ERROR_CODES = errorCodes(
  'INVALID_AMOUNT',
  'UNSUPPORTED_CURRENCY',
  'INVALID_EMAIL',
  'AMOUNT_REQUIRED',
  ...SPLIT_ERROR_CODES,
  'INVALID_EXPIRY',
  'INVALID_DURATION',
  'UNKNOWN_ENTITY',
  'INVALID_URL',
  'VIRTUAL_ACCOUNT_UNAVAILABLE',
  'NOT_FOUND',
  'BILL_NOT_OPEN',
  'BILL_HAS_PAYMENTS',
  'INVALID_STATE',
);
export type BillErrorCode = (typeof BILL_ERROR_CODES)[number];

/**
 * Why a split cannot be set up, or null. Every share names an entity and exactly one of an amount
 * or a percentage, all shares use the same kind, percentages total at most 100, and fixed amounts
 * fit inside the smallest payment the bill can take.
 */
export function splitProblem(
  shares: ReadonlyArray<{ entityId: string; amountMinor?: number | null; percentage?: number | null }>,
  smallestPaymentMinor: bigint | null,
): { code: (typeof SPLIT_ERROR_CODES)[number]; message: string; index?: number } | null {
  if (shares.length === 0) return { code: 'SPLIT_INVALID', message: 'A split needs at least one subaccount.' };
  if (shares.length > 20) return { code: 'SPLIT_INVALID', message: 'A split has at most 20 subaccounts.' };
  const seen = new Set<string>();
  for (const [index, share] of shares.entries()) {
    const hasAmount = share.amountMinor != null;
    const hasPercentage = share.percentage != null;
    if (hasAmount === hasPercentage) return { code: 'SPLIT_INVALID', message: 'Each subaccount gives exactly one of amountMinor or percentage.', index };
    if (seen.has(share.entityId)) return { code: 'SPLIT_INVALID', message: `Entity ${share.entityId} appears twice.`, index };
    seen.add(share.entityId);
    if (hasAmount && !(Number.isSafeInteger(share.amountMinor) && share.amountMinor! > 0)) {
      return { code: 'SPLIT_INVALID', message: 'amountMinor is a positive whole number of minor units.', index };
    }
    if (hasPercentage && percentageBasisPoints(share.percentage!) === null) {
      return { code: 'SPLIT_INVALID', message: 'percentage is above 0 and at most 100, with at most two decimals.', index };
    }
  }
  const kinds = new Set(shares.map((share) => (share.amountMinor != null ? 'amount' : 'percentage')));
  if (kinds.size > 1) return { code: 'SPLIT_MIXED', message: 'All subaccounts split by amount, or all by percentage, not both.' };
  if (kinds.has('percentage')) {
    const total = shares.reduce((sum, share) => sum + percentageBasisPoints(share.percentage!)!, 0);
    if (total > 10_000) return { code: 'SPLIT_EXCEEDS_PAYMENT', message: 'Percentages add up to more than 100.' };
    return null;
  }
  const total = shares.reduce((sum, share) => sum + BigInt(share.amountMinor!), 0n);
  if (smallestPaymentMinor === null) {
    return { code: 'SPLIT_EXCEEDS_PAYMENT', message: 'Fixed-amount shares need a bill amount or a minimumAmount to fit inside.' };
  }
  if (total > smallestPaymentMinor) return { code: 'SPLIT_EXCEEDS_PAYMENT', message: 'The shares add up to more than a payment brings.' };
  return null;
}

/** 12.5 → 1250 basis points; null unless 0 < p ≤ 100 with at most two decimals. */
export function percentageBasisPoints(percentage: number): number | null {
  const bp = Math.round(percentage * 100);
  if (!Number.isFinite(percentage) || Math.abs(percentage * 100 - bp) > 1e-6 || bp <= 0 || bp > 10_000) return null;
  return bp;
}
