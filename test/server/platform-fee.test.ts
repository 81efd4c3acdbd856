import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEE_SCHEDULE, feeOnTop, feeRuleFor, withFeeOnTop, type FeeScheduleEntry } from '../../server/domain/platform-fee.ts';

const at = new Date('2026-12-02T10:00:00Z');
const defaultRule = feeRuleFor(DEFAULT_FEE_SCHEDULE, 'TZS', at);

describe('the platform fee on top', () => {
  it("is the seed's example exactly: TZS 500,000 at 0.5 % is TZS 502,500.00 to pay", () => {
    expect(defaultRule.rateBasisPoints).toBe(50);
    expect(withFeeOnTop(50_000_000n, defaultRule)).toEqual({ merchantAmountMinor: 50_000_000n, feeMinor: 250_000n, expectedTotalMinor: 50_250_000n });
  });

  it('rounds half up to the minor unit, then holds to the minimum and maximum', () => {
    const rule = { rateBasisPoints: 50, minimumMinor: 0n, maximumMinor: null };
    expect(feeOnTop(99n, rule)).toBe(0n); // 0.495 → 0
    expect(feeOnTop(100n, rule)).toBe(1n); // 0.5 → 1
    expect(feeOnTop(299n, rule)).toBe(1n); // 1.495 → 1
    expect(feeOnTop(300n, rule)).toBe(2n); // 1.5 → 2
    expect(feeOnTop(0n, rule)).toBe(0n);
    expect(feeOnTop(1_000n, { rateBasisPoints: 50, minimumMinor: 10_000n, maximumMinor: null })).toBe(10_000n);
    expect(feeOnTop(10n ** 12n, { rateBasisPoints: 50, minimumMinor: 0n, maximumMinor: 500_000n })).toBe(500_000n);
  });

  it('never takes from the merchant amount, and stays within its bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n })),
        (amount, rate, min, extra) => {
          const rule = { rateBasisPoints: rate, minimumMinor: min, maximumMinor: extra === null ? null : min + extra };
          const { feeMinor, expectedTotalMinor, merchantAmountMinor } = withFeeOnTop(amount, rule);
          expect(expectedTotalMinor - feeMinor).toBe(merchantAmountMinor);
          expect(feeMinor >= min).toBe(true);
          if (rule.maximumMinor !== null) expect(feeMinor <= rule.maximumMinor).toBe(true);
          // Within the bounds it is the percentage, to half a minor unit.
          if (feeMinor > min && (rule.maximumMinor === null || feeMinor < rule.maximumMinor)) {
            const exactTimes2 = (amount * BigInt(rate) * 2n) / 10_000n;
            expect(feeMinor * 2n - exactTimes2 <= 1n && exactTimes2 - feeMinor * 2n <= 1n).toBe(true);
          }
        },
      ),
    );
  });

  it('takes the most specific rule in force: entity over business over platform, exact currency over any, latest date', () => {
    const entry = (level: FeeScheduleEntry['level'], currency: string, from: string, rateBasisPoints: number): FeeScheduleEntry => ({
      level,
      currency,
      effectiveFrom: new Date(from),
      rateBasisPoints,
      minimumMinor: 0n,
      maximumMinor: null,
    });
    const schedule = [
      ...DEFAULT_FEE_SCHEDULE,
      entry('PLATFORM', 'TZS', '2026-06-01', 40),
      entry('PLATFORM', 'TZS', '2027-01-01', 45),
      entry('BUSINESS', '*', '2026-01-01', 30),
      entry('ENTITY', 'KES', '2026-01-01', 10),
    ];
    expect(feeRuleFor(schedule.slice(0, 3), 'TZS', at).rateBasisPoints).toBe(40);
    expect(feeRuleFor(schedule.slice(0, 3), 'TZS', new Date('2027-02-01')).rateBasisPoints).toBe(45);
    expect(feeRuleFor(schedule.slice(0, 3), 'NGN', at).rateBasisPoints).toBe(50);
    expect(feeRuleFor(schedule, 'TZS', at).rateBasisPoints).toBe(30);
    expect(feeRuleFor(schedule, 'KES', at).rateBasisPoints).toBe(10);
    // Before the business override took effect, the platform's applies.
    expect(feeRuleFor(schedule, 'KES', new Date('2025-06-01'))).toMatchObject({ level: 'PLATFORM', rateBasisPoints: 50 });
    expect(() => feeRuleFor([entry('BUSINESS', 'TZS', '2026-01-01', 30)], 'TZS', new Date('2025-01-01'))).toThrow(/No fee rule/);
  });
});
