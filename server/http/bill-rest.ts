import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { billStatement } from '../modules/kinds/bill/bill-statement.ts';
import { billPayments, createBill, findBill, updateBill } from '../modules/kinds/bill/bills.service.ts';
import type { Bill } from '../modules/kinds/bill/bill.entities.ts';
import { SettlementEntity } from '../modules/settlement-entities/settlement-entity.entity.ts';
import type { RequestContext } from '../modules/request-context.ts';
import {
  bearerSecurity,
  errorResponses,
  restError,
  restFamily,
  restHeaders,
  secured,
  userErrorResponse,
  type RestDeps,
  type RestEnv,
} from './rest/rest-api.ts';

const FAMILY = 'finora';

const amount = (description: string) =>
  z
    .number()
    .int()
    .openapi({ description: `${description}, in minor units.` });

const subaccountInput = z.object({
  accountRef: z.string().trim().max(64).openapi({ description: 'A settlement entity of yours (its entity_id).' }),
  amount: z.number().int().optional().openapi({ description: 'A fixed share of each payment (minor units). Give this or percentage.' }),
  percentage: z.number().optional().openapi({ description: 'A share in percent, up to two decimals. Give this or amount.' }),
});

const createBody = z
  .object({
    amount: amount('Bill amount').optional(),
    email: z.string().max(254).openapi({ description: 'Email address of the customer.' }),
    type: z.enum(['regular', 'dynamic']).optional().openapi({ description: 'Bill type. Defaults regular.' }),
    currency: z.string().max(3).optional().openapi({ description: "ISO 4217; defaults to the business's currency." }),
    duration: z.string().max(16).optional().openapi({ description: 'Expiry time, e.g. "1h" for 1 hour and "1d" for 1 day.' }),
    expiry: z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .optional()
      .openapi({ description: 'Whether the bill should expire.' }),
    externalRef: z.string().max(100).optional().openapi({ description: 'Custom reference.' }),
    redirectURL: z.string().max(2048).optional().openapi({ description: 'Where the checkout sends the payer after payment.' }),
    narration: z.string().max(500).optional(),
    split: z.boolean().optional().openapi({ description: 'Share value between subaccounts.' }),
    subaccounts: z.array(subaccountInput).max(20).optional(),
    callbackURL: z.string().max(2048).optional().openapi({ description: 'Receives webhooks for this bill.' }),
    qrcode: z.boolean().optional().openapi({ description: 'Enable the QR code. Defaults true.' }),
    virtual: z.boolean().optional().openapi({ description: 'Allocate a virtual account. Default false.' }),
    resolvable: z.string().max(64).optional().openapi({ description: 'Accepted for compatibility; the principal always resolves the virtual account.' }),
    isFlexible: z.boolean().optional().openapi({ description: 'Dynamic bills: allow any amount. Defaults false.' }),
    maximumAmount: amount('Dynamic bills: the most per payment').optional(),
    minimumAmount: amount('Dynamic bills: the least per payment').optional(),
    targetAmount: amount('Dynamic bills: the accumulated amount before the bill completes').optional(),
  })
  .openapi('CreateBillRequest', { example: { amount: 1000, email: 'user@gamil.com' } });

const updateBody = z
  .object({
    amount: amount('Bill amount').optional(),
    email: z.string().max(254).optional(),
    narration: z.string().max(500).optional(),
    split: z.boolean().optional(),
    subaccounts: z.array(subaccountInput).max(20).optional(),
  })
  .openapi('UpdateBillRequest', { example: { amount: 30000, email: 'user@gamil.com', split: true, subaccounts: [{ accountRef: 'ST-MARYS', amount: 100 }] } });

const subaccountView = z.object({
  _id: z.string(),
  accountRef: z.string(),
  amount: z.number().int().nullable(),
  percentage: z.number().nullable(),
  accountNumber: z.string().nullable(),
});
const principalView = z.object({ _id: z.string(), accountRef: z.string(), accountNumber: z.string(), percentage: z.number() });

const billBase = {
  _id: z.string(),
  id: z.string(),
  __v: z.number().int(),
  paymentRef: z.string(),
  reference: z.string(),
  merchantId: z.string(),
  type: z.enum(['regular', 'dynamic']),
  status: z.string(),
  currency: z.string(),
  amount: z.number().int().nullable(),
  originalBillAmount: z.number().int().nullable(),
  amountPaid: z.number().int(),
  outstanding: z.number().int().nullable(),
  isFlexible: z.boolean(),
  minimumAmount: z.number().int().nullable(),
  maximumAmount: z.number().int().nullable(),
  targetAmount: z.number().int().nullable(),
  transactionCharge: z.number(),
  email: z.string(),
  narration: z.string().nullable(),
  externalRef: z.string().nullable(),
  split: z.boolean(),
  expiry: z.boolean(),
  expiresAt: z.string().nullable(),
  virtual: z.boolean(),
  virtualAccount: z.object({ accountNumber: z.string(), bankName: z.string().nullable(), accountName: z.string().nullable() }).nullable(),
  paymentUrl: z.string(),
  qrCode: z.string().nullable(),
  bearer: z.string(),
  callback: z.object({ url: z.string().optional() }),
  queuedForRetry: z.boolean(),
  message: z.array(z.string()),
  settled: z.boolean(),
  retries: z.number().int(),
  deleted: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  payments: z
    .array(
      z.object({
        paymentRef: z.string().nullable(),
        partnerPaymentId: z.string(),
        amount: z.number(),
        applied: z.number(),
        exception: z.string().nullable(),
        paidAt: z.string(),
      }),
    )
    .optional()
    .openapi({ description: 'Each payment to the bill; only for keys with ledger:read.' }),
};

