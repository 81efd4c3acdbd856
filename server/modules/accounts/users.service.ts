import type { EntityManager } from '@mikro-orm/postgresql';
import {
  EMAIL_PATTERN,
  generateTemporaryPassword,
  MERCHANT_ROLES,
  normaliseEmail,
  TEMPORARY_PASSWORD_TTL_MS,
  type MerchantRole,
  type Role,
  type UserKind,
} from '../../domain/accounts.ts';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { Business } from '../tenancy/business.entity.ts';
import { DashboardUser } from './account.entities.ts';
import { hashPassword } from './passwords.ts';
import { endUserSessions } from './sessions.ts';

export const MERCHANT_USER_ERROR_CODES = errorCodes('BUSINESS_NOT_FOUND', 'EMAIL_INVALID', 'EMAIL_TAKEN', 'ROLE_INVALID', 'NOT_FOUND', 'LAST_OWNER');
export type MerchantUserErrorCode = (typeof MERCHANT_USER_ERROR_CODES)[number];

type UserPayload = Payload<{ user: DashboardUser; temporaryPassword: string }, MerchantUserErrorCode>;

/** The caller's own business when it is a signed-in owner; null otherwise. */
export function ownerBusinessOf(ctx: Pick<RequestContext, 'principal'>): string | null {
  const principal = ctx.principal;
  return principal?.kind === 'API_KEY' && principal.user?.role === 'OWNER' ? principal.businessId : null;
}

/** A user with a temporary password (works once, for 72 hours), returned once to whoever made it. */
async function addUser(em: EntityManager, clock: Clock, input: { kind: UserKind; business: Business | null; email: string; role: Role }): Promise<UserPayload> {
  const email = normaliseEmail(input.email);
  if (!EMAIL_PATTERN.test(email) || email.length > 254) return rejected(userError('EMAIL_INVALID', 'Give a valid email address.', ['input', 'email']));
  if (await em.count(DashboardUser, { email })) return rejected(userError('EMAIL_TAKEN', 'A user with this email exists.', ['input', 'email']));
  const now = clock.now();
  const temporaryPassword = generateTemporaryPassword();
  const user = em.create(DashboardUser, {
    id: newId('usr', now),
    kind: input.kind,
    memberOf: input.business,
    email,
    role: input.role,
    passwordHash: await hashPassword(temporaryPassword),
    passwordTemporary: true,
    temporaryExpiresAt: new Date(now.getTime() + TEMPORARY_PASSWORD_TTL_MS),
    temporaryUsedAt: null,
    phone: null,
    totpSecretSealed: null,
    totpLastStep: null,
    wrongCodes: 0,
    lockedUntil: null,
    createdAt: now,
    removedAt: null,
  });
  try {
    await em.flush();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return rejected(userError('EMAIL_TAKEN', 'A user with this email exists.', ['input', 'email']));
    throw error;
  }
  return { user, temporaryPassword, userErrors: [] };
}

/** A fresh temporary password for a user (the old one stops working). */
export async function reissueTemporaryPassword(em: EntityManager, clock: Clock, userId: string): Promise<string> {
  const temporaryPassword = generateTemporaryPassword();
  await em.nativeUpdate(
    DashboardUser,
    { id: userId },
    {
      passwordHash: await hashPassword(temporaryPassword),
      passwordTemporary: true,
      temporaryExpiresAt: new Date(clock.now().getTime() + TEMPORARY_PASSWORD_TTL_MS),
      temporaryUsedAt: null,
    },
  );
  return temporaryPassword;
}

const isMerchantRole = (role: string): role is MerchantRole => (MERCHANT_ROLES as readonly string[]).includes(role);

/** Operator only: a merchant user of any business. */
export async function createMerchantUser(
  ctx: Pick<RequestContext, 'publicEm' | 'clock'>,
  input: { businessId: string; email: string; role: string },
): Promise<UserPayload> {
  const em = ctx.publicEm;
  if (!isMerchantRole(input.role)) return rejected(userError('ROLE_INVALID', 'A merchant user is OWNER, DEVELOPER, FINANCE or READ_ONLY.', ['input', 'role']));
  const business = await em.findOne(Business, { id: input.businessId });
  if (!business) return rejected(userError('BUSINESS_NOT_FOUND', 'No business has this id.', ['input', 'businessId']));
  return addUser(em, ctx.clock, { kind: 'MERCHANT', business, email: input.email, role: input.role });
}

/** An owner adds a team member to its own business. */
export async function inviteTeamMember(
  ctx: Pick<RequestContext, 'publicEm' | 'clock' | 'principal'>,
  input: { email: string; role: string },
): Promise<UserPayload> {
  const businessId = ownerBusinessOf(ctx);
  if (!businessId) throw new Error('inviteTeamMember without an owner');
  return createMerchantUser(ctx, { businessId, ...input });
}

