import { createHmac, timingSafeEqual } from 'node:crypto';
import { conclude, prepare, type VerifyWebhookInput, type WebhookVerification } from './core.ts';

export type { VerifyWebhookInput, WebhookHeaders, WebhookVerification } from './core.ts';

/**
 * For receivers on Node (≥ 18), Bun and Deno: checks `X-Webhook-Signature` against the raw body
 * with any of the given secrets (pass both during a rotation), in constant time, and refuses
 * timestamps outside the tolerance. Synchronous.
 */
export function verifyWebhook(input: VerifyWebhookInput): WebhookVerification {
  const check = prepare(input);
  if (typeof check === 'string') return { ok: false, reason: check };
  let matched = false;
  for (const secret of check.secrets) {
    const expected = createHmac('sha256', secret).update(check.signed).digest();
    for (const candidate of check.candidates) matched = timingSafeEqual(candidate, expected) || matched;
  }
  return conclude(check, matched);
}

/** The same check as a promise, the shape of the Web Crypto build's (`@pay-checkout/verify-webhook/web`). */
export async function verifyWebhookAsync(input: VerifyWebhookInput): Promise<WebhookVerification> {
  return verifyWebhook(input);
}
