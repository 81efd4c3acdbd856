import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { purgeExpiredIdempotencyKeys } from '../modules/idempotency/idempotency.service.ts';
import { expireDueCheckouts } from '../modules/checkouts/expiry.service.ts';
import { platformJob } from '../modules/tenancy/job-context.ts';
import type { WebhookQueue } from './webhook-queue.ts';

/**
 * Work that must happen on time even when nobody calls: expire overdue checkouts (with their
 * events), drop idempotency keys past their day, fan out new outbox events and re-queue webhook
 * attempts a crash left behind. Every `intervalMs`, on fresh EntityManager forks; safe to run in
 * several processes at once. Each pass is a platform job (every business); where it writes for one
 * business (an expired checkout's event) it does so through a job scoped to that business.
 */
export function startMaintenance(deps: {
  orm: MikroORM;
  clock: Clock;
  intervalMs: number;
  webhookQueue: WebhookQueue | null;
  checkoutChanged: (checkoutId: string) => void;
}): { stop(): Promise<void> } {
  if (deps.intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const expired = await expireDueCheckouts(platformJob(deps.orm.em.fork(), deps.clock));
        for (const id of Object.values(expired).flat()) deps.checkoutChanged(id);
        await purgeExpiredIdempotencyKeys(platformJob(deps.orm.em.fork(), deps.clock));
        await deps.webhookQueue?.catchUp();
      } catch (error) {
        console.error('[maintenance] pass failed', error);
      }
    });
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
