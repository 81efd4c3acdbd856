import { z } from 'zod';
import { MAX_MINOR_UNITS } from '../../domain/money.ts';
import { partnerSignatureValid } from '../../domain/partner-signature.ts';
import { parsePartnerJson, type LenderNotice, type PartnerHttpAnswer, type PartnerWebhook } from '../../modules/payments/partner-webhook.ts';

/** The sandbox lender's notice types, and the stage each brings a financed payment to. */
const NOTICE_TYPES = {
  'financing.approved': 'APPROVED',
  'financing.refused': 'REFUSED',
  'invoices.approved': 'INVOICES_APPROVED',
  'disbursement.completed': 'DISBURSED',
} as const satisfies Record<string, LenderNotice['update']>;

export const lenderNoticeSchema = z.object({
  id: z.string().min(1).max(100),
  type: z.enum(Object.keys(NOTICE_TYPES) as [keyof typeof NOTICE_TYPES, ...Array<keyof typeof NOTICE_TYPES>]),
  paymentId: z.string().min(1).max(60),
  occurredAt: z.iso.datetime({ offset: true }),
  borrower: z.object({ id: z.string().min(1).max(100), legalName: z.string().min(1).max(200) }).nullish(),
  reason: z.string().max(500).nullish(),
  amount: z.number().int().positive().max(MAX_MINOR_UNITS).nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  merchantRecourseRate: z
    .string()
    .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/)
    .nullish(),
});

export type SandboxLenderNotice = z.input<typeof lenderNoticeSchema>;

/** Where a lender POSTs its notices: its own route, beside the bank partners'. */
export const SANDBOX_LENDER_WEBHOOK_PATH = '/v1/webhooks/sandbox-lender';
export const SANDBOX_LENDER = 'sandbox-lender';

const json = (status: number, body: unknown): PartnerHttpAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

/**
 * The sandbox lender's inbound webhook: `X-Lender-Signature: sha256=<hex HMAC-SHA256(secret, raw
 * body)>` with the lender's own secret (`LENDER_WEBHOOK_SECRET`), a JSON notice per delivery. A
 * live lender gets an adapter of its own in its own folder, on its own path.
 */
export function sandboxLenderWebhook(config: { secret: string | undefined }): PartnerWebhook {
  return {
    partner: SANDBOX_LENDER,
    path: SANDBOX_LENDER_WEBHOOK_PATH,
    verify(rawBody, header) {
      const signature = header('x-lender-signature');
      return config.secret && partnerSignatureValid(config.secret, rawBody, signature) ? { signature: signature! } : null;
    },
    parse(body) {
      const parsed = parsePartnerJson(body, lenderNoticeSchema);
      if (!parsed.ok) return parsed;
      const n = parsed.data;
      const notice: LenderNotice = {
        lender: SANDBOX_LENDER,
        noticeId: n.id,
        paymentId: n.paymentId,
        update: NOTICE_TYPES[n.type],
        at: new Date(n.occurredAt),
        reason: n.reason ?? null,
        borrower: n.borrower ?? null,
        amountMinor: n.amount == null ? null : BigInt(n.amount),
        currency: n.currency ?? null,
        merchantRecourseRate: n.merchantRecourseRate ?? null,
      };
      return { ok: true, event: { kind: 'LENDER_NOTICE', partnerPaymentId: n.id, notice } };
    },
    answer: () => json(200, { received: true }),
    refuse: ({ status, code, message }) => json(status, { received: false, error: { code, message } }),
  };
}
