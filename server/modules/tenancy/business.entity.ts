import { defineEntity, p } from '@mikro-orm/core';

export const PLANS = ['RETAIL', 'ENTERPRISE'] as const;
export type Plan = (typeof PLANS)[number];

const BusinessSchema = defineEntity({
  name: 'Business',
  properties: {
    id: p.string().primary().length(40),
    name: p.string().length(200),
    plan: p.enum(PLANS),
    /** ISO 3166-1 alpha-2. */
    country: p.string().length(2),
    /** ISO 4217; amounts default to it where a currency is optional. */
    defaultCurrency: p.string().length(3),
    /** Origins allowed to frame the hosted checkout and receive its messages. */
    allowedOrigins: p.array().default([]),
    /** The checkout's branding: an https URL, or the path of a logo uploaded to us (`/v1/logos/…`). */
    logoUrl: p.string().length(2048).nullable(),
    /** `#rrggbb`, only colours whose button text can reach WCAG AA (domain/contrast.ts). */
    brandColor: p.string().length(7).nullable(),
    supportEmail: p.string().length(254).nullable(),
    /** E.164, e.g. +2348012345678. */
    supportPhone: p.string().length(16).nullable(),
    showSecuredBy: p.boolean().default(true),
    createdAt: p.datetime(),
  },
});

export class Business extends BusinessSchema.class {}
BusinessSchema.setClass(Business);
