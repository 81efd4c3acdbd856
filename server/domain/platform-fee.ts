/**
 * The platform fee added on top of a merchant amount (seed 002: "your customer pays the fee; the
 * entity receives the full merchant amount"). A rule is a percentage (in basis points) with a
 * minimum and an optional maximum, in the currency's minor units.
 *
 * Rounding: the percentage of the merchant amount is rounded half up to a whole minor unit (the
 * currency's ISO 4217 minor digits: TZS 0.005 → TZS 0.01, UGX 0.5 → UGX 1), then held between the
 * minimum and the maximum. Amounts are integer minor units, so the sum is exact.
 */

export interface FeeRule {
  rateBasisPoints: number;
  minimumMinor: bigint;
  maximumMinor: bigint | null;
}

export const FEE_LEVELS = ['PLATFORM', 'BUSINESS', 'ENTITY'] as const;
export type FeeLevel = (typeof FEE_LEVELS)[number];

/** One dated rule: from `effectiveFrom` on, for `currency` (or every currency, `*`), at its level. */
export interface FeeScheduleEntry extends FeeRule {
  level: FeeLevel;
  currency: string;
  effectiveFrom: Date;
}

/** The platform's default: 0.5 % (the seed's), no minimum, no maximum, for every currency. */
export const DEFAULT_FEE_SCHEDULE: readonly FeeScheduleEntry[] = [
  { level: 'PLATFORM', currency: '*', effectiveFrom: new Date(0), rateBasisPoints: 50, minimumMinor: 0n, maximumMinor: null },
];

export const MAX_RATE_BASIS_POINTS = 10_000;

/**
 * The rule that applies at `at` for `currency`: the most specific level that has one in force
 * (an entity's override, then its business's, then the platform's), within a level the exact
 * currency before `*`, and of those the latest to take effect.
 */
export function feeRuleFor(entries: readonly FeeScheduleEntry[], currency: string, at: Date): FeeScheduleEntry {
  const inForce = entries.filter((e) => e.effectiveFrom.getTime() <= at.getTime() && (e.currency === currency || e.currency === '*'));
  const rank = (e: FeeScheduleEntry) => [FEE_LEVELS.indexOf(e.level), e.currency === '*' ? 0 : 1, e.effectiveFrom.getTime()] as const;
  const best = inForce.reduce<FeeScheduleEntry | null>((top, e) => {
    if (!top) return e;
    const [a, b] = [rank(e), rank(top)];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]! ? e : top;
    return top;
  }, null);
  if (!best) throw new Error(`No fee rule in force for ${currency} at ${at.toISOString()}`);
  return best;
}

/** The fee on top of `merchantAmountMinor` under `rule` (rounded half up, then held to the minimum and maximum). */
export function feeOnTop(merchantAmountMinor: bigint, rule: FeeRule): bigint {
  if (merchantAmountMinor < 0n) throw new RangeError('A merchant amount is not negative');
  const percentage = (merchantAmountMinor * BigInt(rule.rateBasisPoints) + 5_000n) / 10_000n;
  const floored = percentage < rule.minimumMinor ? rule.minimumMinor : percentage;
  return rule.maximumMinor !== null && floored > rule.maximumMinor ? rule.maximumMinor : floored;
}

/** What the customer pays: the merchant amount and the fee on top. */
export function withFeeOnTop(merchantAmountMinor: bigint, rule: FeeRule): { merchantAmountMinor: bigint; feeMinor: bigint; expectedTotalMinor: bigint } {
  const feeMinor = feeOnTop(merchantAmountMinor, rule);
  return { merchantAmountMinor, feeMinor, expectedTotalMinor: merchantAmountMinor + feeMinor };
}

/** Whether a rule is one we can apply: a rate from 0 to 100 %, a minimum not above the maximum. */
export function feeRuleProblem(rule: FeeRule): string | null {
  if (!Number.isInteger(rule.rateBasisPoints) || rule.rateBasisPoints < 0 || rule.rateBasisPoints > MAX_RATE_BASIS_POINTS)
    return 'The rate is 0 to 10000 basis points.';
  if (rule.minimumMinor < 0n) return 'The minimum is not negative.';
  if (rule.maximumMinor !== null && rule.maximumMinor < rule.minimumMinor) return 'The maximum is not below the minimum.';
  return null;
}
