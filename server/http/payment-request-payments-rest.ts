import { createRoute, z } from '@hono/zod-openapi';
import { financedPaymentMachine, type FinancedPaymentStatus } from '../domain/payment-requests.ts';
import { findFinancedPayment, listFinancedPayments, uploadFinancedPaymentInvoices } from '../modules/kinds/payment-request/financing.service.ts';
import { PaymentRequest, type FinancedPayment } from '../modules/kinds/payment-request/payment-request.entities.ts';
import type { RequestContext } from '../modules/request-context.ts';
import { bearerSecurity, errorResponses, restError, restFamily, restHeaders, secured, userErrorResponse, type RestDeps } from './rest/rest-api.ts';

const FAMILY = 'finove';
const TAGS = ['Financing (seeds 001 and 004)'];

const financedPaymentExample = {
  id: 'fp_01JQ7N3W0K5ZB3S9D2R4XH8M6K',
  status: 'authorized',
  currency: 'BRL',
  orderId: 'ORDER-91',
  orderDescription: 'Product A; Product B;',
  customerId: 'lender_borrower_11222333000181',
  customer: { id: 'lender_borrower_11222333000181', legalName: 'Cliente SA', cnpj: '11222333000181' },
  amount: 1000000,
  merchantSubsidyAmount: 66428,
  merchantSubsidyRate: 0.0664,
  merchantTotalAmount: 933572,
  paymentType: 'bank_transfer',
  invoiceStatus: 'awaiting',
  monthsUntilFirstPayment: 1,
  firstInstallmentDate: '2027-01-02',
  paymentMeta: { lenderPaidAt: null },
  merchantRecourseRate: 0,
  createdAt: '2026-12-02T13:00:00.000Z',
  updatedAt: '2026-12-02T13:00:01.000Z',
};

const paymentSchema = z
  .object({
    id: z.string(),
    status: z.string().openapi({ description: 'initialized | authorized | captured | settled | canceled' }),
    currency: z.string(),
    orderId: z.string().nullable(),
    orderDescription: z.string().nullable(),
    customerId: z.string().nullable(),
    customer: z.object({ id: z.string().nullable(), legalName: z.string().nullable(), cnpj: z.string() }),
    amount: z.number().int().openapi({ description: 'Cents (R$ 1.000,99 is 100099).' }),
    merchantSubsidyAmount: z.number().int(),
    merchantSubsidyRate: z.number().openapi({ description: 'A decimal: 0.02 = 2 %.' }),
    merchantTotalAmount: z.number().int().openapi({ description: 'amount − merchant fee: what the merchant is paid.' }),
    paymentType: z.string(),
    invoiceStatus: z.string().openapi({ description: 'awaiting | submitted | completed' }),
    monthsUntilFirstPayment: z.number().int(),
    firstInstallmentDate: z.string(),
    paymentMeta: z.object({ lenderPaidAt: z.string().nullable() }),
    merchantRecourseRate: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('FinancedPayment', { example: financedPaymentExample });

async function paymentView(ctx: RequestContext, p: FinancedPayment): Promise<z.infer<typeof paymentSchema>> {
  const request = await ctx.em.findOneOrFail(PaymentRequest, { id: p.paymentRequest.id });
  return {
    id: p.id,
    status: p.status.toLowerCase(),
    currency: p.currency,
    orderId: request.orderId ?? null,
    orderDescription: request.orderDescription ?? null,
    customerId: p.customerId ?? null,
    customer: { id: p.customerId ?? null, legalName: p.customerLegalName ?? null, cnpj: p.customerCnpj },
    amount: Number(p.amountMinor),
    merchantSubsidyAmount: Number(p.merchantSubsidyAmountMinor),
    merchantSubsidyRate: Number(p.merchantSubsidyRate),
    merchantTotalAmount: Number(p.merchantTotalAmountMinor),
    paymentType: 'bank_transfer',
    invoiceStatus: p.invoiceStatus.toLowerCase(),
    monthsUntilFirstPayment: p.monthsUntilFirstPayment,
    firstInstallmentDate: p.firstInstallmentDate,
    paymentMeta: { lenderPaidAt: p.lenderPaidAt?.toISOString() ?? null },
    merchantRecourseRate: p.merchantRecourseRate == null ? null : Number(p.merchantRecourseRate),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

const STATUSES = financedPaymentMachine.statuses.map((s) => s.toLowerCase()) as [string, ...string[]];

const idParam = z.object({
  id: z
    .string()
    .max(40)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'fp_01JQ7N3W0K5ZB3S9D2R4XH8M6K' }),
});

// Repeated fields pair up in order: the first `number` names the first `file`.
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(10)]);
const uploadForm = z
  .object({
    number: oneOrMany(z.string().min(1).max(100)).openapi({ description: "Each invoice's number (an NF-e's, say), in the order of the files." }),
    file: oneOrMany(z.instanceof(File).openapi({ type: 'string', format: 'binary' })).openapi({ description: 'A PDF or an NF-e XML each, at most 5 MB.' }),
  })
  .openapi('UploadInvoicesForm');

