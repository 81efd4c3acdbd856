import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import {
  CODE_TTL_MS,
  generateCode,
  generateRecoveryCodes,
  hashCode,
  LOCKOUT_MS,
  MAX_WRONG_CODES,
  normaliseEmail,
  normaliseRecoveryCode,
  PASSWORD_MAX_LENGTH,
  phoneHint,
  stageAfterPassword,
  type Factor,
  type SignInStage,
} from '../../domain/accounts.ts';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { openSecret, sealSecret } from '../../domain/secret-box.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { DashboardSession, DashboardUser, PasskeyCredential, RecoveryCode, SmsCode } from './account.entities.ts';
import { burnPasswordCheck, hashPassword, newPasswordProblem, passwordMatches } from './passwords.ts';
import { endUserSessions, findLiveSession, startSession, type SessionTimeouts } from './sessions.ts';
import type { SmsProvider } from './sms-port.ts';

export interface AccountDeps {
  orm: MikroORM;
  clock: Clock;
  /** null: no SMS gateway configured (SMS enrolment answers SMS_UNAVAILABLE). */
  sms: SmsProvider | null;
  /** Keys the hashes of one-time codes (a 6-digit code needs a keyed hash). */
  codeKey: Buffer;
  /** Seals TOTP secrets; null: TOTP is not offered. */
  secretsKey: Buffer | null;
  timeouts: SessionTimeouts;
  /** Sign-in and code attempts: per account (email) and per client address. */
  limits: { perAccount: RateLimiter; perAddress: RateLimiter };
  webauthn: { rpId: string; rpName: string; production: boolean; publicOrigin: string };
}

export type AuthFailure = { ok: false; status: 400 | 401 | 403 | 409 | 423 | 429 | 503; error: string; detail: string; retryAfterSeconds?: number };
export type AuthResult<T> = ({ ok: true } & T) | AuthFailure;

const fail = (status: AuthFailure['status'], error: string, detail: string, extra: { retryAfterSeconds?: number } = {}): AuthFailure => ({
  ok: false,
  status,
  error,
  detail,
  ...extra,
});

export const locked = (until: Date, now: Date): AuthFailure =>
  fail(423, 'ACCOUNT_LOCKED', 'Too many wrong codes: this account is locked for a while.', {
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  });

export async function factorsOf(em: EntityManager, user: DashboardUser): Promise<Factor[]> {
  const factors: Factor[] = [];
  if (user.phone) factors.push('SMS');
  if (user.totpSecretSealed) factors.push('TOTP');
  if ((await em.count(PasskeyCredential, { user: user.id })) > 0) factors.push('PASSKEY');
  return factors;
}

export function phoneHintOf(phone: string | null): string | undefined {
  if (!phone) return undefined;
  const parsed = parsePhoneNumberFromString(phone);
  return parsed ? phoneHint(phone, parsed.countryCallingCode) : undefined;
}

/** Sign-ins and code attempts (sending and checking) have budgets of their own. */
async function limited(deps: AccountDeps, account: string, address: string, kind: 'sign-in' | 'code' = 'code'): Promise<AuthFailure | null> {
  for (const [limiter, key] of [
    [deps.limits.perAddress, `${kind}:ip:${address}`],
    [deps.limits.perAccount, `${kind}:acct:${account}`],
  ] as const) {
    const decision = await limiter.consume(key);
    if (!decision.allowed) return fail(429, 'RATE_LIMITED', 'Too many attempts; wait a little.', { retryAfterSeconds: decision.retryAfterSeconds });
  }
  return null;
}

