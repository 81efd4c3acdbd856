import { createHash } from 'node:crypto';
import type { Clock } from '../../domain/clock.ts';
import { beginIdempotentRequest, completeIdempotentRequest, releaseIdempotentRequest } from '../../modules/idempotency/idempotency.service.ts';
import { clientAddressOf, refusal, type GatePlugin } from './gate.ts';

/**
 * `Idempotency-Key` on a POST: the first response is kept (sealed) and replayed to retries of the
 * same caller with the same body; a different body is 422, a retry while the first still runs is
 * 409. The caller is the API key, or for public mutations (no key) the client's address.
 */
export function useIdempotency(deps: { clock: Clock; secretsKey: Buffer | null }): GatePlugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      const key = request.headers.get('idempotency-key');
      const requestContext = serverContext.requestContext;
      if (key === null || request.method !== 'POST' || !requestContext) return;
      const refuse = (status: number, code: string, message: string) => endResponse(refusal(fetchAPI, status, code, message, serverContext.requestId));
      if (key.length === 0 || key.length > 255) return refuse(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is 1 to 255 characters.');

      const body = await request.clone().text();
      const requestHash = createHash('sha256').update(url.pathname).update('\0').update(body).digest('hex');
      const store = requestContext.em.fork();
      const caller = { principal: requestContext.principal, clientAddress: clientAddressOf(serverContext) ?? 'unknown' };
      const decision = await beginIdempotentRequest(store, deps.clock, caller, key, requestHash, deps.secretsKey);
      switch (decision.kind) {
        case 'BODY_MISMATCH':
          return refuse(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body.');
        case 'IN_PROGRESS':
          return refuse(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry shortly.');
        case 'REPLAY':
          return endResponse(
            new fetchAPI.Response(decision.response.body, {
              status: decision.response.status,
              headers: { 'content-type': decision.response.contentType, 'idempotent-replayed': 'true' },
            }),
          );
        case 'PROCEED':
          serverContext.idempotencyRecordId = decision.recordId;
          serverContext.idempotencyStore = store;
      }
    },

    async onResponse({ response, serverContext }) {
      const { idempotencyRecordId: recordId, idempotencyStore: store } = serverContext;
      if (recordId === undefined || !store) return;
      const contentType = response.headers.get('content-type') ?? 'application/json';
      // Server failures and streams are not answers worth replaying: the next retry runs afresh.
      if (response.status >= 500 || /event-stream|multipart/.test(contentType)) {
        await releaseIdempotentRequest(store, recordId);
        return;
      }
      await completeIdempotentRequest(store, recordId, { status: response.status, body: await response.clone().text(), contentType }, deps.secretsKey);
    },
  };
}
