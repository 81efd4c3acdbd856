/**
 * Installment quotes for B2B financing (issue 14): Price-table amortization, grace periods,
 * merchant subsidies, IOF and CET. Pure and exact: centavos are bigint, rates decimal strings.
 */

export const SUBSIDY_TYPES = ['NONE', 'RATE', 'AMOUNT', 'FREE'] as const;
export type SubsidyType = (typeof SUBSIDY_TYPES)[number];

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

export function quoteInstallments(request: QuoteRequest): QuoteResult {
  void request;
  throw new Error('not implemented');
}

/** The sandbox/default lender table. */
export const DEFAULT_LENDER_RATES: LenderRateTable = { entries: [{ effectiveFrom: '2020-01-01', monthlyRate: '0.02' }] };

/** The IOF on credit operations to companies (filled in with the 2025 decrees). */
export const DEFAULT_IOF: IofTable = { entries: [{ effectiveFrom: '2020-01-01', dailyRate: '0.000041', additionalRate: '0.0038', dailyCapDays: 365 }] };
