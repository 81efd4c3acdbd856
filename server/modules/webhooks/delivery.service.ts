import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/api-keys.ts';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { parseRetryAfter, retryDelayMs } from '../../domain/webhook-retry.ts';
import { signedWebhookHeaders } from '../../domain/webhook-signature.ts';
import { valuesList } from '../../db/sql.ts';
import type { CheckoutCallback } from '../checkouts/checkout-kind.ts';
import { checkoutCallbacks } from '../checkouts/registry.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { byTenant, type PlatformJob, type TenantJob } from '../tenancy/job-context.ts';
import { tenantCondition } from '../tenancy/tenant-sql.ts';
import { App } from './app.entity.ts';
import { signingSecrets } from './apps.service.ts';
import { mayUsePrivateTargets, type WebhookSettings } from './callback-targets.ts';
import { WebhookDelivery } from './delivery.entities.ts';
import { LOGGED_BODY_LIMIT, sendWebhook, type SendResult } from './sender.ts';

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
  /** Queues attempts to run after their `delayMs`. */
  enqueue(jobs: ReadonlyArray<{ job: AttemptJob; delayMs: number }>): Promise<void>;
  /** Queues many first attempts at once. */
  enqueueNow(jobs: AttemptJob[]): Promise<void>;
}

/** Events whose body is their payload, flat (with `webhook_id`), not our envelope. */
const FLAT_BODY_EVENTS = new Set(['till_alias.payment']);

/** The body merchants receive: stable event id, type, creation time and the event's own payload. */
export function webhookBody(event: Pick<OutboxEvent, 'id' | 'type' | 'createdAt' | 'mode' | 'payload'>): string {
  // The router's callback for a TIPS notification is the seed's clean payload itself (seed 002), its id first.
  if (FLAT_BODY_EVENTS.has(event.type)) return JSON.stringify({ webhook_id: event.id, ...event.payload });
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

interface DispatchedEvent {
  id: string;
  businessId: string;
  mode: Mode;
  type: string;
  checkout_id: string | null;
  /** The business's active apps in this mode, oldest first. */
  app_ids: string[];
  /** The named checkout's own callbackUrl, if it has one and hears this event. */
  callback_url: string | null;
}

/** Every checkout's own callback URL hears these; each kind adds its own events (CheckoutCallback.events). */
const CHECKOUT_CALLBACK_EVENTS = ['payment.received', 'invoice.paid', 'invoice.partially_paid', 'payment.exception'];

// Table, column and field names come from the kinds' code, never from input; checked all the same, as they are written into the SQL.
const identifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`Not an SQL identifier: ${name}`);
  return `"${name}"`;
};
const fieldName = (name: string) => {
  if (!/^\w+$/.test(name)) throw new Error(`Not a payload field: ${name}`);
  return `'${name}'`;
};

/**
 * The dispatch's reading of the kinds' callbacks: the checkout an event names (by `checkoutId`, or
 * the field a kind's own events use), and one join per kind, taken only for the events its URL hears.
 */
function callbackJoins(callbacks: readonly CheckoutCallback[]): { checkoutId: string; url: string; joins: string; params: unknown[] } {
  const fields = [...new Set([...callbacks.flatMap((c) => (c.eventIdField ? [c.eventIdField] : [])), 'checkoutId'])];
  const checkoutId = `coalesce(${fields.map((field) => `o.payload->>${fieldName(field)}`).join(', ')})`;
  if (!callbacks.length) return { checkoutId, url: 'null::text', joins: '', params: [] };
  return {
    checkoutId,
    url: `coalesce(${callbacks.map((c, i) => `cb${i}.${identifier(c.urlColumn)}`).join(', ')})`,
    joins: callbacks.map((c, i) => `left join ${identifier(c.table)} cb${i} on cb${i}.id = m.checkout_id and m.type in (?)`).join('\n       '),
    params: callbacks.map((c) => [...CHECKOUT_CALLBACK_EVENTS, ...c.events]),
  };
}

/**
 * Fans new outbox events out into one delivery per active app of the event's business and mode,
 * and queues their first attempts. Rows another process is dispatching are skipped. Returns how
 * many events it took (fewer than `limit`: nothing is left). One claim for every business, then
 * one insert per business and mode among the events (as that tenant's job), in one transaction:
 * this runs after every reconciled payment.
 */
