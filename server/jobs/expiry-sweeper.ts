import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { purgeExpiredIdempotencyKeys } from '../modules/idempotency/idempotency.service.ts';
import { expireDueCheckouts } from '../modules/payments/expiry.service.ts';

/**
 * Expires checkouts on time even when nobody looks at them (and drops idempotency keys past their
 * day): every `intervalMs`, one sweep on its
 * own EntityManager fork. Reads and payments already treat an overdue checkout as expired; the
 * sweep makes it so in the database and raises the merchant's events.
 */
export function startExpirySweeper(deps: { orm: MikroORM; clock: Clock; intervalMs: number }): { stop(): Promise<void> } {
  if (deps.intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        await expireDueCheckouts(deps.orm.em.fork(), deps.clock);
        await purgeExpiredIdempotencyKeys(deps.orm.em.fork(), deps.clock);
      } catch (error) {
        console.error('[expiry-sweeper] sweep failed', error);
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
