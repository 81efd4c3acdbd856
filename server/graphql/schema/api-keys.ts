import type { ApiKey } from '../../modules/tenancy/api-key.entity.ts';
import { API_KEY_ERROR_CODES, createApiKey, listApiKeys, revokeApiKey } from '../../modules/tenancy/tenancy.service.ts';
import { builder } from '../builder.ts';
import { grantsWrite, ModeEnum, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';

export const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  description: 'A secret key of one business and one mode. The secret itself is never readable.',
  authScopes: readableWith('api_keys:read', 'api_keys:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    mode: t.expose('mode', { type: ModeEnum }),
    scopes: t.exposeStringList('scopes'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    mode: t.field({ type: ModeEnum, required: true }),
    scopes: t.stringList({ required: true, description: 'E.g. ["invoices:write", "checkouts:write"].' }),
    businessId: t.id({ description: 'Platform operator only: the business the key is for.' }),
  }),
});

const ApiKeyUserErrorRef = userErrorType('ApiKey', API_KEY_ERROR_CODES);
type UserErrors = (typeof ApiKeyUserErrorRef.$inferType)[];

const CreateApiKeyPayload = builder.objectRef<{ apiKey?: ApiKey; secret?: string; userErrors: UserErrors }>('CreateApiKeyPayload').implement({
  grantScopes: grantsWrite('api_keys:write'),
  fields: (t) => ({
    apiKey: t.expose('apiKey', { type: ApiKeyRef, nullable: true }),
    secret: t.exposeString('secret', { nullable: true, description: '`sk_test_…`/`sk_live_…`, shown once.' }),
    userErrors: t.expose('userErrors', { type: [ApiKeyUserErrorRef] }),
  }),
});

const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const RevokeApiKeyPayload = builder.objectRef<{ apiKey?: ApiKey; userErrors: UserErrors }>('RevokeApiKeyPayload').implement({
  grantScopes: grantsWrite('api_keys:write'),
  fields: (t) => ({
    apiKey: t.expose('apiKey', { type: ApiKeyRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [ApiKeyUserErrorRef] }),
  }),
});

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    authScopes: { platformAdmin: true, scope: 'api_keys:write' },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => createApiKey(ctx, { ...input, businessId: input.businessId?.toString() }),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: RevokeApiKeyPayload,
    authScopes: { scope: 'api_keys:write' },
    args: { input: t.arg({ type: RevokeApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => revokeApiKey(ctx, ctx.services, { id: input.id.toString() }),
  }),
);

builder.queryField('apiKeys', (t) =>
  t.connection(
    {
      type: ApiKeyRef,
      description: "The caller's keys of its own mode, newest first.",
      authScopes: { scope: 'api_keys:read' },
      resolve: (_root, args, ctx) => pageById(args, (page) => listApiKeys(ctx, page)),
    },
    { name: 'ApiKeyConnection' },
    { name: 'ApiKeyEdge' },
  ),
);
