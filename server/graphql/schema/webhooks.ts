import { APP_STATUSES, type App } from '../../modules/webhooks/app.entity.ts';
import { APP_ERROR_CODES, findApp, listApps, registerApp, rotateWebhookSecret, setAppEnabled, updateApp } from '../../modules/webhooks/apps.service.ts';
import { attemptsOf, listDeliveries, redeliverWebhook, WEBHOOK_DELIVERY_ERROR_CODES } from '../../modules/webhooks/deliveries.service.ts';
import { DELIVERY_STATUSES, type WebhookAttempt, type WebhookDelivery } from '../../modules/webhooks/delivery.entities.ts';
import { builder } from '../builder.ts';
import { grantsWrite, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';

const AppUserErrorRef = userErrorType('App', APP_ERROR_CODES);
type UserErrors = (typeof AppUserErrorRef.$inferType)[];
const AppStatusEnum = builder.enumType('AppStatus', { values: APP_STATUSES });
const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', { values: DELIVERY_STATUSES });

const AppRef = builder.objectRef<App>('App').implement({
  description: "A merchant's receiving application: one callback URL, signed deliveries of every event.",
  authScopes: readableWith('apps:read', 'apps:write'),
  fields: (t) => ({
    appId: t.exposeString('appId'),
    name: t.exposeString('name'),
    callbackUrl: t.exposeString('callbackUrl'),
    status: t.expose('status', { type: AppStatusEnum }),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Until then deliveries carry both signatures.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AttemptRef = builder.objectRef<WebhookAttempt>('WebhookAttempt').implement({
  fields: (t) => ({
    attemptNumber: t.exposeInt('attemptNumber'),
    attemptedAt: t.expose('attemptedAt', { type: 'DateTime' }),
    statusCode: t.exposeInt('statusCode', { nullable: true }),
    latencyMs: t.exposeInt('latencyMs'),
    error: t.exposeString('error', { nullable: true }),
    requestBody: t.exposeString('requestBody', { description: 'Capped at 4 KB.' }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'Capped at 4 KB.' }),
  }),
});

const DeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  authScopes: readableWith('webhooks:read', 'webhooks:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    eventId: t.string({ resolve: (d) => d.event.id }),
    eventType: t.string({ resolve: (d) => d.event.type }),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    attemptCount: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    attempts: t.field({ type: [AttemptRef], resolve: (d, _args, ctx) => attemptsOf(ctx, d) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const RegisterAppInput = builder.inputType('RegisterAppInput', {
  fields: (t) => ({
    appId: t.string({ required: true, description: 'Your name for it, e.g. SCHOOLFEES.' }),
    name: t.string({ required: true }),
    callbackUrl: t.string({ required: true, description: 'https; private and loopback hosts are refused.' }),
  }),
});
const UpdateAppInput = builder.inputType('UpdateAppInput', {
  fields: (t) => ({ appId: t.string({ required: true }), name: t.string(), callbackUrl: t.string() }),
});
const AppIdInput = builder.inputType('AppIdInput', { fields: (t) => ({ appId: t.string({ required: true }) }) });

const AppPayload = builder.objectRef<{ app?: App; userErrors: UserErrors }>('AppPayload').implement({
  grantScopes: grantsWrite('apps:write'),
  fields: (t) => ({
    app: t.expose('app', { type: AppRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [AppUserErrorRef] }),
  }),
});
const AppSecretPayload = builder.objectRef<{ app?: App; webhookSecret?: string; userErrors: UserErrors }>('AppSecretPayload').implement({
  grantScopes: grantsWrite('apps:write'),
  fields: (t) => ({
    app: t.expose('app', { type: AppRef, nullable: true }),
    webhookSecret: t.exposeString('webhookSecret', { nullable: true, description: '`whsec_…`, shown once.' }),
    userErrors: t.expose('userErrors', { type: [AppUserErrorRef] }),
  }),
});

builder.mutationField('registerApp', (t) =>
  t.field({
    type: AppSecretPayload,
    authScopes: { scope: 'apps:write' },
    args: { input: t.arg({ type: RegisterAppInput, required: true }) },
    resolve: (_root, { input }, ctx) => registerApp(ctx, ctx.services, input),
  }),
);
builder.mutationField('updateApp', (t) =>
  t.field({
    type: AppPayload,
    authScopes: { scope: 'apps:write' },
    args: { input: t.arg({ type: UpdateAppInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateApp(ctx, ctx.services, input),
  }),
);
builder.mutationField('disableApp', (t) =>
  t.field({
    type: AppPayload,
    authScopes: { scope: 'apps:write' },
    args: { input: t.arg({ type: AppIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => setAppEnabled(ctx, input, false),
  }),
);
builder.mutationField('enableApp', (t) =>
  t.field({
    type: AppPayload,
    authScopes: { scope: 'apps:write' },
    args: { input: t.arg({ type: AppIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => setAppEnabled(ctx, input, true),
  }),
);
builder.mutationField('rotateWebhookSecret', (t) =>
  t.field({
    type: AppSecretPayload,
    authScopes: { scope: 'apps:write' },
    args: { input: t.arg({ type: AppIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => rotateWebhookSecret(ctx, ctx.services, input),
  }),
);

builder.queryField('apps', (t) => t.field({ type: [AppRef], authScopes: { scope: 'apps:read' }, resolve: (_root, _args, ctx) => listApps(ctx) }));
builder.queryField('app', (t) =>
  t.field({
    type: AppRef,
    nullable: true,
    authScopes: { scope: 'apps:read' },
    args: { appId: t.arg.string({ required: true }) },
    resolve: (_root, { appId }, ctx) => findApp(ctx, appId),
  }),
);

builder.queryField('webhookDeliveries', (t) =>
  t.connection(
    {
      type: DeliveryRef,
      authScopes: { scope: 'webhooks:read' },
      args: { appId: t.arg.string({ required: true }), status: t.arg({ type: DeliveryStatusEnum }) },
      resolve: (_root, args, ctx) => pageById(args, (page) => listDeliveries(ctx, args.appId, page, args.status)),
    },
    { name: 'WebhookDeliveryConnection' },
    { name: 'WebhookDeliveryEdge' },
  ),
);

const RedeliverInput = builder.inputType('RedeliverWebhookInput', { fields: (t) => ({ eventId: t.id({ required: true }) }) });
const WebhookDeliveryUserErrorRef = userErrorType('WebhookDelivery', WEBHOOK_DELIVERY_ERROR_CODES);
const RedeliverPayload = builder
  .objectRef<{ deliveries?: WebhookDelivery[]; userErrors: (typeof WebhookDeliveryUserErrorRef.$inferType)[] }>('RedeliverWebhookPayload')
  .implement({
    grantScopes: grantsWrite('webhooks:write'),
    fields: (t) => ({
      deliveries: t.expose('deliveries', { type: [DeliveryRef], nullable: true }),
      userErrors: t.expose('userErrors', { type: [WebhookDeliveryUserErrorRef] }),
    }),
  });
builder.mutationField('redeliverWebhook', (t) =>
  t.field({
    type: RedeliverPayload,
    authScopes: { scope: 'webhooks:write' },
    args: { input: t.arg({ type: RedeliverInput, required: true }) },
    resolve: (_root, { input }, ctx) => redeliverWebhook(ctx, ctx.services, { eventId: String(input.eventId) }),
  }),
);
