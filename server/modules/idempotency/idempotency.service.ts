import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import { openSecret, sealSecret } from '../../domain/secret-box.ts';
import type { Principal } from '../request-context.ts';
import type { PlatformJob } from '../tenancy/job-context.ts';
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
  { kind: 'PROCEED'; recordId: number } | { kind: 'REPLAY'; response: StoredResponse } | { kind: 'IN_PROGRESS' } | { kind: 'BODY_MISMATCH' };

/** Who a stored answer belongs to: the API key, the operator, or an anonymous client address. */
export interface IdempotencyCaller {
  principal: Principal | null;
  clientAddress: string;
}

/**
 * Answers are kept per API key (the IETF draft's "per client"), not per business: another key of
 * the same business, which may lack the scopes, gets a fresh execution instead of this key's answer.
 */
function scopeOf({ principal, clientAddress }: IdempotencyCaller): { scope: string; business: string | null; mode: 'TEST' | 'LIVE' | null } {
  if (principal?.kind === 'API_KEY') return { scope: `key:${principal.apiKeyId}`, business: principal.businessId, mode: principal.mode };
  if (principal?.kind === 'PLATFORM_ADMIN') return { scope: 'platform', business: null, mode: null };
  return { scope: `client:${clientAddress}`, business: null, mode: null };
}

/**
 * Stored answers may carry secrets shown once (`sk_…`, `whsec_…`), so they rest sealed with the
 * secrets key. Without one, the secrets are cut out and the replay says so.
 */
const SECRET_PATTERN = /\b(?:sk_(?:test|live)_[0-9a-z]{22}\.[A-Za-z0-9_-]{43}|whsec_[A-Za-z0-9+/]{43}=)/g;
export const REDACTED_SECRET = 'redacted: a secret is shown once';

export function redactSecrets(body: string): string {
  return body.replace(SECRET_PATTERN, REDACTED_SECRET);
}

const sealBody = (secretsKey: Buffer | null, body: string) => (secretsKey ? sealSecret(secretsKey, body) : redactSecrets(body));
// Sealed text starts `v1.`; a redacted answer is the JSON itself.
const openBody = (secretsKey: Buffer | null, stored: string) => (secretsKey && stored.startsWith('v1.') ? openSecret(secretsKey, stored) : stored);

/**
 * Claims `key` for this request, or says what to answer instead. The unique (scope, key) index
 * decides the race between concurrent first attempts, across processes.
 */
export async function beginIdempotentRequest(
  em: EntityManager,
  clock: Clock,
  caller: IdempotencyCaller,
  key: string,
  requestHash: string,
  secretsKey: Buffer | null,
): Promise<IdempotencyDecision> {
  const now = clock.now();
  const { scope, business, mode } = scopeOf(caller);
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
      response: { status: existing.responseStatus!, body: openBody(secretsKey, existing.responseBody!), contentType: existing.responseContentType! },
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

export async function completeIdempotentRequest(em: EntityManager, recordId: number, response: StoredResponse, secretsKey: Buffer | null): Promise<void> {
  await em.nativeUpdate(
    IdempotencyKey,
    { id: recordId },
    { state: 'COMPLETED', responseStatus: response.status, responseBody: sealBody(secretsKey, response.body), responseContentType: response.contentType },
  );
}

/** The request failed before it had an answer worth keeping: let the next retry run it afresh. */
export async function releaseIdempotentRequest(em: EntityManager, recordId: number): Promise<void> {
  await em.nativeDelete(IdempotencyKey, { id: recordId, state: 'RUNNING' });
}

/** Keys past their day are answered afresh anyway; deleting them keeps the table small. */
export async function purgeExpiredIdempotencyKeys(job: PlatformJob): Promise<number> {
  return job.em.nativeDelete(IdempotencyKey, { expiresAt: { $lte: job.clock.now() } });
}
