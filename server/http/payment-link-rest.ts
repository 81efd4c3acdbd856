import { createRoute, z } from '@hono/zod-openapi';
import { createPaymentLink, effectiveLinkStatus } from '../modules/kinds/payment-link/payment-links.service.ts';
import type { PaymentLink } from '../modules/kinds/payment-link/payment-link.entity.ts';
import { businessIdParam, enterpriseGate } from './rest/finora.ts';
import { bearerSecurity, errorResponses, restFamily, restHeaders, secured, userErrorResponse, type RestDeps } from './rest/rest-api.ts';

const FAMILY = 'finora';

const generateLinkBody = z
  .object({
    invoiceId: z.string().max(64).openapi({ description: 'The invoice to collect against.' }),
    expiresInHours: z.number().int().optional().openapi({ description: 'Default 24.' }),
    allowPartialPayment: z.boolean().optional().openapi({ description: 'Default false.' }),
    callbackUrl: z.string().max(2048).optional().openapi({ description: 'Receives a payment-completion callback in addition to webhooks.' }),
    redirectUrl: z.string().max(2048).optional().openapi({ description: 'Where the hosted page sends the customer after payment.' }),
    metadata: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Free-form key/values attached to the payment record.' }),
  })
  .openapi('GenerateLinkRequest', { example: { invoiceId: 'inv_abc123', expiresInHours: 24, allowPartialPayment: false } });

export const paymentLinkData = z
  .object({
    paymentLinkId: z.string(),
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    amountKobo: z.number().int().openapi({ description: 'What the invoice still owes, in minor units.' }),
    currency: z.string(),
    paymentUrl: z.string(),
    shortUrl: z.string(),
    qrCodeUrl: z.string(),
    expiresAt: z.string(),
    status: z.enum(['active', 'paid', 'expired', 'canceled']),
  })
  .openapi('PaymentLinkData');

const created = (schema: z.ZodType, name: string, example: unknown) =>
  z.object({ success: z.literal(true), data: schema }).openapi(name, { example: { success: true, data: example } });

const generateLinkRoute = (deps: RestDeps) =>
  createRoute({
    method: 'post',
    path: '/v1/businesses/{businessId}/payments/generate-link',
    operationId: 'generatePaymentLink',
    tags: ['Payments & Collections'],
    summary: 'Generate a payment link',
    description: 'A hosted payment link for an invoice (enterprise plans; `checkouts:write`). The same service as GraphQL `createPaymentLink`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:write'])] as const,
    request: { params: businessIdParam, headers: restHeaders, body: { required: true, content: { 'application/json': { schema: generateLinkBody } } } },
    responses: {
      201: {
        description: 'Created',
        content: {
          'application/json': {
            schema: created(paymentLinkData, 'GenerateLinkResponse', {
              paymentLinkId: 'pl_abc123',
              invoiceId: 'inv_abc123',
              invoiceNumber: 'INV-2026-042',
              amountKobo: 53750000,
              currency: 'NGN',
              paymentUrl: 'https://pay.example.com/p/pl_abc123',
              shortUrl: 'https://pay.example.com/l/abc123',
              qrCodeUrl: 'https://pay.example.com/v1/payment-links/pl_abc123/qr.png',
              expiresAt: '2026-04-18T10:30:00.000Z',
              status: 'active',
            }),
          },
        },
      },
      ...errorResponses(FAMILY),
    },
  });

/** Seed 000's payment link, from the same entity GraphQL's PaymentLink resolves. */
export function paymentLinkView(link: PaymentLink, now: Date, publicUrl: string): z.infer<typeof paymentLinkData> {
  const invoice = link.invoice;
  return {
    paymentLinkId: link.id,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    amountKobo: Number(invoice.totalMinor - invoice.amountPaidMinor),
    currency: invoice.currency,
    paymentUrl: `${publicUrl}/p/${link.id}`,
    shortUrl: `${publicUrl}/l/${link.shortCode}`,
    qrCodeUrl: `${publicUrl}/v1/payment-links/${link.id}/qr.png`,
    expiresAt: link.expiresAt.toISOString(),
    status: effectiveLinkStatus(link, now).toLowerCase() as z.infer<typeof paymentLinkData>['status'],
  };
}

/** Seed 000's `POST /v1/businesses/{businessId}/payments/generate-link`. */
export function paymentLinkRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  app.openapi(generateLinkRoute(deps), async (c) => {
    const refused = enterpriseGate(c, c.req.valid('param').businessId);
    if (refused) return refused as never;
    const body = c.req.valid('json');
    const { ctx } = c.var;
    const result = await createPaymentLink(ctx, deps.services, {
      invoiceId: body.invoiceId,
      expiresInHours: body.expiresInHours ?? 24,
      allowPartialPayment: body.allowPartialPayment ?? false,
      callbackUrl: body.callbackUrl,
      redirectUrl: body.redirectUrl,
      metadata: body.metadata,
    });
    if (!result.paymentLink) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json({ success: true as const, data: paymentLinkView(result.paymentLink, ctx.clock.now(), deps.services.publicUrl) }, 201);
  });
  return app;
}
