import { z } from 'zod';
import { isValidLipaNumber } from '../../domain/lipa-number.ts';
import { isSupportedCurrency, MAX_MINOR_UNITS, minorDigits } from '../../domain/money.ts';
import { partnerSignatureValid } from '../../domain/partner-signature.ts';
import { parseMajorAmount } from '../../domain/till-aliases.ts';
import { parsePartnerJson, type DeliveryOutcome, type PartnerHttpAnswer, type PartnerWebhook } from '../../modules/payments/partner-webhook.ts';
import type { PaymentNotification } from '../../modules/payments/payment-notification.ts';

export const TIPS_WEBHOOK_PATH = '/v1/webhooks/tips';
export const TIPS_SIGNATURE_HEADER = 'x-tips-signature';

/**
 * A TIPS payment notification (seed 002): the customer paid a Lipa number (`utilityref`) from a
 * wallet or bank. `amount` is in major units, as text or a number; extra fields are kept in the raw
 * payload and otherwise ignored.
 */
export const tipsNotificationSchema = z
  .object({
    transid: z.string().trim().min(1).max(100),
    amount: z.union([z.string().max(24), z.number().nonnegative()]),
    currency: z.string().refine(isSupportedCurrency, 'currency is an ISO 4217 code we support.'),
    phone: z
      .string()
      .regex(/^\+?\d{6,15}$/, 'phone is digits, e.g. 255787123456.')
      .nullish(),
    utilityref: z.string().max(20),
    result: z.string().trim().min(1).max(40),
    received_at: z.iso.datetime({ offset: true }),
  })
  .loose();

const json = (status: number, body: unknown): PartnerHttpAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

/**
 * TIPS (Tanzania Instant Payment System), as the router receives it: `POST /v1/webhooks/tips`,
 * signed `X-TIPS-Signature: sha256=<hex HMAC-SHA256(TIPS_WEBHOOK_SECRET, raw body)>` with its own
 * secret. A `utilityref` whose check digit fails is refused (400: no Lipa number was ever issued
 * so, and the payer's bank reverses it); a valid one we do not know is kept (raw) for the operator.
 * `result` other than SUCCESS records a failed attempt and moves no money.
 */
export function tipsWebhook(config: { secret: string | undefined }): PartnerWebhook {
  return {
    partner: 'tips',
    path: TIPS_WEBHOOK_PATH,

    verify(rawBody, header) {
      const signature = header(TIPS_SIGNATURE_HEADER);
      return config.secret && partnerSignatureValid(config.secret, rawBody, signature) ? { signature: signature! } : null;
    },

    parse(body) {
      const parsed = parsePartnerJson(body, tipsNotificationSchema);
      if (!parsed.ok) return parsed;
      const n = parsed.data;
      if (!isValidLipaNumber(n.utilityref))
        return { ok: false, code: 'INVALID_UTILITYREF', message: 'utilityref is not a Lipa number (its check digit fails).' };
      const amountMinor = parseMajorAmount(String(n.amount), minorDigits(n.currency));
      if (amountMinor === null || amountMinor > BigInt(MAX_MINOR_UNITS)) {
        return { ok: false, code: 'MALFORMED_BODY', message: `amount: not an amount of ${n.currency}.` };
      }
      const payment: PaymentNotification = {
        partner: 'tips',
        partnerPaymentId: n.transid,
        names: { utilityRef: n.utilityref },
        businessId: null,
        mode: null,
        amountMinor,
        currency: n.currency,
        reference: n.transid,
        paidAt: new Date(n.received_at),
        details: { phone: n.phone ?? null, result: n.result, receivedAt: n.received_at },
      };
      if (n.result !== 'SUCCESS') return { ok: true, event: { kind: 'PAYMENT_FAILED', partnerPaymentId: n.transid, reason: n.result, payment } };
      if (amountMinor === 0n) return { ok: false, code: 'MALFORMED_BODY', message: 'amount: a successful payment is more than zero.' };
      return { ok: true, event: { kind: 'PAYMENT_COMPLETED', payment } };
    },

    answer: (outcome: DeliveryOutcome) =>
      json(200, {
        received: true,
        receipt_number: outcome.outcome === 'RECONCILED' ? outcome.receiptNumber : null,
        status: outcome.outcome === 'RECONCILED' ? outcome.invoiceStatus : 'recorded',
      }),

    // The seed's error format.
    refuse: ({ status, code, message }) => json(status, { error: message, detail: code }),
  };
}
