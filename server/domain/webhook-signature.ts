import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

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

// Receivers' verification is the published package's (`@pay-checkout/verify-webhook`), so what
// the server's own tests check is exactly what integrators install.
export { verifyWebhook, type WebhookVerification } from '../../packages/verify-webhook/src/index.ts';