export async function dispatchOutboxEvents(job: PlatformJob, deps: DeliveryDeps, limit = 200): Promise<number> {
  const now = job.clock.now();
  const callbacks = callbackJoins(checkoutCallbacks());
  const created = await job.em.fork().transactional(async (tx) => {
    const events = await tx.execute<DispatchedEvent[]>(
      `with picked as (
         select id from outbox_event where dispatched_at is null order by id limit ? for update skip locked
       ), marked as (
         update outbox_event o set dispatched_at = ? from picked where o.id = picked.id
         returning o.id, o.business_id, o.mode, o.type, ${callbacks.checkoutId} as checkout_id
       )
       select m.id, m.business_id as "businessId", m.mode, m.type, m.checkout_id,
              array(select a.id from app a where a.business_id = m.business_id and a.mode = m.mode and a.status = 'ACTIVE' order by a.id) as app_ids,
              ${callbacks.url} as callback_url
       from marked m
       ${callbacks.joins}
       order by m.id`,
      [limit, now, ...callbacks.params],
    );
    const deliveries: string[] = [];
    for (const { job: tenant, rows: ofTenant } of byTenant({ ...job, em: tx }, events)) {
      deliveries.push(...(await insertDeliveries(tenant, ofTenant, now)));
    }
    return { events: events.length, deliveries };
  });
  if (created.deliveries.length) await deps.enqueueNow(created.deliveries.map((deliveryId) => ({ deliveryId, attempt: 1 })));
  return created.events;
}

/** One tenant's deliveries of its dispatched events, in one statement; returns their ids. */
async function insertDeliveries(job: TenantJob, events: readonly DispatchedEvent[], now: Date): Promise<string[]> {
  const rows: unknown[][] = [];
  for (const event of events) {
    for (const appId of event.app_ids) rows.push([newId('whd', now), event.id, appId, null]);
    // A checkout's own callbackUrl hears about its payments too, signed with every app's secret.
    if (event.callback_url && event.app_ids[0]) {
      rows.push([newId('whd', now), event.id, event.app_ids[0], event.callback_url]);
    }
  }
  if (!rows.length) return [];
  const values = valuesList(rows.map((row) => [...row, now]));
  await job.em.execute(
    `insert into webhook_delivery (id, business_id, mode, event_id, app_id, target_url, status, attempts, claimed_at, next_attempt_at, last_status_code, created_at, updated_at)
     select id, ?, ?, event_id, app_id, target_url, 'PENDING', 0, null, at::timestamptz, null, at::timestamptz, at::timestamptz
     from (values ${values.sql}) as d (id, event_id, app_id, target_url, at)`,
    [job.businessId, job.mode, ...values.params],
  );
  return rows.map((row) => row[0] as string);
}

interface ClaimedAttempt {
  id: string;
  /** The delivery's business (its mode is the event's): whose job records the attempt. */
  businessId: string;
  attempt: number;
  target_url: string | null;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  /** Timestamps come back from raw SQL as text. */
  event_created_at: string;
  mode: Mode;
  app_id: string;
  app_status: string;
  callback_url: string;
  sealed_secret: string;
  sealed_previous_secret: string | null;
  previous_secret_expires_at: string | null;
  /** For a link's own callback: every active app of the business and mode (any may verify it). */
  signers: Array<{ sealedSecret: string; sealedPreviousSecret: string | null; previousSecretExpiresAt: string | null }> | null;
}

interface AttemptOutcome {
  claim: ClaimedAttempt;
  body: string;
  result: SendResult;
  finishedAt: Date;
  status: 'SUCCEEDED' | 'FAILED' | 'PENDING';
  /** Delay before the next attempt, or null when there is none. */
  next: number | null;
}

/**
 * Performs a batch of attempts: claims them in one statement, whatever their businesses (an
 * attempt another process holds, or one already made, is skipped, so each attempt is performed
 * once), POSTs each signed, then, as each business's job, logs its attempts and settles its
 * deliveries in one statement: succeeded, next attempt scheduled, or given up. 410 Gone disables
 * the endpoint.
 */
