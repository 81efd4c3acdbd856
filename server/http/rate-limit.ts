import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { errorBody } from '../graphql/errors.ts';
import { JSON_CONTENT_TYPE, type AppEnv } from './env.ts';

/**
 * A fixed-window limit per API key (per client address for anonymous callers). Counters live in
 * PostgreSQL so every instance shares them; if the store is down, a per-process limiter stands in.
 */
export function rateLimit(deps: { pool: pg.Pool; points: number; windowSeconds: number }) {
  const limits = { points: deps.points, duration: deps.windowSeconds };
  const limiter = new RateLimiterPostgres({
    ...limits,
    storeClient: deps.pool,
    storeType: 'pool',
    tableName: 'rate_limit',
    tableCreated: true,
    keyPrefix: 'api',
    clearExpiredByTimeout: true,
    // Once a key is over its limit, refuse it from memory until the window ends.
    inMemoryBlockOnConsumed: deps.points,
    inMemoryBlockDuration: deps.windowSeconds,
    insuranceLimiter: new RateLimiterMemory(limits),
  });

  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('requestContext').principal;
    const key =
      principal?.kind === 'API_KEY' ? principal.apiKeyId : principal ? 'platform' : `ip:${getConnInfo(c).remote.address ?? 'unknown'}`;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return c.body(errorBody('RATE_LIMITED', `Too many requests for this key: retry in ${retryAfter} s.`, c.get('requestId')), 429, {
        ...JSON_CONTENT_TYPE,
        'retry-after': String(retryAfter),
      });
    }
    await next();
  });
}
