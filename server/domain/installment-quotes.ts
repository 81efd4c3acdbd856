/**
 * Installment quotes for B2B financing (issue 14): Price-table amortization, grace periods,
 * merchant subsidies, IOF and CET. Pure and exact: centavos are bigint, rates decimal strings,
 * arithmetic in decimal.js at 40 significant digits; floats only in the CET root-finding.
 *
 * The model, per installment count n at the lender's monthly rate i:
 * - time is counted in months from the quote; installment k falls at t_k = g + k, where g is the
 *   grace (months until the first installment − 1, fractional when the first date is not a whole
 *   number of months away), so the principal grows by (1+i)^g before the Price table starts;
 * - the lender is made whole in present value: PV_i(customer's schedule) + merchant subsidy = the
 *   credit (the amount, plus the IOF when the customer finances it);
 * - NONE: the customer's schedule is the Price table on the credit, PMT = P·(1+i)^g·i / (1 − (1+i)^−n),
 *   rounded UP to the centavo so the lender's yield never falls below its rate (10.000,00 at 2 %,
 *   6× → 1.785,26, total 10.711,56);
 * - RATE / AMOUNT: the merchant pays that part of the cost up front (rate = share of the amount; the
 *   other is derived), the customer's Price table runs on the credit less the subsidy. A subsidy at or
 *   above what the interest-free plan would cost is capped there: the plan becomes interest free and
 *   the merchant pays the free plan's cost, never more;
 * - FREE: the customer pays credit / n (whole centavos, the last installment takes the remainder) and
 *   the merchant pays credit − PV_i(that schedule), rounded to the centavo (6× at 2 % on 10.000,00 → 664,28).
 *
 * Who bears the IOF: by default the merchant. The lender collects it at disbursement and withholds it
 * with the subsidy (merchantFee = subsidy + IOF, merchantTotal = amount − fee), so the customer's
 * installments and CET are those of the plan it was shown. `iofBorneBy: 'CUSTOMER'` finances it
 * instead: the credit is grossed up to amount / (1 − IOF share), the IOF is then part of the
 * customer's installments and of its CET, and the merchant's fee is the subsidy alone.
 */
import { Decimal } from 'decimal.js';
import { MAX_MINOR_UNITS } from './money.ts';

export const SUBSIDY_TYPES = ['NONE', 'RATE', 'AMOUNT', 'FREE'] as const;
export type SubsidyType = (typeof SUBSIDY_TYPES)[number];

export const IOF_BEARERS = ['MERCHANT', 'CUSTOMER'] as const;
export type IofBearer = (typeof IOF_BEARERS)[number];

/** Dated configuration: the entry in force on a date is the latest whose effectiveFrom ≤ that date. */
export interface LenderRateTable {
  entries: Array<{ effectiveFrom: string /* YYYY-MM-DD */; monthlyRate: string /* '0.02' */; byCount?: Record<number, string> }>;
}
export interface IofTable {
  entries: Array<{ effectiveFrom: string; dailyRate: string; additionalRate: string; dailyCapDays: number }>;
}

export interface QuoteRequest {
  amountMinor: bigint; // centavos
  installmentsCountMin: number; // 1..48
  installmentsCountMax: number;
  subsidy: { type: SubsidyType; rate?: string /* decimal string, share of the amount */; amountMinor?: bigint };
  quotedOn: string; // YYYY-MM-DD (São Paulo date of the quote)
  firstInstallmentDate?: string; // YYYY-MM-DD; or:
  monthsUntilFirstPayment?: number; // default 1 (first installment one month after quotedOn)
  lenderRates: LenderRateTable;
  iof: IofTable;
  /** Who pays the IOF; default MERCHANT (see the top of this file). */
  iofBorneBy?: IofBearer;
}

export interface ScheduledInstallment {
  number: number;
  dueDate: string;
  amountMinor: bigint;
}

export interface InstallmentOption {
  installmentsCount: number;
  installmentAmountMinor: bigint; // the regular installment (the last may differ by the remainder)
  schedule: ScheduledInstallment[]; // sums exactly to customerTotalMinor
  customerTotalMinor: bigint;
  interestFree: boolean; // FREE
  monthlyRate: string; // the lender's nominal monthly rate used, decimal string
  cetMonthly: string; // decimal strings, e.g. '0.0213'
  cetYearly: string;
  iofMinor: bigint;
  merchantSubsidyAmountMinor: bigint;
  merchantSubsidyRate: string; // subsidy / amount, decimal string
  merchantFeeMinor: bigint; // includes the subsidy
  merchantTotalAmountMinor: bigint; // amountMinor − merchantFeeMinor
  firstInstallmentDate: string;
}

