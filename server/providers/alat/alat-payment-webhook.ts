import { z } from 'zod';
import { MODES } from '../../domain/api-keys.ts';
import { MAX_MINOR_UNITS } from '../../domain/money.ts';
import { partnerSignatureValid } from '../../domain/partner-signature.ts';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPaths } from '../../domain/text.ts';
import type { IncomingPaymentWebhook } from '../../modules/payments/payment-notification.ts';

const payloadSchema = z.object({
  event: z.literal('payment.completed'),
  paymentId: z.string().min(1).max(100),
  paymentLinkId: z.string().min(1).max(60).nullish(),
  sessionId: z.string().min(1).max(60).nullish(),
  amountKobo: z.number().int().positive().max(MAX_MINOR_UNITS),
  currency: z.string().regex(/^[A-Z]{3}$/),
  reference: z.string().max(100).nullish(),
  /** When the customer paid: data, never a reason to refuse (partners retry for hours after an outage). */
  timestamp: z.iso.datetime({ offset: true }),
  metadata: z
    .object({
      businessId: z.string().max(40).nullish(),
      invoiceId: z.string().max(40).nullish(),
      /** A payment bill's reference (seed 003). */
      paymentRef: z.string().min(1).max(40).nullish(),
      /** A bank transfer into a bill's virtual account names the account instead. */
      accountNumber: z.string().min(1).max(20).nullish(),
      /** Our sandbox bank marks its deliveries TEST; the live partner sends none (LIVE). */
      mode: z.enum(MODES).nullish(),
    })
    .loose()
    .nullish(),
  /** The body's own signature field is ignored: only the X-Signature header over the raw body counts. */
  signature: z.string().nullish(),
});

/** The bank partner's `POST /v1/webhooks/alat-payment` (seed 000). */
export const alatPaymentWebhook: IncomingPaymentWebhook = {
  partner: 'alat',

  verifySource(secret, rawBody, headers) {
    return partnerSignatureValid(secret, rawBody, headers.get('x-signature'));
  },

  parse(rawBody) {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return { ok: false, code: 'MALFORMED_BODY', message: 'The body is not JSON.' };
    }
    // What PostgreSQL text cannot hold can never be reconciled: a permanent 400, so the partner stops.
    const [unstorable] = unstorableTextPaths(json);
    if (unstorable) return { ok: false, code: 'INVALID_TEXT', message: `${unstorable.join('.') || 'body'}: ${UNSTORABLE_TEXT_MESSAGE}` };
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, code: 'MALFORMED_BODY', message: `${issue.path.join('.') || 'body'}: ${issue.message}` };
    }
    const payload = parsed.data;
    const paidAt = new Date(payload.timestamp);
    return {
      ok: true,
      notification: {
        partner: 'alat',
        partnerPaymentId: payload.paymentId,
        checkoutId: payload.paymentLinkId ?? payload.sessionId ?? null,
        billRef: payload.metadata?.paymentRef
          ? { paymentRef: payload.metadata.paymentRef }
          : payload.metadata?.accountNumber
            ? { accountNumber: payload.metadata.accountNumber }
            : null,
        businessId: payload.metadata?.businessId ?? null,
        mode: payload.metadata?.mode ?? null,
        amountMinor: BigInt(payload.amountKobo),
        currency: payload.currency,
        reference: payload.reference ?? null,
        paidAt,
      },
    };
  },
};
