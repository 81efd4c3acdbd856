import { createRoute, z } from '@hono/zod-openapi';
import { isSupportedCurrency, minorDigits } from '../domain/money.ts';
import { formatMajorAmount, PAYMENT_MODES, parseMajorAmount } from '../domain/till-aliases.ts';
import type { TillAlias } from '../modules/kinds/till-alias/till-alias.entity.ts';
import { createTillAlias, findTillAlias, listTillAliases } from '../modules/kinds/till-alias/till-aliases.service.ts';
import { EntityNotApproved } from '../modules/settlement-entities/kyc-gate.ts';
import { decimalAmount } from './router-rest.ts';
import { badCursor, page, pageOf, pageQuery } from './rest/drf-paging.ts';
import { bearerSecurity, errorResponses, restError, restFamily, restHeaders, secured, userErrorResponse, type RestDeps } from './rest/rest-api.ts';

const FAMILY = 'router';

const createBody = z
  .object({
    app_id: z.string().max(40),
    entity_id: z.string().max(64),
    name: z.string().max(200),
    memo: z.string().max(200).optional(),
    merchant_amount: decimalAmount.openapi({ description: 'What the entity receives (major units); the platform fee is added on top.' }),
    currency: z.string().max(3),
    payment_mode: z.enum(PAYMENT_MODES.map((m) => m.toLowerCase()) as [string, ...string[]]).optional(),
  })
  .openapi('CreateTillAliasRequest', {
    example: { app_id: 'SCHOOLFEES', entity_id: 'ST-MARYS', name: 'F. Ngoiya — Term 1', memo: 'INV-2026-00481', merchant_amount: '500000', currency: 'TZS' },
  });

const tillAliasSchema = z
  .object({
    alias: z.string(),
    app_id: z.string(),
    entity_id: z.string(),
    name: z.string(),
    memo: z.string().nullable(),
    merchant_amount: z.string(),
    fee: z.string(),
    expected_total: z.string(),
    currency: z.string(),
    payment_mode: z.string(),
    is_active: z.boolean(),
    payment_url: z.string(),
    created_at: z.string(),
  })
  .openapi('TillAlias');

const tillAliasExample = {
  alias: '63675386',
  app_id: 'SCHOOLFEES',
  entity_id: 'ST-MARYS',
  name: 'F. Ngoiya — Term 1',
  memo: 'INV-2026-00481',
  merchant_amount: '500000.00',
  fee: '2500.00',
  expected_total: '502500.00',
  currency: 'TZS',
  payment_mode: 'exact',
  is_active: true,
  payment_url: 'https://pay.example.com/p/ta_0123456789',
  created_at: '2026-05-01T09:00:00.000Z',
};

const major = (alias: TillAlias, minor: bigint) => formatMajorAmount(minor, minorDigits(alias.currency));

function tillAliasView(alias: TillAlias, publicUrl: string): z.infer<typeof tillAliasSchema> {
  return {
    alias: alias.alias,
    app_id: alias.app.appId,
    entity_id: alias.settlementEntity.entityId,
    name: alias.name,
    memo: alias.memo ?? null,
    merchant_amount: major(alias, alias.merchantAmountMinor),
    fee: major(alias, alias.feeMinor),
    expected_total: major(alias, alias.expectedTotalMinor),
    currency: alias.currency,
    payment_mode: alias.paymentMode.toLowerCase(),
    is_active: alias.isActive,
    payment_url: `${publicUrl}/p/${alias.id}`,
    created_at: alias.createdAt.toISOString(),
  };
}

const createTillAliasRoute = (deps: RestDeps) =>
  createRoute({
    method: 'post',
    path: '/v1/till-aliases/',
    operationId: 'createTillAlias',
    tags: ['Router (seed 002)'],
    summary: 'Issue a Lipa number',
    description:
      'Send an Idempotency-Key (required): a retry returns the original answer instead of allocating a second number. A live key needs the entity KYC-approved (403 entity_not_approved). `till_alias:create`; GraphQL `createTillAlias`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['till_alias:create'])] as const,
    request: { headers: restHeaders, body: { required: true, content: { 'application/json': { schema: createBody } } } },
    responses: {
      201: {
        description: 'Issued',
        content: {
          'application/json': {
            schema: z.object({ till_alias: tillAliasSchema }).openapi('TillAliasResponse', { example: { till_alias: tillAliasExample } }),
          },
        },
      },
      ...errorResponses(FAMILY),
    },
  });