/** As created (seed 003's create example names the principal account by id). */
const createdBill = z.object({ ...billBase, principalAccount: z.string(), subaccounts: z.array(subaccountView) }).openapi('Bill');
/** As re-queried or updated (seed 003 spells out the principal account). */
const detailedBill = z.object({ ...billBase, principalAccount: principalView, subaccounts: z.array(subaccountView) }).openapi('BillDetail');

const envelope = (schema: z.ZodType, name: string, example: unknown) =>
  z.object({ success: z.boolean(), data: schema }).openapi(name, { example: { success: true, data: example } });

const exampleBill = {
  _id: 'bl_0123456789',
  id: 'bl_0123456789',
  __v: 0,
  paymentRef: 'PB7K3M9Q2X4Z',
  reference: 'PB7K3M9Q2X4Z',
  merchantId: 'biz_001',
  type: 'regular',
  status: 'pending',
  currency: 'NGN',
  amount: 1000,
  originalBillAmount: 1000,
  amountPaid: 0,
  outstanding: 1000,
  transactionCharge: 0,
  email: 'user@gamil.com',
  split: false,
  expiry: false,
  virtual: false,
  qrCode: 'https://pay.example.com/v1/bills/bl_0123456789/qr.png',
  paymentUrl: 'https://pay.example.com/p/bl_0123456789',
  isFlexible: false,
  minimumAmount: null,
  maximumAmount: null,
  targetAmount: null,
  narration: null,
  externalRef: null,
  expiresAt: null,
  virtualAccount: null,
  bearer: 'merchant',
  callback: {},
  queuedForRetry: false,
  message: [],
  settled: false,
  retries: 0,
  deleted: false,
  createdAt: '2021-11-04T12:16:25.477Z',
  updatedAt: '2021-11-04T12:16:25.477Z',
};

type SettlementLookup = Map<string, { accountNumber: string | null }>;

/** Seed 003's bill: the re-query statement plus the seed's bookkeeping fields, from the same entity GraphQL resolves. */
function billView(bill: Bill, statement: ReturnType<typeof billStatement>, entities: SettlementLookup, principal: 'id' | 'object', withPayments: boolean) {
  const { payments, subaccounts: _shares, ...rest } = statement;
  const percentShares = bill.subaccounts.reduce((sum, share) => sum + (share.basisPoints ?? 0), 0);
  return {
    ...rest,
    _id: bill.id,
    __v: 0,
    reference: bill.paymentRef,
    originalBillAmount: statement.amount,
    bearer: 'merchant',
    callback: bill.callbackUrl ? { url: bill.callbackUrl } : {},
    queuedForRetry: false,
    message: [] as string[],
    // Payouts go by settlement batch per entity (GET /v1/settlements/), not per bill.
    settled: false,
    retries: 0,
    deleted: bill.status === 'CANCELED',
    principalAccount:
      principal === 'id'
        ? bill.business.id
        : { _id: bill.business.id, accountRef: 'principal', accountNumber: bill.virtualAccountNumber ?? '', percentage: (10_000 - percentShares) / 10_000 },
    subaccounts: bill.subaccounts.map((share) => ({
      _id: share.settlementEntityId,
      accountRef: share.entityId,
      amount: share.amountMinor == null ? null : Number(share.amountMinor),
      percentage: share.basisPoints == null ? null : share.basisPoints / 100,
      accountNumber: entities.get(share.settlementEntityId)?.accountNumber ?? null,
    })),
    ...(withPayments ? { payments } : {}),
  };
}

async function settlementAccounts(ctx: RequestContext, bill: Bill): Promise<SettlementLookup> {
  if (!bill.subaccounts.length) return new Map();
  const entities = await ctx.em.find(SettlementEntity, { id: { $in: bill.subaccounts.map((s) => s.settlementEntityId) } });
  return new Map(entities.map((e) => [e.id, { accountNumber: e.bankAccountNumber ?? e.msisdn ?? null }]));
}

// Payments are ledger data: GraphQL's Payment needs ledger:read, so the REST bill shows them only then.
const seesPayments = (c: Context<RestEnv>) => c.var.caller.scopes.includes('ledger:read');

async function respond(c: Context<RestEnv>, deps: RestDeps, bill: Bill, principal: 'id' | 'object', status: 200 | 201) {
  const { ctx } = c.var;
  const payments = seesPayments(c) ? await billPayments(ctx.em, bill) : [];
  const statement = billStatement(bill, payments, ctx.clock.now(), deps.services.publicUrl);
  return c.json({ success: true, data: billView(bill, statement, await settlementAccounts(ctx, bill), principal, seesPayments(c)) }, status);
}

