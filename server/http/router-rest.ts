import { createRoute, z } from '@hono/zod-openapi';
import { minorDigits } from '../domain/money.ts';
import { PAYOUT_SCHEDULES } from '../domain/settlements.ts';
import { formatMajorAmount, parseMajorAmount } from '../domain/till-aliases.ts';
import type { SettlementEntity } from '../modules/settlement-entities/settlement-entity.entity.ts';
import { createSettlementEntity, findSettlementEntity, listSettlementEntities } from '../modules/settlement-entities/settlement-entities.service.ts';
import type { App } from '../modules/webhooks/app.entity.ts';
import { findApp, listApps, registerApp, rotateWebhookSecret } from '../modules/webhooks/apps.service.ts';
import { badCursor, page, pageOf, pageQuery } from './rest/drf-paging.ts';
import { bearerSecurity, errorResponses, restError, restFamily, restHeaders, secured, userErrorResponse, type RestDeps } from './rest/rest-api.ts';

const FAMILY = 'router';

/** A decimal string of major units ("10000", "502500.00"), seed 002's money on the wire. */
export const decimalAmount = z
  .string()
  .max(24)
  .regex(/^\d{1,16}(\.\d{1,3})?$/, 'a decimal string of major units, e.g. "500000" or "5000.50"');

const appView = (app: App, webhookSecret?: string) => ({
  app_id: app.appId,
  name: app.name,
  callback_url: app.callbackUrl,
  status: app.status.toLowerCase(),
  previous_secret_expires_at: app.previousSecretExpiresAt?.toISOString() ?? null,
  created_at: app.createdAt.toISOString(),
  ...(webhookSecret ? { webhook_secret: webhookSecret } : {}),
});
const appSchema = z
  .object({
    app_id: z.string(),
    name: z.string(),
    callback_url: z.string(),
    status: z.string(),
    previous_secret_expires_at: z.string().nullable(),
    created_at: z.string(),
    webhook_secret: z.string().optional().openapi({ description: '`whsec_…`, shown once (on registration and rotation).' }),
  })
  .openapi('App');
const appExample = {
  app_id: 'SCHOOLFEES',
  name: 'School Fee System',
  callback_url: 'https://yourapp.example.com/webhooks/router',
  status: 'active',
  previous_secret_expires_at: null,
  created_at: '2026-05-01T09:00:00.000Z',
  webhook_secret: 'whsec_…',
};

const entityView = (entity: SettlementEntity) => ({
  entity_id: entity.entityId,
  name: entity.name,
  settlement_method: entity.settlementMethod.toLowerCase(),
  msisdn: entity.msisdn ?? null,
  mobile_provider: entity.mobileProvider ?? null,
  bank_name: entity.bankName ?? null,
  bank_account_number: entity.bankAccountNumber ?? null,
  bank_account_name: entity.bankAccountName ?? null,
  bank_branch: entity.bankBranch ?? null,
  bank_swift: entity.bankSwift ?? null,
  payout_schedule: entity.payoutSchedule.toLowerCase(),
  payout_min_amount: formatMajorAmount(entity.payoutMinAmountMinor, minorDigits(entity.payoutCurrency)),
  payout_currency: entity.payoutCurrency,
  kyc_status: entity.kycStatus.toLowerCase(),
  created_at: entity.createdAt.toISOString(),
});
const entitySchema = z
  .object({
    entity_id: z.string(),
    name: z.string(),
    settlement_method: z.string(),
    msisdn: z.string().nullable(),
    mobile_provider: z.string().nullable(),
    bank_name: z.string().nullable(),
    bank_account_number: z.string().nullable(),
    bank_account_name: z.string().nullable(),
    bank_branch: z.string().nullable(),
    bank_swift: z.string().nullable(),
    payout_schedule: z.string(),
    payout_min_amount: z.string(),
    payout_currency: z.string(),
    kyc_status: z.string(),
    created_at: z.string(),
  })
  .openapi('SettlementEntity');

const entityExample = {
  entity_id: 'ST-MARYS',
  name: 'St Marys Primary',
  settlement_method: 'mobile_money',
  msisdn: '+255712111222',
  mobile_provider: 'MPESA',
  bank_name: null,
  bank_account_number: null,
  bank_account_name: null,
  bank_branch: null,
  bank_swift: null,
  payout_schedule: 'daily',
  payout_min_amount: '10000.00',
  payout_currency: 'TZS',
  kyc_status: 'pending',
  created_at: '2026-05-01T09:00:00.000Z',
};
// What a read answers: never the signing secret (it is shown once, on registration and rotation).
const { webhook_secret: _shownOnce, ...storedAppExample } = appExample;

const appIdParam = z.object({
  app_id: z
    .string()
    .max(40)
    .openapi({ param: { name: 'app_id', in: 'path' }, example: 'SCHOOLFEES' }),
});

const entityParams = appIdParam.extend({
  entity_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'entity_id', in: 'path' }, example: 'ST-MARYS' }),
});

