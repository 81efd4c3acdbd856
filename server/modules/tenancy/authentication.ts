import type { EntityManager } from '@mikro-orm/postgresql';
import { adminKeyMatches, isScope, parseSecretKey, secretMatches } from '../../domain/api-keys.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Principal } from '../request-context.ts';
import { ApiKey } from './api-key.entity.ts';

/** Last-used time is kept to the minute: one write per key per minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticationResult = { ok: true; principal: Principal | null } | { ok: false; reason: string };

/**
 * Turns `Authorization: Bearer …` into a principal. No header is an anonymous caller (public
 * fields only); a header that is not a live, known key is refused outright.
 */
export async function authenticate(
  em: EntityManager,
  authorization: string | undefined | null,
  options: { platformAdminKey: string | undefined; clock: Clock },
): Promise<AuthenticationResult> {
  if (!authorization) return { ok: true, principal: null };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return { ok: false, reason: 'The Authorization header must be "Bearer <secret key>".' };
  const token = match[1]!;

  if (options.platformAdminKey && token.startsWith('pk_admin_') && adminKeyMatches(token, options.platformAdminKey)) {
    return { ok: true, principal: { kind: 'PLATFORM_ADMIN' } };
  }
  const parsed = parseSecretKey(token);
  if (!parsed) return { ok: false, reason: 'Invalid API key.' };

  const key = await em.findOne(ApiKey, { id: parsed.keyId }, { populate: ['business'] });
  if (!key || key.mode !== parsed.mode || !secretMatches(parsed.secret, key.secretHash)) {
    return { ok: false, reason: 'Invalid API key.' };
  }
  if (key.revokedAt) return { ok: false, reason: 'This API key has been revoked.' };

  const now = options.clock.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await em.nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: now });
  }
  return {
    ok: true,
    principal: { kind: 'API_KEY', apiKeyId: key.id, businessId: key.business.id, mode: key.mode, scopes: key.scopes.filter(isScope) },
  };
}
