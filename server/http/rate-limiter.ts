import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}

/** The most points a process takes from the shared counter at once. */
const MAX_LEASE = 10;

/**
 * A fixed-window limit per key. Counters live in PostgreSQL so every instance shares them; if the
 * store is down, a per-process limiter stands in.
 *
 * So that a request does not cost a database write, a process takes points from the shared counter
 * in leases (a tenth of the budget, at most MAX_LEASE) and spends them locally until the window
 * ends. Near the limit a lease that does not fit is handed back and single points are taken, so a
 * key gets its whole budget; points a process leased but did not use in a window are lost with it.
 */
export function createRateLimiter(deps: { pool: pg.Pool; points: number; windowSeconds: number; keyPrefix: string }): RateLimiter {
  const limits = { points: deps.points, duration: deps.windowSeconds };
  const limiter = new RateLimiterPostgres({
    ...limits,
    storeClient: deps.pool,
    storeType: 'pool',
    tableName: 'rate_limit',
    tableCreated: true,
    keyPrefix: deps.keyPrefix,
    clearExpiredByTimeout: true,
    // Once a key is over its limit, refuse it from memory until the window ends.
    inMemoryBlockOnConsumed: deps.points,
    inMemoryBlockDuration: deps.windowSeconds,
    insuranceLimiter: new RateLimiterMemory(limits),
  });
  const leaseSize = Math.max(1, Math.min(MAX_LEASE, Math.floor(deps.points / 10)));
  const leases = new Map<string, { left: number; until: number }>();
  const leasing = new Map<string, Promise<RateLimitDecision>>();

  const refused = (rejection: unknown): RateLimitDecision => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
  };

  /** Takes a lease from the shared counter (or, near the limit, one point); spends its first point. */
  async function lease(key: string): Promise<RateLimitDecision> {
    try {
      const taken = await limiter.consume(key, leaseSize);
      if (leases.size > 10_000) for (const [k, held] of leases) if (held.until <= Date.now()) leases.delete(k);
      leases.set(key, { left: leaseSize - 1, until: Date.now() + taken.msBeforeNext });
      return { allowed: true };
    } catch (rejection) {
      const decision = refused(rejection);
      if (leaseSize === 1) return decision;
      // The whole lease did not fit: give it back and take what is left one point at a time.
      await limiter.reward(key, leaseSize);
      try {
        await limiter.consume(key, 1);
        return { allowed: true };
      } catch (last) {
        return refused(last);
      }
    }
  }

  return {
    async consume(key) {
      for (;;) {
        const held = leases.get(key);
        if (held && held.until > Date.now() && held.left > 0) {
          held.left--;
          return { allowed: true };
        }
        // One lease request per key at a time; the others wait for it and then try the lease.
        const pending = leasing.get(key);
        if (pending) {
          await pending.catch(() => {});
          continue;
        }
        leases.delete(key);
        const request = lease(key).finally(() => leasing.delete(key));
        leasing.set(key, request);
        return request;
      }
    },
  };
}