const registerBody = z
  .object({ app_id: z.string().max(40), name: z.string().max(200), callback_url: z.string().max(2048) })
  .openapi('RegisterAppRequest', { example: { app_id: 'SCHOOLFEES', name: 'School Fee System', callback_url: 'https://yourapp.example.com/webhooks/router' } });

const entityBody = z
  .object({
    entity_id: z.string().max(64),
    name: z.string().max(200),
    settlement_method: z.enum(['mobile_money', 'bank']),
    msisdn: z.string().max(16).optional(),
    mobile_provider: z.string().max(40).optional(),
    bank_name: z.string().max(100).optional(),
    bank_account_number: z.string().max(34).optional(),
    bank_account_name: z.string().max(200).optional(),
    bank_branch: z.string().max(100).optional(),
    bank_swift: z.string().max(11).optional(),
    payout_schedule: z.enum(PAYOUT_SCHEDULES.map((s) => s.toLowerCase()) as [string, ...string[]]).optional(),
    payout_min_amount: decimalAmount.optional(),
    payout_currency: z.string().max(3).optional(),
  })
  .openapi('CreateEntityRequest', {
    example: {
      entity_id: 'ST-MARYS',
      name: 'St Marys Primary',
      settlement_method: 'mobile_money',
      msisdn: '+255712111222',
      mobile_provider: 'MPESA',
      payout_schedule: 'daily',
      payout_min_amount: '10000',
      payout_currency: 'TZS',
    },
  });

