// Second factors against the real server: SMS codes (expiry, reuse, lockout and its recovery),
// attempt limits, TOTP with recovery codes, passkeys (a software authenticator), and nothing
// secret at rest.
import * as OTPAuth from 'otpauth';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { DashboardUser } from '../../server/modules/accounts/account.entities.ts';
import { createMerchantUser, DashboardClient, latestCode, signedInUser } from '../support/dashboard.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';
import { SoftwareAuthenticator } from '../support/software-authenticator.ts';

let server: TestServer;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ businessId } = await onboardBusiness(server, { name: 'Factors Ltd' }));
});
afterAll(() => server.close());

const VIEWER = `{ viewer { business { id } } }`;
const MINUTE = 60_000;

/** Signs the user in again up to VERIFY_FACTOR, in a new browser. */
async function atVerify(user: { password: string }, email: string): Promise<DashboardClient> {
  const browser = new DashboardClient(server);
  const signIn = await browser.signIn(email, user.password);
  expect(signIn.body.stage).toBe('VERIFY_FACTOR');
  return browser;
}

const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('SMS codes', () => {
  it('lock the account at the 5th wrong code; the lock can be waited out', async () => {
    const user = await signedInUser(server, { businessId, email: 'locked@factors.test' });
    const browser = await atVerify(user, 'locked@factors.test');
    await browser.auth('sms/send');
    const code = await latestCode(server, user.phone);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await browser.auth('verify', { factor: 'SMS', code: wrongCodeFor(code) });
      expect(wrong.status, `attempt ${attempt}`).toBe(400);
      expect(wrong.body.error).toBe('CODE_INVALID');
    }
    const fifth = await browser.auth('verify', { factor: 'SMS', code: wrongCodeFor(code) });
    expect(fifth.status).toBe(423);
    expect(fifth.body).toMatchObject({ error: 'ACCOUNT_LOCKED', retryAfterSeconds: 15 * 60 });
    expect(fifth.headers.get('retry-after')).toBe(String(15 * 60));
    // Locked: even the right code, and a new sign-in, are refused.
    expect((await browser.auth('verify', { factor: 'SMS', code })).status).toBe(423);
    const signIn = await new DashboardClient(server).signIn('locked@factors.test', user.password);
    expect(signIn.status).toBe(423);
    expect(signIn.body.retryAfterSeconds).toBeGreaterThan(0);
    expect((await browser.gql(VIEWER)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    server.clock.advance(15 * MINUTE + 1000);
    const later = await atVerify(user, 'locked@factors.test');
    await later.auth('sms/send');
    expect((await later.auth('verify', { factor: 'SMS', code: await latestCode(server, user.phone) })).body).toEqual({ stage: 'DONE' });
    expect((await later.gql(VIEWER)).body.data.viewer.business.id).toBe(businessId);
  });

  it('the operator can end a lockout at once', async () => {
    const user = await signedInUser(server, { businessId, email: 'unlock@factors.test' });
    const browser = await atVerify(user, 'unlock@factors.test');
    await browser.auth('sms/send');
    const code = await latestCode(server, user.phone);
    for (let attempt = 1; attempt <= 5; attempt++) await browser.auth('verify', { factor: 'SMS', code: wrongCodeFor(code) });
    expect((await browser.auth('verify', { factor: 'SMS', code })).status).toBe(423);
    const unlocked = await server.gql(
      `mutation ($id: ID!) { unlockMerchantUser(input: { id: $id }) { user { lockedUntil } userErrors { code } } }`,
      { id: user.userId },
      { key: TEST_ADMIN_KEY },
    );
    expect(unlocked.body.data.unlockMerchantUser).toEqual({ user: { lockedUntil: null }, userErrors: [] });
    expect((await browser.auth('verify', { factor: 'SMS', code })).body).toEqual({ stage: 'DONE' });
  });

  it('expire after 5 minutes', async () => {
    const user = await signedInUser(server, { businessId, email: 'expiry@factors.test' });
    const browser = await atVerify(user, 'expiry@factors.test');
    await browser.auth('sms/send');
    const code = await latestCode(server, user.phone);
    server.clock.advance(5 * MINUTE + 1000);
    const expired = await browser.auth('verify', { factor: 'SMS', code });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe('CODE_EXPIRED');
    await browser.auth('sms/send');
    expect((await browser.auth('verify', { factor: 'SMS', code: await latestCode(server, user.phone) })).body).toEqual({ stage: 'DONE' });
  });

  it('work once, and a newer code replaces an older one', async () => {
    const user = await signedInUser(server, { businessId, email: 'once@factors.test' });
    const browser = await atVerify(user, 'once@factors.test');
    await browser.auth('sms/send');
    const older = await latestCode(server, user.phone);
    await browser.auth('sms/send');
    const newer = await latestCode(server, user.phone);
    if (older !== newer) expect((await browser.auth('verify', { factor: 'SMS', code: older })).body.error).toBe('CODE_INVALID');
    expect((await browser.auth('verify', { factor: 'SMS', code: newer })).body).toEqual({ stage: 'DONE' });
    // The same code again, in the next sign-in: refused.
    const next = await atVerify(user, 'once@factors.test');
    expect((await next.auth('verify', { factor: 'SMS', code: newer })).body.error).toBe('CODE_INVALID');
  });
});

describe('attempt limits and a server without the sandbox gateway', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      config: { dashboard: { ...loadConfig({}).dashboard, attemptsPerAccount: 3, attemptsPerAddress: 5, attemptWindowSeconds: 60, smsProvider: 'none' } },
    });
  });
  afterAll(() => limited.close());

  it('limits sign-in per account and per address (429 with Retry-After)', async () => {
    const { businessId: other } = await onboardBusiness(limited);
    const { temporaryPassword } = await createMerchantUser(limited, { businessId: other, email: 'limit@other.test' });
    const browser = new DashboardClient(limited);
    for (let attempt = 1; attempt <= 3; attempt++) expect((await browser.signIn('limit@other.test', 'wrong password here')).status).toBe(401);
    const refused = await browser.signIn('limit@other.test', temporaryPassword);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address: the address's budget (5) runs out too.
    expect((await browser.signIn('someone@other.test', 'wrong password here')).status).toBe(401);
    expect((await browser.signIn('someone@other.test', 'wrong password here')).status).toBe(429);
    limited.clock.advance(61_000);
    expect((await browser.signIn('limit@other.test', temporaryPassword)).body.stage).toBe('CHANGE_PASSWORD');
  });

  it('has no SMS outbox route, and SMS enrolment says SMS is unavailable', async () => {
    expect((await fetch(`${limited.url}/dashboard/api/dev/sms-outbox`)).status).toBe(404);
    limited.clock.advance(61_000);
    const { businessId: other } = await onboardBusiness(limited, { name: 'No SMS Ltd' });
    const { temporaryPassword } = await createMerchantUser(limited, { businessId: other, email: 'nosms@other.test' });
    const browser = new DashboardClient(limited);
    await browser.signIn('nosms@other.test', temporaryPassword);
    await browser.auth('change-password', { newPassword: 'no sms here at all 1' });
    const enrol = await browser.auth('sms/enrol', { phone: '+255787123456' });
    expect(enrol.status).toBe(503);
    expect(enrol.body.error).toBe('SMS_UNAVAILABLE');
  });
});

