import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestCutoff, nextCutoff, paymentsUpTo, scheduledRules, type ScheduleRule } from '../../server/domain/settlements.ts';

const at = (iso: string) => new Date(iso);
const daily: ScheduleRule = { schedule: 'DAILY', weekday: null, dayOfMonth: null };
const weekly = (weekday: number): ScheduleRule => ({ schedule: 'WEEKLY', weekday, dayOfMonth: null });
const monthly = (dayOfMonth: number | null): ScheduleRule => ({ schedule: 'MONTHLY', weekday: null, dayOfMonth });
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('payout schedules: the latest cut-off (00:00 UTC of the scheduled day)', () => {
  it('DAILY cuts off at today’s midnight, including exactly at midnight', () => {
    expect(iso(latestCutoff(daily, at('2026-03-02T10:00:00Z')))).toBe('2026-03-02T00:00:00.000Z');
    expect(iso(latestCutoff(daily, at('2026-03-02T00:00:00Z')))).toBe('2026-03-02T00:00:00.000Z');
    expect(iso(latestCutoff(daily, at('2026-03-01T23:59:59.999Z')))).toBe('2026-03-01T00:00:00.000Z');
  });

  it('WEEKLY cuts off on its ISO weekday (1 Monday … 7 Sunday), today included', () => {
    // 2026-03-04 is a Wednesday.
    const wednesday = at('2026-03-04T08:00:00Z');
    expect(iso(latestCutoff(weekly(3), wednesday))).toBe('2026-03-04T00:00:00.000Z');
    expect(iso(latestCutoff(weekly(1), wednesday))).toBe('2026-03-02T00:00:00.000Z');
    expect(iso(latestCutoff(weekly(4), wednesday))).toBe('2026-02-26T00:00:00.000Z');
    expect(iso(latestCutoff(weekly(7), wednesday))).toBe('2026-03-01T00:00:00.000Z');
    // Across a year boundary: Thursday 2027-01-01, Monday's cut-off is in 2026.
    expect(iso(latestCutoff(weekly(1), at('2027-01-01T12:00:00Z')))).toBe('2026-12-28T00:00:00.000Z');
  });

  it('MONTHLY on the 29th–31st falls on a short month’s last day (February of leap and common years)', () => {
    // 2026 is a common year: February has 28 days.
    expect(iso(latestCutoff(monthly(31), at('2026-02-28T00:00:00Z')))).toBe('2026-02-28T00:00:00.000Z');
    expect(iso(latestCutoff(monthly(29), at('2026-02-28T09:00:00Z')))).toBe('2026-02-28T00:00:00.000Z');
    expect(iso(latestCutoff(monthly(30), at('2026-02-27T09:00:00Z')))).toBe('2026-01-30T00:00:00.000Z');
    // 2028 is a leap year: the 29th is a real day, the 30th and 31st fall on it.
    expect(iso(latestCutoff(monthly(29), at('2028-02-29T01:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(latestCutoff(monthly(31), at('2028-02-29T01:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(latestCutoff(monthly(31), at('2028-02-28T23:00:00Z')))).toBe('2028-01-31T00:00:00.000Z');
    // 30-day months: the 31st is on the 30th.
    expect(iso(latestCutoff(monthly(31), at('2026-04-30T00:00:01Z')))).toBe('2026-04-30T00:00:00.000Z');
    expect(iso(latestCutoff(monthly(31), at('2026-05-01T00:00:00Z')))).toBe('2026-04-30T00:00:00.000Z');
    // Before this month's day: last month's (clamped there too), across a year.
    expect(iso(latestCutoff(monthly(15), at('2026-03-14T23:00:00Z')))).toBe('2026-02-15T00:00:00.000Z');
    expect(iso(latestCutoff(monthly(31), at('2026-03-30T00:00:00Z')))).toBe('2026-02-28T00:00:00.000Z');
    expect(iso(latestCutoff(monthly(5), at('2027-01-04T00:00:00Z')))).toBe('2026-12-05T00:00:00.000Z');
    // No day given (changed by an update): the 1st.
    expect(iso(latestCutoff(monthly(null), at('2026-03-14T00:00:00Z')))).toBe('2026-03-01T00:00:00.000Z');
  });

  it('MANUAL never cuts off by itself', () => {
    const manual: ScheduleRule = { schedule: 'MANUAL', weekday: null, dayOfMonth: null };
    expect(latestCutoff(manual, at('2026-03-02T00:00:00Z'))).toBeNull();
    expect(nextCutoff(manual, at('2026-03-02T00:00:00Z'))).toBeNull();
    expect(scheduledRules().some((rule) => rule.schedule === 'MANUAL')).toBe(false);
  });

  it('the next cut-off follows the same rules', () => {
    expect(iso(nextCutoff(daily, at('2026-02-28T00:00:00Z')))).toBe('2026-03-01T00:00:00.000Z');
    expect(iso(nextCutoff(weekly(3), at('2026-03-04T00:00:00Z')))).toBe('2026-03-11T00:00:00.000Z');
    expect(iso(nextCutoff(monthly(31), at('2026-01-31T00:00:00Z')))).toBe('2026-02-28T00:00:00.000Z');
    expect(iso(nextCutoff(monthly(31), at('2028-01-31T05:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(nextCutoff(monthly(31), at('2026-02-28T00:00:00Z')))).toBe('2026-03-31T00:00:00.000Z');
    expect(iso(nextCutoff(monthly(30), at('2026-12-30T00:00:00Z')))).toBe('2027-01-30T00:00:00.000Z');
  });

  it('the payout delay keeps younger payments back by whole days', () => {
    const cutoff = at('2026-03-03T00:00:00Z');
    expect(iso(paymentsUpTo(cutoff, 0))).toBe('2026-03-03T00:00:00.000Z');
    expect(iso(paymentsUpTo(cutoff, 2))).toBe('2026-03-01T00:00:00.000Z');
    // Across February's end of a leap year.
    expect(iso(paymentsUpTo(at('2028-03-01T00:00:00Z'), 1))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('for any instant and rule: the latest cut-off is a midnight on the rule’s day, at or before it, and the next one is after it', () => {
    const rule = fc.oneof(
      fc.constant(daily),
      fc.integer({ min: 1, max: 7 }).map(weekly),
      fc.integer({ min: 1, max: 31 }).map((day) => monthly(day)),
    );
    const instant = fc.date({ min: at('2024-01-01T00:00:00Z'), max: at('2030-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(rule, instant, (r, now) => {
        const latest = latestCutoff(r, now)!;
        const next = nextCutoff(r, now)!;
        expect(latest.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        expect(latest.getUTCHours() + latest.getUTCMinutes() + latest.getUTCSeconds() + latest.getUTCMilliseconds()).toBe(0);
        // The next cut-off after the latest is the next one after now: none is skipped in between.
        expect(nextCutoff(r, latest)!.getTime()).toBe(next.getTime());
        if (r.schedule === 'WEEKLY') expect(((latest.getUTCDay() + 6) % 7) + 1).toBe(r.weekday);
        if (r.schedule === 'MONTHLY') {
          const last = new Date(Date.UTC(latest.getUTCFullYear(), latest.getUTCMonth() + 1, 0)).getUTCDate();
          expect(latest.getUTCDate()).toBe(Math.min(r.dayOfMonth!, last));
        }
      }),
      { numRuns: 500 },
    );
  });
});
