import type { BusinessView } from '../../modules/request-context.ts';
import { PLANS, Business } from '../../modules/tenancy/business.entity.ts';
import { BUSINESS_ERROR_CODES, createBusiness } from '../../modules/tenancy/tenancy.service.ts';
import { builder } from '../builder.ts';
import { userErrorType } from './common.ts';

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
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

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
