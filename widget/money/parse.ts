/**
 * Reads an amount a person typed ("1.000,50" in pt-BR, "1,000.50" in en, "1000") into integer minor
 * units, exactly: digits are handled as text, never through a float. Null when it is not an amount
 * or has more decimals than the currency allows.
 */
export function parseAmountInput(text: string, minorDigits: number, locale?: string): number | null {
  const decimalSeparator = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  const cleaned = text
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/^[^\d]+|[^\d]+$/g, '');
  if (!cleaned) return null;
  const lastDecimal = cleaned.lastIndexOf(decimalSeparator);
  const whole = (lastDecimal >= 0 ? cleaned.slice(0, lastDecimal) : cleaned).replace(/[.,'’]/g, '');
  const fraction = lastDecimal >= 0 ? cleaned.slice(lastDecimal + 1) : '';
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || (!whole && !fraction)) return null;
  if (fraction.length > minorDigits) return null;
  const minor = BigInt(`${whole || '0'}${fraction.padEnd(minorDigits, '0')}`);
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/**
 * What a person is typing, with the whole part grouped as the locale writes it ("1000000" → "1,000,000"
 * in en, "1.000.000" in pt-BR), the decimals left as typed. Text that is not (yet) a plain number
 * is left alone, so nothing typed is ever lost.
 */
export function groupAsTyped(text: string, locale?: string): string {
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  const at = text.indexOf(decimal);
  const whole = at < 0 ? text : text.slice(0, at);
  const rest = at < 0 ? '' : text.slice(at);
  const digits = whole.replace(/[\s\u00a0\u202f.,'’]/g, '');
  if (!/^[1-9]\d*$/.test(digits) || !/^(\D\d*)?$/.test(rest)) return text;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(BigInt(digits)) + rest;
}