const routes = (deps: RestDeps) => ({
  list: createRoute({
    method: 'get',
    path: '/api/v1/merchant/payments',
    operationId: 'listFinancedPayments',
    tags: TAGS,
    summary: 'List payments',
    description: 'Financed payments, newest first; `nextCursor` (null on the last page) goes in `?cursor=`. `checkouts:read`; GraphQL `financedPayments`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:read'])] as const,
    request: {
      query: z.object({
        status: z.enum(STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: '1 to 100 (default 20).' }),
        cursor: z.string().max(40).optional(),
      }),
    },
    responses: {
      200: {
        description: 'A page of payments',
        content: {
          'application/json': {
            schema: z
              .object({ data: z.array(paymentSchema), nextCursor: z.string().nullable() })
              .openapi('FinancedPaymentPage', { example: { data: [financedPaymentExample], nextCursor: null } }),
          },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 429, 500]),
    },
  }),
  upload: createRoute({
    method: 'post',
    path: '/api/v1/merchant/payments/{id}/invoices',
    operationId: 'uploadFinancedPaymentInvoices',
    tags: TAGS,
    summary: 'Upload invoices',
    description:
      "multipart/form-data: an authorized payment's invoices (`number` and `file`, repeated in pairs) → invoiceStatus submitted; the lender's approval captures it. `checkouts:write`; GraphQL `uploadFinancedPaymentInvoices`.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:write'], { upload: true })] as const,
    request: { params: idParam, headers: restHeaders, body: { required: true, content: { 'multipart/form-data': { schema: uploadForm } } } },
    responses: {
      200: { description: 'Submitted', content: { 'application/json': { schema: paymentSchema } } },
      ...errorResponses(FAMILY),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/merchant/payments/{id}',
    operationId: 'getFinancedPayment',
    tags: TAGS,
    summary: 'Get a payment',
    description: "`checkouts:read`; GraphQL `financedPayment`. Another business's id is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:read'])] as const,
    request: {
      params: idParam,
    },
    responses: {
      200: { description: 'The payment', content: { 'application/json': { schema: paymentSchema } } },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
});

/** Seed 004's list and get payments (camelCase, cents), over the services GraphQL's financing resolvers call. */
export function financedPaymentRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  const r = routes(deps);
  app.openapi(r.list, async (c) => {
    const query = c.req.valid('query');
    const limit = query.limit ?? 20;
    const rows = await listFinancedPayments(
      c.var.ctx,
      { after: query.cursor, limit: limit + 1, inverted: false },
      { status: query.status?.toUpperCase() as FinancedPaymentStatus | undefined },
    );
    const page = rows.slice(0, limit);
    return c.json(
      { data: await Promise.all(page.map((p) => paymentView(c.var.ctx, p))), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null },
      200,
    );
  });
  app.openapi(r.upload, async (c) => {
    const { id } = c.req.valid('param');
    const form = c.req.valid('form');
    const numbers = [form.number].flat();
    const files = [form.file].flat();
    if (numbers.length !== files.length)
      return restError(c, FAMILY, 400, 'INVALID_INPUT', `${numbers.length} numbers for ${files.length} files: send one number per file.`) as never;
    const result = await uploadFinancedPaymentInvoices(c.var.ctx, deps.services, {
      paymentId: id,
      invoices: files.map((file, i) => ({ number: numbers[i]!, file })),
    });
    if (!result.financedPayment) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json(await paymentView(c.var.ctx, result.financedPayment), 200);
  });
  app.openapi(r.get, async (c) => {
    const { id } = c.req.valid('param');
    const payment = await findFinancedPayment(c.var.ctx, id);
    if (!payment) return restError(c, FAMILY, 404, 'NOT_FOUND', `No payment ${id}.`) as never;
    return c.json(await paymentView(c.var.ctx, payment), 200);
  });
  return app;
}