const routes = (deps: RestDeps) => ({
  register: createRoute({
    method: 'post',
    path: '/v1/apps/',
    operationId: 'registerApp',
    tags: ['Router (seed 002)'],
    summary: 'Register an app',
    description: 'One callback URL and one signing secret (`whsec_…`, shown once). `apps:write`; GraphQL `registerApp`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['apps:write'])] as const,
    request: { headers: restHeaders, body: { required: true, content: { 'application/json': { schema: registerBody } } } },
    responses: {
      201: {
        description: 'Registered',
        content: { 'application/json': { schema: z.object({ app: appSchema }).openapi('AppResponse', { example: { app: appExample } }) } },
      },
      ...errorResponses(FAMILY),
    },
  }),
  rotate: createRoute({
    method: 'post',
    path: '/v1/apps/{app_id}/rotate-webhook-secret/',
    operationId: 'rotateWebhookSecret',
    tags: ['Router (seed 002)'],
    summary: "Rotate an app's signing secret",
    description: 'Old and new secrets are both valid for a 24-hour overlap. `apps:write`; GraphQL `rotateWebhookSecret`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['apps:write'])] as const,
    request: { params: appIdParam, headers: restHeaders },
    responses: {
      200: {
        description: 'Rotated',
        content: { 'application/json': { schema: z.object({ app: appSchema }).openapi('RotatedAppResponse', { example: { app: appExample } }) } },
      },
      ...errorResponses(FAMILY),
    },
  }),
  entity: createRoute({
    method: 'post',
    path: '/v1/apps/{app_id}/entities/',
    operationId: 'createEntity',
    tags: ['Router (seed 002)'],
    summary: 'Create a settlement entity',
    description: 'Who gets paid, with its settlement details; KYC starts pending. `entities:write`; GraphQL `createSettlementEntity`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['entities:write'])] as const,
    request: { params: appIdParam, headers: restHeaders, body: { required: true, content: { 'application/json': { schema: entityBody } } } },
    responses: {
      201: {
        description: 'Created',
        content: {
          'application/json': {
            schema: z.object({ entity: entitySchema }).openapi('EntityResponse', { example: { entity: entityExample } }),
          },
        },
      },
      ...errorResponses(FAMILY),
    },
  }),
  apps: createRoute({
    method: 'get',
    path: '/v1/apps/',
    operationId: 'listApps',
    tags: ['Router (seed 002)'],
    summary: 'List your apps',
    description: 'Newest first, paged by cursor links. `apps:read`; GraphQL `apps`. The signing secret is never shown again.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['apps:read'])] as const,
    request: { query: z.object(pageQuery) },
    responses: {
      200: {
        description: 'A page of apps',
        content: {
          'application/json': { schema: pageOf(appSchema, 'AppPage').openapi({ example: { next: null, previous: null, results: [storedAppExample] } }) },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 429, 500]),
    },
  }),
  app: createRoute({
    method: 'get',
    path: '/v1/apps/{app_id}/',
    operationId: 'getApp',
    tags: ['Router (seed 002)'],
    summary: 'Get an app',
    description: "`apps:read`; GraphQL `app`. Another business's app (or one of the other mode) is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['apps:read'])] as const,
    request: { params: appIdParam },
    responses: {
      200: {
        description: 'The app',
        content: { 'application/json': { schema: z.object({ app: appSchema }).openapi('StoredAppResponse', { example: { app: storedAppExample } }) } },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
  entities: createRoute({
    method: 'get',
    path: '/v1/apps/{app_id}/entities/',
    operationId: 'listEntities',
    tags: ['Router (seed 002)'],
    summary: 'List settlement entities',
    description:
      'Newest first, paged by cursor links. Entities belong to the business, so every app of it lists the same ones; an unknown app is 404. `entities:read`; GraphQL `settlementEntities`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['entities:read'])] as const,
    request: { params: appIdParam, query: z.object(pageQuery) },
    responses: {
      200: {
        description: 'A page of entities',
        content: {
          'application/json': { schema: pageOf(entitySchema, 'EntityPage').openapi({ example: { next: null, previous: null, results: [entityExample] } }) },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
  entityOf: createRoute({
    method: 'get',
    path: '/v1/apps/{app_id}/entities/{entity_id}/',
    operationId: 'getEntity',
    tags: ['Router (seed 002)'],
    summary: 'Get a settlement entity',
    description: "With its KYC status. `entities:read`; GraphQL `settlementEntity`. Another business's entity is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['entities:read'])] as const,
    request: { params: entityParams },
    responses: {
      200: {
        description: 'The entity',
        content: { 'application/json': { schema: z.object({ entity: entitySchema }).openapi('StoredEntityResponse', { example: { entity: entityExample } }) } },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
});

/** Seed 002's apps and entities: snake_case, decimal-string amounts, `{ error, detail }`. */
export function routerRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  const route = routes(deps);

  app.openapi(route.register, async (c) => {
    const body = c.req.valid('json');
    const result = await registerApp(c.var.ctx, deps.services, { appId: body.app_id, name: body.name, callbackUrl: body.callback_url });
    if (!result.app) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json({ app: appView(result.app, result.webhookSecret) }, 201);
  });

  app.openapi(route.rotate, async (c) => {
    const result = await rotateWebhookSecret(c.var.ctx, deps.services, { appId: c.req.valid('param').app_id });
    if (!result.app) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json({ app: appView(result.app, result.webhookSecret) }, 200);
  });

  app.openapi(route.entity, async (c) => {
    const { ctx, caller } = c.var;
    if (!(await findApp(ctx, c.req.valid('param').app_id))) return restError(c, FAMILY, 404, 'NOT_FOUND', 'No app with this app_id.') as never;
    const body = c.req.valid('json');
    const currency = body.payout_currency ?? caller.business.defaultCurrency;
    const minimum = body.payout_min_amount === undefined ? 0n : parseMajorAmount(body.payout_min_amount, minorDigits(currency));
    if (minimum === null) return restError(c, FAMILY, 400, 'INVALID_AMOUNT', `payout_min_amount is not an amount of ${currency}.`) as never;
    const result = await createSettlementEntity(ctx, {
      entityId: body.entity_id,
      name: body.name,
      settlementMethod: body.settlement_method === 'bank' ? 'BANK' : 'MOBILE_MONEY',
      msisdn: body.msisdn,
      mobileProvider: body.mobile_provider,
      bankName: body.bank_name,
      bankAccountNumber: body.bank_account_number,
      bankAccountName: body.bank_account_name,
      bankBranch: body.bank_branch,
      bankSwift: body.bank_swift,
      payoutSchedule: (body.payout_schedule?.toUpperCase() ?? 'DAILY') as (typeof PAYOUT_SCHEDULES)[number],
      payoutMinAmount: Number(minimum),
      payoutCurrency: body.payout_currency,
    });
    if (!result.settlementEntity) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json({ entity: entityView(result.settlementEntity) }, 201);
  });

  const noApp = (c: Parameters<typeof badCursor>[0]) => restError(c, FAMILY, 404, 'NOT_FOUND', 'No app with this app_id.');

  app.openapi(route.apps, async (c) => {
    const result = await page(
      c,
      c.req.valid('query'),
      (request) => listApps(c.var.ctx, request),
      (a) => a.id,
    );
    if (!result) return badCursor(c) as never;
    return c.json({ next: result.next, previous: result.previous, results: result.rows.map((a) => appView(a)) }, 200);
  });

  app.openapi(route.app, async (c) => {
    const found = await findApp(c.var.ctx, c.req.valid('param').app_id);
    if (!found) return noApp(c) as never;
    return c.json({ app: appView(found) }, 200);
  });

  app.openapi(route.entities, async (c) => {
    if (!(await findApp(c.var.ctx, c.req.valid('param').app_id))) return noApp(c) as never;
    const result = await page(
      c,
      c.req.valid('query'),
      (request) => listSettlementEntities(c.var.ctx, request),
      (e) => e.id,
    );
    if (!result) return badCursor(c) as never;
    return c.json({ next: result.next, previous: result.previous, results: result.rows.map(entityView) }, 200);
  });

  app.openapi(route.entityOf, async (c) => {
    const { app_id, entity_id } = c.req.valid('param');
    if (!(await findApp(c.var.ctx, app_id))) return noApp(c) as never;
    const entity = await findSettlementEntity(c.var.ctx, entity_id);
    if (!entity) return restError(c, FAMILY, 404, 'NOT_FOUND', 'No settlement entity with this entity_id.') as never;
    return c.json({ entity: entityView(entity) }, 200);
  });
  return app;
}
