import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The settlement machine's signature, both ways (our submissions, its callbacks):
 * `X-Settlement-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>`.
 */
export const SETTLEMENT_SIGNATURE_HEADER = 'x-settlement-signature';

export function signSettlementBody(secret: string, body: string | Buffer, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
}

/** Checks the header over the raw bytes in constant time; a signing time more than `toleranceSeconds` away is refused. */
export function settlementSignatureValid(secret: string, body: string | Buffer, header: string | null | undefined, now: Date, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
