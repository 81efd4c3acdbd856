import { CHECKOUT_SETTINGS_ERROR_CODES, updateCheckoutSettings } from '../../modules/tenancy/tenancy.service.ts';
import { builder } from '../builder.ts';
import { BusinessRef } from './business.ts';
import { userErrorType } from './common.ts';

const UpdateCheckoutSettingsInput = builder.inputType('UpdateCheckoutSettingsInput', {
  fields: (t) => ({
    allowedOrigins: t.stringList({
      description: 'Origins (https://shop.example.com) that may frame the hosted checkout and receive its messages. Omitted: unchanged.',
    }),
    logoUrl: t.string({
      description:
        'An https:// URL, or an upload as a data: URL of a PNG, JPEG or WebP (no SVG) of at most 160 KB, which we keep and serve. Null removes the logo; omitted: unchanged.',
    }),
    brandColor: t.string({
      description:
        '#rrggbb for the primary button; refused (BRAND_COLOR_CONTRAST) when neither white nor dark text on it reaches WCAG AA 4.5:1. Null: the default colour.',
    }),
    supportEmail: t.string({ description: 'Shown in the checkout footer and on receipts. Null removes it.' }),
    supportPhone: t.string({ description: 'E.164, e.g. +2348012345678 (spaces and dashes are dropped). Null removes it.' }),
    showSecuredBy: t.boolean({ description: 'Whether the checkout shows "Secured by pay-checkout" (default true).' }),
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
    description:
      'What every customer of the business sees, in test and live mode: logo, brand colour, support contact and the origins that may frame the checkout. Takes a live key (LIVE_KEY_REQUIRED otherwise).',
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: UpdateCheckoutSettingsInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateCheckoutSettings(ctx, input),
  }),
);
