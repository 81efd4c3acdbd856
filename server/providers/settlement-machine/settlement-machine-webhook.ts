import { z } from 'zod';
import { SETTLEMENT_SIGNATURE_HEADER, settlementSignatureValid } from '../../domain/settlement-signature.ts';
import { parsePartnerJson, type PartnerHttpAnswer, type PartnerWebhook } from '../../modules/payments/partner-webhook.ts';

export const SETTLEMENT_MACHINE_WEBHOOK_PATH = '/v1/webhooks/settlement-machine';

export const settlementCallbackSchema = z.object({
  event: z.enum(['payout.paid', 'payout.failed']),
  batchId: z.string().min(1).max(40),
  idempotencyKey: z.string().min(1).max(60),
  attempt: z.number().int().positive().max(1_000_000),
  reference: z.string().min(1).max(100),
  reason: z.string().max(500).nullish(),
  at: z.string().max(40).nullish(),
});

const json = (status: number, body: unknown): PartnerHttpAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

/**
 * The settlement machine's callback (`POST /v1/webhooks/settlement-machine`), a partner adapter on the
 * same seam as the bank partners: `X-Settlement-Signature: t=…,v1=…` over the raw bytes with its own
 * secret, kept raw before it is applied, and idempotent (a duplicate or stale result changes nothing).
 */
export function settlementMachineWebhook(config: { secret: string; now: () => Date }): PartnerWebhook {
  return {
    partner: 'settlement-machine',
    path: SETTLEMENT_MACHINE_WEBHOOK_PATH,
    verify(rawBody, header) {
      const signature = header(SETTLEMENT_SIGNATURE_HEADER);
      return settlementSignatureValid(config.secret, rawBody, signature, config.now()) ? { signature: signature! } : null;
    },
    parse(body) {
      const parsed = parsePartnerJson(body, settlementCallbackSchema);
      if (!parsed.ok) return parsed;
      const c = parsed.data;
      return {
        ok: true,
        event: {
          kind: 'PAYOUT_RESULT',
          result: {
            batchId: c.batchId,
            idempotencyKey: c.idempotencyKey,
            attempt: c.attempt,
            status: c.event === 'payout.paid' ? 'PAID' : 'FAILED',
            reference: c.reference,
            reason: c.reason ?? null,
          },
        },
      };
    },
    answer: (outcome) =>
      json(
        200,
        outcome.outcome === 'PAYOUT_RESULT'
          ? { received: true, batchId: outcome.batchId, status: outcome.status, applied: outcome.applied }
          : { received: true },
      ),
    refuse: ({ status, code, message }) => json(status, { error: { code, message } }),
  };
}
