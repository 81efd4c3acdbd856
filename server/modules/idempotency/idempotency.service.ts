import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import type { Principal } from '../request-context.ts';
import { IdempotencyKey } from './idempotency-key.entity.ts';

/** Keys are kept a day: a client may retry for at least that long and get the first answer. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request still RUNNING after this long is presumed dead with its process; a retry may take over. */
export const IDEMPOTENCY_LOCK_MS = 60 * 1000;

export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
}

export type IdempotencyDecision =
  | { kind: 'PROCEED'; recordId: number }
  | { kind: 'REPLAY'; response: StoredResponse }
  | { kind: 'IN_PROGRESS' }
  | { kind: 'BODY_MISMATCH' };

function scopeOf(principal: Principal): { scope: string; business: string | null; mode: 'TEST' | 'LIVE' | null } {
  return principal.kind === 'API_KEY'
    ? { scope: `${principal.businessId}:${principal.mode}`, business: principal.businessId, mode: principal.mode }
    : { scope: 'platform', business: null, mode: null };
}

/**
 * Claims `key` for this request, or says what to answer instead. The unique (scope, key) index
 * decides the race between concurrent first attempts, across processes.
 */
export async function beginIdempotentRequest(
  em: EntityManager,
  clock: Clock,
  principal: Principal,
  key: string,
  requestHash: string,
): Promise<IdempotencyDecision> {
  const now = clock.now();
  const { scope, business, mode } = scopeOf(principal);
  const fresh = {
    state: 'RUNNING' as const,
    requestHash,
    lockedUntil: new Date(now.getTime() + IDEMPOTENCY_LOCK_MS),
    responseStatus: null,
    responseBody: null,
    responseContentType: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
  };
  const inserted = await em
    .createQueryBuilder(IdempotencyKey)
    .insert({ scope, business, mode, key, ...fresh })
    .onConflict(['scope', 'key'])
    .ignore()
    .returning('id')
    .execute('all');
  const insertedId = (inserted as unknown as Array<{ id: number | string }>)[0]?.id;
  if (insertedId !== undefined) return { kind: 'PROCEED', recordId: Number(insertedId) };

  const existing = await em.findOneOrFail(IdempotencyKey, { scope, key }, { disableIdentityMap: true });
  const expired = existing.expiresAt <= now;
  const abandoned = existing.state === 'RUNNING' && existing.lockedUntil <= now;
  if (!expired && existing.requestHash !== requestHash) return { kind: 'BODY_MISMATCH' };
  if (!expired && existing.state === 'COMPLETED') {
    return {
      kind: 'REPLAY',
      response: { status: existing.responseStatus!, body: existing.responseBody!, contentType: existing.responseContentType! },
    };
  }
  if (!expired && !abandoned) return { kind: 'IN_PROGRESS' };

  // Take over an expired key or a dead process's claim; only one retry wins the conditional update.
  const taken = await em.nativeUpdate(
    IdempotencyKey,
    { id: existing.id, createdAt: existing.createdAt, state: existing.state, lockedUntil: existing.lockedUntil },
    fresh,
  );
  return taken === 1 ? { kind: 'PROCEED', recordId: existing.id } : { kind: 'IN_PROGRESS' };
}

export async function completeIdempotentRequest(em: EntityManager, recordId: number, response: StoredResponse): Promise<void> {
  await em.nativeUpdate(
    IdempotencyKey,
    { id: recordId },
    { state: 'COMPLETED', responseStatus: response.status, responseBody: response.body, responseContentType: response.contentType },
  );
}

/** The request failed before it had an answer worth keeping: let the next retry run it afresh. */
export async function releaseIdempotentRequest(em: EntityManager, recordId: number): Promise<void> {
  await em.nativeDelete(IdempotencyKey, { id: recordId, state: 'RUNNING' });
}

/** Keys past their day are answered afresh anyway; deleting them keeps the table small. */
export async function purgeExpiredIdempotencyKeys(em: EntityManager, clock: Clock): Promise<number> {
  return em.nativeDelete(IdempotencyKey, { expiresAt: { $lte: clock.now() } });
}
