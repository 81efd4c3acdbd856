import { MERCHANT_ROLES, ROLES } from '../../domain/accounts.ts';
import type { DashboardUser } from '../../modules/accounts/account.entities.ts';
import {
  createMerchantUser,
  createOperatorUser,
  inviteTeamMember,
  listMerchantUsers,
  MERCHANT_USER_ERROR_CODES,
  ownerBusinessOf,
  removeTeamMember,
  unlockMerchantUser,
  updateTeamMemberRole,
} from '../../modules/accounts/users.service.ts';
import { builder, type GraphQLContext } from '../builder.ts';
import { userErrorType } from './common.ts';
import { pageById } from './connection.ts';

const RoleEnum = builder.enumType('DashboardRole', { values: ROLES, description: "A dashboard user's role; OPERATOR is the platform operator's." });
const MerchantRoleEnum = builder.enumType('MerchantRole', {
  values: MERCHANT_ROLES,
  description: 'What a merchant user may do (docs/dashboard.md has the scopes).',
});

const isOperator = (ctx: GraphQLContext) => ctx.principal?.kind === 'PLATFORM_ADMIN';
const isOwner = (ctx: GraphQLContext) => ownerBusinessOf(ctx) !== null;

export const DashboardUserRef = builder.objectRef<DashboardUser>('DashboardUser').implement({
  description: 'A person who signs in to the dashboard. Seen by the platform operator and by the owners of its business.',
  authScopes: (user, ctx) => isOperator(ctx) || (!!user.memberOf && ownerBusinessOf(ctx) === user.memberOf.id),
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    role: t.expose('role', { type: RoleEnum }),
    businessId: t.id({ nullable: true, resolve: (user) => user.memberOf?.id ?? null }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lockedUntil: t.expose('lockedUntil', { type: 'DateTime', nullable: true, description: 'Set while too many wrong codes lock the account.' }),
    mustChangePassword: t.boolean({ resolve: (user) => user.passwordTemporary, description: 'Still on its temporary password.' }),
  }),
});

const MerchantUserErrorRef = userErrorType('MerchantUser', MERCHANT_USER_ERROR_CODES);
type UserErrors = (typeof MerchantUserErrorRef.$inferType)[];

const CreatedUserPayload = builder
  .objectRef<{ user?: DashboardUser; temporaryPassword?: string; userErrors: UserErrors }>('CreateMerchantUserPayload')
  .implement({
    fields: (t) => ({
      user: t.expose('user', { type: DashboardUserRef, nullable: true }),
      temporaryPassword: t.exposeString('temporaryPassword', {
        nullable: true,
        description: 'Shown once: it works for one sign-in, within 72 hours, and must then be changed.',
      }),
      userErrors: t.expose('userErrors', { type: [MerchantUserErrorRef] }),
    }),
  });

const UserPayload = builder.objectRef<{ user?: DashboardUser; userErrors: UserErrors }>('DashboardUserPayload').implement({
  fields: (t) => ({
    user: t.expose('user', { type: DashboardUserRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [MerchantUserErrorRef] }),
  }),
});

const CreateMerchantUserInput = builder.inputType('CreateMerchantUserInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    email: t.string({ required: true }),
    role: t.field({ type: MerchantRoleEnum, required: true }),
  }),
});

const InviteTeamMemberInput = builder.inputType('InviteTeamMemberInput', {
  fields: (t) => ({ email: t.string({ required: true }), role: t.field({ type: MerchantRoleEnum, required: true }) }),
});

const CreateOperatorUserInput = builder.inputType('CreateOperatorUserInput', { fields: (t) => ({ email: t.string({ required: true }) }) });
const UserIdInput = builder.inputType('DashboardUserIdInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const UpdateTeamMemberRoleInput = builder.inputType('UpdateTeamMemberRoleInput', {
  fields: (t) => ({ id: t.id({ required: true }), role: t.field({ type: MerchantRoleEnum, required: true }) }),
});

builder.mutationField('createMerchantUser', (t) =>
  t.field({
    type: CreatedUserPayload,
    description: 'Platform operator only: a merchant user with a temporary password.',
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: CreateMerchantUserInput, required: true }) },
    resolve: (_root, { input }, ctx) => createMerchantUser(ctx, { ...input, businessId: input.businessId.toString() }),
  }),
);

builder.mutationField('createOperatorUser', (t) =>
  t.field({
    type: CreatedUserPayload,
    description: 'Platform operator only: another operator user (operator console), with a temporary password.',
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: CreateOperatorUserInput, required: true }) },
    resolve: (_root, { input }, ctx) => createOperatorUser(ctx, input),
  }),
);

builder.mutationField('inviteTeamMember', (t) =>
  t.field({
    type: CreatedUserPayload,
    description: "A signed-in owner: a member of the owner's business, with a temporary password to hand over.",
    authScopes: (_root, _args, ctx) => isOwner(ctx),
    args: { input: t.arg({ type: InviteTeamMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) => inviteTeamMember(ctx, input),
  }),
);

builder.mutationField('updateTeamMemberRole', (t) =>
  t.field({
    type: UserPayload,
    authScopes: (_root, _args, ctx) => isOwner(ctx) || isOperator(ctx),
    args: { input: t.arg({ type: UpdateTeamMemberRoleInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateTeamMemberRole(ctx, { ...input, id: input.id.toString() }),
  }),
);

builder.mutationField('removeTeamMember', (t) =>
  t.field({
    type: UserPayload,
    authScopes: (_root, _args, ctx) => isOwner(ctx) || isOperator(ctx),
    args: { input: t.arg({ type: UserIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => removeTeamMember(ctx, { id: input.id.toString() }),
  }),
);

builder.mutationField('unlockMerchantUser', (t) =>
  t.field({
    type: UserPayload,
    description: 'Platform operator only: ends a lockout now.',
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: UserIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => unlockMerchantUser(ctx, { id: input.id.toString() }),
  }),
);

builder.queryField('merchantUsers', (t) =>
  t.connection(
    {
      type: DashboardUserRef,
      description: "The operator: any business's merchant users (all, or `businessId`'s); an owner: its own business's. Newest first.",
      authScopes: (_root, _args, ctx) => isOwner(ctx) || isOperator(ctx),
      args: { businessId: t.arg.id() },
      resolve: (_root, args, ctx) => pageById(args, (page) => listMerchantUsers(ctx, args.businessId?.toString(), page)),
    },
    { name: 'DashboardUserConnection' },
    { name: 'DashboardUserEdge' },
  ),
);
