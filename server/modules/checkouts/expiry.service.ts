import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import { checkoutKinds } from './registry.ts';

const BATCH = 500;

/**
 * Marks checkouts of every kind whose time is up as expired and tells the merchant, in one
 * transaction per sweep. Rows a payment is reconciling right now are skipped (SKIP LOCKED) and come
 * up next time; several instances may sweep at once without expiring anything twice. Returns the
 * ids expired, per kind.
 */
export async function expireDueCheckouts(em: EntityManager, clock: Clock): Promise<Record<string, string[]>> {
  return em.fork().transactional(async (tx) => {
    const now = clock.now();
    const expired: Record<string, string[]> = {};
    for (const kind of checkoutKinds()) expired[kind.name] = await kind.expireDue(tx, now, BATCH);
    return expired;
  });
}