describe('TOTP and recovery codes', () => {
  it('enrols an authenticator app, signs in with its code, and each recovery code works once', async () => {
    const { temporaryPassword } = await createMerchantUser(server, { businessId, email: 'totp@factors.test' });
    const browser = new DashboardClient(server);
    await browser.signIn('totp@factors.test', temporaryPassword);
    await browser.auth('change-password', { newPassword: 'authenticator apps 99' });
    const enrol = await browser.auth('totp/enrol');
    expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/pay-checkout:totp%40factors\.test\?/);
    expect(enrol.body.qrSvg).toMatch(/^<svg/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrol.body.secret), digits: 6, period: 30 });
    const codeNow = () => totp.generate({ timestamp: server.clock.now().getTime() });
    expect((await browser.auth('totp/confirm', { code: wrongCodeFor(codeNow()) })).body.error).toBe('CODE_INVALID');
    const confirmed = await browser.auth('totp/confirm', { code: codeNow() });
    expect(confirmed.body.stage).toBe('DONE');
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect((await browser.session()).body.factors).toEqual(['TOTP']);

    await browser.auth('sign-out');
    const again = await atVerify({ password: 'authenticator apps 99' }, 'totp@factors.test');
    // The confirming code's time step is spent: the same code does not sign in.
    expect((await again.auth('verify', { factor: 'TOTP', code: codeNow() })).body.error).toBe('CODE_INVALID');
    server.clock.advance(30_000);
    const code = codeNow();
    expect((await again.auth('verify', { factor: 'TOTP', code })).body).toEqual({ stage: 'DONE' });
    // Nor twice: a replay in the same 30 seconds is refused.
    const replay = await atVerify({ password: 'authenticator apps 99' }, 'totp@factors.test');
    expect((await replay.auth('verify', { factor: 'TOTP', code })).body.error).toBe('CODE_INVALID');

    const [recovery] = confirmed.body.recoveryCodes as string[];
    const withRecovery = await atVerify({ password: 'authenticator apps 99' }, 'totp@factors.test');
    expect((await withRecovery.auth('verify', { factor: 'RECOVERY_CODE', code: recovery!.toUpperCase() })).body).toEqual({ stage: 'DONE' });
    const reused = await atVerify({ password: 'authenticator apps 99' }, 'totp@factors.test');
    expect((await reused.auth('verify', { factor: 'RECOVERY_CODE', code: recovery })).body.error).toBe('CODE_INVALID');
  });
});

