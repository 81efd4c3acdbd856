import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrfTokenFor, ROLE_SCOPES, sameText } from '../domain/accounts.ts';
import type { DashboardSession } from '../modules/accounts/account.entities.ts';
import { endSession, endUserSessions } from '../modules/accounts/sessions.ts';
import { SESSION_COOKIE, sessionTokenOf } from '../modules/accounts/session-principal.ts';
import {
  authenticatePasskey,
  changePassword,
  confirmSms,
  confirmTotp,
  enrolSms,
  enrolTotp,
  factorsOf,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  phoneHintOf,
  registerPasskey,
  sendSignInSms,
  sessionOf,
  signIn,
  verifyFactor,
  type AccountDeps,
  type AuthResult,
} from '../modules/accounts/sign-in.service.ts';
import type { SandboxSms } from '../providers/sandbox-sms/sandbox-sms.ts';

export const DASHBOARD_AUTH_PATH = '/dashboard/api/auth';

const cookieAttributes = 'Path=/; HttpOnly; Secure; SameSite=Strict';

function setSessionCookie(c: Context, token: string): void {
  c.header('set-cookie', `${SESSION_COOKIE}=${token}; ${cookieAttributes}`);
}

function clearSessionCookie(c: Context): void {
  c.header('set-cookie', `${SESSION_COOKIE}=; ${cookieAttributes}; Max-Age=0`);
}

const addressOf = (c: Context) => getConnInfo(c).remote.address ?? 'unknown';

