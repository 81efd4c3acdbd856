import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

/** An event for merchants, written in the same transaction as the change it describes. */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  properties: {
    id: p.string().primary().length(40),
    // Checked per statement, not per row (Migration20261204161000_statement_references).
    business: () => p.manyToOne(Business).createForeignKeyConstraint(false),
    mode: p.enum(MODES),
    type: p.string().length(60),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    /** When the event was fanned out into webhook deliveries (null: not yet). */
    dispatchedAt: p.datetime().nullable(),
  },
  // The dispatcher takes undispatched events in id order; once dispatched they leave this index.
  indexes: [
    { name: 'outbox_event_pending_index', expression: `create index "outbox_event_pending_index" on "outbox_event" ("id") where "dispatched_at" is null` },
  ],
});
export class OutboxEvent extends OutboxEventSchema.class {}
OutboxEventSchema.setClass(OutboxEvent);
