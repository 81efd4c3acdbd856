import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

export const APP_STATUSES = ['ACTIVE', 'DISABLED'] as const;

/** A merchant's receiving application: one callback URL and one signing secret (two while rotating). */
const AppSchema = defineEntity({
  name: 'App',
  uniques: [{ properties: ['business', 'mode', 'appId'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    /** The merchant's own name for it, e.g. SCHOOLFEES. */
    appId: p.string().length(40),
    name: p.string().length(200),
    callbackUrl: p.string().length(2048),
    status: p.enum(APP_STATUSES),
    disabledReason: p.string().length(200).nullable(),
    /** The signing secret, sealed with the secrets key (never stored in the clear). */
    sealedSecret: p.text(),
    /** The secret before the last rotation, valid until `previousSecretExpiresAt`. */
    sealedPreviousSecret: p.text().nullable(),
    previousSecretExpiresAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});
export class App extends AppSchema.class {}
AppSchema.setClass(App);
