/**
 * What both entry points share: reading the headers, parsing `X-Webhook-Signature`, the tolerance.
 * No imports, no runtime globals: the HMAC itself is the entry point's (node:crypto or Web Crypto).
 */

/** Anything with `get(name)` (a Fetch `Headers`), or a plain object such as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface VerifyWebhookInput {
  /** The app's `whsec_…` secret. */
  secret?: string;
  /** Several secrets (both, during a rotation's 24-hour overlap); any one matching is enough. */
  secrets?: readonly string[];
  headers: WebhookHeaders;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  /** How far the signed timestamp may be from now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** The time to check the timestamp against (default: now). */
  now?: Date;
}

export type WebhookVerification = { ok: true; eventId: string | null; timestamp: number } | { ok: false; reason: string };

/** A check that has everything but the HMAC: the secrets, the signed bytes and the candidate signatures. */
export interface PreparedCheck {
  secrets: readonly string[];
  timestamp: number;
  eventId: string | null;
  /** `"<t>."` followed by the raw body: what the sender signed. */
  signed: Uint8Array;
  /** The `v1=` values of the header, as 32 bytes each. */
  candidates: Uint8Array[];
}

const encoder = new TextEncoder();

function headerOf(headers: WebhookHeaders, name: string): string | null {
  if (typeof headers.get === 'function') return (headers as { get(name: string): string | null }).get(name);
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  if (Array.isArray(entry)) return entry[0] ?? null;
  return typeof entry === 'string' ? entry : null;
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Everything that can be refused before any HMAC is computed; a string is the reason to refuse. */
export function prepare(input: VerifyWebhookInput): PreparedCheck | string {
  const secrets = input.secrets ?? (input.secret ? [input.secret] : []);
  if (!secrets.length || secrets.some((secret) => typeof secret !== 'string' || !secret)) return 'No secret to verify with.';
  const signature = headerOf(input.headers, 'x-webhook-signature');
  if (!signature) return 'Missing X-Webhook-Signature.';
  const parts = signature.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? [part.trim(), ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const t = parts.find(([key]) => key === 't')?.[1];
  const candidates = parts.filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value!)).map(([, value]) => hexBytes(value!));
  if (!t || !/^\d{1,15}$/.test(t) || !candidates.length) return 'Malformed X-Webhook-Signature.';
  const timestamp = Number(t);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return 'Timestamp outside the tolerance.';
  const body = typeof input.rawBody === 'string' ? encoder.encode(input.rawBody) : input.rawBody;
  const prefix = encoder.encode(`${t}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  return { secrets, timestamp, eventId: headerOf(input.headers, 'x-webhook-id'), signed, candidates };
}

/** The answer once the HMACs are known: ok when any secret's HMAC equals any candidate. */
export function conclude(check: PreparedCheck, matched: boolean): WebhookVerification {
  return matched ? { ok: true, eventId: check.eventId, timestamp: check.timestamp } : { ok: false, reason: 'No signature matches.' };
}

/** Equal length and bytes, in time that depends on the length only. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