/** Email + password → a session at its first stage (the cookie's token is returned once). */
export async function signIn(
  deps: AccountDeps,
  input: { email: unknown; password: unknown; address: string },
): Promise<AuthResult<{ token: string; stage: SignInStage; factors: Factor[] }>> {
  if (typeof input.email !== 'string' || typeof input.password !== 'string' || input.email.length > 254 || input.password.length > PASSWORD_MAX_LENGTH) {
    return fail(400, 'INVALID_INPUT', 'email and password are required strings.');
  }
  const email = normaliseEmail(input.email);
  const tooMany = await limited(deps, email, input.address, 'sign-in');
  if (tooMany) return tooMany;
  const em = deps.orm.em.fork();
  const now = deps.clock.now();
  const user = await em.findOne(DashboardUser, { email, removedAt: null });
  const invalid = fail(401, 'INVALID_CREDENTIALS', 'The email or password is wrong.');
  if (!user) {
    await burnPasswordCheck(input.password);
    return invalid;
  }
  if (!(await passwordMatches(user.passwordHash, input.password))) return invalid;
  if (user.lockedUntil && user.lockedUntil > now) return locked(user.lockedUntil, now);
  let stage: SignInStage;
  if (user.passwordTemporary) {
    // It works once: a second sign-in with it, or one after 72 h, needs a new one from the administrator.
    const claimed =
      !user.temporaryUsedAt &&
      !!user.temporaryExpiresAt &&
      user.temporaryExpiresAt > now &&
      (await em.nativeUpdate(DashboardUser, { id: user.id, temporaryUsedAt: null }, { temporaryUsedAt: now })) === 1;
    if (!claimed) {
      return fail(401, 'INVALID_CREDENTIALS', 'This temporary password has expired or was already used; ask your administrator for a new one.');
    }
    stage = 'CHANGE_PASSWORD';
  } else {
    stage = stageAfterPassword(await factorsOf(em, user));
  }
  const { token } = await startSession(em, deps.clock, deps.timeouts, user, stage);
  return { ok: true, token, stage, factors: await factorsOf(em, user) };
}

export async function sessionOf(deps: AccountDeps, token: string | undefined): Promise<DashboardSession | null> {
  return token ? findLiveSession(deps.orm.em.fork(), deps.clock, deps.timeouts, token) : null;
}

function atStage(session: DashboardSession, ...stages: SignInStage[]): AuthFailure | null {
  return stages.includes(session.stage) ? null : fail(409, 'WRONG_STAGE', `This step is not open at stage ${session.stage}.`);
}

async function setStage(
  em: EntityManager,
  session: DashboardSession,
  stage: SignInStage,
  changes: Partial<Pick<DashboardSession, 'pendingPhone' | 'pendingTotpSecretSealed' | 'webauthnChallenge'>> = {},
) {
  await em.nativeUpdate(DashboardSession, { id: session.id }, { stage, ...changes });
  session.stage = stage;
}

export async function changePassword(deps: AccountDeps, session: DashboardSession, newPassword: unknown): Promise<AuthResult<{ stage: SignInStage }>> {
  const wrong = atStage(session, 'CHANGE_PASSWORD');
  if (wrong) return wrong;
  if (typeof newPassword !== 'string') return fail(400, 'INVALID_INPUT', 'newPassword is required.');
  const problem = newPasswordProblem(newPassword);
  if (problem === 'PASSWORD_TOO_SHORT') return fail(400, problem, 'Choose a password of at least 12 characters.');
  if (problem === 'PASSWORD_TOO_LONG') return fail(400, problem, `Choose a password of at most ${PASSWORD_MAX_LENGTH} characters.`);
  if (problem) return fail(400, problem, 'This password is on a list of common passwords; choose another.');
  const em = deps.orm.em.fork();
  const user = session.user;
  if (await passwordMatches(user.passwordHash, newPassword)) return fail(400, 'PASSWORD_UNCHANGED', 'Choose a password other than the old one.');
  await em.nativeUpdate(
    DashboardUser,
    { id: user.id },
    { passwordHash: await hashPassword(newPassword), passwordTemporary: false, temporaryExpiresAt: null, temporaryUsedAt: null },
  );
  await endUserSessions(em, deps.clock, user.id, session.id);
  await setStage(em, session, stageAfterPassword(await factorsOf(em, user)));
  return { ok: true, stage: session.stage };
}

