import { z } from 'zod';
import { MODES } from '../../domain/api-keys.ts';
import { MAX_MINOR_UNITS } from '../../domain/money.ts';
import { partnerSignatureValid } from '../../domain/partner-signature.ts';
import type { PaymentMethod } from '../../modules/payments/payment-notification.ts';
import { parsePartnerJson, type DeliveryOutcome, type PartnerHttpAnswer, type PartnerWebhook } from '../../modules/payments/partner-webhook.ts';

const completedSchema = z.object({
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
      /**
       * How the customer paid, where the sender says (our sandbox bank does: CARD_SUCCESS,
       * BANK_TRANSFER). Read leniently: a hint for the receipt is never a reason to refuse money.
       */
      method: z.unknown().optional(),
      /** Our sandbox bank marks its deliveries TEST; the live partner sends none (LIVE). */
      mode: z.enum(MODES).nullish(),
    })
    .loose()
    .nullish(),
  /** The body's own signature field is ignored: only the X-Signature header over the raw body counts. */
  signature: z.string().nullish(),
});

/**
 * Seed 000 documents only `payment.completed`; a failed or reversed payment is assumed to come in
 * the same envelope, naming the payment by `paymentId`, with an optional reason.
 */
const unsettledSchema = z
  .object({
    event: z.enum(['payment.failed', 'payment.reversed']),
    paymentId: z.string().min(1).max(100),
    reason: z.string().max(500).nullish(),
  })
  .loose();
export const alatPayloadSchema = z.discriminatedUnion('event', [completedSchema, unsettledSchema]);

export const ALAT_WEBHOOK_PATH = '/v1/webhooks/alat-payment';

/** Alat's 200 body (seed 000), built from our outcome; a delivery that moved no money reports nulls. */
export interface AlatAnswer {
  success: true;
  data: { received: true; receiptId: string | null; receiptNumber: string | null; invoiceStatus: string | null; glJournalEntryId: string | null };
}

const json = (status: number, body: unknown): PartnerHttpAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

export function alatAnswerBody(outcome: DeliveryOutcome): AlatAnswer {
  const reconciled = outcome.outcome === 'RECONCILED' ? outcome : null;
  return {
    success: true,
    data: {
      received: true,
      receiptId: reconciled?.receiptId ?? null,
      receiptNumber: reconciled?.receiptNumber ?? null,
      invoiceStatus: reconciled?.invoiceStatus ?? null,
      glJournalEntryId: reconciled?.journalEntryId ?? null,
    },
  };
}

/**
 * The method a delivery reports, only when it says one we know: a transfer into a virtual account is
 * a bank transfer by definition. Seed 000 documents no method field, so the live partner's is absent.
 */
function methodOf(metadata: { method?: unknown; accountNumber?: string | null } | null | undefined): { method?: PaymentMethod } {
  const said = typeof metadata?.method === 'string' ? metadata.method.toUpperCase() : null;
  if (said === 'BANK_TRANSFER' || metadata?.accountNumber) return { method: 'BANK_TRANSFER' };
  if (said === 'CARD' || said === 'CARD_SUCCESS') return { method: 'CARD' };
  return {};
}

/**
 * The bank partner Alat's `POST /v1/webhooks/alat-payment` (seed 000): `X-Signature:
 * sha256=<hex HMAC-SHA256(secret, raw body)>` with its own secret (`PARTNER_WEBHOOK_SECRET`).
 */
export function alatWebhook(config: { secret: string | undefined }): PartnerWebhook {
  return {
    partner: 'alat',
    path: ALAT_WEBHOOK_PATH,

    verify(rawBody, header) {
      const signature = header('x-signature');
      // Without a configured secret nothing can be verified, so everything is refused.
      return config.secret && partnerSignatureValid(config.secret, rawBody, signature) ? { signature: signature! } : null;
    },

    parse(body) {
      const parsed = parsePartnerJson(body, alatPayloadSchema);
      if (!parsed.ok) return parsed;
      const payload = parsed.data;
      if (payload.event !== 'payment.completed') {
        const kind = payload.event === 'payment.failed' ? 'PAYMENT_FAILED' : 'PAYMENT_REVERSED';
        return { ok: true, event: { kind, partnerPaymentId: payload.paymentId, reason: payload.reason ?? null } };
      }
      return {
        ok: true,
        event: {
          kind: 'PAYMENT_COMPLETED',
          payment: {
            partner: 'alat',
            partnerPaymentId: payload.paymentId,
            // A bill's reference or account, when the metadata carries one, names the checkout before an id.
            names: payload.metadata?.paymentRef
              ? { paymentRef: payload.metadata.paymentRef }
              : payload.metadata?.accountNumber
                ? { accountNumber: payload.metadata.accountNumber }
                : (payload.paymentLinkId ?? payload.sessionId)
                  ? { checkoutId: (payload.paymentLinkId ?? payload.sessionId)! }
                  : null,
            businessId: payload.metadata?.businessId ?? null,
            mode: payload.metadata?.mode ?? null,
            amountMinor: BigInt(payload.amountKobo),
            currency: payload.currency,
            reference: payload.reference ?? null,
            ...methodOf(payload.metadata),
            paidAt: new Date(payload.timestamp),
          },
        },
      };
    },

    answer: (outcome) => json(200, alatAnswerBody(outcome)),

    refuse: ({ status, code, message }) => json(status, { success: false, error: { code, message } }),
  };
}