const listTillAliasesRoute = (deps: RestDeps) =>
  createRoute({
    method: 'get',
    path: '/v1/till-aliases/',
    operationId: 'listTillAliases',
    tags: ['Router (seed 002)'],
    summary: 'List Lipa numbers',
    description: 'Newest first, paged by cursor links; filter by `app_id`, `entity_id`, `is_active`. `till_alias:read`; GraphQL `tillAliases`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['till_alias:read'])] as const,
    request: {
      query: z.object({
        app_id: z.string().max(40).optional(),
        entity_id: z.string().max(64).optional(),
        is_active: z.enum(['true', 'false']).optional(),
        ...pageQuery,
      }),
    },
    responses: {
      200: {
        description: 'A page of Lipa numbers',
        content: {
          'application/json': {
            schema: pageOf(tillAliasSchema, 'TillAliasPage').openapi({ example: { next: null, previous: null, results: [tillAliasExample] } }),
          },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 429, 500]),
    },
  });

const getTillAliasRoute = (deps: RestDeps) =>
  createRoute({
    method: 'get',
    path: '/v1/till-aliases/{alias}/',
    operationId: 'getTillAlias',
    tags: ['Router (seed 002)'],
    summary: 'Get a Lipa number',
    description:
      "By the Lipa number itself. One whose check digit fails is 404 with detail `INVALID_LIPA_NUMBER` (a typo, not a lookup). `till_alias:read`; GraphQL `tillAlias`. Another business's number is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['till_alias:read'])] as const,
    request: {
      params: z.object({
        alias: z
          .string()
          .max(16)
          .openapi({ param: { name: 'alias', in: 'path' }, example: '63675386' }),
      }),
    },
    responses: {
      200: {
        description: 'The Lipa number',
        content: {
          'application/json': {
            schema: z.object({ till_alias: tillAliasSchema }).openapi('StoredTillAliasResponse', { example: { till_alias: tillAliasExample } }),
          },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  });

/** Seed 002's `POST /v1/till-aliases/` and reading them back. */
export function tillAliasRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  app.openapi(listTillAliasesRoute(deps), async (c) => {
    const query = c.req.valid('query');
    const filter = { appId: query.app_id, entityId: query.entity_id, isActive: query.is_active === undefined ? undefined : query.is_active === 'true' };
    const result = await page(
      c,
      query,
      (request) => listTillAliases(c.var.ctx, request, filter),
      (a) => a.id,
    );
    if (!result) return badCursor(c) as never;
    const publicUrl = deps.services.publicUrl;
    return c.json({ next: result.next, previous: result.previous, results: result.rows.map((a) => tillAliasView(a, publicUrl)) }, 200);
  });
  app.openapi(getTillAliasRoute(deps), async (c) => {
    const found = await findTillAlias(c.var.ctx, c.req.valid('param').alias);
    if (!found.ok)
      return restError(c, FAMILY, 404, 'NOT_FOUND', 'This is not a Lipa number: a digit is wrong or two are swapped.', 'INVALID_LIPA_NUMBER') as never;
    if (!found.tillAlias) return restError(c, FAMILY, 404, 'NOT_FOUND', 'No till alias with this number.') as never;
    return c.json({ till_alias: tillAliasView(found.tillAlias, deps.services.publicUrl) }, 200);
  });
  app.openapi(createTillAliasRoute(deps), async (c) => {
    const body = c.req.valid('json');
    if (!isSupportedCurrency(body.currency)) return restError(c, FAMILY, 400, 'UNSUPPORTED_CURRENCY', 'currency is not a supported ISO 4217 code.') as never;
    const amount = parseMajorAmount(body.merchant_amount, minorDigits(body.currency));
    if (amount === null) return restError(c, FAMILY, 400, 'INVALID_AMOUNT', `merchant_amount is not an amount of ${body.currency}.`) as never;
    try {
      const result = await createTillAlias(
        c.var.ctx,
        { idempotencyKeyHeld: c.var.idempotencyKeyHeld },
        {
          appId: body.app_id,
          entityId: body.entity_id,
          name: body.name,
          memo: body.memo,
          merchantAmountMinor: Number(amount),
          currency: body.currency,
          paymentMode: (body.payment_mode?.toUpperCase() ?? 'EXACT') as (typeof PAYMENT_MODES)[number],
        },
      );
      if (!result.tillAlias) return userErrorResponse(c, FAMILY, result.userErrors) as never;
      return c.json({ till_alias: tillAliasView(result.tillAlias, deps.services.publicUrl) }, 201);
    } catch (error) {
      // Seed 002: "POST /v1/till-aliases/ targeting that entity returns 403 entity_not_approved".
      if (error instanceof EntityNotApproved) return restError(c, FAMILY, 403, 'ENTITY_NOT_APPROVED', error.message, 'entity_not_approved') as never;
      throw error;
    }
  });
  return app;
}
