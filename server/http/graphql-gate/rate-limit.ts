import type { RateLimiter } from '../rate-limiter.ts';
import { refusal, type GatePlugin } from './gate.ts';

/** Per API key (per client address for anonymous callers): 429 RATE_LIMITED with Retry-After. */
export function useRateLimit(limiter: RateLimiter): GatePlugin {
  return {
    async onRequest({ endResponse, fetchAPI, serverContext }) {
      if (!serverContext.requestContext) return;
      const principal = serverContext.requestContext.principal;
      const node = serverContext as unknown as { req?: { socket?: { remoteAddress?: string } } };
      const key =
        principal?.kind === 'API_KEY' ? principal.apiKeyId : principal ? 'platform' : `ip:${node.req?.socket?.remoteAddress ?? 'unknown'}`;
      const decision = await limiter.consume(key);
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
