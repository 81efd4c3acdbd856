import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { parseRetryAfter, retryDelayMs } from '../../domain/webhook-retry.ts';
import { signedWebhookHeaders } from '../../domain/webhook-signature.ts';
import { Bill } from '../bills/bill.entities.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { PaymentLink } from '../payments/payment.entities.ts';
import { App } from './app.entity.ts';
import { signingSecrets } from './apps.service.ts';
import { mayUsePrivateTargets, type WebhookSettings } from './callback-targets.ts';
import { WebhookAttempt, WebhookDelivery } from './delivery.entities.ts';
import { LOGGED_BODY_LIMIT, sendWebhook } from './sender.ts';

/** A claim older than this belongs to a process that died mid-attempt; the attempt may run again. */
export const CLAIM_TIMEOUT_MS = 60_000;

export interface AttemptJob {
  deliveryId: string;
  /** The attempt this job performs (1 for the first). A stale or duplicate job finds it done. */
  attempt: number;
}

export interface DeliveryDeps {
  clock: Clock;
  settings: WebhookSettings;
  /** Queues an attempt to run after `delayMs`. */
  enqueue(job: AttemptJob, delayMs: number): Promise<void>;
  /** Queues many first attempts at once. */
  enqueueNow(jobs: AttemptJob[]): Promise<void>;
}

/** The body merchants receive: stable event id, type, creation time and the event's own payload. */
export function webhookBody(event: OutboxEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), livemode: event.mode === 'LIVE', data: event.payload });
}

function newDelivery(em: EntityManager, event: OutboxEvent, app: App, now: Date, targetUrl: string | null = null): WebhookDelivery {
  return em.create(WebhookDelivery, {
    id: newId('whd', now),
    business: event.business,
    mode: event.mode,
    event,
    app,
    targetUrl,
    status: 'PENDING',
    attempts: 0,
    claimedAt: null,
    nextAttemptAt: now,
    lastStatusCode: null,
    createdAt: now,
    updatedAt: now,
  });
}

/**
 * Fans new outbox events out into one delivery per active app of the event's business and mode,
 * and queues their first attempts. Rows another process is dispatching are skipped. Returns how
 * many events it took (fewer than `limit`: nothing is left).
 */
