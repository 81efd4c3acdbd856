import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { Business } from '../tenancy/business.entity.ts';
import { App } from './app.entity.ts';

export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED'] as const;

/** One event for one app: retried on a schedule until it succeeds or the schedule runs out. */
const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    event: () => p.manyToOne(OutboxEvent),
    /** The app whose secret signs the delivery (and whose callback URL receives it, unless `targetUrl`). */
    app: () => p.manyToOne(App).index(),
    /** A payment link's own callbackUrl, when the delivery goes there instead of the app's URL. */
    targetUrl: p.string().length(2048).nullable(),
    status: p.enum(DELIVERY_STATUSES),
    /** Attempts finished so far. */
    attempts: p.integer(),
    /** Set while an attempt is in flight; a claim older than a minute belongs to a dead process. */
    claimedAt: p.datetime().nullable(),
    nextAttemptAt: p.datetime().nullable(),
    lastStatusCode: p.integer().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  // Only pending deliveries are looked up by time (re-queueing what a crash left behind): an index
  // of those alone stays small, and settling a delivery writes fewer index entries.
  indexes: [
    {
      name: 'webhook_delivery_due_index',
      expression: `create index "webhook_delivery_due_index" on "webhook_delivery" ("next_attempt_at") where "status" = 'PENDING'`,
    },
  ],
});
export class WebhookDelivery extends WebhookDeliverySchema.class {}
WebhookDeliverySchema.setClass(WebhookDelivery);

/** What one HTTP attempt sent and got back (bodies capped). */
const WebhookAttemptSchema = defineEntity({
  name: 'WebhookAttempt',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    delivery: () => p.manyToOne(WebhookDelivery).index(),
    attemptNumber: p.integer(),
    attemptedAt: p.datetime(),
    statusCode: p.integer().nullable(),
    latencyMs: p.integer(),
    error: p.string().length(500).nullable(),
    requestBody: p.text(),
    responseBody: p.text().nullable(),
  },
});
export class WebhookAttempt extends WebhookAttemptSchema.class {}
WebhookAttemptSchema.setClass(WebhookAttempt);
