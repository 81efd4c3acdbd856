import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Clock } from '../domain/clock.ts';
import { errorBody } from '../graphql/errors.ts';
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  releaseIdempotentRequest,
} from '../modules/idempotency/idempotency.service.ts';
import { JSON_CONTENT_TYPE, type AppEnv } from './env.ts';

/**
 * `Idempotency-Key` on an authenticated POST: the first response is kept and replayed to retries
 * with the same body; a different body is 422, a retry while the first still runs is 409.
 */
export function idempotency(deps: { clock: Clock }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    const { principal, em } = c.get('requestContext');
    if (key === undefined || c.req.method !== 'POST' || !principal) return next();

    const refuse = (status: 400 | 409 | 422, code: string, message: string) =>
      c.body(errorBody(code, message, c.get('requestId')), status, JSON_CONTENT_TYPE);
    if (key.length === 0 || key.length > 255) return refuse(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is 1 to 255 characters.');

    const body = await c.req.text();
    c.set('rawBody', body);
    const requestHash = createHash('sha256').update(c.req.path).update('\0').update(body).digest('hex');
    const store = em.fork();
    const decision = await beginIdempotentRequest(store, deps.clock, principal, key, requestHash);

    switch (decision.kind) {
      case 'BODY_MISMATCH':
        return refuse(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body.');
      case 'IN_PROGRESS':
        return refuse(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry shortly.');
      case 'REPLAY':
        return c.body(decision.response.body, decision.response.status as 200, {
          'content-type': decision.response.contentType,
          'idempotent-replayed': 'true',
        });
    }

    try {
      await next();
    } catch (error) {
      await releaseIdempotentRequest(store, decision.recordId);
      throw error;
    }
    const contentType = c.res.headers.get('content-type') ?? 'application/json';
    const replayable = c.res.status < 500 && !/event-stream|multipart/.test(contentType);
    if (!replayable) {
      await releaseIdempotentRequest(store, decision.recordId);
      return;
    }
    await completeIdempotentRequest(store, decision.recordId, {
      status: c.res.status,
      body: await c.res.clone().text(),
      contentType,
    });
  });
}
