import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { SCOPES, type Scope } from './api-keys.ts';

/** Merchant users belong to one business; operator users run the platform (the operator console). */
export const USER_KINDS = ['MERCHANT', 'OPERATOR'] as const;
export type UserKind = (typeof USER_KINDS)[number];

export const MERCHANT_ROLES = ['OWNER', 'DEVELOPER', 'FINANCE', 'READ_ONLY'] as const;
export type MerchantRole = (typeof MERCHANT_ROLES)[number];
export const ROLES = [...MERCHANT_ROLES, 'OPERATOR'] as const;
export type Role = (typeof ROLES)[number];

export const SIGN_IN_STAGES = ['CHANGE_PASSWORD', 'ENROL_FACTOR', 'VERIFY_FACTOR', 'DONE'] as const;
export type SignInStage = (typeof SIGN_IN_STAGES)[number];

export const FACTORS = ['SMS', 'TOTP', 'PASSKEY'] as const;
export type Factor = (typeof FACTORS)[number];

const READ_SCOPES = SCOPES.filter((scope) => scope.endsWith(':read'));

/**
 * What a role may do with the dashboard session (docs/dashboard.md has the table). Money movement
 * (settlements:write) and who receives money (entities:write) are finance's and the owner's; keys,
 * apps and webhooks are the developer's and the owner's. Team management is the owner's alone and is
 * checked by role, not by scope.
 */
export const ROLE_SCOPES: Record<MerchantRole, readonly Scope[]> = {
  OWNER: SCOPES,
  DEVELOPER: SCOPES.filter((scope) => scope !== 'settlements:write' && scope !== 'entities:write'),
  FINANCE: [...READ_SCOPES, 'checkouts:write', 'invoices:write', 'settlements:write', 'entities:write', 'till_alias:create'],
  READ_ONLY: READ_SCOPES,
};

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes whatever it is given; a bound keeps a huge body from costing a huge hash. */
export const PASSWORD_MAX_LENGTH = 256;
export const TEMPORARY_PASSWORD_TTL_MS = 72 * 3600_000;
export const CODE_TTL_MS = 5 * 60_000;
export const MAX_WRONG_CODES = 5;
export const LOCKOUT_MS = 15 * 60_000;

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_COMMON';

/**
 * NIST SP 800-63B: length and a blocklist, no composition rules. A password is common when it, or it
 * without its trailing digits and symbols ("password123456!"), or a single repeated character, is on
 * the list.
 */
export function passwordProblem(password: string, isCommon: (lowercased: string) => boolean): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (password.length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (isCommon(lower) || (stem.length >= 4 && isCommon(stem)) || /^(.)\1+$/u.test(lower)) return 'PASSWORD_TOO_COMMON';
  return null;
}

/** A temporary password: 16 characters without look-alikes, ~90 bits. */
export function generateTemporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[randomInt(alphabet.length)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}

/** A 6-digit code, uniformly drawn. */
export function generateCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

/** Recovery codes: 10 of `xxxxx-xxxxx` (base32, 50 bits each). */
export function generateRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    let out = '';
    for (let i = 0; i < 10; i++) out += alphabet[randomInt(alphabet.length)];
    return `${out.slice(0, 5)}-${out.slice(5)}`;
  });
}

export const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');

/** Session tokens: 256 random bits; the database keeps only their SHA-256. */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The CSRF token is derived from the session token: bound to it, and nothing more to store. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * One-time codes have few possibilities (10^6), so a plain hash would fall to a lookup table: they
 * are keyed (HMAC with the app's secret) and salted with the row they belong to.
 */
export function hashCode(key: Buffer, salt: string, code: string): string {
  return createHmac('sha256', key).update(`${salt}:${code}`).digest('hex');
}

/** `+255 *** ** 45 67`: the country code and the last four digits. */
export function phoneHint(e164: string, countryCallingCode: string): string {
  const last = e164.slice(-4);
  return `+${countryCallingCode} *** ** ${last.slice(0, 2)} ${last.slice(2)}`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const EMAIL_PATTERN = /^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]{2,}$/u;

/** Where a session goes once its password is settled: enrol a factor, or prove one. */
export function stageAfterPassword(factors: readonly Factor[]): SignInStage {
  return factors.length === 0 ? 'ENROL_FACTOR' : 'VERIFY_FACTOR';
}
