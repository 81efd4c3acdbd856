import { platformJob, type PlatformJob } from '../tenancy/job-context.ts';
import { checkoutKinds } from './registry.ts';

const BATCH = 500;

/**
 * Marks checkouts of every kind whose time is up as expired and tells the merchant, in one
 * transaction per sweep. The claim is platform-wide (one statement per kind, every business); each
 * business's events are written through a job scoped to it. Rows a payment is reconciling right now
 * are skipped (SKIP LOCKED) and come up next time; several instances may sweep at once without
 * expiring anything twice. Returns the ids expired, per kind.
 */
export async function expireDueCheckouts(job: PlatformJob): Promise<Record<string, string[]>> {
  return job.em.fork().transactional(async (tx) => {
    const sweep = platformJob(tx, job.clock);
    const now = job.clock.now();
    const expired: Record<string, string[]> = {};
    for (const kind of checkoutKinds()) expired[kind.name] = await kind.expireDue(sweep, now, BATCH);
    return expired;
  });
}
