import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IOF,
  DEFAULT_LENDER_RATES,
  quoteInstallments,
  SUBSIDY_TYPES,
  type InstallmentOption,
  type IofTable,
  type LenderRateTable,
  type QuoteRequest,
} from '../../server/domain/installment-quotes.ts';

const AT_2_PERCENT: LenderRateTable = { entries: [{ effectiveFrom: '2020-01-01', monthlyRate: '0.02' }] };
const FLAT_IOF: IofTable = { entries: [{ effectiveFrom: '2020-01-01', dailyRate: '0.000082', additionalRate: '0.0038', dailyCapDays: 365 }] };

function request(overrides: Partial<QuoteRequest>): QuoteRequest {
  return {
    amountMinor: 1_000_000n,
    installmentsCountMin: 6,
    installmentsCountMax: 6,
    subsidy: { type: 'NONE' },
    quotedOn: '2026-12-02',
    lenderRates: AT_2_PERCENT,
    iof: FLAT_IOF,
    ...overrides,
  };
}

function options(overrides: Partial<QuoteRequest>): InstallmentOption[] {
  const result = quoteInstallments(request(overrides));
  if (!result.ok) throw new Error(`quote refused: ${result.error}`);
  return result.options;
}

function only(overrides: Partial<QuoteRequest>): InstallmentOption {
  const all = options(overrides);
  expect(all).toHaveLength(1);
  return all[0]!;
}