describe('passkeys', () => {
  it('registers a passkey and signs in with it; a replayed or foreign assertion is refused', async () => {
    const user = await signedInUser(server, { businessId, email: 'passkey@factors.test' });
    const origin = `http://localhost:${new URL(server.url).port}`;
    const authenticator = new SoftwareAuthenticator();
    const options = await user.auth('passkey/registration-options');
    expect(options.body).toMatchObject({ rp: { id: 'localhost' }, user: { name: 'passkey@factors.test' } });
    // A response for another challenge does not register.
    const forged = await user.call(
      'POST',
      'auth/passkey/register',
      { response: authenticator.register({ ...options.body, challenge: 'b3RoZXI' }, origin) },
      { headers: { origin } },
    );
    expect(forged.body.error).toBe('PASSKEY_INVALID');
    const fresh = await user.auth('passkey/registration-options');
    const registered = await user.call('POST', 'auth/passkey/register', { response: authenticator.register(fresh.body, origin) }, { headers: { origin } });
    expect(registered.body).toEqual({ stage: 'DONE' });
    expect((await user.session()).body.factors).toEqual(['SMS', 'PASSKEY']);

    const browser = await atVerify(user, 'passkey@factors.test');
    const request = await browser.auth('passkey/authentication-options');
    expect(request.body.allowCredentials).toHaveLength(1);
    const assertion = authenticator.authenticate(request.body, origin);
    const signedIn = await browser.call('POST', 'auth/passkey/authenticate', { response: assertion }, { headers: { origin } });
    expect(signedIn.body).toEqual({ stage: 'DONE' });
    expect((await browser.gql(VIEWER)).body.data.viewer.business.id).toBe(businessId);

    // The same assertion in another session (its challenge is not that session's): refused.
    const replay = await atVerify(user, 'passkey@factors.test');
    await replay.auth('passkey/authentication-options');
    const replayed = await replay.call('POST', 'auth/passkey/authenticate', { response: assertion }, { headers: { origin } });
    expect(replayed.body.error).toBe('CODE_INVALID');
    // Another authenticator's assertion: refused too.
    const other = new SoftwareAuthenticator();
    const request2 = await replay.auth('passkey/authentication-options');
    const foreign = await replay.call('POST', 'auth/passkey/authenticate', { response: other.authenticate(request2.body, origin) }, { headers: { origin } });
    expect(foreign.body.error).toBe('CODE_INVALID');
  });
});

describe('at rest', () => {
  it('keeps no password, code, session token, TOTP secret or recovery code in plaintext in any table', async () => {
    const secrets: string[] = [];
    const { temporaryPassword } = await createMerchantUser(server, { businessId, email: 'rest@factors.test' });
    secrets.push(temporaryPassword);
    const browser = new DashboardClient(server);
    await browser.signIn('rest@factors.test', temporaryPassword);
    secrets.push(browser.cookie!.split('=')[1]!, browser.csrfToken!);
    await browser.auth('change-password', { newPassword: 'plain text nowhere 7' });
    secrets.push('plain text nowhere 7');
    await browser.auth('sms/enrol', { phone: '+255787555444' });
    const enrolCode = await latestCode(server, '+255787555444');
    secrets.push(enrolCode);
    await browser.auth('sms/confirm', { code: enrolCode });
    const totp = await browser.auth('totp/enrol');
    secrets.push(totp.body.secret);
    const confirmed = await browser.auth('totp/confirm', {
      code: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totp.body.secret) }).generate({ timestamp: server.clock.now().getTime() }),
    });
    secrets.push(...confirmed.body.recoveryCodes);
    const next = await atVerify({ password: 'plain text nowhere 7' }, 'rest@factors.test');
    await next.auth('sms/send');
    const signInCode = await latestCode(server, '+255787555444');
    secrets.push(signInCode, next.cookie!.split('=')[1]!);
    await next.auth('verify', { factor: 'SMS', code: signInCode });

    const user = await server.orm.em.fork().findOneOrFail(DashboardUser, { email: 'rest@factors.test' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      );
      let everything = '';
      for (const { name } of tables) {
        const { rows } = await client.query<{ row: string }>(`select t::text as row from "${name}" t`);
        everything += rows.map((r) => r.row).join('\n');
      }
      expect(everything).toContain('rest@factors.test');
      // Six-digit codes could appear by chance in other numbers: they must not appear next to the user's rows.
      for (const secret of secrets.filter((s) => !/^\d{6}$/.test(s))) expect(everything, 'a secret at rest').not.toContain(secret);
      const { rows: codeRows } = await client.query<{ row: string }>(`select t::text as row from sms_code t where user_id = $1`, [user.id]);
      for (const code of [enrolCode, signInCode]) expect(codeRows.map((r) => r.row).join('\n')).not.toContain(code);
    } finally {
      await client.end();
    }
  });
});
