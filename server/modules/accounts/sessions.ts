import type { EntityManager } from '@mikro-orm/postgresql';
import { generateSessionToken, hashToken, type SignInStage } from '../../domain/accounts.ts';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { DashboardSession, type DashboardUser } from './account.entities.ts';

export interface SessionTimeouts {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteMs: number;
}

/** Last-seen time is kept to the minute: one write per session per minute, not one per request. */
const TOUCH_RESOLUTION_MS = 60_000;

export async function startSession(
  em: EntityManager,
  clock: Clock,
  timeouts: SessionTimeouts,
  user: DashboardUser,
  stage: SignInStage,
): Promise<{ token: string; session: DashboardSession }> {
  const now = clock.now();
  const token = generateSessionToken();
  const session = em.create(DashboardSession, {
    id: newId('ses', now),
    tokenHash: hashToken(token),
    user,
    stage,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + timeouts.absoluteMs),
    endedAt: null,
    pendingPhone: null,
    pendingTotpSecretSealed: null,
    webauthnChallenge: null,
  });
  await em.flush();
  return { token, session };
}

/**
 * The live session of a cookie's token, with its user, or null: unknown, ended, idle too long or
 * past its absolute timeout (those are ended on the way), or its user removed.
 */
export async function findLiveSession(em: EntityManager, clock: Clock, timeouts: SessionTimeouts, token: string): Promise<DashboardSession | null> {
  if (!token || token.length > 100) return null;
  const session = await em.findOne(DashboardSession, { tokenHash: hashToken(token), endedAt: null }, { populate: ['user', 'user.memberOf'] });
  if (!session) return null;
  const now = clock.now();
  const idleUntil = session.lastSeenAt.getTime() + timeouts.idleMs;
  if (now.getTime() >= idleUntil || now >= session.expiresAt || session.user.removedAt) {
    await em.nativeUpdate(DashboardSession, { id: session.id, endedAt: null }, { endedAt: now });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_RESOLUTION_MS) {
    await em.nativeUpdate(DashboardSession, { id: session.id }, { lastSeenAt: now });
    session.lastSeenAt = now;
  }
  return session;
}

export async function endSession(em: EntityManager, clock: Clock, sessionId: string): Promise<void> {
  await em.nativeUpdate(DashboardSession, { id: sessionId, endedAt: null }, { endedAt: clock.now() });
}

/** Ends every session of the user (sign out everywhere), or every one but `except`. */
export async function endUserSessions(em: EntityManager, clock: Clock, userId: string, except?: string): Promise<number> {
  return em.nativeUpdate(DashboardSession, { user: userId, endedAt: null, ...(except ? { id: { $ne: except } } : {}) }, { endedAt: clock.now() });
}
