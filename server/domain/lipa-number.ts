/**
 * Lipa numbers (seed 002): what a customer types on a phone keypad to pay one invoice. Digits only,
 * `LIPA_NUMBER_LENGTH` long: a body and one Damm check digit.
 *
 * Why Damm and not ISO 7064 MOD 97-10: both catch every single-digit error and every adjacent
 * transposition (Luhn misses 09↔90), but Damm does it with one check digit where MOD 97-10 needs
 * two, so eight digits give 9,000,000 numbers rather than 900,000. The guarantee follows from its
 * table being a totally anti-symmetric quasigroup; test/server/lipa-numbers.test.ts checks that
 * exhaustively and over every number of a shorter length.
 */

export const LIPA_NUMBER_LENGTH = 8;

/** Damm's order-10 weakly totally anti-symmetric quasigroup (Damm 2004). */
export const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The interim digit after `digits`: 0 exactly when a full number (body + check digit) is valid. */
function dammInterim(digits: string): number {
  let interim = 0;
  for (let i = 0; i < digits.length; i++) interim = DAMM_TABLE[interim]![digits.charCodeAt(i) - 48]!;
  return interim;
}

/** The check digit that makes `body` + it valid. */
export function dammCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError('A Lipa number body is digits only');
  return dammInterim(body);
}

/** Whether `text` is a well-formed Lipa number of `length` digits: decided before any lookup. */
export function isValidLipaNumber(text: string, length = LIPA_NUMBER_LENGTH): boolean {
  return text.length === length && /^[1-9]\d*$/.test(text) && dammInterim(text) === 0;
}

/**
 * The `n`th Lipa number (n from 0, drawn from a platform-wide sequence that never gives a value
 * twice). The body is an affine bijection of n over the bodies without a leading zero (a keypad
 * or a spreadsheet drops one), so consecutive invoices do not get numbers one digit apart, and no
 * two n share a body: unique by construction, with no retry loop.
 */
export function lipaNumberFor(n: bigint, length = LIPA_NUMBER_LENGTH): string {
  const bodyDigits = length - 1;
  const low = 10n ** BigInt(bodyDigits - 1);
  const space = 9n * low; // bodies from 10…0 to 99…9
  if (n < 0n || n >= space) throw new RangeError(`Lipa numbers of ${length} digits are exhausted`);
  const body = (low + ((n * multiplierFor(space) + OFFSET) % space)).toString();
  return `${body}${dammCheckDigit(body)}`;
}

const OFFSET = 271_828n;

/** A multiplier coprime to the space (9·10^k has prime factors 2, 3 and 5 only), so n ↦ n·m mod space is a bijection. */
function multiplierFor(space: bigint): bigint {
  let m = (space * 618_034n) / 1_000_000n; // near the golden ratio of the space: neighbours land far apart
  while (m % 2n === 0n || m % 3n === 0n || m % 5n === 0n) m += 1n;
  return m;
}

/** How many numbers of `length` digits there are. */
export const lipaNumberSpace = (length = LIPA_NUMBER_LENGTH): bigint => 9n * 10n ** BigInt(length - 2);
