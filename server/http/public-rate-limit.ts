import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import type { RateLimiter } from '../modules/rate-limits/rate-limiter.ts';

/** Customer-facing routes (hosted pages, QR images, short links) are limited per client address. */
export function publicRateLimit(limiter: RateLimiter) {
  return createMiddleware(async (c, next) => {
    const decision = await limiter.consume(`ip:${getConnInfo(c).remote.address ?? 'unknown'}`);
    if (!decision.allowed) {
      return c.json({ error: 'Too many requests', code: 'RATE_LIMITED' }, 429, { 'retry-after': String(decision.retryAfterSeconds) });
    }
    await next();
  });
}
