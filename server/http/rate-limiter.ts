import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}

/**
 * A fixed-window limit per key. Counters live in PostgreSQL so every instance shares them; if the
 * store is down, a per-process limiter stands in.
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
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
  };
}
