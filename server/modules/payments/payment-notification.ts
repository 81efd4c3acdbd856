import type { Mode } from '../../domain/api-keys.ts';

/** A partner's report that money moved, in our terms; every partner adapter produces one. */
export interface PaymentNotification {
  partner: string;
  partnerPaymentId: string;
  /** The checkout the partner names (payment link or tap-to-pay session id), if any. */
  checkoutId: string | null;
  /** A bill, named by its payment reference or (a bank transfer) the virtual account paid into. */
  billRef: { paymentRef: string } | { accountNumber: string } | null;
  /** Hints for money that names no known checkout. */
  businessId: string | null;
  mode: Mode | null;
  amountMinor: bigint;
  currency: string;
  reference: string | null;
  paidAt: Date;
}

/**
 * The contract each bank partner's inbound webhook implements: verify the raw bytes, then parse
 * the body (already checked to be UTF-8 text).
 */
export interface IncomingPaymentWebhook {
  partner: string;
  verifySource(secret: string, rawBody: Buffer, headers: { get(name: string): string | null | undefined }): boolean;
  parse(body: string): { ok: true; notification: PaymentNotification } | { ok: false; code: string; message: string };
}
