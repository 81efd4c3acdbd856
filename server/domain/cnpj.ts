/**
 * CNPJ (Brazilian company tax id). Since July 2026 the first 12 characters may be letters (the
 * alphanumeric CNPJ, Receita Federal IN RFB 2.229/2024); each character counts as its ASCII code − 48
 * in the mod-11 check digits, so digits keep their old values and old numbers stay valid.
 * Dependency-free so the widget can import it for its input mask.
 */

const WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const SHAPE = /^[0-9A-Z]{12}[0-9]{2}$/;

/** Strips `.`, `/`, `-` and whitespace and upper-cases; does not validate. */
export function normalizeCnpj(input: string): string {
  return input.replace(/[./\-\s]/g, '').toUpperCase();
}

function checkDigit(body: string): number {
  // The first digit weighs the 12-character body with WEIGHTS[1..], the second the 13 with WEIGHTS[0..].
  const weights = WEIGHTS.slice(WEIGHTS.length - body.length);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (body.charCodeAt(i) - 48) * weights[i]!;
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

/**
 * A normalized CNPJ (see normalizeCnpj): 14 characters, 12 of `[0-9A-Z]` then 2 check digits, not
 * all the same character. Note the official algorithm cannot see a swap of two characters whose values
 * differ by a multiple of 11 (`A`↔`L`, `6`↔`A`): every such number is valid by the Receita's own rule.
 */
export function isValidCnpj(s: string): boolean {
  if (!SHAPE.test(s) || /^(.)\1*$/.test(s)) return false;
  const first = checkDigit(s.slice(0, 12));
  if (s.charCodeAt(12) - 48 !== first) return false;
  return s.charCodeAt(13) - 48 === checkDigit(s.slice(0, 13));
}

/** `12ABC34501DE35` → `12.ABC.345/01DE-35` (normalizes first; a partial input formats as far as it goes, for a mask). */
export function formatCnpj(s: string): string {
  const n = normalizeCnpj(s).slice(0, 14);
  const parts: Array<[number, number, string]> = [
    [0, 2, ''],
    [2, 5, '.'],
    [5, 8, '.'],
    [8, 12, '/'],
    [12, 14, '-'],
  ];
  let out = '';
  for (const [from, to, separator] of parts) {
    if (n.length <= from) break;
    out += separator + n.slice(from, to);
  }
  return out;
}