export async function dispatchOutboxEvents(em: EntityManager, deps: DeliveryDeps, limit = 200): Promise<number> {
  const now = deps.clock.now();
  const created = await em.fork().transactional(async (tx) => {
    const events = await tx.find(OutboxEvent, { dispatchedAt: null }, { orderBy: { id: 'asc' }, limit, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
    if (!events.length) return { events: 0, deliveries: [] };
    const apps = await tx.find(App, {
      status: 'ACTIVE',
      $or: [...new Set(events.map((e) => `${e.business.id}:${e.mode}`))].map((scope) => {
        const [business, mode] = scope.split(':') as [string, 'TEST' | 'LIVE'];
        return { business, mode };
      }),
    });
    const linkCallbacks = await linkCallbackUrls(tx, events);
    const deliveries: WebhookDelivery[] = [];
    for (const event of events) {
      event.dispatchedAt = now;
      const eventApps = apps.filter((a) => a.business.id === event.business.id && a.mode === event.mode);
      for (const app of eventApps) deliveries.push(newDelivery(tx, event, app, now));
      // A payment link's or bill's own callbackUrl hears about its payments too, signed with every app's secret.
      const callbackUrl = callbackTargetOf(event) && linkCallbacks.get(callbackTargetOf(event)!);
      if (callbackUrl && eventApps[0]) deliveries.push(newDelivery(tx, event, eventApps[0], now, callbackUrl));
    }
    return { events: events.length, deliveries: deliveries.map((d) => d.id) };
  });
  if (created.deliveries.length) await deps.enqueueNow(created.deliveries.map((deliveryId) => ({ deliveryId, attempt: 1 })));
  return created.events;
}

const CHECKOUT_CALLBACK_EVENTS = new Set([
  'payment.received',
  'invoice.paid',
  'invoice.partially_paid',
  'payment.exception',
  'bill.payment_received',
  'bill.paid',
  'bill.completed',
  'bill.expired',
]);

/** The link or bill whose own callbackUrl should hear of this event, if any. */
function callbackTargetOf(event: OutboxEvent): string | null {
  if (!CHECKOUT_CALLBACK_EVENTS.has(event.type)) return null;
  const id = String(event.payload.billId ?? event.payload.checkoutId ?? '');
  return id.startsWith('pl_') || id.startsWith('bill_') ? id : null;
}

async function linkCallbackUrls(tx: EntityManager, events: OutboxEvent[]): Promise<Map<string, string>> {
  const ids = [...new Set(events.map(callbackTargetOf).filter((id) => id !== null))];
  const linkIds = ids.filter((id) => id.startsWith('pl_'));
  const billIds = ids.filter((id) => id.startsWith('bill_'));
  const [links, bills] = await Promise.all([
    linkIds.length ? tx.find(PaymentLink, { id: { $in: linkIds }, callbackUrl: { $ne: null } }, { fields: ['id', 'callbackUrl'] }) : [],
    billIds.length ? tx.find(Bill, { id: { $in: billIds }, callbackUrl: { $ne: null } }, { fields: ['id', 'callbackUrl'] }) : [],
  ]);
  return new Map([...links, ...bills].map((checkout) => [checkout.id, checkout.callbackUrl!]));
}

/**
 * Performs one attempt: claim it (so no other process performs the same attempt), POST it signed,
 * log it, then succeed, schedule the next attempt, or give up. 410 Gone disables the endpoint.
 */
export async function performAttempt(em: EntityManager, deps: DeliveryDeps, job: AttemptJob): Promise<void> {
  const now = deps.clock.now();
  const claimed = await em.fork().nativeUpdate(
    WebhookDelivery,
    {
      id: job.deliveryId,
      status: 'PENDING',
      attempts: job.attempt - 1,
      $or: [{ claimedAt: null }, { claimedAt: { $lt: new Date(now.getTime() - CLAIM_TIMEOUT_MS) } }],
    },
    { claimedAt: now },
  );
  if (claimed !== 1) return; // done already, or another process has it

  const work = em.fork();
  const delivery = await work.findOneOrFail(WebhookDelivery, { id: job.deliveryId }, { populate: ['event', 'app'] });
  const { app, event } = delivery;
  const body = webhookBody(event);
  if (app.status !== 'ACTIVE' || !deps.settings.secretsKey) {
    delivery.status = 'CANCELED';
    delivery.claimedAt = null;
    delivery.updatedAt = now;
    await work.flush();
    return;
  }
  // A link's own callback may be verified with the secret of any of the merchant's apps.
  const signers = delivery.targetUrl ? await work.find(App, { business: app.business, mode: app.mode, status: 'ACTIVE' }) : [app];
  const secretsKey = deps.settings.secretsKey;
  const headers = signedWebhookHeaders({
    eventId: event.id,
    timestamp: Math.floor(now.getTime() / 1000),
    body,
    secrets: signers.flatMap((signer) => signingSecrets(signer, secretsKey, now)),
  });
  const result = await sendWebhook(delivery.targetUrl ?? app.callbackUrl, headers, body, { allowPrivate: mayUsePrivateTargets(deps.settings, app.mode) });
  const finishedAt = deps.clock.now();

  work.create(WebhookAttempt, {
    delivery,
    attemptNumber: job.attempt,
    attemptedAt: now,
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    error: result.error ?? (result.statusCode && (result.statusCode < 200 || result.statusCode >= 300) ? `HTTP ${result.statusCode}` : null),
    requestBody: body.slice(0, LOGGED_BODY_LIMIT),
    responseBody: result.responseBody,
  });
  delivery.attempts = job.attempt;
  delivery.claimedAt = null;
  delivery.lastStatusCode = result.statusCode;
  delivery.updatedAt = finishedAt;

  const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  let next: number | null = null;
  if (succeeded) {
    delivery.status = 'SUCCEEDED';
    delivery.nextAttemptAt = null;
  } else if (result.statusCode === 410) {
    delivery.status = 'FAILED';
    delivery.nextAttemptAt = null;
    if (!delivery.targetUrl) disableEndpoint(work, app, finishedAt, 'The endpoint answered 410 Gone.');
  } else {
    next = retryDelayMs(job.attempt, { retryAfterSeconds: parseRetryAfter(result.retryAfter, finishedAt), schedule: deps.settings.retrySchedule });
    delivery.status = next === null ? 'FAILED' : 'PENDING';
    delivery.nextAttemptAt = next === null ? null : new Date(finishedAt.getTime() + next);
  }
  await work.flush();
  if (next !== null) await deps.enqueue({ deliveryId: delivery.id, attempt: job.attempt + 1 }, next);
}

/** Stops sending to an app and tells the merchant why (the notice goes to their other apps). */
function disableEndpoint(em: EntityManager, app: App, now: Date, reason: string): void {
  app.status = 'DISABLED';
  app.disabledReason = reason;
  em.create(OutboxEvent, {
    id: newId('evt', now),
    business: app.business,
    mode: app.mode,
    type: 'webhook.endpoint_disabled',
    payload: { appId: app.appId, callbackUrl: app.callbackUrl, reason },
    createdAt: now,
    dispatchedAt: null,
  });
}

/**
 * Re-queues attempts a crash left behind: PENDING deliveries whose next attempt is overdue by a
 * minute (the queue job was never written, or its process died mid-attempt). Duplicate jobs are
 * harmless: an attempt runs only once its claim succeeds.
 */
export async function requeueStalledDeliveries(em: EntityManager, deps: DeliveryDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - CLAIM_TIMEOUT_MS);
  const stalled = await em.fork().find(
    WebhookDelivery,
    { status: 'PENDING', nextAttemptAt: { $lt: cutoff }, $or: [{ claimedAt: null }, { claimedAt: { $lt: cutoff } }] },
    { limit: 200, orderBy: { nextAttemptAt: 'asc' } },
  );
  if (stalled.length) await deps.enqueueNow(stalled.map((delivery) => ({ deliveryId: delivery.id, attempt: delivery.attempts + 1 })));
  return stalled.length;
}

/** Sends an event again to every app of its business and mode, as new deliveries. */
export async function redeliverEvent(em: EntityManager, deps: DeliveryDeps, event: OutboxEvent): Promise<WebhookDelivery[]> {
  const now = deps.clock.now();
  const apps = await em.find(App, { business: event.business, mode: event.mode, status: 'ACTIVE' });
  const deliveries = apps.map((app) => newDelivery(em, event, app, now));
  await em.flush();
  if (deliveries.length) await deps.enqueueNow(deliveries.map((delivery) => ({ deliveryId: delivery.id, attempt: 1 })));
  return deliveries;
}