function answer<T extends object>(c: Context, result: AuthResult<T>) {
  c.header('cache-control', 'no-store');
  if (!result.ok) {
    if (result.retryAfterSeconds) c.header('retry-after', String(result.retryAfterSeconds));
    return c.json(
      { error: result.error, detail: result.detail, ...(result.retryAfterSeconds ? { retryAfterSeconds: result.retryAfterSeconds } : {}) },
      result.status,
    );
  }
  const { ok: _ok, ...body } = result as { ok: true } & T;
  return c.json(body, 200);
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const body = (await c.req.json().catch(() => null)) as unknown;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * The dashboard's sign-in JSON API (docs/dashboard.md): sign-in, forced password change, SMS, TOTP
 * and passkey factors, sign-out. Every POST but sign-in needs the session and its CSRF token.
 */
export function dashboardAuthRoutes(deps: AccountDeps & { sandboxSms: SandboxSms | null }) {
  const app = new Hono();
  app.use(`${DASHBOARD_AUTH_PATH}/*`, bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: 'PAYLOAD_TOO_LARGE', detail: 'At most 64 KB.' }, 413) }));

  /** A cross-site form or fetch carries its own Origin: refuse it before anything runs. */
  const crossSite = (c: Context) => {
    const origin = c.req.header('origin');
    if (!origin) return false;
    try {
      return new URL(origin).host !== c.req.header('host');
    } catch {
      return true;
    }
  };

  app.get(`${DASHBOARD_AUTH_PATH}/session`, async (c) => {
    c.header('cache-control', 'no-store');
    const token = sessionTokenOf(c.req.header('cookie'));
    const session = await sessionOf(deps, token);
    if (!session || !token) return c.json({ signedIn: false, stage: 'NONE' });
    const user = session.user;
    return c.json({
      signedIn: session.stage === 'DONE',
      stage: session.stage,
      csrfToken: csrfTokenFor(token),
      factors: await factorsOf(deps.orm.em.fork(), user),
      user: {
        id: user.id,
        email: user.email,
        role: user.role,
        kind: user.kind,
        ...(user.memberOf ? { businessId: user.memberOf.id, businessName: user.memberOf.name } : {}),
        // What the role may do, so the dashboard offers only those actions (the API checks every request itself).
        ...(user.kind === 'MERCHANT' && user.role !== 'OPERATOR' ? { scopes: ROLE_SCOPES[user.role] } : {}),
        ...(user.phone ? { phoneHint: phoneHintOf(user.phone) } : {}),
      },
    });
  });

  app.post(`${DASHBOARD_AUTH_PATH}/sign-in`, async (c) => {
    if (crossSite(c)) return c.json({ error: 'CSRF_TOKEN_INVALID', detail: 'Cross-site sign-in is refused.' }, 403);
    const body = await jsonBody(c);
    const result = await signIn(deps, { email: body.email, password: body.password, address: addressOf(c) });
    if (!result.ok) return answer(c, result);
    setSessionCookie(c, result.token);
    return answer(c, { ok: true, stage: result.stage, csrfToken: csrfTokenFor(result.token), factors: result.factors });
  });

  /** A POST with the session: the session, its CSRF token checked; or the refusal. */
  async function withSession(
    c: Context,
    run: (session: DashboardSession, body: Record<string, unknown>, token: string) => Promise<Response>,
    options: { allowMissing?: () => Response } = {},
  ): Promise<Response> {
    c.header('cache-control', 'no-store');
    const token = sessionTokenOf(c.req.header('cookie'));
    const session = await sessionOf(deps, token);
    if (!session || !token) {
      return options.allowMissing?.() ?? c.json({ error: 'UNAUTHENTICATED', detail: 'Sign in first.' }, 401);
    }
    const csrf = c.req.header('x-csrf-token');
    if (!csrf || !sameText(csrf, csrfTokenFor(token))) {
      return c.json({ error: 'CSRF_TOKEN_INVALID', detail: 'Send the X-CSRF-Token from GET /dashboard/api/auth/session.' }, 403);
    }
    return run(session, await jsonBody(c), token);
  }

  const post = (path: string, run: (c: Context, session: DashboardSession, body: Record<string, unknown>) => Promise<Response>) =>
    app.post(`${DASHBOARD_AUTH_PATH}/${path}`, (c) => withSession(c, (session, body) => run(c, session, body)));

  post('change-password', async (c, session, body) => answer(c, await changePassword(deps, session, body.newPassword)));
  post('sms/enrol', async (c, session, body) => answer(c, await enrolSms(deps, session, body.phone, addressOf(c))));
  post('sms/confirm', async (c, session, body) => answer(c, await confirmSms(deps, session, body.code, addressOf(c))));
  post('sms/send', async (c, session) => answer(c, await sendSignInSms(deps, session, addressOf(c))));
  post('verify', async (c, session, body) => answer(c, await verifyFactor(deps, session, { factor: body.factor, code: body.code }, addressOf(c))));
  post('totp/enrol', async (c, session) => answer(c, await enrolTotp(deps, session)));
  post('totp/confirm', async (c, session, body) => answer(c, await confirmTotp(deps, session, body.code, addressOf(c))));
  post('passkey/registration-options', async (c, session) => {
    const result = await passkeyRegistrationOptions(deps, session);
    return result.ok ? c.json(result.options) : answer(c, result);
  });
  post('passkey/register', async (c, session, body) => answer(c, await registerPasskey(deps, session, body.response, c.req.header('origin'))));
  post('passkey/authentication-options', async (c, session) => {
    const result = await passkeyAuthenticationOptions(deps, session);
    return result.ok ? c.json(result.options) : answer(c, result);
  });
  post('passkey/authenticate', async (c, session, body) =>
    answer(c, await authenticatePasskey(deps, session, body.response, c.req.header('origin'), addressOf(c))),
  );

  const signedOut = (c: Context) => {
    clearSessionCookie(c);
    return c.body(null, 204);
  };
  app.post(`${DASHBOARD_AUTH_PATH}/sign-out`, (c) =>
    withSession(
      c,
      async (session) => {
        await endSession(deps.orm.em.fork(), deps.clock, session.id);
        return signedOut(c);
      },
      { allowMissing: () => signedOut(c) },
    ),
  );
  app.post(`${DASHBOARD_AUTH_PATH}/sign-out-everywhere`, (c) =>
    withSession(c, async (session) => {
      await endUserSessions(deps.orm.em.fork(), deps.clock, session.user.id);
      return signedOut(c);
    }),
  );

  // The sandbox gateway's messages, for tests and the developer; absent unless it is the provider.
  if (deps.sandboxSms) {
    const sandboxSms = deps.sandboxSms;
    app.get('/dashboard/api/dev/sms-outbox', (c) => {
      c.header('cache-control', 'no-store');
      // A '+' in a query string reads as a space: `?to=+255…` means the E.164 number.
      const to = c.req.query('to')?.replace(/^ /, '+');
      return c.json({ messages: sandboxSms.outbox(to || undefined) });
    });
  }
  return app;
}
