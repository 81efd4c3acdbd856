import type { MikroORM } from '@mikro-orm/postgresql';
import { adminKeyMatches, isScope, parseSecretKey, secretMatches } from '../../domain/api-keys.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ApiKeyPrincipal, Principal } from '../request-context.ts';
import { businessView } from './principal.ts';
import { ApiKey } from './api-key.entity.ts';
import type { ApiKeyRevocations } from './key-revocations.ts';

/** Last-used time is kept to the minute: one write per key per minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticationResult = { ok: true; principal: Principal | null } | { ok: false; reason: string; status?: number; code?: string };

/** Resolves a dashboard session cookie (modules/accounts/session-principal.ts), given by the app. */
export type SessionAuthenticator = (request: { token: string; csrfToken: string | null; mode: string | null }) => Promise<AuthenticationResult>;

export interface CredentialHeaders {
  authorization: string | null | undefined;
  /** The session token from the `__Host-pc_session` cookie. */
  sessionToken?: string | undefined;
  csrfToken?: string | null;
  mode?: string | null;
}

interface CachedKey {
  principal: ApiKeyPrincipal;
  secretHash: string;
  expiresAt: number;
}

/**
 * Turns `Authorization: Bearer …` into a principal. No header is an anonymous caller (public
 * fields only); a header that is not a live, known key is refused outright.
 *
 * Verified keys are remembered for `cacheTtlMs` (wall time), so the hot path costs no query. A
 * revocation drops the key at once, in this process and (over NOTIFY) in every other one; only
 * while a process's LISTEN connection is down does a key it remembers live on, up to that TTL.
 */
export class Authenticator {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #platformAdminKey: string | undefined;
  readonly #cacheTtlMs: number;
  readonly #cache = new Map<string, CachedKey>();
  /** Revocations heard so far: a key read while one arrived may have been read before it, so is not remembered. */
  #revocationsHeard = 0;
  readonly #stopListening: () => void;

  readonly #sessions: SessionAuthenticator | undefined;

  constructor(options: {
    orm: MikroORM;
    clock: Clock;
    platformAdminKey: string | undefined;
    revocations: ApiKeyRevocations;
    cacheTtlMs?: number;
    sessions?: SessionAuthenticator;
  }) {
    this.#sessions = options.sessions;
    this.#orm = options.orm;
    this.#clock = options.clock;
    this.#platformAdminKey = options.platformAdminKey;
    this.#cacheTtlMs = options.cacheTtlMs ?? 5_000;
    this.#stopListening = options.revocations.listen((keyId) => {
      this.#revocationsHeard++;
      this.#cache.delete(keyId);
    });
  }

  dispose(): void {
    this.#stopListening();
    this.#cache.clear();
  }

  /**
   * /graphql's caller: a bearer key when one is sent (it wins over a session cookie sent alongside,
   * so a script's key never picks up a browser's session), else the dashboard session, else anonymous.
   */
  async authenticateRequest(headers: CredentialHeaders): Promise<AuthenticationResult> {
    if (headers.authorization || !headers.sessionToken || !this.#sessions) return this.authenticate(headers.authorization);
    return this.#sessions({ token: headers.sessionToken, csrfToken: headers.csrfToken ?? null, mode: headers.mode ?? null });
  }

  /** A bearer key alone (REST, WebSocket). */
  async authenticate(authorization: string | undefined | null): Promise<AuthenticationResult> {
    if (!authorization) return { ok: true, principal: null };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, reason: 'The Authorization header must be "Bearer <secret key>".' };
    const token = match[1]!;

    if (this.#platformAdminKey && token.startsWith('pk_admin_') && adminKeyMatches(token, this.#platformAdminKey)) {
      return { ok: true, principal: { kind: 'PLATFORM_ADMIN' } };
    }
    const parsed = parseSecretKey(token);
    if (!parsed) return { ok: false, reason: 'Invalid API key.' };

    const cached = this.#cache.get(parsed.keyId);
    if (cached && cached.expiresAt > Date.now()) {
      return secretMatches(parsed.secret, cached.secretHash) && cached.principal.mode === parsed.mode
        ? { ok: true, principal: cached.principal }
        : { ok: false, reason: 'Invalid API key.' };
    }

    const heardBefore = this.#revocationsHeard;
    const em = this.#orm.em.fork();
    const key = await em.findOne(ApiKey, { id: parsed.keyId }, { populate: ['business'] });
    if (!key || key.mode !== parsed.mode || !secretMatches(parsed.secret, key.secretHash)) {
      return { ok: false, reason: 'Invalid API key.' };
    }
    if (key.revokedAt) return { ok: false, reason: 'This API key has been revoked.' };

    const now = this.#clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await em.nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: now });
    }
    const { business } = key;
    const principal: ApiKeyPrincipal = {
      kind: 'API_KEY',
      apiKeyId: key.id,
      business: businessView(business),
      businessId: business.id,
      mode: key.mode,
      scopes: key.scopes.filter(isScope),
    };
    if (this.#revocationsHeard === heardBefore) {
      this.#cache.set(key.id, { principal, secretHash: key.secretHash, expiresAt: Date.now() + this.#cacheTtlMs });
    }
    return { ok: true, principal };
  }
}
