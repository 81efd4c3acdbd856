import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAMM_TABLE, dammCheckDigit, isValidLipaNumber, LIPA_NUMBER_LENGTH, lipaNumberFor, lipaNumberSpace } from '../../server/domain/lipa-number.ts';

const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Every number differing from `number` by one digit, or by swapping two adjacent different digits. */
function singleErrors(number: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < number.length; i++) {
    for (const d of digits) if (String(d) !== number[i]) out.push(number.slice(0, i) + d + number.slice(i + 1));
  }
  return out;
}
function adjacentTranspositions(number: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < number.length; i++) {
    if (number[i] !== number[i + 1]) out.push(number.slice(0, i) + number[i + 1] + number[i] + number.slice(i + 2));
  }
  return out;
}
/** Validity of any digit string with the Damm check (leading zeros allowed: the property is about the check). */
const dammValid = (text: string) => dammCheckDigit(text) === 0;

describe('Lipa numbers', () => {
  it('are 8 digits by default, digits only, no leading zero, and valid', () => {
    for (let n = 0n; n < 1000n; n++) {
      const number = lipaNumberFor(n);
      expect(number).toMatch(/^[1-9]\d{7}$/);
      expect(isValidLipaNumber(number)).toBe(true);
    }
    expect(LIPA_NUMBER_LENGTH).toBe(8);
    expect(lipaNumberSpace()).toBe(9_000_000n);
  });

  // The guarantee for every length, from the table: the state after a digit is a permutation of the
  // digits for each state (rows) and of the states for each digit (columns), so one changed digit
  // changes every later state; and T[T[s][a]][b] ≠ T[T[s][b]][a] for a ≠ b (weak total anti-symmetry),
  // so a swapped adjacent pair leaves a different state, which later digits keep different.
  it("catch every single-digit error and every adjacent transposition: the table's properties, exhaustively", () => {
    for (const s of digits) {
      expect(new Set(digits.map((d) => DAMM_TABLE[s]![d])).size, `row ${s} is a permutation`).toBe(10);
      expect(new Set(digits.map((t) => DAMM_TABLE[t]![s])).size, `column ${s} is a permutation`).toBe(10);
      for (const a of digits) {
        for (const b of digits) {
          if (a !== b) expect(DAMM_TABLE[DAMM_TABLE[s]![a]!]![b]).not.toBe(DAMM_TABLE[DAMM_TABLE[s]![b]!]![a]);
        }
      }
    }
  });

  it('catch every single-digit error and every adjacent transposition of every 5-digit number (all 10,000 bodies)', () => {
    let checked = 0;
    for (let body = 0; body < 10_000; body++) {
      const text = String(body).padStart(4, '0');
      const number = `${text}${dammCheckDigit(text)}`;
      expect(dammValid(number)).toBe(true);
      for (const wrong of [...singleErrors(number), ...adjacentTranspositions(number)]) {
        if (dammValid(wrong)) throw new Error(`${wrong} (from ${number}) passes the check`);
        checked++;
      }
    }
    expect(checked).toBe(
      10_000 * 45 +
        [...Array(10_000).keys()].reduce(
          (sum, body) => sum + adjacentTranspositions(`${String(body).padStart(4, '0')}${dammCheckDigit(String(body).padStart(4, '0'))}`).length,
          0,
        ),
    );
  });

  it('catch every single-digit error and every adjacent transposition of issued 8-digit numbers (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: lipaNumberSpace() - 1n }), (n) => {
        const number = lipaNumberFor(n);
        for (const wrong of [...singleErrors(number), ...adjacentTranspositions(number)]) expect(isValidLipaNumber(wrong)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('what Luhn misses (09↔90) is caught', () => {
    const number = lipaNumberFor(12_345n);
    const body = `1234509`;
    const withCheck = `${body}${dammCheckDigit(body)}`;
    const swapped = `1234590${withCheck.at(-1)}`;
    expect(dammValid(withCheck)).toBe(true);
    expect(dammValid(swapped)).toBe(false);
    expect(isValidLipaNumber(number)).toBe(true);
  });

  it('never repeat: the sequence maps one to one onto the bodies', () => {
    // A whole space of a shorter length, exhaustively: 9,000 numbers of 5 digits, all distinct and valid.
    const all = new Set<string>();
    for (let n = 0n; n < lipaNumberSpace(5); n++) all.add(lipaNumberFor(n, 5));
    expect(all.size).toBe(9_000);
    expect([...all].every((number) => isValidLipaNumber(number, 5))).toBe(true);
    expect(() => lipaNumberFor(lipaNumberSpace(5), 5)).toThrow(/exhausted/);
    // Consecutive numbers are not one digit apart.
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: lipaNumberSpace() - 2n }), (n) => {
        const [a, b] = [lipaNumberFor(n), lipaNumberFor(n + 1n)];
        expect([...a].filter((d, i) => d !== b[i]).length).toBeGreaterThan(1);
      }),
    );
  });

  it('refuse what is not one before any lookup', () => {
    for (const text of ['', '1234567', '123456789', '1234567a', ' 12345678', '0' + lipaNumberFor(5n).slice(1), '１２３４５６７８']) {
      expect(isValidLipaNumber(text), text).toBe(false);
    }
  });
});