export type QuoteError = 'INVALID_INSTALLMENTS_COUNT' | 'INVALID_SUBSIDY_RATE' | 'INVALID_SUBSIDY_AMOUNT' | 'INVALID_FIRST_INSTALLMENT_DATE' | 'INVALID_AMOUNT';

export type QuoteResult = { ok: true; options: InstallmentOption[] } | { ok: false; error: QuoteError };

export const MIN_INSTALLMENTS = 1;
export const MAX_INSTALLMENTS = 48;
/** The first installment is due at most this many months after the quote. */
export const MAX_MONTHS_UNTIL_FIRST_PAYMENT = 12;

/** Decimal places of the CET strings (rounded up: a cost disclosure never understates). */
const CET_DECIMALS = 6;

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
type Dec = InstanceType<typeof D>;

const RATE_TEXT = /^\d{1,3}(\.\d{1,20})?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

// --- dates (calendar dates, no time zone: UTC arithmetic on midnight) ---

function parseDate(text: string): number | undefined {
  if (!DATE_TEXT.test(text)) return undefined;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : undefined;
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Months later on the same day of month, clamped to the month's last day. */
export function addMonthsClamped(date: string, months: number): string {
  const ms = parseDate(date);
  if (ms === undefined) throw new Error(`not a date: ${date}`);
  const start = new Date(ms);
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return formatDate(Date.UTC(y, m, Math.min(start.getUTCDate(), lastDay)));
}

const DAY_MS = 86_400_000;
function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to)! - parseDate(from)!) / DAY_MS);
}

/** Months from `from` to `to`: whole months by addMonthsClamped, then the rest as a share of the next month's days. */
function monthsBetween(from: string, to: string): Dec {
  let whole = 0;
  while (addMonthsClamped(from, whole + 1) <= to) whole++;
  const base = addMonthsClamped(from, whole);
  const rest = daysBetween(base, to);
  return rest === 0 ? new D(whole) : new D(whole).plus(new D(rest).div(daysBetween(base, addMonthsClamped(from, whole + 1))));
}

// --- dated configuration ---

function inForce<T extends { effectiveFrom: string }>(entries: readonly T[], on: string, what: string): T {
  let found: T | undefined;
  for (const entry of entries) {
    if (parseDate(entry.effectiveFrom) === undefined) throw new Error(`${what}: bad effectiveFrom ${entry.effectiveFrom}`);
    if (entry.effectiveFrom <= on && (found === undefined || entry.effectiveFrom >= found.effectiveFrom)) found = entry;
  }
  if (found === undefined) throw new Error(`${what}: no entry in force on ${on}`);
  return found;
}

function configRate(text: string, what: string): Dec {
  if (!RATE_TEXT.test(text) || new D(text).gt(1)) throw new Error(`${what}: bad rate ${text}`);
  return new D(text);
}

/** The lender's monthly rate for a count on a date (byCount overrides the entry's rate). */
export function lenderRateOn(table: LenderRateTable, on: string, installmentsCount: number): string {
  const entry = inForce(table.entries, on, 'lender rate table');
  return configRate(entry.byCount?.[installmentsCount] ?? entry.monthlyRate, 'lender rate table').toFixed();
}

// --- money helpers ---

