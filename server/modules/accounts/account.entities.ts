import { defineEntity, p } from '@mikro-orm/core';
import { FACTORS, ROLES, SIGN_IN_STAGES, USER_KINDS } from '../../domain/accounts.ts';
import { Business } from '../tenancy/business.entity.ts';

/**
 * A person who signs in to the dashboard: a merchant user of one business, or an operator user.
 * Not a tenant row (no mode): a user sees both modes of its business through the test/live switch.
 */
const DashboardUserSchema = defineEntity({
  name: 'DashboardUser',
  properties: {
    id: p.string().primary().length(40),
    kind: p.enum(USER_KINDS),
    /** Its business (merchant users). Not named `business`: a user is no tenant row of one mode (tenant-scope.ts). */
    memberOf: () => p.manyToOne(Business).nullable().index().fieldName('business_id'),
    /** Lowercased. */
    email: p.string().length(254).unique(),
    role: p.enum(ROLES),
    /** argon2id (PHC string); never the password. */
    passwordHash: p.string().length(200),
    /** The password is a temporary one: it works once, before `temporaryExpiresAt`, and must be changed. */
    passwordTemporary: p.boolean(),
    temporaryExpiresAt: p.datetime().nullable(),
    temporaryUsedAt: p.datetime().nullable(),
    /** E.164, once an SMS number is confirmed. */
    phone: p.string().length(16).nullable(),
    /** The TOTP secret, sealed with the secret box; set once confirmed. */
    totpSecretSealed: p.string().length(200).nullable(),
    /** The last TOTP time step that signed in: a code works once, even within its 30 seconds. */
    totpLastStep: p.integer().nullable(),
    /** Wrong codes since the last right one; the 5th locks the account. */
    wrongCodes: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    createdAt: p.datetime(),
    removedAt: p.datetime().nullable(),
  },
});
export class DashboardUser extends DashboardUserSchema.class {}
DashboardUserSchema.setClass(DashboardUser);

/** A signed-in (or signing-in) browser. The token is in the cookie; only its SHA-256 is here. */
const DashboardSessionSchema = defineEntity({
  name: 'DashboardSession',
  properties: {
    id: p.string().primary().length(40),
    tokenHash: p.string().length(64).unique(),
    user: () => p.manyToOne(DashboardUser).index(),
    stage: p.enum(SIGN_IN_STAGES),
    createdAt: p.datetime(),
    lastSeenAt: p.datetime(),
    /** The absolute timeout: the session ends then, however active. */
    expiresAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    /** An SMS number being enrolled (E.164), until its code is confirmed. */
    pendingPhone: p.string().length(16).nullable(),
    /** A TOTP secret being enrolled, sealed, until a code from it is confirmed. */
    pendingTotpSecretSealed: p.string().length(200).nullable(),
    /** The WebAuthn challenge this session was last given (base64url). */
    webauthnChallenge: p.string().length(200).nullable(),
  },
});
export class DashboardSession extends DashboardSessionSchema.class {}
DashboardSessionSchema.setClass(DashboardSession);

export const CODE_PURPOSES = ['ENROL_SMS', 'SIGN_IN_SMS'] as const;

/** A 6-digit SMS code: keyed hash only, five minutes, once. */
const SmsCodeSchema = defineEntity({
  name: 'SmsCode',
  properties: {
    id: p.string().primary().length(40),
    user: () => p.manyToOne(DashboardUser).index(),
    session: () => p.manyToOne(DashboardSession).index(),
    purpose: p.enum(CODE_PURPOSES),
    phone: p.string().length(16),
    codeHash: p.string().length(64),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export class SmsCode extends SmsCodeSchema.class {}
SmsCodeSchema.setClass(SmsCode);

/** A TOTP recovery code: keyed hash only, once. */
const RecoveryCodeSchema = defineEntity({
  name: 'RecoveryCode',
  properties: {
    id: p.string().primary().length(40),
    user: () => p.manyToOne(DashboardUser).index(),
    codeHash: p.string().length(64),
    createdAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export class RecoveryCode extends RecoveryCodeSchema.class {}
RecoveryCodeSchema.setClass(RecoveryCode);

/** A registered passkey (WebAuthn credential): its id and public key, nothing secret. */
const PasskeyCredentialSchema = defineEntity({
  name: 'PasskeyCredential',
  properties: {
    id: p.string().primary().length(40),
    user: () => p.manyToOne(DashboardUser).index(),
    credentialId: p.string().length(1400).unique(),
    publicKey: p.text(),
    counter: p.bigint('number'),
    transports: p.array().default([]),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime().nullable(),
  },
});
export class PasskeyCredential extends PasskeyCredentialSchema.class {}
PasskeyCredentialSchema.setClass(PasskeyCredential);

export const ACCOUNT_FACTORS = FACTORS;
