import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCnpj, isValidCnpj, normalizeCnpj } from '../../server/domain/cnpj.ts';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const VALID = ['11222333000181', '12ABC34501DE35'];

function replaced(s: string, index: number, char: string): string {
  return s.slice(0, index) + char + s.slice(index + 1);
}

/** The two check digits the Receita's rule gives a 12-character body (written independently of the module). */
function withCheckDigits(body: string): string {
  const digit = (s: string) => {
    let sum = 0;
    let weight = 2;
    for (let i = s.length - 1; i >= 0; i--) {
      sum += (s.charCodeAt(i) - 48) * weight;
      weight = weight === 9 ? 2 : weight + 1;
    }
    return sum % 11 < 2 ? 0 : 11 - (sum % 11);
  };
  const first = body + digit(body);
  return first + digit(first);
}

describe('CNPJ', () => {
  it('accepts the numeric and the July 2026 alphanumeric examples, and formats them', () => {
    for (const cnpj of VALID) expect(isValidCnpj(cnpj)).toBe(true);
    expect(formatCnpj('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(normalizeCnpj(' 12.abc.345/01de-35 ')).toBe('12ABC34501DE35');
    expect(isValidCnpj(normalizeCnpj('11.222.333/0001-81'))).toBe(true);
  });

  it('formats a partial input as far as it goes (the mask)', () => {
    expect(['', '1', '12', '12A', '12ABC3', '12ABC345', '12ABC34501D', '12ABC34501DE3', '12ABC34501DE35999'].map(formatCnpj)).toEqual([
      '',
      '1',
      '12',
      '12.A',
      '12.ABC.3',
      '12.ABC.345',
      '12.ABC.345/01D',
      '12.ABC.345/01DE-3',
      '12.ABC.345/01DE-35',
    ]);
  });

  it('refuses every change of a digit to another digit, and every change of a check digit', () => {
    for (const cnpj of VALID) {
      for (let i = 0; i < 14; i++) {
        if (/\d/.test(cnpj[i]!)) for (const c of '0123456789') if (c !== cnpj[i]) expect(isValidCnpj(replaced(cnpj, i, c)), replaced(cnpj, i, c)).toBe(false);
        if (i >= 12) for (const c of ALPHANUMERIC) if (c !== cnpj[i]) expect(isValidCnpj(replaced(cnpj, i, c))).toBe(false);
      }
    }
  });

  it('refuses every single-character change of the body except the ones mod 11 cannot see (values 11, 22, 33 apart)', () => {
    // The official rule weighs each character by its ASCII code − 48 mod 11, so `A` (17) and `6`, or `A`
    // and `L` (28), weigh the same: such a change keeps both check digits. That is the Receita's
    // algorithm, not ours to fix; everything else must be caught.
    for (const cnpj of VALID) {
      for (let i = 0; i < 12; i++) {
        for (const c of ALPHANUMERIC) {
          if (c === cnpj[i]) continue;
          const blind = (c.charCodeAt(0) - cnpj.charCodeAt(i)) % 11 === 0;
          expect(isValidCnpj(replaced(cnpj, i, c)), replaced(cnpj, i, c)).toBe(blind);
        }
      }
    }
  });

  it('refuses the wrong shape: length, letters in the check digits, lower case, separators, all one character', () => {
    for (const bad of [
      '',
      '1122233300018',
      '112223330001811',
      '12ABC34501DEA5',
      '12abc34501de35',
      '11.222.333/0001-81',
      '00000000000000',
      '11111111111111',
      'AAAAAAAAAAAAAA',
      '1122233300018\u0000',
      '１1222333000181',
    ]) {
      expect(isValidCnpj(bad), bad).toBe(false);
    }
  });

  it('agrees with an independent check-digit computation on random bodies', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHANUMERIC), minLength: 12, maxLength: 12 }), (body) => {
        const cnpj = withCheckDigits(body);
        expect(isValidCnpj(cnpj)).toBe(!/^(.)\1*$/.test(cnpj));
        expect(normalizeCnpj(formatCnpj(cnpj))).toBe(cnpj);
        // A wrong second check digit is always refused.
        expect(isValidCnpj(replaced(cnpj, 13, String((Number(cnpj[13]) + 1) % 10)))).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });
});
