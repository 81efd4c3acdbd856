import { rateLimitKey, type RateLimiter } from '../rate-limiter.ts';
import { refusal, type GatePlugin } from './gate.ts';

/** Per API key (per client address for anonymous callers): 429 RATE_LIMITED with Retry-After. */
export function useRateLimit(limiter: RateLimiter): GatePlugin {
  return {
    async onRequest({ endResponse, fetchAPI, serverContext }) {
      if (!serverContext.requestContext) return;
      const node = serverContext as unknown as { req?: { socket?: { remoteAddress?: string } } };
      const decision = await limiter.consume(rateLimitKey(serverContext.requestContext.principal, node.req?.socket?.remoteAddress));
      if (!decision.allowed) {
        endResponse(
          refusal(fetchAPI, 429, 'RATE_LIMITED', `Too many requests for this key: retry in ${decision.retryAfterSeconds} s.`, serverContext.requestId, {
            'retry-after': String(decision.retryAfterSeconds),
          }),
        );
      }
    },
  };
}
