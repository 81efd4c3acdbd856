import { conclude, constantTimeEqual, prepare, utf8, type VerifyWebhookInput, type WebhookVerification } from './core.ts';

export type { VerifyWebhookInput, WebhookHeaders, WebhookVerification } from './core.ts';

/**
 * Verifies a delivery with Web Crypto (`crypto.subtle`): Cloudflare Workers, Deno, Bun, browsers,
 * Node ≥ 19 and anything else with the global `crypto`. Asynchronous, as Web Crypto is.
 */
export async function verifyWebhookAsync(input: VerifyWebhookInput): Promise<WebhookVerification> {
  const check = prepare(input);
  if (typeof check === 'string') return { ok: false, reason: check };
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCryptoLike } }).crypto?.subtle;
  if (!subtle) throw new Error('@pay-checkout/verify-webhook: this runtime has no Web Crypto (crypto.subtle).');
  let matched = false;
  for (const secret of check.secrets) {
    const key = await subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const expected = new Uint8Array(await subtle.sign('HMAC', key, check.signed));
    // Every candidate is compared, matched or not, so the time taken tells nothing.
    for (const candidate of check.candidates) matched = constantTimeEqual(candidate, expected) || matched;
  }
  return conclude(check, matched);
}

/** The part of `SubtleCrypto` used here, so the types need neither the DOM library nor Node's. */
interface SubtleCryptoLike {
  importKey(format: 'raw', key: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-256' }, extractable: boolean, usages: ['sign']): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}
