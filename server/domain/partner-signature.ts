import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`, as the bank partner signs. */
export function signPartnerBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function partnerSignatureValid(secret: string, rawBody: string | Buffer, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signPartnerBody(secret, rawBody));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
