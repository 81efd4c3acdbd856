/**
 * Formats integer minor units for people. The decimal is built as a string, so an amount of any
 * size is shown exactly (Intl formats decimal strings without passing through a float).
 */
export function formatMinorUnits(amountMinor: number, currency: string, minorDigits: number, locale?: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError('amountMinor must be a safe integer');
  const digits = String(Math.abs(amountMinor)).padStart(minorDigits + 1, '0');
  const whole = digits.slice(0, digits.length - minorDigits);
  const fraction = digits.slice(digits.length - minorDigits);
  const decimal = `${amountMinor < 0 ? '-' : ''}${whole}${minorDigits ? `.${fraction}` : ''}`;
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    // ₦ and TSh, as customers see them on the street, rather than NGN and TZS.
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: minorDigits,
    maximumFractionDigits: minorDigits,
  });
  return formatter.format(decimal as unknown as number);
}
