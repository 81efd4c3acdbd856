import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const MODES = ['TEST', 'LIVE'] as const;
export type Mode = (typeof MODES)[number];

/**
 * Scopes a key can hold: the seeds' list, plus checkouts, invoices and the ledger.
 */
export const SCOPES = [
  'api_keys:read',
  'api_keys:write',
  'apps:read',
  'apps:write',
  'checkouts:read',
  'checkouts:write',
  'entities:read',
  'entities:write',
  'invoices:read',
  'invoices:write',
  'ledger:read',
  'settlements:read',
  'settlements:write',
  'till_alias:create',
  'till_alias:read',
  'webhooks:read',
  'webhooks:write',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

const KEY_PATTERN = /^sk_(test|live)_([0-9a-z]{22})\.([A-Za-z0-9_-]{43})$/;

export interface ParsedSecretKey {
  mode: Mode;
  keyId: string;
  secret: string;
}

/** `sk_test_<keyid>.<secret>`: the key id finds the row, the secret is checked against its hash. */
export function parseSecretKey(token: string): ParsedSecretKey | null {
  const match = KEY_PATTERN.exec(token);
  if (!match) return null;
  const [, mode, keyId, secret] = match as unknown as [string, string, string, string];
  return { mode: mode === 'live' ? 'LIVE' : 'TEST', keyId: `key_${keyId}`, secret };
}

export interface IssuedSecretKey {
  /** Shown to the caller once, never stored. */
  token: string;
  secretHash: string;
}

export function issueSecretKey(keyId: string, mode: Mode): IssuedSecretKey {
  const secret = randomBytes(32).toString('base64url');
  const token = `sk_${mode.toLowerCase()}_${keyId.replace(/^key_/, '')}.${secret}`;
  return { token, secretHash: hashSecret(secret) };
}

/** Secrets are 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** The operator's key is compared in constant time too. */
export function adminKeyMatches(given: string, configured: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(configured).digest();
  return timingSafeEqual(a, b);
}