async function sendCode(
  deps: AccountDeps,
  em: EntityManager,
  session: DashboardSession,
  purpose: SmsCode['purpose'],
  phone: string,
): Promise<AuthFailure | null> {
  if (!deps.sms) return fail(503, 'SMS_UNAVAILABLE', 'No SMS gateway is configured.');
  const now = deps.clock.now();
  const id = newId('smc', now);
  const code = generateCode();
  // A new code replaces the session's earlier ones of the same purpose.
  await em.nativeUpdate(SmsCode, { session: session.id, purpose, usedAt: null }, { usedAt: now });
  em.create(SmsCode, {
    id,
    user: session.user,
    session,
    purpose,
    phone,
    codeHash: hashCode(deps.codeKey, id, code),
    createdAt: now,
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    usedAt: null,
  });
  await em.flush();
  await deps.sms.send({ to: phone, body: `Your pay-checkout code is ${code}. It expires in 5 minutes. Never share it.` });
  return null;
}

export function parsePhone(phone: unknown): string | null {
  if (typeof phone !== 'string' || phone.length > 32) return null;
  const parsed = parsePhoneNumberFromString(phone.trim());
  // E.164 means a leading +: "0787…" alone names no country.
  if (!phone.trim().startsWith('+') || !parsed?.isValid()) return null;
  return parsed.number;
}

export async function enrolSms(deps: AccountDeps, session: DashboardSession, phone: unknown, address: string): Promise<AuthResult<{ phoneHint: string }>> {
  const wrong = atStage(session, 'ENROL_FACTOR', 'DONE');
  if (wrong) return wrong;
  const e164 = parsePhone(phone);
  if (!e164) return fail(400, 'PHONE_INVALID', 'Give the number in E.164 form, e.g. +255787123456.');
  const tooMany = await limited(deps, session.user.email, address);
  if (tooMany) return tooMany;
  const em = deps.orm.em.fork();
  await em.nativeUpdate(DashboardSession, { id: session.id }, { pendingPhone: e164 });
  const failed = await sendCode(deps, em, session, 'ENROL_SMS', e164);
  if (failed) return failed;
  return { ok: true, phoneHint: phoneHintOf(e164)! };
}

export async function sendSignInSms(deps: AccountDeps, session: DashboardSession, address: string): Promise<AuthResult<{ phoneHint: string }>> {
  const wrong = atStage(session, 'VERIFY_FACTOR');
  if (wrong) return wrong;
  const phone = session.user.phone;
  if (!phone) return fail(409, 'FACTOR_NOT_ENROLLED', 'No SMS number is enrolled.');
  const now = deps.clock.now();
  if (session.user.lockedUntil && session.user.lockedUntil > now) return locked(session.user.lockedUntil, now);
  const tooMany = await limited(deps, session.user.email, address);
  if (tooMany) return tooMany;
  const failed = await sendCode(deps, deps.orm.em.fork(), session, 'SIGN_IN_SMS', phone);
  if (failed) return failed;
  return { ok: true, phoneHint: phoneHintOf(phone)! };
}

/**
 * A wrong code counts against the account (in a row lock, so concurrent guesses all count); the
 * fifth since the last right one locks it for LOCKOUT_MS.
 */