function ceilMinor(x: Dec): bigint {
  return BigInt(x.toDecimalPlaces(0, Decimal.ROUND_CEIL).toFixed(0));
}
function roundMinor(x: Dec): bigint {
  return BigInt(x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
}
function rateText(x: Dec): string {
  return x.toSignificantDigits(15).toFixed();
}

/** Monthly IRR of +amount now against the installments at their times (months), by bisection in floats. */
function monthlyIrr(amount: bigint, flows: Array<{ t: number; amount: bigint }>): number {
  const pv = Number(amount);
  const npv = (r: number) => pv - flows.reduce((sum, f) => sum + Number(f.amount) / Math.pow(1 + r, f.t), 0);
  // The customer never pays back less than it got (see the model above), so the IRR is ≥ 0.
  let lo = 0;
  let hi = 1;
  if (npv(lo) >= 0) return 0;
  while (npv(hi) < 0) hi *= 2;
  for (let step = 0; step < 200 && hi - lo > 1e-15; step++) {
    const mid = (lo + hi) / 2;
    if (npv(mid) < 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

function cetText(x: Dec): string {
  // A hair of float noise must not round a CET of exactly the rate up by a whole unit of the last place.
  const cleaned = x.minus(1e-12);
  return (cleaned.isNegative() ? new D(0) : cleaned).toDecimalPlaces(CET_DECIMALS, Decimal.ROUND_CEIL).toFixed(CET_DECIMALS);
}

// --- the quote ---

interface Plan {
  interestFree: boolean;
  credit: bigint;
  iof: bigint;
  installments: bigint[];
  subsidy: bigint;
}

export function quoteInstallments(request: QuoteRequest): QuoteResult {
  const amount = request.amountMinor;
  const { installmentsCountMin: min, installmentsCountMax: max } = request;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < MIN_INSTALLMENTS || max > MAX_INSTALLMENTS || min > max) {
    return { ok: false, error: 'INVALID_INSTALLMENTS_COUNT' };
  }
  // Every installment of a free plan is at least one centavo.
  if (typeof amount !== 'bigint' || amount < BigInt(max) || amount > BigInt(MAX_MINOR_UNITS)) return { ok: false, error: 'INVALID_AMOUNT' };

  const { type } = request.subsidy;
  let requestedSubsidy: { amount: bigint; rate: Dec } | undefined;
  if (type === 'RATE') {
    const text = request.subsidy.rate;
    if (typeof text !== 'string' || !RATE_TEXT.test(text) || new D(text).gt(1)) return { ok: false, error: 'INVALID_SUBSIDY_RATE' };
    const rate = new D(text);
    requestedSubsidy = { amount: roundMinor(rate.times(amount.toString())), rate };
  } else if (type === 'AMOUNT') {
    const subsidy = request.subsidy.amountMinor;
    if (typeof subsidy !== 'bigint' || subsidy < 0n || subsidy > amount) return { ok: false, error: 'INVALID_SUBSIDY_AMOUNT' };
    requestedSubsidy = { amount: subsidy, rate: new D(subsidy.toString()).div(amount.toString()) };
  } else if (type !== 'NONE' && type !== 'FREE') {
    return { ok: false, error: 'INVALID_SUBSIDY_RATE' };
  }

  const quotedOn = request.quotedOn;
  if (parseDate(quotedOn) === undefined) throw new Error(`quotedOn is not a date: ${quotedOn}`);
  const latestFirst = addMonthsClamped(quotedOn, MAX_MONTHS_UNTIL_FIRST_PAYMENT);
  let firstInstallmentDate: string;
  const months = request.monthsUntilFirstPayment;
  if (months !== undefined && (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS_UNTIL_FIRST_PAYMENT)) {
    return { ok: false, error: 'INVALID_FIRST_INSTALLMENT_DATE' };
  }
  if (request.firstInstallmentDate !== undefined) {
    firstInstallmentDate = request.firstInstallmentDate;
    if (parseDate(firstInstallmentDate) === undefined || firstInstallmentDate <= quotedOn || firstInstallmentDate > latestFirst) {
      return { ok: false, error: 'INVALID_FIRST_INSTALLMENT_DATE' };
    }
    // Both given must agree.
    if (months !== undefined && addMonthsClamped(quotedOn, months) !== firstInstallmentDate) return { ok: false, error: 'INVALID_FIRST_INSTALLMENT_DATE' };
  } else {
    firstInstallmentDate = addMonthsClamped(quotedOn, months ?? 1);
  }
  const grace = monthsBetween(quotedOn, firstInstallmentDate).minus(1);

  const iofEntry = inForce(request.iof.entries, quotedOn, 'IOF table');
  const iofDaily = configRate(iofEntry.dailyRate, 'IOF table');
  const iofAdditional = configRate(iofEntry.additionalRate, 'IOF table');
  if (!Number.isInteger(iofEntry.dailyCapDays) || iofEntry.dailyCapDays < 0) throw new Error('IOF table: bad dailyCapDays');
  const customerBearsIof = request.iofBorneBy === 'CUSTOMER';
  const amountD = new D(amount.toString());

  const options: InstallmentOption[] = [];
  for (let n = min; n <= max; n++) {
    const rateText_ = lenderRateOn(request.lenderRates, quotedOn, n);
    const i = new D(rateText_);
    const dueDates = Array.from({ length: n }, (_, k) => addMonthsClamped(firstInstallmentDate, k));
    const times = dueDates.map((_, k) => grace.plus(k + 1));
    const discount = times.map((t) => i.plus(1).pow(t.neg()));
    const days = dueDates.map((due) => Math.min(daysBetween(quotedOn, due), iofEntry.dailyCapDays));

    // IOF as a share of the credit (Decree 6.306/2007 art. 7): the daily rate on each installment's
    // share of the principal for its days (capped), plus the additional rate on the whole. The Price
    // table amortizes in proportion to (1+i)^(k−1); an interest-free plan in equal parts.
    const iofShare = (weights: Dec[]): Dec => {
      const total = weights.reduce((s, w) => s.plus(w), new D(0));
      return weights
        .reduce((s, w, k) => s.plus(w.times(days[k]!)), new D(0))
        .div(total)
        .times(iofDaily)
        .plus(iofAdditional);
    };
    const withIof = (share: Dec): { credit: bigint; iof: bigint } => {
      if (!customerBearsIof) return { credit: amount, iof: roundMinor(amountD.times(share)) };
      const credit = roundMinor(amountD.div(new D(1).minus(share)));
      return { credit, iof: credit - amount };
    };

    const freePlan = (): Plan => {
      const { credit, iof } = withIof(iofShare(dueDates.map(() => new D(1))));
      const regular = credit / BigInt(n);
      const installments = dueDates.map((_, k) => (k === n - 1 ? credit - regular * BigInt(n - 1) : regular));
      const pv = installments.reduce((s, x, k) => s.plus(new D(x.toString()).times(discount[k]!)), new D(0));
      const cost = roundMinor(new D(credit.toString()).minus(pv));
      return { interestFree: true, credit, iof, installments, subsidy: cost > 0n ? cost : 0n };
    };
    const pricePlan = (subsidy: bigint): Plan => {
      const { credit, iof } = withIof(iofShare(dueDates.map((_, k) => i.plus(1).pow(k))));
      const principal = new D((credit - subsidy).toString());
      const pmt = i.isZero()
        ? principal.div(n)
        : principal
            .times(i.plus(1).pow(grace))
            .times(i)
            .div(new D(1).minus(i.plus(1).pow(-n)));
      const installment = ceilMinor(pmt);
      return { interestFree: false, credit, iof, installments: dueDates.map(() => installment), subsidy };
    };

    let plan: Plan;
    let subsidyRate: string;
    if (type === 'FREE') {
      plan = freePlan();
      subsidyRate = rateText(new D(plan.subsidy.toString()).div(amountD));
    } else if (requestedSubsidy === undefined) {
      plan = pricePlan(0n);
      subsidyRate = '0';
    } else {
      const free = freePlan();
      if (requestedSubsidy.amount >= free.subsidy) {
        plan = free;
        subsidyRate = rateText(new D(plan.subsidy.toString()).div(amountD));
      } else {
        plan = pricePlan(requestedSubsidy.amount);
        subsidyRate = rateText(requestedSubsidy.rate);
      }
    }

    const customerTotal = plan.installments.reduce((s, x) => s + x, 0n);
    const irr = monthlyIrr(
      amount,
      plan.installments.map((x, k) => ({ t: times[k]!.toNumber(), amount: x })),
    );
    const cetMonthly = cetText(new D(irr));
    const fee = plan.subsidy + (customerBearsIof ? 0n : plan.iof);
    options.push({
      installmentsCount: n,
      installmentAmountMinor: plan.installments[0]!,
      schedule: plan.installments.map((x, k) => ({ number: k + 1, dueDate: dueDates[k]!, amountMinor: x })),
      customerTotalMinor: customerTotal,
      interestFree: plan.interestFree,
      monthlyRate: rateText_,
      cetMonthly,
      cetYearly: cetText(new D(cetMonthly).plus(1).pow(12).minus(1)),
      iofMinor: plan.iof,
      merchantSubsidyAmountMinor: plan.subsidy,
      merchantSubsidyRate: subsidyRate,
      merchantFeeMinor: fee,
      merchantTotalAmountMinor: amount - fee,
      firstInstallmentDate,
    });
  }
  return { ok: true, options };
}

/** The sandbox/default lender table: 2 % a month for every count. */
export const DEFAULT_LENDER_RATES: LenderRateTable = { entries: [{ effectiveFrom: '2020-01-01', monthlyRate: '0.02' }] };

/**
 * IOF on credit to a company borrower (Decree 6.306/2007 art. 7, I, b and §15; not the Simples
 * Nacional/MEI rates), the daily rate counted for at most 365 days:
 * - until 2025-05-22: 0,0041 % a day + 0,38 % (max 1,88 % a year);
 * - Decree 12.466 of 22 May 2025, in force on 23 May 2025: 0,0082 % a day + 0,95 % (max 3,95 %);
 * - Decree 12.499 of 11 June 2025 (revoked 12.466/12.467, in force on publication): 0,0082 % a day
 *   + 0,38 % (max 3,38 %). Congress suspended it (PDL 314/2025) and the STF restored it in July 2025
 *   (all but the "risco sacado" rule), so it stands as of 11 June.
 */
export const DEFAULT_IOF: IofTable = {
  entries: [
    { effectiveFrom: '2008-01-03', dailyRate: '0.000041', additionalRate: '0.0038', dailyCapDays: 365 },
    { effectiveFrom: '2025-05-23', dailyRate: '0.000082', additionalRate: '0.0095', dailyCapDays: 365 },
    { effectiveFrom: '2025-06-11', dailyRate: '0.000082', additionalRate: '0.0038', dailyCapDays: 365 },
  ],
};
