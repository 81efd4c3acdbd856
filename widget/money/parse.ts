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
