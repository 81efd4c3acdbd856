import { rateLimitKey, type RateLimiter } from '../../modules/rate-limits/rate-limiter.ts';
import { clientAddressOf, refusal, type GatePlugin } from './gate.ts';

/** Per API key (per client address for anonymous callers): 429 RATE_LIMITED with Retry-After. */
export function useRateLimit(limiter: RateLimiter): GatePlugin {
  return {
    async onRequest({ endResponse, fetchAPI, serverContext }) {
      if (!serverContext.requestContext) return;
      const decision = await limiter.consume(rateLimitKey(serverContext.requestContext.principal, clientAddressOf(serverContext)));
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