/** What the widget shows: the CET as a percentage at one decimal, pt-BR. */
function cetLabel(cet: string): string {
  return `${new Decimal(cet).times(100).toFixed(1).replace('.', ',')} %`;
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

/** PV at the monthly rate of a schedule whose installment k (from 1) falls `grace + k` months out, in floats (test oracle). */
function presentValue(amounts: bigint[], rate: number, grace = 0): number {
  return amounts.reduce((s, x, k) => s + Number(x) / Math.pow(1 + rate, grace + k + 1), 0);
}

describe('installment quotes: the figures of issue 14', () => {
  it('R$ 10.000,00 at 2 % a month, no subsidy, 6× → 6 × R$ 1.785,26 = R$ 10.711,56, CET 2,0 % a.m.', () => {
    const option = only({});
    expect(option.installmentAmountMinor).toBe(178_526n);
    expect(option.customerTotalMinor).toBe(1_071_156n);
    expect(option.schedule.map((s) => s.amountMinor)).toEqual(Array(6).fill(178_526n));
    expect(sum(option.schedule.map((s) => s.amountMinor))).toBe(option.customerTotalMinor);
    expect(option.interestFree).toBe(false);
    expect(option.monthlyRate).toBe('0.02');
    expect(cetLabel(option.cetMonthly)).toBe('2,0 %');
    expect(Number(option.cetMonthly)).toBeGreaterThanOrEqual(0.02);
    expect(Number(option.cetYearly)).toBeCloseTo(Math.pow(1 + Number(option.cetMonthly), 12) - 1, 5);
    expect(option.merchantSubsidyAmountMinor).toBe(0n);
    expect(option.merchantSubsidyRate).toBe('0');
    // The merchant bears the IOF by default: withheld in its fee, not in the customer's plan.
    expect(option.iofMinor > 0n).toBe(true);
    expect(option.merchantFeeMinor).toBe(option.iofMinor);
    expect(option.merchantTotalAmountMinor).toBe(1_000_000n - option.iofMinor);
    expect(option.firstInstallmentDate).toBe('2027-01-02');
    expect(option.schedule.map((s) => s.dueDate)).toEqual(['2027-01-02', '2027-02-02', '2027-03-02', '2027-04-02', '2027-05-02', '2027-06-02']);
  });

  it('FREE 3–6× at 2 %: the customer pays exactly R$ 10.000,00, the 6× plan costs the merchant R$ 664,28', () => {
    const all = options({ subsidy: { type: 'FREE' }, installmentsCountMin: 3, installmentsCountMax: 6 });
    expect(all.map((o) => o.installmentsCount)).toEqual([3, 4, 5, 6]);
    for (const option of all) {
      expect(option.interestFree).toBe(true);
      expect(option.customerTotalMinor).toBe(1_000_000n);
      expect(sum(option.schedule.map((s) => s.amountMinor))).toBe(1_000_000n);
      expect(option.cetMonthly).toBe('0.000000');
      // The merchant pays what the lender loses by waiting: amount − PV at 2 % of the customer's schedule.
      const expected =
        1_000_000 -
        presentValue(
          option.schedule.map((s) => s.amountMinor),
          0.02,
        );
      expect(Math.abs(Number(option.merchantSubsidyAmountMinor) - expected)).toBeLessThanOrEqual(0.5);
      expect(option.merchantSubsidyRate).toBe(new Decimal(option.merchantSubsidyAmountMinor.toString()).div(1_000_000).toFixed());
      expect(option.merchantFeeMinor).toBe(option.merchantSubsidyAmountMinor + option.iofMinor);
      expect(option.merchantTotalAmountMinor + option.merchantFeeMinor).toBe(1_000_000n);
    }
    const six = all.at(-1)!;
    expect(six.merchantSubsidyAmountMinor).toBe(66_428n);
    expect(six.merchantSubsidyRate).toBe('0.066428');
    // 1.000.000 / 6 in whole centavos: five of 1.666,66 and the last takes the remainder.
    expect(six.installmentAmountMinor).toBe(166_666n);
    expect(six.schedule.map((s) => s.amountMinor)).toEqual([166_666n, 166_666n, 166_666n, 166_666n, 166_666n, 166_670n]);
  });
});

describe('installment quotes: rules', () => {
  it('a grace period grows the principal by compound interest for the extra months', () => {
    const oneMonth = only({ monthsUntilFirstPayment: 1 });
    const threeMonths = only({ monthsUntilFirstPayment: 3 });
    const pmt = (10_000 * Math.pow(1.02, 2) * 0.02) / (1 - Math.pow(1.02, -6));
    expect(threeMonths.installmentAmountMinor).toBe(BigInt(Math.ceil(pmt * 100 - 1e-6)));
    expect(threeMonths.installmentAmountMinor > oneMonth.installmentAmountMinor).toBe(true);
    expect(threeMonths.firstInstallmentDate).toBe('2027-03-02');
    expect(cetLabel(threeMonths.cetMonthly)).toBe('2,0 %');
    // The same date given directly is the same quote; a date between whole months lands between them.
    expect(only({ firstInstallmentDate: '2027-03-02' }).installmentAmountMinor).toBe(threeMonths.installmentAmountMinor);
    const between = only({ firstInstallmentDate: '2027-02-17' });
    expect(between.installmentAmountMinor > oneMonth.installmentAmountMinor && between.installmentAmountMinor < threeMonths.installmentAmountMinor).toBe(true);
    expect(between.schedule.map((s) => s.dueDate).slice(0, 3)).toEqual(['2027-02-17', '2027-03-17', '2027-04-17']);
    // FREE under a grace costs the merchant more, the customer still pays the amount.
    const freeLate = only({ subsidy: { type: 'FREE' }, monthsUntilFirstPayment: 3 });
    expect(freeLate.customerTotalMinor).toBe(1_000_000n);
    expect(freeLate.merchantSubsidyAmountMinor > 66_428n).toBe(true);
  });

  it('due dates keep the day of month, clamped to the last day of shorter months', () => {
    const option = only({ quotedOn: '2027-01-31', installmentsCountMin: 4, installmentsCountMax: 4 });
    expect(option.schedule.map((s) => s.dueDate)).toEqual(['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
    const leap = only({ quotedOn: '2027-12-31', installmentsCountMin: 3, installmentsCountMax: 3 });
    expect(leap.schedule.map((s) => s.dueDate)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
    const fromDate = only({ firstInstallmentDate: '2027-01-30', installmentsCountMin: 3, installmentsCountMax: 3 });
    expect(fromDate.schedule.map((s) => s.dueDate)).toEqual(['2027-01-30', '2027-02-28', '2027-03-30']);
  });

  it('RATE and AMOUNT: the merchant pays that share, the customer the rest, each derived from the other', () => {
    const byRate = options({ subsidy: { type: 'RATE', rate: '0.02' }, installmentsCountMin: 3, installmentsCountMax: 12 });
    const byAmount = options({ subsidy: { type: 'AMOUNT', amountMinor: 20_000n }, installmentsCountMin: 3, installmentsCountMax: 12 });
    const none = options({ installmentsCountMin: 3, installmentsCountMax: 12 });
    for (const [k, option] of byRate.entries()) {
      expect(option.merchantSubsidyAmountMinor).toBe(20_000n);
      expect(option.merchantSubsidyRate).toBe('0.02');
      expect(byAmount[k]!.merchantSubsidyRate).toBe('0.02');
      expect(byAmount[k]!.schedule).toEqual(option.schedule);
      expect(option.customerTotalMinor < none[k]!.customerTotalMinor).toBe(true);
      expect(option.customerTotalMinor > 1_000_000n).toBe(true);
      // The lender is whole: PV of what the customer pays + the subsidy = the amount (to the rounding up).
      const pv = presentValue(
        option.schedule.map((s) => s.amountMinor),
        0.02,
      );
      expect(pv + Number(option.merchantSubsidyAmountMinor) - 1_000_000).toBeGreaterThanOrEqual(-1e-6);
      expect(pv + Number(option.merchantSubsidyAmountMinor) - 1_000_000).toBeLessThan(option.installmentsCount);
      expect(option.merchantFeeMinor).toBe(20_000n + option.iofMinor);
    }
  });

  it('a subsidy above what the free plan costs is capped there: that plan turns interest free', () => {
    const all = options({ subsidy: { type: 'RATE', rate: '0.05' }, installmentsCountMin: 3, installmentsCountMax: 6 });
    const free = options({ subsidy: { type: 'FREE' }, installmentsCountMin: 3, installmentsCountMax: 6 });
    // 5 % covers 3× and 4× free (3,87 %, 4,81 %), not 5× or 6× (5,73 %, 6,64 %).
    expect(all.map((o) => o.interestFree)).toEqual([true, true, false, false]);
    expect(all[0]).toEqual(free[0]);
    expect(all[1]).toEqual(free[1]);
    expect(all[2]!.merchantSubsidyAmountMinor).toBe(50_000n);
  });

  it("the lender's table can price each count, and the entry in force is the latest on the quote's date", () => {
    const lenderRates: LenderRateTable = {
      entries: [
        { effectiveFrom: '2027-01-01', monthlyRate: '0.025', byCount: { 12: '0.03' } },
        { effectiveFrom: '2026-01-01', monthlyRate: '0.02' },
      ],
    };
    expect(options({ lenderRates, installmentsCountMin: 11, installmentsCountMax: 12 }).map((o) => o.monthlyRate)).toEqual(['0.02', '0.02']);
    expect(options({ lenderRates, quotedOn: '2027-01-01', installmentsCountMin: 11, installmentsCountMax: 12 }).map((o) => o.monthlyRate)).toEqual([
      '0.025',
      '0.03',
    ]);
    expect(() => quoteInstallments(request({ lenderRates, quotedOn: '2025-12-31' }))).toThrow(/no entry in force/);
  });
});

describe('installment quotes: IOF by date', () => {
  // One installment a month out: IOF = amount × (daily rate × days + additional rate).
  const iofOn = (quotedOn: string, extra: Partial<QuoteRequest> = {}) =>
    only({ quotedOn, installmentsCountMin: 1, installmentsCountMax: 1, iof: DEFAULT_IOF, ...extra }).iofMinor;

  it('uses the rates in force on the quote date across the two 2025 changes', () => {
    expect(iofOn('2025-05-22')).toBe(5_071n); // 31 days × 0,0041 % + 0,38 %
    expect(iofOn('2025-05-23')).toBe(12_042n); // Decree 12.466: 31 days × 0,0082 % + 0,95 %
    expect(iofOn('2025-06-10')).toBe(11_960n); // 30 days × 0,0082 % + 0,95 %
    expect(iofOn('2025-06-11')).toBe(6_260n); // Decree 12.499: 30 days × 0,0082 % + 0,38 %
    expect(iofOn('2026-12-02')).toBe(6_342n); // 31 days
  });

  it('counts the daily rate for at most 365 days, and spreads it over the principal each installment repays', () => {
    // 2027-12-02 → 2028-12-02 is 366 days (29 February 2028): capped.
    expect(iofOn('2027-12-02', { monthsUntilFirstPayment: 12 })).toBe(33_730n); // 365 × 0,0082 % + 0,38 %
    const free = only({ subsidy: { type: 'FREE' }, installmentsCountMin: 3, installmentsCountMax: 3, iof: DEFAULT_IOF });
    const days = free.schedule.map((s) => (Date.parse(s.dueDate) - Date.parse('2026-12-02')) / 86_400_000);
    expect(free.iofMinor).toBe(BigInt(Math.round((1_000_000 / 3) * days.reduce((a, d) => a + d * 0.000082, 0) + 3_800)));
  });

  it("the customer may bear it instead: financed in its installments and its CET, out of the merchant's fee", () => {
    const merchant = only({ iof: DEFAULT_IOF });
    const customer = only({ iof: DEFAULT_IOF, iofBorneBy: 'CUSTOMER' });
    expect(customer.installmentAmountMinor > merchant.installmentAmountMinor).toBe(true);
    expect(Number(customer.cetMonthly)).toBeGreaterThan(0.021);
    expect(customer.merchantFeeMinor).toBe(0n);
    expect(customer.merchantTotalAmountMinor).toBe(1_000_000n);
    // Grossed up: the IOF on the credit (amount + IOF) is the IOF, within a centavo.
    const share = Number(merchant.iofMinor) / 1_000_000;
    expect(Math.abs(Number(customer.iofMinor) - share * (1_000_000 + Number(customer.iofMinor)))).toBeLessThanOrEqual(1);
    const free = only({ subsidy: { type: 'FREE' }, iof: DEFAULT_IOF, iofBorneBy: 'CUSTOMER' });
    expect(free.customerTotalMinor).toBe(1_000_000n + free.iofMinor);
    expect(Number(free.cetMonthly)).toBeGreaterThan(0);
    expect(free.merchantFeeMinor).toBe(free.merchantSubsidyAmountMinor);
  });
});

describe('installment quotes: bad input is a specific error', () => {
  const cases: Array<[string, Partial<QuoteRequest>, string]> = [
    ['min > max', { installmentsCountMin: 6, installmentsCountMax: 3 }, 'INVALID_INSTALLMENTS_COUNT'],
    ['0 installments', { installmentsCountMin: 0, installmentsCountMax: 3 }, 'INVALID_INSTALLMENTS_COUNT'],
    ['49 installments', { installmentsCountMin: 1, installmentsCountMax: 49 }, 'INVALID_INSTALLMENTS_COUNT'],
    ['a fractional count', { installmentsCountMin: 1.5, installmentsCountMax: 3 }, 'INVALID_INSTALLMENTS_COUNT'],
    ['NaN', { installmentsCountMin: Number.NaN, installmentsCountMax: 3 }, 'INVALID_INSTALLMENTS_COUNT'],
    ['RATE without a rate', { subsidy: { type: 'RATE' } }, 'INVALID_SUBSIDY_RATE'],
    ['a rate above 1', { subsidy: { type: 'RATE', rate: '1.01' } }, 'INVALID_SUBSIDY_RATE'],
    ['a negative rate', { subsidy: { type: 'RATE', rate: '-0.1' } }, 'INVALID_SUBSIDY_RATE'],
    ['a rate that is not a decimal', { subsidy: { type: 'RATE', rate: '5%' } }, 'INVALID_SUBSIDY_RATE'],
    ['a rate in exponent form', { subsidy: { type: 'RATE', rate: '1e-2' } }, 'INVALID_SUBSIDY_RATE'],
    ['a rate with a NUL byte', { subsidy: { type: 'RATE', rate: '0.05\u0000' } }, 'INVALID_SUBSIDY_RATE'],
    ['a huge rate string', { subsidy: { type: 'RATE', rate: `0.${'1'.repeat(10_000)}` } }, 'INVALID_SUBSIDY_RATE'],
    ['an unknown subsidy type', { subsidy: { type: 'HALF' as 'NONE' } }, 'INVALID_SUBSIDY_RATE'],
    ['AMOUNT without an amount', { subsidy: { type: 'AMOUNT' } }, 'INVALID_SUBSIDY_AMOUNT'],
    ['AMOUNT above the amount', { subsidy: { type: 'AMOUNT', amountMinor: 1_000_001n } }, 'INVALID_SUBSIDY_AMOUNT'],
    ['a negative AMOUNT', { subsidy: { type: 'AMOUNT', amountMinor: -1n } }, 'INVALID_SUBSIDY_AMOUNT'],
    ['a zero amount', { amountMinor: 0n }, 'INVALID_AMOUNT'],
    ['a negative amount', { amountMinor: -100n }, 'INVALID_AMOUNT'],
    ['less than a centavo per installment', { amountMinor: 5n }, 'INVALID_AMOUNT'],
    ['beyond the largest amount', { amountMinor: 2n ** 53n }, 'INVALID_AMOUNT'],
    ['a first date on the quote date', { firstInstallmentDate: '2026-12-02' }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['a first date in the past', { firstInstallmentDate: '2026-11-30' }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['a first date more than 12 months out', { firstInstallmentDate: '2027-12-03' }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['a date that does not exist', { firstInstallmentDate: '2027-02-30' }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['a date in another shape', { firstInstallmentDate: '02/01/2027' }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['0 months until the first payment', { monthsUntilFirstPayment: 0 }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['13 months until the first payment', { monthsUntilFirstPayment: 13 }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['a fractional month', { monthsUntilFirstPayment: 1.5 }, 'INVALID_FIRST_INSTALLMENT_DATE'],
    ['a date and months that disagree', { firstInstallmentDate: '2027-03-02', monthsUntilFirstPayment: 2 }, 'INVALID_FIRST_INSTALLMENT_DATE'],
  ];
  it.each(cases)('%s', (_name, overrides, error) => {
    expect(quoteInstallments(request(overrides))).toEqual({ ok: false, error });
  });

  it('a date and months that agree are fine', () => {
    expect(quoteInstallments(request({ firstInstallmentDate: '2027-03-02', monthsUntilFirstPayment: 3 })).ok).toBe(true);
  });
});

describe('installment quotes: properties', () => {
  const rateText = fc.integer({ min: 0, max: 800 }).map((bp) => new Decimal(bp).div(10_000).toFixed()); // 0 … 8 % a month
  const date = fc
    .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const counts = fc.integer({ min: 1, max: 48 }).chain((min) => fc.tuple(fc.constant(min), fc.integer({ min, max: Math.min(48, min + 5) })));
  const arbitraryRequest = fc
    .record({
      amountMinor: fc.oneof(fc.bigInt({ min: 48n, max: 10_000n }), fc.bigInt({ min: 48n, max: 10n ** 12n })),
      counts,
      subsidyType: fc.constantFrom(...SUBSIDY_TYPES),
      subsidyShare: fc.integer({ min: 0, max: 10_000 }),
      quotedOn: date,
      first: fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 360 }).map((days) => ({ days })),
      ),
      rate: rateText,
      byCount: fc.option(fc.tuple(fc.integer({ min: 1, max: 48 }), rateText)),
      iofBorneBy: fc.constantFrom(undefined, 'MERCHANT' as const, 'CUSTOMER' as const),
    })
    .map((r): QuoteRequest => {
      const subsidy =
        r.subsidyType === 'RATE'
          ? { type: r.subsidyType, rate: new Decimal(r.subsidyShare).div(10_000).toFixed() }
          : r.subsidyType === 'AMOUNT'
            ? { type: r.subsidyType, amountMinor: (r.amountMinor * BigInt(r.subsidyShare)) / 10_000n }
            : { type: r.subsidyType };
      const first =
        r.first === undefined
          ? {}
          : typeof r.first === 'number'
            ? { monthsUntilFirstPayment: r.first }
            : { firstInstallmentDate: new Date(Date.parse(r.quotedOn) + r.first.days * 86_400_000).toISOString().slice(0, 10) };
      return {
        amountMinor: r.amountMinor,
        installmentsCountMin: r.counts[0],
        installmentsCountMax: r.counts[1],
        subsidy,
        quotedOn: r.quotedOn,
        ...first,
        lenderRates: { entries: [{ effectiveFrom: '2020-01-01', monthlyRate: r.rate, ...(r.byCount ? { byCount: { [r.byCount[0]]: r.byCount[1] } } : {}) }] },
        iof: DEFAULT_IOF,
        ...(r.iofBorneBy ? { iofBorneBy: r.iofBorneBy } : {}),
      };
    });

  it('one plan per count from min to max; schedules sum to totals; merchant total + fee = amount; the lender is whole', () => {
    fc.assert(
      fc.property(arbitraryRequest, (req) => {
        const result = quoteInstallments(req);
        if (!result.ok) throw new Error(result.error);
        expect(result.options.map((o) => o.installmentsCount)).toEqual(
          Array.from({ length: req.installmentsCountMax - req.installmentsCountMin + 1 }, (_, k) => req.installmentsCountMin + k),
        );
        for (const o of result.options) {
          const amounts = o.schedule.map((s) => s.amountMinor);
          expect(o.schedule).toHaveLength(o.installmentsCount);
          expect(o.schedule.map((s) => s.number)).toEqual(amounts.map((_, k) => k + 1));
          expect(sum(amounts)).toBe(o.customerTotalMinor);
          expect(amounts.slice(0, -1).every((x) => x === o.installmentAmountMinor)).toBe(true);
          expect(amounts.every((x) => x >= 1n)).toBe(true);
          expect(o.schedule[0]!.dueDate).toBe(o.firstInstallmentDate);
          expect(o.schedule.every((s, k) => k === 0 || s.dueDate > o.schedule[k - 1]!.dueDate)).toBe(true);
          expect(o.merchantTotalAmountMinor + o.merchantFeeMinor).toBe(req.amountMinor);
          const customerIof = req.iofBorneBy === 'CUSTOMER';
          expect(o.merchantFeeMinor).toBe(o.merchantSubsidyAmountMinor + (customerIof ? 0n : o.iofMinor));
          expect(o.merchantSubsidyAmountMinor >= 0n && o.merchantSubsidyAmountMinor <= req.amountMinor).toBe(true);
          expect(o.iofMinor >= 0n).toBe(true);
          // The customer never pays back less than the credit; a free plan is exactly the credit.
          const credit = req.amountMinor + (customerIof ? o.iofMinor : 0n);
          if (o.interestFree) expect(o.customerTotalMinor).toBe(credit);
          else expect(o.customerTotalMinor >= credit).toBe(true);
          if (req.subsidy.type === 'NONE') expect(o.merchantSubsidyAmountMinor).toBe(0n);
          if (req.subsidy.type === 'FREE') expect(o.interestFree).toBe(true);
          expect(Number(o.cetYearly)).toBeCloseTo(Math.pow(1 + Number(o.cetMonthly), 12) - 1, 5);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('CET ≥ the nominal rate when the customer bears the whole cost, and the IOF only ever raises it', () => {
    fc.assert(
      fc.property(
        arbitraryRequest.map((r) => ({ ...r, subsidy: { type: 'NONE' as const } })),
        (req) => {
          const merchant = quoteInstallments({ ...req, iofBorneBy: 'MERCHANT' });
          const customer = quoteInstallments({ ...req, iofBorneBy: 'CUSTOMER' });
          if (!merchant.ok || !customer.ok) throw new Error('refused');
          for (const [k, o] of merchant.options.entries()) {
            expect(new Decimal(o.cetMonthly).gte(o.monthlyRate)).toBe(true);
            expect(new Decimal(customer.options[k]!.cetMonthly).gte(o.cetMonthly)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a subsidy only ever lowers the customer CET, never below zero; a free plan whose IOF the merchant bears costs the customer nothing', () => {
    fc.assert(
      fc.property(
        arbitraryRequest.filter((r) => r.subsidy.type !== 'NONE'),
        (req) => {
          const result = quoteInstallments(req);
          const none = quoteInstallments({ ...req, subsidy: { type: 'NONE' } });
          if (!result.ok || !none.ok) throw new Error('refused');
          for (const [k, o] of result.options.entries()) {
            expect(Number(o.cetMonthly)).toBeGreaterThanOrEqual(0);
            expect(new Decimal(o.cetMonthly).lte(none.options[k]!.cetMonthly)).toBe(true);
            expect(o.customerTotalMinor <= none.options[k]!.customerTotalMinor).toBe(true);
            if (o.interestFree && req.iofBorneBy !== 'CUSTOMER') expect(o.cetMonthly).toBe('0.000000');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('subsidy rate ↔ amount round-trips within a centavo', () => {
    fc.assert(
      fc.property(
        arbitraryRequest.filter((r) => r.subsidy.type === 'RATE' || r.subsidy.type === 'AMOUNT'),
        (req) => {
          const result = quoteInstallments(req);
          if (!result.ok) throw new Error(result.error);
          for (const o of result.options) {
            // Quoting again from the other side gives the same subsidy (within a centavo) and plan.
            const again = quoteInstallments({
              ...req,
              installmentsCountMin: o.installmentsCount,
              installmentsCountMax: o.installmentsCount,
              subsidy:
                req.subsidy.type === 'RATE' ? { type: 'AMOUNT', amountMinor: o.merchantSubsidyAmountMinor } : { type: 'RATE', rate: o.merchantSubsidyRate },
            });
            if (!again.ok) throw new Error(again.error);
            const other = again.options[0]!;
            const diff = other.merchantSubsidyAmountMinor - o.merchantSubsidyAmountMinor;
            expect(diff >= -1n && diff <= 1n).toBe(true);
            expect(other.interestFree).toBe(o.interestFree);
            expect(new Decimal(o.merchantSubsidyRate).times(req.amountMinor.toString()).minus(o.merchantSubsidyAmountMinor.toString()).abs().lte(1)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('no plan for a count outside min–max, and any count outside 1–48 is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 }), (min, max) => {
        const result = quoteInstallments(request({ installmentsCountMin: min, installmentsCountMax: max, amountMinor: 10n ** 9n }));
        if (min >= 1 && max <= 48 && min <= max) {
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.options.every((o) => o.installmentsCount >= min && o.installmentsCount <= max)).toBe(true);
        } else {
          expect(result).toEqual({ ok: false, error: 'INVALID_INSTALLMENTS_COUNT' });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('installment quotes: extremes', () => {
  it('the largest amount over 1–48 installments stays exact', () => {
    const amountMinor = 2n ** 53n - 1n;
    for (const type of SUBSIDY_TYPES) {
      const all = options({ amountMinor, installmentsCountMin: 1, installmentsCountMax: 48, subsidy: { type, rate: '0.1', amountMinor: amountMinor / 7n } });
      expect(all).toHaveLength(48);
      for (const o of all) {
        expect(sum(o.schedule.map((s) => s.amountMinor))).toBe(o.customerTotalMinor);
        expect(o.merchantTotalAmountMinor + o.merchantFeeMinor).toBe(amountMinor);
      }
    }
  });

  it('the smallest amount: one centavo per installment of a free plan', () => {
    const free = only({ amountMinor: 48n, installmentsCountMin: 48, installmentsCountMax: 48, subsidy: { type: 'FREE' } });
    expect(free.schedule.every((s) => s.amountMinor === 1n)).toBe(true);
  });
});

describe('the default tables', () => {
  it('quote the sandbox at 2 % a month today', () => {
    const option = only({ lenderRates: DEFAULT_LENDER_RATES, iof: DEFAULT_IOF });
    expect(option.installmentAmountMinor).toBe(178_526n);
  });
});