export async function performAttempts(job: PlatformJob, deps: DeliveryDeps, jobs: readonly AttemptJob[]): Promise<void> {
  if (!jobs.length) return;
  const now = job.clock.now();
  const db = job.em.fork();
  // The expected status travels in the list and the ids are listed again, so the planner finds the
  // rows by primary key: given a constant status it may scan every PENDING row instead (statistics
  // lag behind a table that grows quickly, as in a backlog after an outage).
  const wanted = valuesList(jobs.map((job) => [job.deliveryId, job.attempt, 'PENDING']));
  const claimed = await db.execute<ClaimedAttempt[]>(
    `with job (id, attempt, status) as (values ${wanted.sql}),
     claimed as (
       update webhook_delivery d set claimed_at = ?
       from job
       where d.id in (?) and d.id = job.id and d.status = job.status and d.attempts = job.attempt::int - 1
         and (d.claimed_at is null or d.claimed_at < ?)
       returning d.id, d.business_id, d.attempts + 1 as attempt, d.target_url, d.event_id, d.app_id
     )
     select c.id, c.business_id as "businessId", c.attempt, c.target_url, e.id as event_id, e.type, e.payload, e.created_at as event_created_at, e.mode,
            a.id as app_id, a.status as app_status, a.callback_url, a.sealed_secret, a.sealed_previous_secret, a.previous_secret_expires_at,
            case when c.target_url is null then null else (
              select json_agg(json_build_object('sealedSecret', s.sealed_secret, 'sealedPreviousSecret', s.sealed_previous_secret,
                                                'previousSecretExpiresAt', s.previous_secret_expires_at) order by s.id)
              from app s where s.business_id = a.business_id and s.mode = a.mode and s.status = 'ACTIVE') end as signers
     from claimed c join outbox_event e on e.id = c.event_id join app a on a.id = c.app_id`,
    [...wanted.params, now, jobs.map((job) => job.deliveryId), new Date(now.getTime() - CLAIM_TIMEOUT_MS)],
  );
  if (!claimed.length) return; // done already, or other processes have them

  const secretsKey = deps.settings.secretsKey;
  const sendable = (claim: ClaimedAttempt) => claim.app_status === 'ACTIVE' && !!secretsKey;
  const outcomes = new Map(
    (await Promise.all(claimed.filter(sendable).map((claim) => attempt(deps, claim, secretsKey!, now)))).map((outcome) => [outcome.claim, outcome]),
  );
  // Businesses' statements are independent (disjoint rows), so they run side by side.
  await Promise.all(
    byTenant({ ...job, em: db }, claimed).map(({ job: tenant, rows }) =>
      recordAttempts(
        tenant,
        rows.flatMap((claim) => outcomes.get(claim) ?? []),
        rows.filter((claim) => !sendable(claim)).map((claim) => claim.id),
        now,
      ),
    ),
  );
  const retries = [...outcomes.values()]
    .filter((o) => o.next !== null)
    .map((o) => ({ job: { deliveryId: o.claim.id, attempt: o.claim.attempt + 1 }, delayMs: o.next! }));
  if (retries.length) await deps.enqueue(retries);
}

/** Signs and POSTs one claimed attempt, and decides what follows it. */
async function attempt(deps: DeliveryDeps, claim: ClaimedAttempt, secretsKey: Buffer, now: Date): Promise<AttemptOutcome> {
  const body = webhookBody({ id: claim.event_id, type: claim.type, createdAt: new Date(claim.event_created_at), mode: claim.mode, payload: claim.payload });
  // A link's own callback may be verified with the secret of any of the merchant's apps.
  const signers = (
    claim.signers ?? [
      { sealedSecret: claim.sealed_secret, sealedPreviousSecret: claim.sealed_previous_secret, previousSecretExpiresAt: claim.previous_secret_expires_at },
    ]
  ).map((signer) => ({ ...signer, previousSecretExpiresAt: signer.previousSecretExpiresAt === null ? null : new Date(signer.previousSecretExpiresAt) }));
  const headers = signedWebhookHeaders({
    eventId: claim.event_id,
    timestamp: Math.floor(now.getTime() / 1000),
    body,
    secrets: signers.flatMap((signer) => signingSecrets(signer, secretsKey, now)),
  });
  const result = await sendWebhook(claim.target_url ?? claim.callback_url, headers, body, { allowPrivate: mayUsePrivateTargets(deps.settings, claim.mode) });
  const finishedAt = deps.clock.now();
  if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300)
    return { claim, body, result, finishedAt, status: 'SUCCEEDED', next: null };
  if (result.statusCode === 410) return { claim, body, result, finishedAt, status: 'FAILED', next: null };
  const next = retryDelayMs(claim.attempt, { retryAfterSeconds: parseRetryAfter(result.retryAfter, finishedAt), schedule: deps.settings.retrySchedule });
  return { claim, body, result, finishedAt, status: next === null ? 'FAILED' : 'PENDING', next };
}

/**
 * Logs one business's attempts and settles their deliveries, cancels deliveries whose app is gone,
 * and disables endpoints that answered 410 (with a `webhook.endpoint_disabled` notice): one
 * statement, every write of it held to the job's business and mode.
 */
