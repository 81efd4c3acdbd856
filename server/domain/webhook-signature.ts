import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format, so its verifiers accept it. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * HMAC keys by secret. Building a key from a Buffer on every signature costs several times the
 * HMAC itself, and a sender signs with the same few secrets all day; bounded, oldest out first.
 */
const signingKeys = new Map<string, { ours: KeyObject; standard: KeyObject }>();
const SIGNING_KEYS_LIMIT = 10_000;

function signingKeysOf(secret: string): { ours: KeyObject; standard: KeyObject } {
  let keys = signingKeys.get(secret);
  if (!keys) {
    keys = { ours: createSecretKey(Buffer.from(secret, 'utf8')), standard: createSecretKey(Buffer.from(secret.replace(/^whsec_/, ''), 'base64')) };
    if (signingKeys.size >= SIGNING_KEYS_LIMIT) signingKeys.delete(signingKeys.keys().next().value!);
    signingKeys.set(secret, keys);
  }
  return keys;
}

/**
 * Headers of one delivery, signed with every secret valid now (two during a rotation's overlap):
 * ours, `X-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>` (v1 once per
 * secret), and Standard Webhooks' `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<t>.<body>")>`.
 */
export function signedWebhookHeaders(input: { eventId: string; timestamp: number; body: string; secrets: readonly string[] }): Record<string, string> {
  const t = String(input.timestamp);
  const keys = input.secrets.map(signingKeysOf);
  const ours = keys.map((key) => `v1=${createHmac('sha256', key.ours).update(`${t}.${input.body}`).digest('hex')}`);
  const standard = keys.map((key) => `v1,${createHmac('sha256', key.standard).update(`${input.eventId}.${t}.${input.body}`).digest('base64')}`);
  return {
    'content-type': 'application/json',
    'x-webhook-id': input.eventId,
    'x-webhook-timestamp': t,
    'x-webhook-signature': [`t=${t}`, ...ours].join(','),
    'webhook-id': input.eventId,
    'webhook-timestamp': t,
    'webhook-signature': standard.join(' '),
  };
}

export type WebhookVerification = { ok: true; eventId: string | null; timestamp: number } | { ok: false; reason: string };

/**
 * For receivers: checks `X-Webhook-Signature` against the raw body with any of the given secrets
 * (pass both during a rotation), in constant time, and refuses timestamps outside the tolerance.
 */
export function verifyWebhook(input: {
  secret?: string;
  secrets?: readonly string[];
  headers: Headers | Record<string, string | string[] | undefined>;
  rawBody: string | Buffer;
  toleranceSeconds?: number;
  now?: Date;
}): WebhookVerification {
  const header = (name: string): string | null => {
    if (input.headers instanceof Headers) return input.headers.get(name);
    const value = Object.entries(input.headers).find(([key]) => key.toLowerCase() === name)?.[1];
    return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  };
  const secrets = input.secrets ?? (input.secret ? [input.secret] : []);
  if (!secrets.length) return { ok: false, reason: 'No secret to verify with.' };
  const signature = header('x-webhook-signature');
  if (!signature) return { ok: false, reason: 'Missing X-Webhook-Signature.' };
  const parts = signature.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const t = parts.find(([key]) => key === 't')?.[1];
  const candidates = parts.filter(([key, value]) => key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)).map(([, value]) => Buffer.from(value!, 'hex'));
  if (!t || !/^\d+$/.test(t) || !candidates.length) return { ok: false, reason: 'Malformed X-Webhook-Signature.' };
  const timestamp = Number(t);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return { ok: false, reason: 'Timestamp outside the tolerance.' };
  const body = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
  const matches = secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
    return candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  });
  return matches ? { ok: true, eventId: header('x-webhook-id'), timestamp } : { ok: false, reason: 'No signature matches.' };
}
