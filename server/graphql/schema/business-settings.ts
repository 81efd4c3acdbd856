import { CHECKOUT_SETTINGS_ERROR_CODES, updateCheckoutSettings } from '../../modules/tenancy/tenancy.service.ts';
import { builder } from '../builder.ts';
import { BusinessRef } from './business.ts';
import { userErrorType } from './common.ts';

const UpdateCheckoutSettingsInput = builder.inputType('UpdateCheckoutSettingsInput', {
  fields: (t) => ({
    allowedOrigins: t.stringList({
      required: true,
      description: 'Origins (https://shop.example.com) that may frame the hosted checkout and receive its messages.',
    }),
  }),
});

const CheckoutSettingsUserErrorRef = userErrorType('CheckoutSettings', CHECKOUT_SETTINGS_ERROR_CODES);
const UpdateCheckoutSettingsPayload = builder
  .objectRef<{ business?: typeof BusinessRef.$inferType; userErrors: (typeof CheckoutSettingsUserErrorRef.$inferType)[] }>('UpdateCheckoutSettingsPayload')
  .implement({
    fields: (t) => ({
      business: t.expose('business', { type: BusinessRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [CheckoutSettingsUserErrorRef] }),
    }),
  });

builder.mutationField('updateCheckoutSettings', (t) =>
  t.field({
    type: UpdateCheckoutSettingsPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: UpdateCheckoutSettingsInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateCheckoutSettings(ctx, input),
  }),
);