async function countWrongCode(deps: AccountDeps, userId: string): Promise<AuthFailure> {
  const now = deps.clock.now();
  return deps.orm.em.fork().transactional(async (em) => {
    const user = await em.findOneOrFail(DashboardUser, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    user.wrongCodes += 1;
    if (user.wrongCodes >= MAX_WRONG_CODES) {
      user.wrongCodes = 0;
      user.lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
      await em.flush();
      return locked(user.lockedUntil, now);
    }
    await em.flush();
    return fail(400, 'CODE_INVALID', 'That code is not right.');
  });
}

async function codeGate(deps: AccountDeps, session: DashboardSession, code: unknown, address: string): Promise<AuthFailure | string> {
  const now = deps.clock.now();
  const user = await deps.orm.em.fork().findOneOrFail(DashboardUser, { id: session.user.id });
  if (user.lockedUntil && user.lockedUntil > now) return locked(user.lockedUntil, now);
  const tooMany = await limited(deps, user.email, address);
  if (tooMany) return tooMany;
  if (typeof code !== 'string' || code.length > 40) return fail(400, 'CODE_INVALID', 'That code is not right.');
  return code.trim();
}

/** Checks an SMS code of the session: right, unused and fresh, it is spent (once, even when raced). */
async function spendSmsCode(deps: AccountDeps, session: DashboardSession, purpose: SmsCode['purpose'], code: string): Promise<AuthFailure | null> {
  const em = deps.orm.em.fork();
  const now = deps.clock.now();
  const codes = await em.find(SmsCode, { session: session.id, purpose }, { orderBy: { id: 'desc' }, limit: 10 });
  const match = /^\d{6}$/.test(code) ? codes.find((row) => hashCode(deps.codeKey, row.id, code) === row.codeHash) : undefined;
  if (match && !match.usedAt && match.expiresAt <= now) return fail(400, 'CODE_EXPIRED', 'That code has expired; ask for a new one.');
  if (!match || match.usedAt || (await em.nativeUpdate(SmsCode, { id: match.id, usedAt: null }, { usedAt: now })) !== 1) {
    return countWrongCode(deps, session.user.id);
  }
  await em.nativeUpdate(DashboardUser, { id: session.user.id }, { wrongCodes: 0 });
  return null;
}

export async function confirmSms(deps: AccountDeps, session: DashboardSession, code: unknown, address: string): Promise<AuthResult<{ stage: SignInStage }>> {
  const wrong = atStage(session, 'ENROL_FACTOR', 'DONE');
  if (wrong) return wrong;
  if (!session.pendingPhone) return fail(409, 'WRONG_STAGE', 'Enrol a number first.');
  const gate = await codeGate(deps, session, code, address);
  if (typeof gate !== 'string') return gate;
  const failed = await spendSmsCode(deps, session, 'ENROL_SMS', gate);
  if (failed) return failed;
  const em = deps.orm.em.fork();
  await em.nativeUpdate(DashboardUser, { id: session.user.id }, { phone: session.pendingPhone });
  await setStage(em, session, 'DONE', { pendingPhone: null });
  return { ok: true, stage: 'DONE' };
}

function totpFor(secret: OTPAuth.Secret, email: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'pay-checkout', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret });
}

/** The time step of a right code (one step of drift either way), or null. */
function totpStep(deps: AccountDeps, sealed: string, email: string, code: string): number | null {
  if (!deps.secretsKey || !/^\d{6}$/.test(code)) return null;
  const secret = OTPAuth.Secret.fromBase32(openSecret(deps.secretsKey, sealed));
  const now = deps.clock.now().getTime();
  const delta = totpFor(secret, email).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

export async function verifyFactor(
  deps: AccountDeps,
  session: DashboardSession,
  input: { factor: unknown; code: unknown },
  address: string,
): Promise<AuthResult<{ stage: SignInStage }>> {
  const wrong = atStage(session, 'VERIFY_FACTOR');
  if (wrong) return wrong;
  if (input.factor !== 'SMS' && input.factor !== 'TOTP' && input.factor !== 'RECOVERY_CODE') {
    return fail(400, 'INVALID_INPUT', 'factor is SMS, TOTP or RECOVERY_CODE.');
  }
  const gate = await codeGate(deps, session, input.code, address);
  if (typeof gate !== 'string') return gate;
  const em = deps.orm.em.fork();
  const user = session.user;
  if (input.factor === 'SMS') {
    const failed = await spendSmsCode(deps, session, 'SIGN_IN_SMS', gate);
    if (failed) return failed;
  } else if (input.factor === 'TOTP') {
    const step = user.totpSecretSealed ? totpStep(deps, user.totpSecretSealed, user.email, gate) : null;
    // A step is spent once: a code seen (or a later one used) cannot sign in again.
    const spent =
      step !== null &&
      (await em.nativeUpdate(DashboardUser, { id: user.id, $or: [{ totpLastStep: null }, { totpLastStep: { $lt: step } }] }, { totpLastStep: step })) === 1;
    if (!spent) return countWrongCode(deps, user.id);
  } else {
    const hash = hashCode(deps.codeKey, user.id, normaliseRecoveryCode(gate));
    const spent = await em.nativeUpdate(RecoveryCode, { user: user.id, codeHash: hash, usedAt: null }, { usedAt: deps.clock.now() });
    if (spent !== 1) return countWrongCode(deps, user.id);
  }
  await em.nativeUpdate(DashboardUser, { id: user.id }, { wrongCodes: 0 });
  await setStage(em, session, 'DONE');
  return { ok: true, stage: 'DONE' };
}

export async function enrolTotp(deps: AccountDeps, session: DashboardSession): Promise<AuthResult<{ secret: string; otpauthUrl: string; qrSvg: string }>> {
  const wrong = atStage(session, 'ENROL_FACTOR', 'DONE');
  if (wrong) return wrong;
  if (!deps.secretsKey) return fail(503, 'TOTP_UNAVAILABLE', 'No secrets key is configured to keep authenticator secrets.');
  const secret = new OTPAuth.Secret({ size: 20 });
  const otpauthUrl = totpFor(secret, session.user.email).toString();
  await deps.orm.em.fork().nativeUpdate(DashboardSession, { id: session.id }, { pendingTotpSecretSealed: sealSecret(deps.secretsKey, secret.base32) });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 2 });
  return { ok: true, secret: secret.base32, otpauthUrl, qrSvg };
}

