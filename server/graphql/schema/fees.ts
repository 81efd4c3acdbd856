import { PLATFORM_FEE_ERROR_CODES, setPlatformFee } from '../../modules/fees/fees.service.ts';
import type { PlatformFeeRule } from '../../modules/fees/platform-fee-rule.entity.ts';
import { builder } from '../builder.ts';
import { ModeEnum, userErrorType } from './common.ts';

const PlatformFeeRuleRef = builder.objectRef<PlatformFeeRule>('PlatformFeeRule').implement({
  description: 'An override of the platform fee added on top of till alias amounts: a percentage with a minimum and a maximum, from a date on.',
  fields: (t) => ({
    id: t.exposeID('id'),
    mode: t.expose('mode', { type: ModeEnum }),
    currency: t.exposeString('currency', { description: 'ISO 4217, or * for every currency.' }),
    rateBasisPoints: t.exposeInt('rateBasisPoints', { description: '50 is 0.5 %.' }),
    minimumMinor: t.expose('minimumMinor', { type: 'MinorUnits' }),
    maximumMinor: t.expose('maximumMinor', { type: 'MinorUnits', nullable: true }),
    effectiveFrom: t.expose('effectiveFrom', { type: 'DateTime' }),
  }),
});

const SetPlatformFeeInput = builder.inputType('SetPlatformFeeInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    mode: t.field({ type: ModeEnum, required: true }),
    entityId: t.string({ description: 'One settlement entity only; omitted: the whole business.' }),
    currency: t.string({ required: true, description: 'ISO 4217, or * for every currency.' }),
    rateBasisPoints: t.int({ required: true }),
    minimumMinor: t.field({ type: 'MinorUnits', defaultValue: 0 }),
    maximumMinor: t.field({ type: 'MinorUnits' }),
    effectiveFrom: t.field({ type: 'DateTime', description: 'Defaults to now.' }),
  }),
});

const PlatformFeeUserErrorRef = userErrorType('PlatformFee', PLATFORM_FEE_ERROR_CODES);
const SetPlatformFeePayload = builder
  .objectRef<{ rule?: PlatformFeeRule; userErrors: (typeof PlatformFeeUserErrorRef.$inferType)[] }>('SetPlatformFeePayload')
  .implement({
    fields: (t) => ({
      rule: t.expose('rule', { type: PlatformFeeRuleRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [PlatformFeeUserErrorRef] }),
    }),
  });

builder.mutationField('setPlatformFee', (t) =>
  t.field({
    description: 'Platform operator only: override the platform fee (0.5 % by default) for a business or one of its settlement entities.',
    type: SetPlatformFeePayload,
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: SetPlatformFeeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      setPlatformFee(ctx, {
        ...input,
        businessId: String(input.businessId),
        minimumMinor: Number(input.minimumMinor ?? 0),
        maximumMinor: input.maximumMinor == null ? null : Number(input.maximumMinor),
      }),
  }),
);