/** Operator only: another operator user (the first one is made at start, see db/seed.ts). */
export async function createOperatorUser(ctx: Pick<RequestContext, 'publicEm' | 'clock'>, input: { email: string }): Promise<UserPayload> {
  return addUser(ctx.publicEm, ctx.clock, { kind: 'OPERATOR', business: null, email: input.email, role: 'OPERATOR' });
}

/** Operator: merchant users of one business or of all; owner: of its own business only. */
export async function listMerchantUsers(
  ctx: Pick<RequestContext, 'publicEm' | 'principal'>,
  businessId: string | undefined,
  page: PageRequest,
): Promise<DashboardUser[]> {
  const own = ownerBusinessOf(ctx);
  const business = ctx.principal?.kind === 'PLATFORM_ADMIN' ? businessId : own;
  if (ctx.principal?.kind !== 'PLATFORM_ADMIN' && !own) throw new Error('listMerchantUsers without an operator or owner');
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.publicEm.find(DashboardUser, { ...where, kind: 'MERCHANT', removedAt: null, ...(business ? { memberOf: business } : {}) }, { orderBy, limit });
}

async function findMerchantUser(ctx: Pick<RequestContext, 'principal'>, em: EntityManager, id: string): Promise<DashboardUser | null> {
  const own = ownerBusinessOf(ctx);
  const user = await em.findOne(DashboardUser, { id, kind: 'MERCHANT', removedAt: null });
  // Another business's user is answered like a missing one.
  if (!user || (ctx.principal?.kind !== 'PLATFORM_ADMIN' && user.memberOf?.id !== own)) return null;
  return user;
}

type PlainUserPayload = Payload<{ user: DashboardUser }, MerchantUserErrorCode>;

/** Operator: ends a lockout at once (the user could also wait it out). */
export async function unlockMerchantUser(ctx: Pick<RequestContext, 'publicEm' | 'principal'>, input: { id: string }): Promise<PlainUserPayload> {
  const em = ctx.publicEm;
  const user = await findMerchantUser(ctx, em, input.id);
  if (!user) return rejected(userError('NOT_FOUND', 'No user has this id.', ['input', 'id']));
  user.lockedUntil = null;
  user.wrongCodes = 0;
  await em.flush();
  return { user, userErrors: [] };
}

async function ownersLeft(em: EntityManager, businessId: string, except: string): Promise<number> {
  return em.count(DashboardUser, { memberOf: businessId, role: 'OWNER', removedAt: null, id: { $ne: except } });
}

/** Owner (own business) or operator: a member's new role; a business keeps at least one owner. */
export async function updateTeamMemberRole(
  ctx: Pick<RequestContext, 'publicEm' | 'principal' | 'clock'>,
  input: { id: string; role: string },
): Promise<PlainUserPayload> {
  if (!isMerchantRole(input.role)) return rejected(userError('ROLE_INVALID', 'A merchant user is OWNER, DEVELOPER, FINANCE or READ_ONLY.', ['input', 'role']));
  const em = ctx.publicEm;
  const user = await findMerchantUser(ctx, em, input.id);
  if (!user) return rejected(userError('NOT_FOUND', 'No user has this id.', ['input', 'id']));
  if (user.role === 'OWNER' && input.role !== 'OWNER' && (await ownersLeft(em, user.memberOf!.id, user.id)) === 0) {
    return rejected(userError('LAST_OWNER', 'A business keeps at least one owner.', ['input', 'role']));
  }
  user.role = input.role;
  await em.flush();
  // Sessions carry the role's scopes per request, so the change applies at once; nothing to end.
  return { user, userErrors: [] };
}

/** Owner (own business) or operator: the member can no longer sign in; its sessions end. */
export async function removeTeamMember(ctx: Pick<RequestContext, 'publicEm' | 'principal' | 'clock'>, input: { id: string }): Promise<PlainUserPayload> {
  const em = ctx.publicEm;
  const user = await findMerchantUser(ctx, em, input.id);
  if (!user) return rejected(userError('NOT_FOUND', 'No user has this id.', ['input', 'id']));
  if (user.role === 'OWNER' && (await ownersLeft(em, user.memberOf!.id, user.id)) === 0) {
    return rejected(userError('LAST_OWNER', 'A business keeps at least one owner.', ['input', 'id']));
  }
  user.removedAt = ctx.clock.now();
  await em.flush();
  await endUserSessions(em, ctx.clock, user.id);
  return { user, userErrors: [] };
}
