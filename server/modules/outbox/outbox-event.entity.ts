import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

/** An event for merchants, written in the same transaction as the change it describes. */
const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business).index(),
    mode: p.enum(MODES),
    type: p.string().length(60),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    /** When the event was fanned out into webhook deliveries (null: not yet). */
    dispatchedAt: p.datetime().nullable().index(),
  },
});
export class OutboxEvent extends OutboxEventSchema.class {}
OutboxEventSchema.setClass(OutboxEvent);
