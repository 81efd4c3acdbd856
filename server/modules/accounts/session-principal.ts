import { csrfTokenFor, ROLE_SCOPES, sameText, type MerchantRole } from '../../domain/accounts.ts';
import type { Mode } from '../../domain/api-keys.ts';
import type { Principal } from '../tenancy/principal.ts';
import { businessView } from '../tenancy/principal.ts';
import type { AccountDeps } from './sign-in.service.ts';
import { sessionOf } from './sign-in.service.ts';

export const SESSION_COOKIE = '__Host-pc_session';

export type SessionAuthentication = { ok: true; principal: Principal | null } | { ok: false; status: 400 | 403; code: string; reason: string };

/** The session token in a Cookie header, if any. */
export function sessionTokenOf(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/**
 * A fully signed-in session (stage DONE) as a principal: a merchant user is its business in the mode
 * of `X-Pay-Mode` with its role's scopes; an operator user is the platform operator. A session still
 * signing in, ended or unknown is anonymous. A live session must send its CSRF token on every request.
 */
export async function authenticateSession(
  deps: AccountDeps,
  request: { token: string; csrfToken: string | null; mode: string | null },
): Promise<SessionAuthentication> {
  const session = await sessionOf(deps, request.token);
  if (!session || session.stage !== 'DONE') return { ok: true, principal: null };
  if (!request.csrfToken || !sameText(request.csrfToken, csrfTokenFor(request.token))) {
    return { ok: false, status: 403, code: 'CSRF_TOKEN_INVALID', reason: 'A request with the session cookie must carry its X-CSRF-Token.' };
  }
  const user = session.user;
  const sessionUser = { userId: user.id, sessionId: session.id, role: user.role };
  if (user.kind === 'OPERATOR') return { ok: true, principal: { kind: 'PLATFORM_ADMIN', user: sessionUser } };
  const modeHeader = (request.mode ?? 'test').toLowerCase();
  if (modeHeader !== 'test' && modeHeader !== 'live') return { ok: false, status: 400, code: 'BAD_REQUEST', reason: 'X-Pay-Mode is test or live.' };
  const mode: Mode = modeHeader === 'live' ? 'LIVE' : 'TEST';
  const business = user.memberOf;
  if (!business) return { ok: true, principal: null };
  return {
    ok: true,
    principal: {
      kind: 'API_KEY',
      apiKeyId: `user:${user.id}`,
      business: businessView(business),
      businessId: business.id,
      mode,
      scopes: ROLE_SCOPES[user.role as MerchantRole] ?? [],
      user: sessionUser,
    },
  };
}
