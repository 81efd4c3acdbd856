import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../../domain/api-keys.ts';
import { tapToPayMachine } from '../../../domain/tap-to-pay.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { Business } from '../../tenancy/business.entity.ts';

export const TAP_TO_PAY_STATUSES = tapToPayMachine.statuses;

/** An in-person NFC payment on a partner device; it waits five minutes for a tap. */
const TapToPaySessionSchema = defineEntity({
  name: 'TapToPaySession',
  properties: {
    id: p.string().primary().length(60),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    amountMinor: p.bigint(),
    currency: p.string().length(3),
    description: p.string().length(140),
    invoice: () => p.manyToOne(Invoice).nullable().index(),
    customerId: p.string().length(100).nullable(),
    deviceId: p.string().length(100),
    status: p.enum(TAP_TO_PAY_STATUSES),
    expiresAt: p.datetime().index(),
    createdAt: p.datetime(),
  },
});
export class TapToPaySession extends TapToPaySessionSchema.class {}
TapToPaySessionSchema.setClass(TapToPaySession);
