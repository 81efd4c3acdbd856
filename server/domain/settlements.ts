/**
 * Settlements, as pure rules: when an entity's payout schedule cuts off, how much of what it is
 * owed a batch pays (delay, reserve, fee, minimum), and the batch's state machine. No I/O.
 */
import { defineMachine } from './state-machine.ts';

export const PAYOUT_SCHEDULES = ['DAILY', 'WEEKLY', 'MONTHLY', 'MANUAL'] as const;
export type PayoutSchedule = (typeof PAYOUT_SCHEDULES)[number];

export interface ScheduleRule {
  schedule: PayoutSchedule;
  /** WEEKLY: ISO weekday, 1 (Monday) … 7 (Sunday). */
  weekday: number | null;
  /** MONTHLY: 1 … 31; the 29th–31st fall on a short month's last day. */
  dayOfMonth: number | null;
}

const DAY_MS = 86_400_000;

const midnightUtc = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
/** The cut-off day of a month for a rule's day (clamped to the month's last day). */
const monthCutoff = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, Math.min(day, lastDayOf(year, month))));

/**
 * The most recent cut-off at or before `now` (cut-offs are at 00:00 UTC of the scheduled day), or
 * null for MANUAL (batches only by hand).
 */
export function latestCutoff(rule: ScheduleRule, now: Date): Date | null {
  const today = midnightUtc(now);
  switch (rule.schedule) {
    case 'MANUAL':
      return null;
    case 'DAILY':
      return today;
    case 'WEEKLY': {
      const isoToday = ((today.getUTCDay() + 6) % 7) + 1;
      const back = (isoToday - (rule.weekday ?? 1) + 7) % 7;
      return new Date(today.getTime() - back * DAY_MS);
    }
    case 'MONTHLY': {
      const day = rule.dayOfMonth ?? 1;
      const thisMonth = monthCutoff(today.getUTCFullYear(), today.getUTCMonth(), day);
      return thisMonth <= today ? thisMonth : monthCutoff(today.getUTCFullYear(), today.getUTCMonth() - 1, day);
    }
  }
}

/** The first cut-off strictly after `after` (null for MANUAL). */
export function nextCutoff(rule: ScheduleRule, after: Date): Date | null {
  switch (rule.schedule) {
    case 'MANUAL':
      return null;
    case 'DAILY':
      return new Date(midnightUtc(after).getTime() + DAY_MS);
    case 'WEEKLY':
      return new Date(latestCutoff(rule, after)!.getTime() + 7 * DAY_MS);
    case 'MONTHLY': {
      const latest = latestCutoff(rule, after)!;
      return monthCutoff(latest.getUTCFullYear(), latest.getUTCMonth() + 1, rule.dayOfMonth ?? 1);
    }
  }
}

/** Every schedule an entity can have that cuts off by itself: DAILY, WEEKLY × 7, MONTHLY × 31. */
export function scheduledRules(): ScheduleRule[] {
  return [
    { schedule: 'DAILY', weekday: null, dayOfMonth: null },
    ...Array.from({ length: 7 }, (_, i) => ({ schedule: 'WEEKLY' as const, weekday: i + 1, dayOfMonth: null })),
    ...Array.from({ length: 31 }, (_, i) => ({ schedule: 'MONTHLY' as const, weekday: null, dayOfMonth: i + 1 })),
  ];
}

/** The latest payment a batch cut off at `cutoff` may pay: the delay keeps younger money back. */
export const paymentsUpTo = (cutoff: Date, delayDays: number): Date => new Date(cutoff.getTime() - delayDays * DAY_MS);

export interface ReserveRule {
  /** Of each batch's gross, in basis points (10 % = 1000). */
  percentBasisPoints: number;
  /** A balance the reserve is topped up to, whatever the percentage gives. */
  minimumMinor: bigint;
  /** How long each hold is kept before it is released. */
  holdDays: number;
}

/** What a batch of `grossMinor` holds back, given what the reserve already holds: never more than the gross. */
export function reserveToHold(grossMinor: bigint, rule: ReserveRule, heldMinor: bigint): bigint {
  if (grossMinor <= 0n) return 0n;
  // Half up, to the minor unit.
  const percentage = (grossMinor * BigInt(rule.percentBasisPoints) + 5_000n) / 10_000n;
  const topUp = rule.minimumMinor - heldMinor;
  const hold = percentage > topUp ? percentage : topUp;
  return hold <= 0n ? 0n : hold > grossMinor ? grossMinor : hold;
}

