import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusinessView } from '../../modules/request-context.ts';
import { PLANS, Business } from '../../modules/tenancy/business.entity.ts';
import { BUSINESS_ERROR_CODES, createBusiness, listBusinesses, updateBusinessPlan } from '../../modules/tenancy/tenancy.service.ts';
import { searchPattern } from '../../domain/search.ts';
import { builder } from '../builder.ts';
import { searchOrThrow } from '../errors.ts';
import { userErrorType } from './common.ts';
import { pageById } from './connection.ts';

export const PlanEnum = builder.enumType('Plan', { values: PLANS });

export const BusinessRef = builder.objectRef<BusinessView>('Business').implement({
  description: 'A tenant: every other object belongs to exactly one business.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    plan: t.expose('plan', { type: PlanEnum }),
    country: t.exposeString('country'),
    defaultCurrency: t.exposeString('defaultCurrency'),
    allowedOrigins: t.stringList({
      description: 'Origins that may frame the hosted checkout.',
      // The viewer's business is a cached summary; the list itself is read from the database.
      resolve: async (business, _args, ctx) =>
        'allowedOrigins' in business ? (business as Business).allowedOrigins : (await ctx.em.findOneOrFail(Business, { id: business.id })).allowedOrigins,
    }),
    logoUrl: t.string({
      nullable: true,
      description: 'The checkout logo: an https URL (ours for an uploaded one).',
      resolve: async (business, _args, ctx) => {
        const url = (await settingsOf(business, ctx)).logoUrl;
        return url?.startsWith('/') ? `${ctx.services.publicUrl}${url}` : (url ?? null);
      },
    }),
    brandColor: t.string({ nullable: true, resolve: async (business, _args, ctx) => (await settingsOf(business, ctx)).brandColor ?? null }),
    supportEmail: t.string({ nullable: true, resolve: async (business, _args, ctx) => (await settingsOf(business, ctx)).supportEmail ?? null }),
    supportPhone: t.string({ nullable: true, resolve: async (business, _args, ctx) => (await settingsOf(business, ctx)).supportPhone ?? null }),
    showSecuredBy: t.boolean({ resolve: async (business, _args, ctx) => (await settingsOf(business, ctx)).showSecuredBy }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** The viewer's business is a cached summary; its checkout settings are read from the database (once per request, by the identity map). */
async function settingsOf(business: BusinessView, ctx: { em: EntityManager }): Promise<Business> {
  return 'allowedOrigins' in business ? (business as Business) : ctx.em.findOneOrFail(Business, { id: business.id });
}

const CreateBusinessInput = builder.inputType('CreateBusinessInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    plan: t.field({ type: PlanEnum, required: true }),
    country: t.string({ required: true, description: 'ISO 3166-1 alpha-2, e.g. NG.' }),
    defaultCurrency: t.string({ required: true, description: 'ISO 4217, e.g. NGN.' }),
  }),
});

const BusinessUserErrorRef = userErrorType('Business', BUSINESS_ERROR_CODES);
const CreateBusinessPayload = builder
  .objectRef<{ business?: Business; testSecretKey?: string; userErrors: (typeof BusinessUserErrorRef.$inferType)[] }>('CreateBusinessPayload')
  .implement({
    fields: (t) => ({
      business: t.expose('business', { type: BusinessRef, nullable: true }),
      testSecretKey: t.exposeString('testSecretKey', { nullable: true, description: 'Shown once; only its hash is kept.' }),
      userErrors: t.expose('userErrors', { type: [BusinessUserErrorRef] }),
    }),
  });

builder.mutationField('createBusiness', (t) =>
  t.field({
    description: 'Platform operator only: onboard a business and issue its first test key.',
    type: CreateBusinessPayload,
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: CreateBusinessInput, required: true }) },
    resolve: (_root, { input }, ctx) => createBusiness(ctx, input),
  }),
);

const UpdateBusinessPlanInput = builder.inputType('UpdateBusinessPlanInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    plan: t.field({ type: PlanEnum, required: true }),
  }),
});

const BusinessPayload = builder.objectRef<{ business?: Business; userErrors: (typeof BusinessUserErrorRef.$inferType)[] }>('BusinessPayload').implement({
  fields: (t) => ({
    business: t.expose('business', { type: BusinessRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [BusinessUserErrorRef] }),
  }),
});

builder.mutationField('updateBusinessPlan', (t) =>
  t.field({
    description: 'Platform operator only: move a business to another plan (RETAIL has no payment links or tap-to-pay). Its keys see it within seconds.',
    type: BusinessPayload,
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: UpdateBusinessPlanInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateBusinessPlan(ctx, { businessId: String(input.businessId), plan: input.plan }),
  }),
);

builder.queryField('businesses', (t) =>
  t.connection(
    {
      description: 'Platform operator only: every business, newest first.',
      type: BusinessRef,
      authScopes: { platformAdmin: true },
      args: {
        search: t.arg.string({ description: 'Part of the name or the id (case-insensitive).' }),
        plan: t.arg({ type: PlanEnum }),
      },
      resolve: (_root, args, ctx) => {
        const search = searchOrThrow(searchPattern(args.search));
        return pageById(args, (page) => listBusinesses(ctx, page, { search, plan: args.plan }));
      },
    },
    { name: 'BusinessConnection' },
    { name: 'BusinessEdge' },
  ),
);