async function recordAttempts(job: TenantJob, outcomes: readonly AttemptOutcome[], canceled: readonly string[], now: Date): Promise<void> {
  const parts: string[] = [];
  const params: unknown[] = [];
  const delivery = tenantCondition(job, 'd');
  const tenant = tenantCondition(job);
  if (outcomes.length) {
    const rows = outcomes.map(({ claim, body, result, finishedAt, status, next }) => [
      claim.id,
      claim.attempt,
      now,
      result.statusCode,
      result.latencyMs,
      (result.error ?? (result.statusCode && (result.statusCode < 200 || result.statusCode >= 300) ? `HTTP ${result.statusCode}` : null))?.slice(0, 500) ??
        null,
      body.slice(0, LOGGED_BODY_LIMIT),
      result.responseBody,
      status,
      next === null ? null : new Date(finishedAt.getTime() + next),
      finishedAt,
    ]);
    const typed = rows.map(() => `(?, ?::int, ?::timestamptz, ?::int, ?::int, ?::text, ?::text, ?::text, ?::text, ?::timestamptz, ?::timestamptz)`).join(', ');
    parts.push(
      `result (id, attempt_number, attempted_at, status_code, latency_ms, error, request_body, response_body, status, next_attempt_at, finished_at) as (values ${typed})`,
      `logged as (
         insert into webhook_attempt (delivery_id, attempt_number, attempted_at, status_code, latency_ms, error, request_body, response_body)
         select id, attempt_number, attempted_at, status_code, latency_ms, error, request_body, response_body from result
       )`,
      `settled as (
         update webhook_delivery d set status = r.status, attempts = r.attempt_number, claimed_at = null, last_status_code = r.status_code,
                next_attempt_at = r.next_attempt_at, updated_at = r.finished_at
         from result r where d.id in (?) and d.id = r.id and ${delivery.sql}
       )`,
    );
    params.push(
      ...rows.flat(),
      outcomes.map((o) => o.claim.id),
      ...delivery.params,
    );
  }
  if (canceled.length) {
    parts.push(`canceled as (update webhook_delivery set status = 'CANCELED', claimed_at = null, updated_at = ? where id in (?) and ${tenant.sql})`);
    params.push(now, canceled, ...tenant.params);
  }
  // Only deliveries to the app's own URL speak for the endpoint; a link's callback answering 410 does not.
  const gone = new Map(outcomes.filter((o) => o.result.statusCode === 410 && !o.claim.target_url).map((o) => [o.claim.app_id, o.finishedAt]));
  if (gone.size) {
    const notices = valuesList([...gone].map(([appId, at]) => [appId, newId('evt', at), at]));
    parts.push(
      `notice (app_id, event_id, at) as (values ${notices.sql})`,
      `disabled as (
         update app set status = 'DISABLED', disabled_reason = ? where id in (select app_id from notice) and status = 'ACTIVE' and ${tenant.sql}
         returning id, business_id, mode, app_id, callback_url
       )`,
      `notified as (
         insert into outbox_event (id, business_id, mode, type, payload, created_at, dispatched_at)
         select n.event_id, d.business_id, d.mode, 'webhook.endpoint_disabled',
                jsonb_build_object('appId', d.app_id, 'callbackUrl', d.callback_url, 'reason', ?::text), n.at::timestamptz, null
         from disabled d join notice n on n.app_id = d.id
       )`,
    );
    params.push(...notices.params, GONE_REASON, ...tenant.params, GONE_REASON);
  }
  await job.em.execute(`with ${parts.join(', ')} select 1`, params);
}

const GONE_REASON = 'The endpoint answered 410 Gone.';

/**
 * Re-queues attempts a crash left behind: PENDING deliveries whose next attempt is overdue by a
 * minute (the queue job was never written, or its process died mid-attempt). Duplicate jobs are
 * harmless: an attempt runs only once its claim succeeds.
 */
export async function requeueStalledDeliveries(job: PlatformJob, deps: DeliveryDeps): Promise<number> {
  const cutoff = new Date(job.clock.now().getTime() - CLAIM_TIMEOUT_MS);
  const stalled = await job.em.fork().execute<Array<{ id: string; attempts: number }>>(
    `select id, attempts from webhook_delivery
     where status = 'PENDING' and next_attempt_at < ? and (claimed_at is null or claimed_at < ?)
     order by next_attempt_at limit 200`,
    [cutoff, cutoff],
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