export async function confirmTotp(
  deps: AccountDeps,
  session: DashboardSession,
  code: unknown,
  address: string,
): Promise<AuthResult<{ stage: SignInStage; recoveryCodes: string[] }>> {
  const wrong = atStage(session, 'ENROL_FACTOR', 'DONE');
  if (wrong) return wrong;
  const pending = session.pendingTotpSecretSealed;
  if (!pending) return fail(409, 'WRONG_STAGE', 'Start TOTP enrolment first.');
  const gate = await codeGate(deps, session, code, address);
  if (typeof gate !== 'string') return gate;
  const step = totpStep(deps, pending, session.user.email, gate);
  if (step === null) return countWrongCode(deps, session.user.id);
  const em = deps.orm.em.fork();
  const now = deps.clock.now();
  const recoveryCodes = generateRecoveryCodes();
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(DashboardUser, { id: session.user.id }, { totpSecretSealed: pending, totpLastStep: step, wrongCodes: 0 });
    await tx.nativeDelete(RecoveryCode, { user: session.user.id });
    for (const code of recoveryCodes) {
      tx.create(RecoveryCode, {
        id: newId('rec', now),
        user: session.user.id,
        codeHash: hashCode(deps.codeKey, session.user.id, normaliseRecoveryCode(code)),
        createdAt: now,
        usedAt: null,
      });
    }
  });
  await setStage(em, session, 'DONE', { pendingTotpSecretSealed: null });
  return { ok: true, stage: 'DONE', recoveryCodes };
}

/** The origin a WebAuthn ceremony must come from: ours; in development any port of the RP host. */
function expectedOrigin(deps: AccountDeps, origin: string | undefined): string {
  if (deps.webauthn.production || !origin) return deps.webauthn.publicOrigin;
  try {
    return new URL(origin).hostname === deps.webauthn.rpId ? origin : deps.webauthn.publicOrigin;
  } catch {
    return deps.webauthn.publicOrigin;
  }
}

