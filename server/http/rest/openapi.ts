import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { SETTLEMENT_SIGNATURE_HEADER } from '../../domain/settlement-signature.ts';
import { ALAT_WEBHOOK_PATH, alatPayloadSchema } from '../../providers/alat/alat-webhook.ts';
import { SANDBOX_LENDER_WEBHOOK_PATH, lenderNoticeSchema } from '../../providers/sandbox-lender/lender-webhook.ts';
import { SETTLEMENT_MACHINE_WEBHOOK_PATH, settlementCallbackSchema } from '../../providers/settlement-machine/settlement-machine-webhook.ts';
import { TIPS_SIGNATURE_HEADER, TIPS_WEBHOOK_PATH, tipsNotificationSchema } from '../../providers/tips/tips-webhook.ts';
import type { RestEnv } from './rest-api.ts';

const partnerRefusal = z.object({ success: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) });
const signatureHeader = (name: string, description: string) => z.object({ [name]: z.string().openapi({ description }) });

/**
 * What /openapi.json documents beyond the REST routes (which register themselves): the health check
 * and the inbound webhooks, served on node:http before Hono (app.ts) but validated by these same
 * zod schemas, exported by their adapters.
 */
export function registerPlatformOperations(app: OpenAPIHono<RestEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'secretKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_test_<keyid>.<secret> | sk_live_<keyid>.<secret>',
    description: "A business's secret key; its scopes decide what it may call.",
  });

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tags: ['Platform'],
    security: [],
    summary: 'Health check',
    description: 'Public. 200 while the database answers, 503 when it does not.',
    responses: {
      200: {
        description: 'Healthy',
        content: {
          'application/json': { schema: z.object({ status: z.literal('ok'), database: z.literal('ok') }), example: { status: 'ok', database: 'ok' } },
        },
      },
      503: {
        description: 'The database is unreachable',
        content: {
          'application/json': {
            schema: z.object({ status: z.literal('unavailable'), database: z.literal('unreachable') }),
            example: { status: 'unavailable', database: 'unreachable' },
          },
        },
      },
    },
  });

  registry.registerPath({
    method: 'post',
    path: ALAT_WEBHOOK_PATH,
    operationId: 'alatPaymentWebhook',
    tags: ['Inbound webhooks'],
    // HMAC-signed, not API-key.
    security: [],
    summary: 'Bank partner payment notification (Alat)',
    description:
      'HMAC-SHA256 authenticated, not API-key: `X-Signature: sha256=<hex HMAC-SHA256(PARTNER_WEBHOOK_SECRET, raw body)>`. Idempotent on paymentId: a duplicate delivery gets the first answer byte for byte.',
    request: {
      headers: signatureHeader('x-signature', 'sha256=<hex HMAC-SHA256 of the raw body>'),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: alatPayloadSchema,
            example: {
              event: 'payment.completed',
              paymentId: 'pay_xyz789',
              paymentLinkId: 'pl_abc123',
              sessionId: null,
              amountKobo: 53750000,
              currency: 'NGN',
              reference: 'PAY-20260417-001',
              timestamp: '2026-04-17T10:30:00.000Z',
              metadata: { businessId: 'biz_001', invoiceId: 'inv_abc123' },
              signature: 'sha256=a1b2c3d4...',
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'Received (and reconciled, where it named a payable checkout)',
        content: {
          'application/json': {
            schema: z.object({
              success: z.literal(true),
              data: z.object({
                received: z.literal(true),
                receiptId: z.string().nullable(),
                receiptNumber: z.string().nullable(),
                invoiceStatus: z.string().nullable(),
                glJournalEntryId: z.string().nullable(),
              }),
            }),
            example: {
              success: true,
              data: { received: true, receiptId: 'rec_auto_001', receiptNumber: 'REC-2026-045', invoiceStatus: 'paid', glJournalEntryId: 'je_pay_001' },
            },
          },
        },
      },
      400: {
        description: 'Can never succeed (malformed body, unstorable text): the partner should stop retrying',
        content: {
          'application/json': { schema: partnerRefusal, example: { success: false, error: { code: 'MALFORMED_BODY', message: 'amountKobo: Required' } } },
        },
      },
      401: {
        description: 'Bad signature',
        content: {
          'application/json': { schema: partnerRefusal, example: { success: false, error: { code: 'INVALID_SIGNATURE', message: 'Bad signature.' } } },
        },
      },
    },
  });

  registry.registerPath({
    method: 'post',
    path: TIPS_WEBHOOK_PATH,
    operationId: 'tipsPaymentWebhook',
    tags: ['Inbound webhooks'],
    // HMAC-signed, not API-key.
    security: [],
    summary: 'TIPS payment notification (a Lipa number was paid)',
    description: `\`${TIPS_SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256(TIPS_WEBHOOK_SECRET, raw body)>\`. Deduplicated by transid; the raw payload is kept before it is applied (a failure to keep it is 500, and TIPS retries).`,
    request: {
      headers: signatureHeader(TIPS_SIGNATURE_HEADER, 'sha256=<hex HMAC-SHA256 of the raw body>'),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: tipsNotificationSchema,
            example: {
              transid: '504-APCTZ2026050100001',
              amount: '502500',
              currency: 'TZS',
              phone: '255787123456',
              utilityref: '63675386',
              result: 'SUCCESS',
              received_at: '2026-05-01T09:15:00Z',
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'Received',
        content: {
          'application/json': {
            schema: z.object({ received: z.literal(true), receipt_number: z.string().nullable(), status: z.string().nullable() }),
            example: { received: true, receipt_number: 'REC-2026-000045', status: 'paid' },
          },
        },
      },
      400: {
        description: 'Malformed, or not a Lipa number (its check digit fails)',
        content: {
          'application/json': {
            schema: z.object({ error: z.string(), detail: z.string() }),
            example: { error: 'utilityref is not a Lipa number (its check digit fails).', detail: 'INVALID_UTILITYREF' },
          },
        },
      },
      500: { description: 'The raw payload could not be kept; TIPS retries' },
    },
  });

  registry.registerPath({
    method: 'post',
    path: SANDBOX_LENDER_WEBHOOK_PATH,
    operationId: 'lenderNoticeWebhook',
    tags: ['Inbound webhooks'],
    // HMAC-signed, not API-key.
    security: [],
    summary: 'Lender notice (financing approved/refused, invoices approved, disbursed)',
    description: '`X-Lender-Signature: sha256=<hex HMAC-SHA256(LENDER_WEBHOOK_SECRET, raw body)>`. Idempotent on the notice id.',
    request: {
      headers: signatureHeader('x-lender-signature', 'sha256=<hex HMAC-SHA256 of the raw body>'),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: lenderNoticeSchema,
            example: {
              id: 'ntc_01',
              type: 'financing.approved',
              paymentId: 'fp_0123456789',
              occurredAt: '2026-07-06T20:07:03.124Z',
              borrower: { id: 'brw_1', legalName: 'Comércio Exemplo Ltda' },
              amount: 100000,
              currency: 'BRL',
              merchantRecourseRate: '0.0',
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'Applied (or already applied)',
        content: { 'application/json': { schema: z.object({ received: z.literal(true) }).loose(), example: { received: true } } },
      },
      400: { description: 'Malformed notice' },
      401: { description: 'Bad signature' },
    },
  });

  registry.registerPath({
    method: 'post',
    path: SETTLEMENT_MACHINE_WEBHOOK_PATH,
    operationId: 'settlementMachineCallback',
    tags: ['Inbound webhooks'],
    // HMAC-signed, not API-key.
    security: [],
    summary: 'Settlement machine callback (a payout batch was paid or failed)',
    description: `\`${SETTLEMENT_SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>\`, within five minutes. A duplicate or stale result changes nothing.`,
    request: {
      headers: signatureHeader(SETTLEMENT_SIGNATURE_HEADER, 't=<unix seconds>,v1=<hex HMAC-SHA256>'),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: settlementCallbackSchema,
            example: {
              event: 'payout.paid',
              batchId: 'stb_0123456789',
              idempotencyKey: 'stb_0123456789:1',
              attempt: 1,
              reference: 'SM-REF-1',
              at: '2026-05-02T00:05:00Z',
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'Received',
        content: {
          'application/json': {
            schema: z.object({ received: z.literal(true), batchId: z.string().optional(), status: z.string().optional(), applied: z.boolean().optional() }),
            example: { received: true, batchId: 'stb_0123456789', status: 'PAID', applied: true },
          },
        },
      },
      400: { description: 'Malformed callback' },
      401: { description: 'Bad or stale signature' },
    },
  });
}

export const OPENAPI_INFO = {
  openapi: '3.1.1',
  info: {
    title: 'pay-checkout REST API',
    version: '1.0.0',
    description:
      'Seed-compatible REST routes over the same services, keys and scopes as /graphql. Each family keeps its own paths, field case, envelope and error shape. Writes honour Idempotency-Key; every response carries X-Request-Id; each key has a rate limit (429 with Retry-After).',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/' }],
  tags: [
    { name: 'Payments & Collections', description: 'Seed 000: payment links and tap-to-pay (enterprise plans).' },
    { name: 'Payment bills', description: 'Seed 003: bills by payment reference.' },
    {
      name: 'Router (seed 002)',
      description: 'Seed 002: apps, settlement entities and Lipa numbers; snake_case, decimal-string amounts, `{ error, detail }`.',
    },
    { name: 'Financing (seeds 001 and 004)', description: 'Payment requests financed in installments; camelCase, cents.' },
    { name: 'Platform', description: 'Health.' },
    { name: 'Inbound webhooks', description: 'Partners, lenders and the settlement machine call these; HMAC-signed, not API-key.' },
  ],
};
