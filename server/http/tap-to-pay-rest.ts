import { createRoute, z } from '@hono/zod-openapi';
import { createTapToPaySession, effectiveSessionStatus } from '../modules/kinds/tap-to-pay/tap-to-pay.service.ts';
import type { TapToPaySession } from '../modules/kinds/tap-to-pay/tap-to-pay-session.entity.ts';
import { businessIdParam, enterpriseGate } from './rest/finora.ts';
import { bearerSecurity, errorResponses, restFamily, restHeaders, secured, userErrorResponse, type RestDeps } from './rest/rest-api.ts';

const FAMILY = 'finora';

const tapToPayBody = z
  .object({
    amountKobo: z.number().int().openapi({ description: 'Amount in kobo (minor units).' }),
    currency: z.string().max(3).optional().openapi({ description: "ISO 4217; defaults to the business's currency." }),
    description: z.string().max(140).openapi({ description: 'Shown on the device prompt.' }),
    invoiceId: z.string().max(64).optional().openapi({ description: 'Link to an invoice for auto-reconciliation.' }),
    customerId: z.string().max(100).optional().openapi({ description: 'Link to a customer record.' }),
    deviceId: z.string().max(100).openapi({ description: 'Bank partner app device identifier.' }),
  })
  .openapi('TapToPayRequest', { example: { amountKobo: 5375000, description: 'Table 4', deviceId: 'dev_001' } });

export const tapToPayData = z
  .object({
    sessionId: z.string(),
    amountKobo: z.number().int(),
    currency: z.string(),
    status: z.enum(['awaiting_tap', 'completed', 'expired']),
    expiresAt: z.string(),
    deviceId: z.string(),
    description: z.string(),
    invoiceId: z.string().nullable(),
    customerId: z.string().nullable(),
  })
  .openapi('TapToPayData');

export function tapToPayView(session: TapToPaySession, now: Date): z.infer<typeof tapToPayData> {
  return {
    sessionId: session.id,
    amountKobo: Number(session.amountMinor),
    currency: session.currency,
    status: effectiveSessionStatus(session, now).toLowerCase() as z.infer<typeof tapToPayData>['status'],
    expiresAt: session.expiresAt.toISOString(),
    deviceId: session.deviceId,
    description: session.description,
    invoiceId: session.invoice?.id ?? null,
    customerId: session.customerId ?? null,
  };
}

const tapToPayRoute = (deps: RestDeps) =>
  createRoute({
    method: 'post',
    path: '/v1/businesses/{businessId}/payments/tap-to-pay',
    operationId: 'createTapToPaySession',
    tags: ['Payments & Collections'],
    summary: 'Create a tap-to-pay session',
    description: 'An NFC session for in-person capture; expires after 5 minutes without a tap (enterprise plans; `checkouts:write`).',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:write'])] as const,
    request: { params: businessIdParam, headers: restHeaders, body: { required: true, content: { 'application/json': { schema: tapToPayBody } } } },
    responses: {
      201: {
        description: 'Created',
        content: {
          'application/json': {
            schema: z.object({ success: z.literal(true), data: tapToPayData }).openapi('TapToPayResponse', {
              example: {
                success: true,
                data: {
                  sessionId: 'nfc_sess_001',
                  amountKobo: 5375000,
                  currency: 'NGN',
                  status: 'awaiting_tap',
                  expiresAt: '2026-04-17T10:35:00.000Z',
                  deviceId: 'dev_001',
                  description: 'Table 4',
                  invoiceId: null,
                  customerId: null,
                },
              },
            }),
          },
        },
      },
      ...errorResponses(FAMILY),
    },
  });

/** Seed 000's `POST /v1/businesses/{businessId}/payments/tap-to-pay`: GraphQL `createTapToPaySession`'s service. */
export function tapToPayRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  app.openapi(tapToPayRoute(deps), async (c) => {
    const refused = enterpriseGate(c, c.req.valid('param').businessId);
    if (refused) return refused as never;
    const { amountKobo, ...rest } = c.req.valid('json');
    const result = await createTapToPaySession(c.var.ctx, { ...rest, amountMinor: amountKobo });
    if (!result.session) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json({ success: true as const, data: tapToPayView(result.session, c.var.ctx.clock.now()) }, 201);
  });
  return app;
}
