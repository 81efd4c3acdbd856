/**
 * CNPJ (Brazilian company tax id). Since July 2026 the first 12 characters may be letters
 * (the alphanumeric CNPJ); each character counts as its ASCII code − 48 in the mod-11 check digits,
 * so digits keep their old values. Dependency-free so the widget can import it for its input mask.
 */

/** Strips `.`, `/`, `-` and whitespace and upper-cases; does not validate. */
export function normalizeCnpj(input: string): string {
  void input;
  throw new Error('not implemented');
}

/** A normalized CNPJ: 14 characters, 12 of `[0-9A-Z]` then 2 check digits. */
export function isValidCnpj(s: string): boolean {
  void s;
  throw new Error('not implemented');
}

/** `12ABC34501DE35` → `12.ABC.345/01DE-35` (normalizes first). */
export function formatCnpj(s: string): string {
  void s;
  throw new Error('not implemented');
}
