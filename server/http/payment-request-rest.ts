import { createRoute, z } from '@hono/zod-openapi';
import { paymentRequestMachine, type PaymentRequestStatus } from '../domain/payment-requests.ts';
import type { PaymentRequest } from '../modules/kinds/payment-request/payment-request.entities.ts';
import {
  createPaymentRequest,
  effectiveRequestStatus,
  findPaymentRequest,
  isExistingBorrower,
  listPaymentRequests,
} from '../modules/kinds/payment-request/payment-requests.service.ts';
import type { RequestContext } from '../modules/request-context.ts';
import { bearerSecurity, errorResponses, restError, restFamily, restHeaders, secured, userErrorResponse, type RestDeps } from './rest/rest-api.ts';

const FAMILY = 'finove';

/** Seed 001 sends cents as a string ("100099" for R$ 1.000,99); a number of cents is taken too. */
const cents = z.union([z.string().regex(/^\d{1,16}$/, 'a whole number of cents, e.g. "100099"'), z.number().int()]);

const createBody = z
  .object({
    amount: cents.openapi({ description: 'Amount of the purchase in cents (R$ 1.000,99 is "100099").' }),
    currency: z.string().max(3).optional().openapi({ description: 'Default BRL (the only one financed).' }),
    installmentsCountMin: z.number().int().optional().openapi({ description: 'Default 1.' }),
    installmentsCountMax: z.number().int().optional().openapi({ description: 'Default 12.' }),
    customerTaxId: z.string().max(40).optional().openapi({ description: 'CNPJ of the customer, e.g. "27938392000190".' }),
    orderId: z.string().max(100).optional(),
    orderDescription: z.string().max(1000).optional(),
    meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    merchantSubsidyType: z.enum(['none', 'rate', 'amount', 'free']),
    merchantSubsidyRate: z.string().max(20).optional().openapi({ description: 'Required with type rate, e.g. "0.02".' }),
    merchantSubsidyAmount: cents.optional().openapi({ description: 'Required with type amount (cents).' }),
  })
  .openapi('CreatePaymentRequestRequest', {
    example: { amount: '100000', currency: 'BRL', orderId: '91', orderDescription: '5', customerTaxId: '28094307000118', merchantSubsidyType: 'none' },
  });

const paymentRequestExample = {
  id: 'pr_7fa0943764e84c38',
  meta: {},
  amount: 100000,
  currency: 'BRL',
  orderId: '91',
  orderDescription: '5',
  merchantSubsidyRate: null,
  merchantSubsidyAmount: null,
  installmentsCountMin: 1,
  installmentsCountMax: 12,
  customerTaxId: '28094307000118',
  createdAt: '2022-07-06T20:07:03.124Z',
  updatedAt: '2022-07-06T20:07:03.124Z',
  expiresOn: '2022-07-13',
  firstInstallmentDate: null,
  code: 'pr_7fa0943764e84c38',
  url: 'https://pay.example.com/p/pr_7fa0943764e84c38',
  existingBorrower: false,
  merchantSubsidyType: 'none',
  financingStatus: 'open',
};

const paymentRequestSchema = z
  .object({
    id: z.string(),
    meta: z.record(z.string(), z.unknown()),
    amount: z.number().int(),
    currency: z.string(),
    orderId: z.string().nullable(),
    orderDescription: z.string().nullable(),
    merchantSubsidyRate: z.string().nullable(),
    merchantSubsidyAmount: z.number().int().nullable(),
    installmentsCountMin: z.number().int().nullable(),
    installmentsCountMax: z.number().int().nullable(),
    customerTaxId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    expiresOn: z.string(),
    firstInstallmentDate: z.string().nullable(),
    code: z.string(),
    url: z.string(),
    existingBorrower: z.boolean(),
    merchantSubsidyType: z.string(),
    financingStatus: z.string(),
  })
  .openapi('PaymentRequest', { example: paymentRequestExample });

async function paymentRequestView(ctx: RequestContext, request: PaymentRequest, publicUrl: string): Promise<z.infer<typeof paymentRequestSchema>> {
  return {
    id: request.id,
    meta: request.meta,
    amount: Number(request.amountMinor),
    currency: request.currency,
    orderId: request.orderId ?? null,
    orderDescription: request.orderDescription ?? null,
    merchantSubsidyRate: request.merchantSubsidyRate ?? null,
    merchantSubsidyAmount: request.merchantSubsidyAmountMinor == null ? null : Number(request.merchantSubsidyAmountMinor),
    installmentsCountMin: request.installmentsCountMin,
    installmentsCountMax: request.installmentsCountMax,
    customerTaxId: request.customerTaxId ?? null,
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
    expiresOn: request.expiresOn,
    firstInstallmentDate: request.firstInstallmentDate ?? null,
    // The checkout's unguessable id, as GraphQL's `code` and `url` (the request's own id opens nothing public).
    code: request.checkoutId,
    url: `${publicUrl}/p/${request.checkoutId}`,
    existingBorrower: await isExistingBorrower(ctx.em, request),
    merchantSubsidyType: request.merchantSubsidyType.toLowerCase(),
    financingStatus: effectiveRequestStatus(request, ctx.clock.now()).toLowerCase(),
  };
}

