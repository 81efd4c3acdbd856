import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../db/orm.ts';
import { PgBoss } from 'pg-boss';
import type { Clock } from '../domain/clock.ts';
import { platformJob } from '../modules/tenancy/job-context.ts';
import type { WebhookSettings } from '../modules/webhooks/callback-targets.ts';
import { dispatchOutboxEvents, performAttempts, requeueStalledDeliveries, type AttemptJob, type DeliveryDeps } from '../modules/webhooks/delivery.service.ts';

const QUEUE = 'webhook-attempt';
const DISPATCH_BATCH = 200;
/** Attempts due together share one queue job: the queue's own writes are per job, not per attempt. */
const ATTEMPTS_PER_JOB = 16;
/** Jobs a worker takes at a time. */
const JOB_BATCH = 4;
const WORKERS = 4;
/**
 * A kick waits this long, so the events of payments reconciled close together are fanned out and
 * queued together rather than one payment at a time.
 */
const KICK_DELAY_MS = 100;

/** A queue job: attempts due together (jobs queued by earlier versions carry a single attempt). */
type QueuedAttempts = { attempts: AttemptJob[] } | AttemptJob;

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface WebhookQueue {
  deps: DeliveryDeps;
  /** Fan out new outbox events soon (coalesced): called after a commit that wrote events. */
  kick(): void;
  /** One maintenance pass: dispatch what is new, re-queue what a crash left behind. */
  catchUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Merchant webhook attempts run on pg-boss (PostgreSQL, SKIP LOCKED): several processes share the
 * queue, a job survives restarts, and an attempt's claim makes sure it is performed once.
 */
export async function startWebhookQueue(deps: { orm: MikroORM; clock: Clock; settings: WebhookSettings }): Promise<WebhookQueue> {
  const connectionString = new URL(deps.orm.config.get('clientUrl')!);
  // The queue's connections get the same session settings as the ORM's (see OrmOptions.asyncCommit).
  const sessionOptions = (deps.orm.config.get('driverOptions') as { options?: string } | undefined)?.options;
  if (sessionOptions) connectionString.searchParams.set('options', sessionOptions);
  const boss = new PgBoss({ connectionString: connectionString.href, max: 4, schedule: false });
  boss.on('error', (error) => console.error('[webhook-queue]', error));
  await boss.start();
  // No NOTIFY on insert (nobody LISTENs, and a NOTIFY serialises commits database-wide): the
  // process that queues attempts wakes its own workers (below); other processes find them by polling.
  const queue = await boss.getQueue(QUEUE);
  if (!queue) {
    await boss.createQueue(QUEUE, { retryLimit: 2, retryDelay: 60, expireInSeconds: 60, notify: false }).catch(async (error) => {
      if (!(await boss.getQueue(QUEUE))) throw error; // another process created it first: fine
    });
  } else if (queue.notify) {
    await boss.updateQueue(QUEUE, { notify: false });
  }
  // Claims and sweeps span every business; each business's writes run as its own job (delivery.service.ts).
  const platform = platformJob(deps.orm.em, deps.clock);
  const workerIds: string[] = [];
  /** Wakes as many workers as `jobs` queue jobs need (a busy one fetches again at once), instead of leaving them to their next poll. */
  const wake = (jobs: number) => {
    for (const id of workerIds.slice(0, Math.ceil(jobs / JOB_BATCH))) boss.notifyWorker(id);
  };
  const deliveryDeps: DeliveryDeps = {
    clock: deps.clock,
    settings: deps.settings,
    async enqueue(jobs) {
      // Retries due in the same second travel together.
      const bySecond = Map.groupBy(jobs, ({ delayMs }) => (delayMs > 0 ? Math.max(1, Math.ceil(delayMs / 1000)) : 0));
      const queued = [...bySecond].flatMap(([seconds, due]) =>
        chunked(
          due.map(({ job }) => job),
          ATTEMPTS_PER_JOB,
        ).map((attempts) => ({ data: { attempts }, ...(seconds ? { startAfter: seconds } : {}) })),
      );
      await boss.insert(QUEUE, queued);
      wake(queued.filter((job) => !job.startAfter).length);
    },
    enqueueNow(jobs) {
      return deliveryDeps.enqueue(jobs.map((job) => ({ job, delayMs: 0 })));
    },
  };
  // Workers take attempts in batches (claimed, logged and completed with a few statements per batch,
  // not per attempt); with a backlog they fetch again at once (burst). Several workers, so one slow
  // receiver holds up only its own batch.
  // One `work` call per worker, so each can be woken by its id.
  for (let i = 0; i < WORKERS; i++) {
    const id = await boss.work<QueuedAttempts>(QUEUE, { batchSize: JOB_BATCH, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      await performAttempts(
        platform,
        deliveryDeps,
        jobs.flatMap((job) => ('attempts' in job.data ? job.data.attempts : [job.data])),
      );
    });
    workerIds.push(id);
  }

  let dispatching: Promise<void> | null = null;
  let again = false;
  const dispatch = async (): Promise<void> => {
    if (dispatching) {
      again = true;
      return dispatching;
    }
    dispatching = (async () => {
      do {
        again = false;
        while ((await dispatchOutboxEvents(platform, deliveryDeps, DISPATCH_BATCH)) === DISPATCH_BATCH);
      } while (again);
    })()
      .catch((error) => console.error('[webhook-queue] dispatch failed', error))
      .finally(() => (dispatching = null));
    return dispatching;
  };

  let kicked: ReturnType<typeof setTimeout> | null = null;
  return {
    deps: deliveryDeps,
    kick() {
      kicked ??= setTimeout(() => {
        kicked = null;
        void dispatch();
      }, KICK_DELAY_MS);
    },
    async catchUp() {
      await dispatch();
      await requeueStalledDeliveries(platform, deliveryDeps);
    },
    async stop() {
      if (kicked) clearTimeout(kicked);
      await dispatching;
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}

/**
 * The webhook queue in this process, on a small pool of its own: a storm of deliveries cannot take
 * the API's connections, and its bookkeeping commits asynchronously (a crash can only undo whole,
 * recent transactions, and what they recorded is redone: deliveries are at least once, the event id
 * stays the same). It ran in a low-priority worker thread until `npm run bench -- deliveries`
 * showed the thread bought nothing measurable (see docs/architecture.md).
 */
export async function startWebhookDelivery(deps: { databaseUrl: string; clock: Clock; settings: WebhookSettings }): Promise<WebhookQueue> {
  const orm = await MikroORM.init(ormConfig(deps.databaseUrl, { poolMax: 4, asyncCommit: true }));
  try {
    const queue = await startWebhookQueue({ orm, clock: deps.clock, settings: deps.settings });
    return {
      ...queue,
      async stop() {
        await queue.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