export async function passkeyRegistrationOptions(deps: AccountDeps, session: DashboardSession): Promise<AuthResult<{ options: unknown }>> {
  const wrong = atStage(session, 'ENROL_FACTOR', 'DONE');
  if (wrong) return wrong;
  const em = deps.orm.em.fork();
  const existing = await em.find(PasskeyCredential, { user: session.user.id });
  const options = await generateRegistrationOptions({
    rpName: deps.webauthn.rpName,
    rpID: deps.webauthn.rpId,
    userName: session.user.email,
    userID: new TextEncoder().encode(session.user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((credential) => ({ id: credential.credentialId, transports: credential.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await em.nativeUpdate(DashboardSession, { id: session.id }, { webauthnChallenge: options.challenge });
  return { ok: true, options };
}

export async function registerPasskey(
  deps: AccountDeps,
  session: DashboardSession,
  response: unknown,
  origin: string | undefined,
): Promise<AuthResult<{ stage: SignInStage }>> {
  const wrong = atStage(session, 'ENROL_FACTOR', 'DONE');
  if (wrong) return wrong;
  if (!session.webauthnChallenge) return fail(409, 'WRONG_STAGE', 'Ask for registration options first.');
  const em = deps.orm.em.fork();
  // The challenge is spent whatever the outcome.
  await em.nativeUpdate(DashboardSession, { id: session.id }, { webauthnChallenge: null });
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: session.webauthnChallenge,
      expectedOrigin: expectedOrigin(deps, origin),
      expectedRPID: deps.webauthn.rpId,
      requireUserVerification: false,
    });
  } catch (error) {
    return fail(400, 'PASSKEY_INVALID', error instanceof Error ? error.message : 'The passkey response did not verify.');
  }
  if (!verification.verified || !verification.registrationInfo) return fail(400, 'PASSKEY_INVALID', 'The passkey response did not verify.');
  const { credential } = verification.registrationInfo;
  const now = deps.clock.now();
  em.create(PasskeyCredential, {
    id: newId('pkc', now),
    user: session.user.id,
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: credential.transports ?? [],
    createdAt: now,
    lastUsedAt: null,
  });
  await em.flush();
  await setStage(em, session, 'DONE');
  return { ok: true, stage: 'DONE' };
}

export async function passkeyAuthenticationOptions(deps: AccountDeps, session: DashboardSession): Promise<AuthResult<{ options: unknown }>> {
  const wrong = atStage(session, 'VERIFY_FACTOR');
  if (wrong) return wrong;
  const em = deps.orm.em.fork();
  const credentials = await em.find(PasskeyCredential, { user: session.user.id });
  if (!credentials.length) return fail(409, 'FACTOR_NOT_ENROLLED', 'No passkey is registered.');
  const options = await generateAuthenticationOptions({
    rpID: deps.webauthn.rpId,
    allowCredentials: credentials.map((credential) => ({ id: credential.credentialId, transports: credential.transports as AuthenticatorTransport[] })),
    userVerification: 'preferred',
  });
  await em.nativeUpdate(DashboardSession, { id: session.id }, { webauthnChallenge: options.challenge });
  return { ok: true, options };
}

export async function authenticatePasskey(
  deps: AccountDeps,
  session: DashboardSession,
  response: unknown,
  origin: string | undefined,
  address: string,
): Promise<AuthResult<{ stage: SignInStage }>> {
  const wrong = atStage(session, 'VERIFY_FACTOR');
  if (wrong) return wrong;
  if (!session.webauthnChallenge) return fail(409, 'WRONG_STAGE', 'Ask for authentication options first.');
  const gate = await codeGate(deps, session, 'passkey', address);
  if (typeof gate !== 'string') return gate;
  const em = deps.orm.em.fork();
  await em.nativeUpdate(DashboardSession, { id: session.id }, { webauthnChallenge: null });
  const id = (response as { id?: unknown } | null)?.id;
  const credential = typeof id === 'string' ? await em.findOne(PasskeyCredential, { credentialId: id, user: session.user.id }) : null;
  if (!credential) return countWrongCode(deps, session.user.id);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: session.webauthnChallenge,
      expectedOrigin: expectedOrigin(deps, origin),
      expectedRPID: deps.webauthn.rpId,
      credential: {
        id: credential.credentialId,
        publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
        counter: credential.counter,
        transports: credential.transports as AuthenticatorTransport[],
      },
      requireUserVerification: false,
    });
  } catch {
    return countWrongCode(deps, session.user.id);
  }
  if (!verification.verified) return countWrongCode(deps, session.user.id);
  await em.nativeUpdate(PasskeyCredential, { id: credential.id }, { counter: verification.authenticationInfo.newCounter, lastUsedAt: deps.clock.now() });
  await em.nativeUpdate(DashboardUser, { id: session.user.id }, { wrongCodes: 0 });
  await setStage(em, session, 'DONE');
  return { ok: true, stage: 'DONE' };
}
