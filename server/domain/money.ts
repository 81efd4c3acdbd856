/**
 * Money is an integer count of a currency's minor units. The number of minor digits comes from
 * ISO 4217, never from a guess.
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  // Markets we serve first.
  NGN: 2,
  TZS: 2,
  BRL: 2,
  KES: 2,
  UGX: 0,
  RWF: 0,
  GHS: 2,
  ZAR: 2,
  XOF: 0,
  XAF: 0,
  EGP: 2,
  MAD: 2,
  ETB: 2,
  ZMW: 2,
  MWK: 2,
  MZN: 2,
  AOA: 2,
  CDF: 2,
  BWP: 2,
  NAD: 2,
  SLE: 2,
  LRD: 2,
  GMD: 2,
  GNF: 0,
  // Settlement and card currencies.
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  JPY: 0,
  CNY: 2,
  INR: 2,
  AED: 2,
  SAR: 2,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
  CLP: 0,
  KRW: 0,
  VND: 0,
  ISK: 0,
};

export function isSupportedCurrency(code: string): boolean {
  return Object.hasOwn(MINOR_DIGITS, code);
}

export function minorDigits(currency: string): number {
  const digits = MINOR_DIGITS[currency];
  if (digits === undefined) throw new RangeError(`Unsupported currency ${currency}`);
  return digits;
}

/**
 * The largest amount that survives a trip through JSON numbers exactly, in every JSON parser: the
 * most any input, any single payment and any one checkout's or invoice's running total may be.
 */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;

/** Minor units travel as JSON integers: no fractions, nothing beyond 2^53 − 1. */
export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** A value JSON.stringify writes as its text, verbatim (`JSON.rawJSON`, Node ≥ 21). */
export interface RawJsonNumber {
  readonly rawJSON: string;
}
const rawJSON = (JSON as unknown as { rawJSON(text: string): RawJsonNumber }).rawJSON;

/**
 * A bigint as a JSON integer, digit for digit, whatever its size: ledger balances sum unboundedly
 * many payments, so they may pass 2^53 − 1, and must then be neither refused nor rounded. Within
 * the safe range it is a plain number, as before.
 */
export function exactJsonInteger(value: bigint): number | RawJsonNumber {
  return value <= BigInt(MAX_MINOR_UNITS) && value >= -BigInt(MAX_MINOR_UNITS) ? Number(value) : rawJSON(value.toString());
}

/**
 * Minor units as a person reads them, exactly (from the digits, never through a float): "₦42,500.00",
 * or with `code` "NGN 42,500.00" (for a PDF's standard fonts, which have no ₦).
 */
export function formatMinor(amountMinor: bigint, currency: string, options: { code?: boolean } = {}): string {
  const digits = minorDigits(currency);
  const negative = amountMinor < 0n;
  const text = String(negative ? -amountMinor : amountMinor).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const number = `${whole}${digits ? `.${text.slice(text.length - digits)}` : ''}`;
  const narrow = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
    .formatToParts(0)
    .find((p) => p.type === 'currency')?.value;
  // A sign (₦, $) sits against the number; letters (KES) take a space.
  const symbol = options.code || !narrow ? `${currency} ` : /[A-Za-z]$/.test(narrow) ? `${narrow} ` : narrow;
  return `${negative ? '-' : ''}${symbol}${number}`;
}