const createRouteOf = (deps: RestDeps) =>
  createRoute({
    method: 'post',
    path: '/api/v1/merchant/payment-requests',
    operationId: 'createPaymentRequest',
    tags: ['Financing (seeds 001 and 004)'],
    summary: 'Create a payment request',
    description:
      'A URL the customer opens (or an iframe) to finance the purchase in installments; open for 7 days. `checkouts:write`; GraphQL `createPaymentRequest`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:write'])] as const,
    request: { headers: restHeaders, body: { required: true, content: { 'application/json': { schema: createBody } } } },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: paymentRequestSchema } } },
      ...errorResponses(FAMILY),
    },
  });

const STATUSES = paymentRequestMachine.statuses.map((s) => s.toLowerCase()) as [string, ...string[]];

// Seed 004's list and get (the same family's `{ data, nextCursor }` page, `?limit=` and `?cursor=`).
const readRoutes = (deps: RestDeps) => ({
  list: createRoute({
    method: 'get',
    path: '/api/v1/merchant/payment-requests',
    operationId: 'listPaymentRequests',
    tags: ['Financing (seeds 001 and 004)'],
    summary: 'List payment requests',
    description:
      'Newest first; `nextCursor` (null on the last page) goes in `?cursor=`. An open request past `expiresOn` reads as expired. `checkouts:read`; GraphQL `paymentRequests`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:read'])] as const,
    request: {
      query: z.object({
        status: z.enum(STATUSES).optional().openapi({ description: "The request's financingStatus." }),
        limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: '1 to 100 (default 20).' }),
        cursor: z.string().max(40).optional(),
      }),
    },
    responses: {
      200: {
        description: 'A page of payment requests',
        content: {
          'application/json': {
            schema: z
              .object({ data: z.array(paymentRequestSchema), nextCursor: z.string().nullable() })
              .openapi('PaymentRequestPage', { example: { data: [paymentRequestExample], nextCursor: null } }),
          },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 429, 500]),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/merchant/payment-requests/{id}',
    operationId: 'getPaymentRequest',
    tags: ['Financing (seeds 001 and 004)'],
    summary: 'Get a payment request',
    description: "By the `id` its creation answered. `checkouts:read`; GraphQL `paymentRequest`. Another business's id is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:read'])] as const,
    request: {
      params: z.object({
        id: z
          .string()
          .max(40)
          .openapi({ param: { name: 'id', in: 'path' }, example: 'pr_7fa0943764e84c38' }),
      }),
    },
    responses: {
      200: { description: 'The payment request', content: { 'application/json': { schema: paymentRequestSchema } } },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
});

/** Seed 001's `POST /api/v1/merchant/payment-requests` (its fields, camelCase, cents), and reading them back. */
export function paymentRequestRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  const read = readRoutes(deps);
  app.openapi(read.list, async (c) => {
    const query = c.req.valid('query');
    const limit = query.limit ?? 20;
    const { ctx } = c.var;
    const rows = await listPaymentRequests(
      ctx,
      { after: query.cursor, limit: limit + 1, inverted: false },
      { status: query.status?.toUpperCase() as PaymentRequestStatus | undefined },
    );
    const page = rows.slice(0, limit);
    const data = await Promise.all(page.map((r) => paymentRequestView(ctx, r, deps.services.publicUrl)));
    return c.json({ data, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null }, 200);
  });
  app.openapi(read.get, async (c) => {
    const { id } = c.req.valid('param');
    const request = await findPaymentRequest(c.var.ctx, id);
    if (!request) return restError(c, FAMILY, 404, 'NOT_FOUND', `No payment request ${id}.`) as never;
    return c.json(await paymentRequestView(c.var.ctx, request, deps.services.publicUrl), 200);
  });
  app.openapi(createRouteOf(deps), async (c) => {
    const body = c.req.valid('json');
    const { ctx } = c.var;
    const result = await createPaymentRequest(ctx, deps.services, {
      amountMinor: Number(body.amount),
      currency: body.currency ?? 'BRL',
      installmentsCountMin: body.installmentsCountMin ?? 1,
      installmentsCountMax: body.installmentsCountMax ?? 12,
      customerTaxId: body.customerTaxId,
      orderId: body.orderId,
      orderDescription: body.orderDescription,
      meta: body.meta,
      merchantSubsidyType: body.merchantSubsidyType.toUpperCase() as 'NONE' | 'RATE' | 'AMOUNT' | 'FREE',
      merchantSubsidyRate: body.merchantSubsidyRate,
      merchantSubsidyAmountMinor: body.merchantSubsidyAmount == null ? null : Number(body.merchantSubsidyAmount),
    });
    if (!result.paymentRequest) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json(await paymentRequestView(ctx, result.paymentRequest, deps.services.publicUrl), 201);
  });
  return app;
}
