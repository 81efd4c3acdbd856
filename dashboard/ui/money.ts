// Building an Intl.NumberFormat costs far more than formatting with one (about a millisecond in
// Chromium): a list of 100 rows would spend most of its render making them. One per locale and currency.
const formats = new Map<string, Intl.NumberFormat>();
function currencyFormat(locale: string | undefined, currency: string): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, { style: 'currency', currency })));
  return format;
}

/** The number of fraction digits of a currency (2 for TZS and NGN, 0 for JPY), as Intl knows it. */
export function currencyDigits(currency: string): number {
  return currencyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Integer minor units as an exact decimal string in major units: 123456 TZS → "1234.56". No float on the way. */
export function minorToDecimal(amountMinor: number | bigint | string, currency: string): string {
  const minor = BigInt(amountMinor);
  const digits = currencyDigits(currency);
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const major = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative ? `-${major}` : major;
}

/**
 * Money as people read it, e.g. "TSh 1,234.56". Intl.NumberFormat formats the decimal *string*
 * exactly (ledger balances may be beyond 2^53 and arrive as bigint), so nothing passes through a float.
 */
export function formatMoney(money: { amountMinor: number | bigint | string; currency: string }, locale?: string): string {
  return currencyFormat(locale, money.currency).format(minorToDecimal(money.amountMinor, money.currency) as Intl.StringNumericLiteral);
}

/**
 * A form's amount field as the MinorUnits a mutation takes: a positive amount within the exact
 * integer range (a bigger one would reach the server rounded), or the message to show.
 */
export function formAmount(text: string, currency: string, example: string): { minor: number } | { error: string } {
  const amount = parseMajorToMinor(text, currency);
  if (amount === null || amount <= 0n) return { error: `Enter the amount in ${currency}, e.g. ${example}.` };
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) return { error: 'That amount is too large.' };
  return { minor: Number(amount) };
}

/** A decimal the user typed in major units ("1,250.5") as integer minor units, or null when it is not an amount. */
export function parseMajorToMinor(text: string, currency: string): bigint | null {
  const cleaned = text.replace(/[\s,]/g, '');
  const digits = currencyDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[2]?.length ?? 0) > digits) return null;
  return BigInt(match[1]! + (match[2] ?? '').padEnd(digits, '0'));
}

/** A date-time as a short local date and time. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function formatDateTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '—';
  let format = dateFormats.get(locale ?? '');
  if (!format) dateFormats.set(locale ?? '', (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })));
  return format.format(new Date(iso));
}