const shares = (list: z.infer<typeof subaccountInput>[] | undefined) =>
  list?.map((s) => ({ entityId: s.accountRef, amountMinor: s.amount ?? null, percentage: s.percentage ?? null }));

const paymentRefParam = z.object({
  paymentRef: z
    .string()
    .max(24)
    .openapi({ param: { name: 'paymentRef', in: 'path' }, example: 'PB7K3M9Q2X4Z' }),
});

const routes = (deps: RestDeps) => ({
  create: createRoute({
    method: 'post',
    path: '/v1/checkout',
    operationId: 'createBill',
    tags: ['Payment bills'],
    summary: 'Create a payment bill',
    description: 'Regular (one payment, exact amount) or dynamic (a reusable reference). `checkouts:write`. The same service as GraphQL `createBill`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:write'])] as const,
    request: { headers: restHeaders, body: { required: true, content: { 'application/json': { schema: createBody } } } },
    responses: {
      201: {
        description: 'Created',
        content: {
          'application/json': { schema: envelope(createdBill, 'CreateBillResponse', { ...exampleBill, principalAccount: 'biz_001', subaccounts: [] }) },
        },
      },
      ...errorResponses(FAMILY),
    },
  }),
  requery: createRoute({
    method: 'get',
    path: '/v1/checkout/requery/{paymentRef}',
    operationId: 'requeryBill',
    tags: ['Payment bills'],
    summary: 'Re-query a payment bill',
    description: "`checkouts:read`; its payments need `ledger:read` too. Another business's reference is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:read'])] as const,
    request: { params: paymentRefParam },
    responses: {
      200: {
        description: 'The bill',
        content: {
          'application/json': {
            schema: envelope(detailedBill, 'RequeryBillResponse', {
              ...exampleBill,
              principalAccount: { _id: 'biz_001', accountRef: 'principal', accountNumber: '', percentage: 1 },
              subaccounts: [],
            }),
          },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
  update: createRoute({
    method: 'put',
    path: '/v1/checkout/{paymentRef}',
    operationId: 'updateBill',
    tags: ['Payment bills'],
    summary: 'Update a payment bill',
    description: 'Only while nothing has been paid to it. `checkouts:write`. The same service as GraphQL `updateBill`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['checkouts:write'])] as const,
    request: { params: paymentRefParam, headers: restHeaders, body: { required: true, content: { 'application/json': { schema: updateBody } } } },
    responses: {
      200: {
        description: 'Updated',
        content: {
          'application/json': {
            schema: envelope(detailedBill, 'UpdateBillResponse', {
              ...exampleBill,
              amount: 30000,
              principalAccount: { _id: 'biz_001', accountRef: 'principal', accountNumber: '', percentage: 1 },
              subaccounts: [],
            }),
          },
        },
      },
      ...errorResponses(FAMILY),
    },
  }),
});

/** Seed 003's bill routes: `POST /v1/checkout`, `GET /v1/checkout/requery/{paymentRef}`, `PUT /v1/checkout/{paymentRef}`. */
export function billRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  const route = routes(deps);

  app.openapi(route.create, async (c) => {
    const body = c.req.valid('json');
    const result = await createBill(c.var.ctx, deps.services, {
      type: body.type === 'dynamic' ? 'DYNAMIC' : 'REGULAR',
      amountMinor: body.amount ?? null,
      currency: body.currency,
      email: body.email,
      narration: body.narration,
      externalRef: body.externalRef,
      duration: body.duration,
      expiry: body.expiry === undefined ? undefined : body.expiry === true || body.expiry === 'true',
      redirectUrl: body.redirectURL,
      callbackUrl: body.callbackURL,
      qrcode: body.qrcode ?? true,
      virtual: body.virtual ?? false,
      isFlexible: body.isFlexible ?? false,
      minimumAmount: body.minimumAmount ?? null,
      maximumAmount: body.maximumAmount ?? null,
      targetAmount: body.targetAmount ?? null,
      split: body.split ?? false,
      subaccounts: shares(body.subaccounts),
    });
    if (!result.bill) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return respond(c, deps, result.bill, 'id', 201) as never;
  });

  app.openapi(route.requery, async (c) => {
    // The key's tenant-scoped EntityManager: another business's reference answers as one that does not exist.
    const bill = await findBill(c.var.ctx, c.req.valid('param').paymentRef);
    if (!bill) return restError(c, FAMILY, 404, 'NOT_FOUND', 'No bill with this paymentRef.') as never;
    return respond(c, deps, bill, 'object', 200) as never;
  });

  app.openapi(route.update, async (c) => {
    const body = c.req.valid('json');
    const result = await updateBill(c.var.ctx, {
      paymentRef: c.req.valid('param').paymentRef,
      amountMinor: body.amount,
      email: body.email,
      narration: body.narration,
      split: body.split,
      subaccounts: shares(body.subaccounts),
    });
    if (!result.bill) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return respond(c, deps, result.bill, 'object', 200) as never;
  });
  return app;
}
