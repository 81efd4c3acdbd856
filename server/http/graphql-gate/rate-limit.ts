import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { refusal, type GatePlugin } from './gate.ts';

/**
 * A fixed-window limit per API key (per client address for anonymous callers). Counters live in
 * PostgreSQL so every instance shares them; if the store is down, a per-process limiter stands in.
 */
export function useRateLimit(deps: { pool: pg.Pool; points: number; windowSeconds: number }): GatePlugin {
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

  return {
    async onRequest({ endResponse, fetchAPI, serverContext }) {
      if (!serverContext.requestContext) return;
      const principal = serverContext.requestContext.principal;
      const node = serverContext as unknown as { req?: { socket?: { remoteAddress?: string } } };
      const key =
        principal?.kind === 'API_KEY' ? principal.apiKeyId : principal ? 'platform' : `ip:${node.req?.socket?.remoteAddress ?? 'unknown'}`;
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        endResponse(
          refusal(fetchAPI, 429, 'RATE_LIMITED', `Too many requests for this key: retry in ${retryAfter} s.`, serverContext.requestId, {
            'retry-after': String(retryAfter),
          }),
        );
      }
    },
  };
}