export interface BatchAmounts {
  grossMinor: bigint;
  reserveMinor: bigint;
  feeMinor: bigint;
  netMinor: bigint;
  /** Only a net of at least the entity's minimum (and of at least one minor unit) is paid out. */
  payable: boolean;
}

/**
 * One batch: the gross of its lines (payments, releases, less chargebacks), the reserve held from
 * it, the entity's payout fee, and what is paid. A gross that chargebacks made negative pays nothing
 * and is carried forward.
 */
export function batchAmounts(input: { grossMinor: bigint; reserve: ReserveRule; heldMinor: bigint; feeMinor: bigint; minimumMinor: bigint }): BatchAmounts {
  const reserveMinor = reserveToHold(input.grossMinor, input.reserve, input.heldMinor);
  const afterReserve = input.grossMinor - reserveMinor;
  const feeMinor = afterReserve > 0n ? (input.feeMinor < afterReserve ? input.feeMinor : afterReserve) : 0n;
  const netMinor = afterReserve - feeMinor;
  const floor = input.minimumMinor > 1n ? input.minimumMinor : 1n;
  return { grossMinor: input.grossMinor, reserveMinor, feeMinor, netMinor, payable: netMinor >= floor };
}

/**
 * `batchAmounts` as SQL, for a run that computes every batch in one statement: a lateral subquery
 * of (reserve, fee, net, payable) over the named bigint columns (percent in basis points). Kept
 * beside the function it mirrors; a property test holds the two equal.
 */
export function batchAmountsSql(c: { gross: string; percentBasisPoints: string; reserveMinimum: string; held: string; fee: string; minimum: string }): string {
  return `(select r.reserve, f.fee, a.after - f.fee as net, a.after - f.fee >= greatest(${c.minimum}, 1) as payable
     from (select case when ${c.gross} <= 0 then 0::bigint
                       else least(greatest((${c.gross} * ${c.percentBasisPoints} + 5000) / 10000, ${c.reserveMinimum} - ${c.held}, 0), ${c.gross}) end as reserve) r
     cross join lateral (select ${c.gross} - r.reserve as after) a
     cross join lateral (select case when a.after > 0 then least(${c.fee}, a.after) else 0::bigint end as fee) f)`;
}

/**
 * A batch's life. UNKNOWN is a submission whose outcome we did not learn (a timeout): it is
 * re-queried before anything else, never resubmitted blindly. A callback may overtake the answer
 * to its submission, so PENDING and UNKNOWN may go straight to PAID or FAILED. FAILED → PENDING is
 * a retry (same idempotency key).
 */
export const settlementBatchMachine = defineMachine('settlement', {
  PENDING: ['SUBMITTED', 'UNKNOWN', 'PAID', 'FAILED'],
  SUBMITTED: ['PAID', 'FAILED'],
  UNKNOWN: ['PENDING', 'SUBMITTED', 'PAID', 'FAILED'],
  FAILED: ['PENDING'],
  PAID: [],
});
export type SettlementBatchStatus = (typeof settlementBatchMachine.statuses)[number];

/** The idempotency key a batch keeps for every submission of it, retries included. */
export const settlementIdempotencyKey = (batchId: string): string => `settle_${batchId}`;

/** The kinds of line a batch pays: what it adds up to, each naming its ledger line. */
export const SETTLEMENT_LINE_KINDS = ['PAYMENT', 'CHARGEBACK', 'RESERVE_RELEASE', 'RESERVE_HOLD', 'PAYOUT_FEE'] as const;
export type SettlementLineKind = (typeof SETTLEMENT_LINE_KINDS)[number];

/**
 * What a chargeback takes from where: the reserve first, then the payable (which may go negative:
 * the next batch nets it). Refused when it would exceed what the payment paid the entity.
 */
export function chargebackSplit(
  amountMinor: bigint,
  reserveHeldMinor: bigint,
  paidOnPaymentMinor: bigint,
  chargedBackAlreadyMinor: bigint,
): { ok: true; fromReserveMinor: bigint; fromPayableMinor: bigint } | { ok: false; remainingMinor: bigint } {
  const remaining = paidOnPaymentMinor - chargedBackAlreadyMinor;
  if (amountMinor <= 0n || amountMinor > remaining) return { ok: false, remainingMinor: remaining > 0n ? remaining : 0n };
  const fromReserve = reserveHeldMinor > 0n ? (amountMinor < reserveHeldMinor ? amountMinor : reserveHeldMinor) : 0n;
  return { ok: true, fromReserveMinor: fromReserve, fromPayableMinor: amountMinor - fromReserve };
}
