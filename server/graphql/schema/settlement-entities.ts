import { searchOrThrow } from '../errors.ts';
import { searchPattern } from '../../domain/search.ts';
import { PAYOUT_SCHEDULES, SETTLEMENT_METHODS, type SettlementEntity } from '../../modules/settlement-entities/settlement-entity.entity.ts';
import {
  createSettlementEntity,
  findSettlementEntity,
  KYC_REVIEW_ERROR_CODES,
  kycHistoryOf,
  listKycReviews,
  listSettlementEntities,
  reviewSettlementEntityKyc,
  SETTLEMENT_ENTITY_ERROR_CODES,
  updateSettlementEntity,
} from '../../modules/settlement-entities/settlement-entities.service.ts';
import { KYC_ACTORS, type SettlementEntityKycEvent } from '../../modules/settlement-entities/settlement-entity.entity.ts';
import { KYC_DOCUMENTS, KYC_REQUIREMENTS, KYC_STATUSES, kycRequirements, type KycRequirement } from '../../domain/kyc.ts';
import { payableBalances } from '../../modules/ledger/ledger.service.ts';
import { settlementBalances, type EntityBalances } from '../../modules/settlements/settlement-queries.ts';
import { builder } from '../builder.ts';
import { grantsWrite, ModeEnum, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';

const SettlementBalancesRef = builder.objectRef<EntityBalances>('SettlementBalances').implement({
  description: "A settlement entity's money, by where it is: owed, held in reserve, on its way, paid out.",
  fields: (t) => ({
    payable: t.field({ type: MoneyRef, resolve: (b) => money(b.payableMinor, b.currency) }),
    reserved: t.field({ type: MoneyRef, resolve: (b) => money(b.reservedMinor, b.currency) }),
    inTransit: t.field({ type: MoneyRef, resolve: (b) => money(b.inTransitMinor, b.currency) }),
    paidOut: t.field({ type: MoneyRef, resolve: (b) => money(b.paidOutMinor, b.currency) }),
  }),
});

const SettlementMethodEnum = builder.enumType('SettlementMethod', { values: SETTLEMENT_METHODS });
const PayoutScheduleEnum = builder.enumType('PayoutSchedule', { values: PAYOUT_SCHEDULES });

const KycStatusEnum = builder.enumType('KycStatus', { values: KYC_STATUSES });
const KycDocumentEnum = builder.enumType('KycDocument', {
  values: KYC_DOCUMENTS,
  description: 'KYC documents the merchant emails; the operator records their receipt.',
});
const KycRequirementCodeEnum = builder.enumType('KycRequirementCode', { values: KYC_REQUIREMENTS });
const KycActorEnum = builder.enumType('KycActor', { values: KYC_ACTORS });

const KycRequirementRef = builder.objectRef<KycRequirement>('KycRequirement').implement({
  description: "One item of the seed's per-entity KYC list, and whether it is met.",
  fields: (t) => ({
    code: t.expose('code', { type: KycRequirementCodeEnum }),
    description: t.exposeString('description'),
    met: t.exposeBoolean('met'),
  }),
});

const KycHistoryEntryRef = builder.objectRef<SettlementEntityKycEvent>('KycHistoryEntry').implement({
  description: 'One change of KYC status, with who made it and why (the audit trail).',
  fields: (t) => ({
    fromStatus: t.expose('fromStatus', { type: KycStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: KycStatusEnum }),
    reason: t.exposeString('reason'),
    actor: t.expose('actor', { type: KycActorEnum }),
    at: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const SettlementEntityRef = builder.objectRef<SettlementEntity>('SettlementEntity').implement({
  description: 'Who receives a share of split payments (a subaccount): its settlement details and what it is owed.',
  authScopes: readableWith('settlements:read', 'settlements:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    entityId: t.exposeString('entityId', { description: "The merchant's own id for it, e.g. ST-MARYS." }),
    name: t.exposeString('name', { description: 'Legal name.' }),
    tradingName: t.exposeString('tradingName', { nullable: true }),
    physicalAddress: t.exposeString('physicalAddress', { nullable: true }),
    contactName: t.exposeString('contactName', { nullable: true }),
    contactRole: t.exposeString('contactRole', { nullable: true }),
    contactEmail: t.exposeString('contactEmail', { nullable: true }),
    contactPhone: t.exposeString('contactPhone', { nullable: true }),
    settlementMethod: t.expose('settlementMethod', { type: SettlementMethodEnum }),
    msisdn: t.exposeString('msisdn', { nullable: true }),
    mobileProvider: t.exposeString('mobileProvider', { nullable: true }),
    bankName: t.exposeString('bankName', { nullable: true }),
    bankAccountNumber: t.exposeString('bankAccountNumber', { nullable: true }),
    bankAccountName: t.exposeString('bankAccountName', { nullable: true }),
    bankBranch: t.exposeString('bankBranch', { nullable: true }),
    bankSwift: t.exposeString('bankSwift', { nullable: true }),
    payoutSchedule: t.expose('payoutSchedule', { type: PayoutScheduleEnum }),
    payoutMinAmount: t.field({ type: MoneyRef, resolve: (e) => money(e.payoutMinAmountMinor, e.payoutCurrency) }),
    payoutCurrency: t.exposeString('payoutCurrency'),
    payable: t.field({
      type: [MoneyRef],
      description: 'What it is owed from split payments, per currency (its payable ledger account, 2200).',
      resolve: async (e, _args, ctx) => (await payableBalances(ctx, e.id)).map((b) => money(b.balanceMinor, b.currency)),
    }),
    payoutWeekday: t.exposeInt('payoutWeekday', { nullable: true, description: 'WEEKLY: the ISO weekday it cuts off on, 1 (Monday) … 7 (Sunday).' }),
    payoutDayOfMonth: t.exposeInt('payoutDayOfMonth', { nullable: true, description: "MONTHLY: 1 … 31; the 29th–31st fall on a short month's last day." }),
    payoutDelayDays: t.exposeInt('payoutDelayDays', { description: 'Payments younger than this at the cut-off wait for the next batch.' }),
    payoutFee: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Charged per payout batch (kept as payout fee income); null: none.',
      resolve: (e) => (e.payoutFeeMinor == null ? null : money(e.payoutFeeMinor, e.payoutCurrency)),
    }),
    reservePercent: t.float({ description: 'Of each batch, held in reserve for reserveHoldDays.', resolve: (e) => e.reservePercentBasisPoints / 100 }),
    reserveMinimum: t.field({
      type: MoneyRef,
      description: 'The reserve is topped up to at least this.',
      resolve: (e) => money(e.reserveMinimumMinor, e.payoutCurrency),
    }),
    reserveHoldDays: t.exposeInt('reserveHoldDays'),
    balances: t.field({
      type: SettlementBalancesRef,
      description: 'Its settlement accounts in its payout currency, from the ledger.',
      resolve: (e, _args, ctx) => settlementBalances(ctx, e),
    }),
    ...kycFields(t),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
  }),
});

// The KYC fields, shared by the merchant's view and the operator's review payload.
function kycFields(
  t: PothosSchemaTypes.ObjectFieldBuilder<
    PothosSchemaTypes.ExtendDefaultTypes<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never>,
    SettlementEntity
  >,
) {
  return {
    kycStatus: t.expose('kycStatus', { type: KycStatusEnum, description: 'Live checkouts and payouts for it need APPROVED; test keys are not gated.' }),
    kycDocumentsReceived: t.field({ type: [KycDocumentEnum], resolve: (e) => e.kycDocuments }),
    kycRequirements: t.field({
      type: [KycRequirementRef],
      description: 'What KYC asks of this entity (by its settlement method) and what is still missing.',
      resolve: (e) => kycRequirements(e),
    }),
    kycHistory: t.field({
      type: [KycHistoryEntryRef],
      description: 'Every KYC status change, oldest first.',
      resolve: (e, _args, ctx) => kycHistoryOf(ctx.em, e.id),
    }),
  };
}

const entityDetailFields = (
  t: PothosSchemaTypes.InputFieldBuilder<
    PothosSchemaTypes.ExtendDefaultTypes<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never>,
    'InputObject'
  >,
) => ({
  tradingName: t.string(),
  physicalAddress: t.string(),
  contactName: t.string({ description: 'Authorised contact: full name.' }),
  contactRole: t.string(),
  contactEmail: t.string(),
  contactPhone: t.string({ description: 'E.164.' }),
});

const CreateSettlementEntityInput = builder.inputType('CreateSettlementEntityInput', {
  fields: (t) => ({
    entityId: t.string({ required: true }),
    name: t.string({ required: true }),
    ...entityDetailFields(t),
    settlementMethod: t.field({ type: SettlementMethodEnum, required: true }),
    msisdn: t.string({ description: 'E.164, e.g. +255712111222. MOBILE_MONEY only (required).' }),
    mobileProvider: t.string({ description: 'e.g. MPESA. MOBILE_MONEY only (required).' }),
    bankName: t.string({ description: 'BANK only (required).' }),
    bankAccountNumber: t.string({ description: 'BANK only (required).' }),
    bankAccountName: t.string({ description: 'BANK only (required).' }),
    bankBranch: t.string({ description: 'BANK only.' }),
    bankSwift: t.string({ description: 'BANK only.' }),
    payoutSchedule: t.field({ type: PayoutScheduleEnum, defaultValue: 'DAILY' }),
    payoutMinAmount: t.field({ type: 'MinorUnits', defaultValue: 0 }),
    payoutCurrency: t.string({ description: "ISO 4217; defaults to the business's currency." }),
    payoutWeekday: t.int({ description: 'WEEKLY (required): 1 (Monday) … 7 (Sunday).' }),
    payoutDayOfMonth: t.int({ description: "MONTHLY (required): 1 … 31 (29–31 fall on a short month's last day)." }),
    payoutDelayDays: t.int({ description: 'Days a payment waits before a batch pays it (default 0).' }),
    payoutFeeMinor: t.field({ type: 'MinorUnits', description: 'A fee per payout batch (default none).' }),
    reservePercent: t.float({ description: 'Percentage of each batch held in reserve, at most two decimals (default 0).' }),
    reserveMinimumMinor: t.field({ type: 'MinorUnits', description: 'A balance the reserve is kept topped up to (default 0).' }),
    reserveHoldDays: t.int({ description: 'How long each reserve hold is kept (required with a reserve).' }),
  }),
});

const SettlementEntityUserErrorRef = userErrorType('SettlementEntity', SETTLEMENT_ENTITY_ERROR_CODES);
const SettlementEntityPayload = builder
  .objectRef<{ settlementEntity?: SettlementEntity; userErrors: (typeof SettlementEntityUserErrorRef.$inferType)[] }>('SettlementEntityPayload')
  .implement({
    grantScopes: grantsWrite('settlements:write'),
    fields: (t) => ({
      settlementEntity: t.expose('settlementEntity', { type: SettlementEntityRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [SettlementEntityUserErrorRef] }),
    }),
  });

builder.mutationField('createSettlementEntity', (t) =>
  t.field({
    type: SettlementEntityPayload,
    authScopes: { scope: 'settlements:write' },
    args: { input: t.arg({ type: CreateSettlementEntityInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createSettlementEntity(ctx, {
        ...input,
        payoutSchedule: input.payoutSchedule ?? 'DAILY',
        payoutMinAmount: Number(input.payoutMinAmount ?? 0),
        payoutFeeMinor: input.payoutFeeMinor == null ? null : Number(input.payoutFeeMinor),
        reserveMinimumMinor: input.reserveMinimumMinor == null ? null : Number(input.reserveMinimumMinor),
      }),
  }),
);

builder.queryField('settlementEntity', (t) =>
  t.field({
    type: SettlementEntityRef,
    nullable: true,
    authScopes: { scope: 'settlements:read' },
    args: { entityId: t.arg.string({ required: true }) },
    resolve: (_root, { entityId }, ctx) => findSettlementEntity(ctx, entityId),
  }),
);

builder.queryField('settlementEntities', (t) =>
  t.connection(
    {
      type: SettlementEntityRef,
      authScopes: { scope: 'settlements:read' },
      args: {
        kycStatus: t.arg({ type: KycStatusEnum }),
        search: t.arg.string({ description: 'Part of the entity id or name (case-insensitive).' }),
      },
      resolve: (_root, args, ctx) => {
        const search = searchOrThrow(searchPattern(args.search));
        return pageById(args, (page) => listSettlementEntities(ctx, page, { kycStatus: args.kycStatus, search }));
      },
    },
    { name: 'SettlementEntityConnection' },
    { name: 'SettlementEntityEdge' },
  ),
);

const UpdateSettlementEntityInput = builder.inputType('UpdateSettlementEntityInput', {
  description: 'Omitted fields stay as they are; null clears an optional one. Changing the method, bank or mobile-money details sends KYC back to PENDING.',
  fields: (t) => ({
    entityId: t.string({ required: true }),
    name: t.string(),
    ...entityDetailFields(t),
    settlementMethod: t.field({ type: SettlementMethodEnum }),
    msisdn: t.string(),
    mobileProvider: t.string(),
    bankName: t.string(),
    bankAccountNumber: t.string(),
    bankAccountName: t.string(),
    bankBranch: t.string(),
    bankSwift: t.string(),
    payoutSchedule: t.field({ type: PayoutScheduleEnum }),
    payoutMinAmount: t.field({ type: 'MinorUnits' }),
    payoutCurrency: t.string(),
  }),
});

builder.mutationField('updateSettlementEntity', (t) =>
  t.field({
    type: SettlementEntityPayload,
    authScopes: { scope: 'settlements:write' },
    args: { input: t.arg({ type: UpdateSettlementEntityInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      updateSettlementEntity(ctx, { ...input, payoutMinAmount: input.payoutMinAmount == null ? undefined : Number(input.payoutMinAmount) }),
  }),
);

/** What the operator sees of an entity it reviewed: identity and KYC, not its balances (those are the tenant's). */
const SettlementEntityKycRef = builder.objectRef<SettlementEntity>('SettlementEntityKyc').implement({
  description: "A settlement entity's KYC as the platform operator sees it.",
  fields: (t) => ({
    id: t.exposeID('id'),
    businessId: t.id({ resolve: (e) => (typeof e.business === 'string' ? e.business : e.business.id) }),
    mode: t.expose('mode', { type: ModeEnum }),
    entityId: t.exposeString('entityId'),
    name: t.exposeString('name'),
    settlementMethod: t.expose('settlementMethod', { type: SettlementMethodEnum }),
    ...kycFields(t),
  }),
});

const ReviewSettlementEntityKycInput = builder.inputType('ReviewSettlementEntityKycInput', {
  fields: (t) => ({
    businessId: t.id({ required: true }),
    mode: t.field({ type: ModeEnum, required: true }),
    entityId: t.string({ required: true }),
    status: t.field({ type: KycStatusEnum, required: true, description: 'APPROVED, REJECTED, or PENDING to reopen a rejected entity.' }),
    reason: t.string({ required: true, description: 'Kept in the audit trail (kycHistory) and sent in settlement_entity.updated.' }),
    documentsReceived: t.field({ type: [KycDocumentEnum], description: 'Documents received with this review (added to those already received).' }),
  }),
});

const KycReviewUserErrorRef = userErrorType('KycReview', KYC_REVIEW_ERROR_CODES);
const KycReviewPayload = builder
  .objectRef<{ settlementEntity?: SettlementEntity; userErrors: (typeof KycReviewUserErrorRef.$inferType)[] }>('ReviewSettlementEntityKycPayload')
  .implement({
    fields: (t) => ({
      settlementEntity: t.expose('settlementEntity', { type: SettlementEntityKycRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [KycReviewUserErrorRef] }),
    }),
  });

builder.mutationField('reviewSettlementEntityKyc', (t) =>
  t.field({
    description: "Platform operator only: approve or reject a settlement entity's KYC, with a reason.",
    type: KycReviewPayload,
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: ReviewSettlementEntityKycInput, required: true }) },
    resolve: (_root, { input }, ctx) => reviewSettlementEntityKyc(ctx, { ...input, businessId: String(input.businessId) }),
  }),
);

builder.queryField('kycReviews', (t) =>
  t.connection(
    {
      description: 'Platform operator only: settlement entities of every business for KYC review, newest first.',
      type: SettlementEntityKycRef,
      authScopes: { platformAdmin: true },
      args: { kycStatus: t.arg({ type: KycStatusEnum }), businessId: t.arg.id() },
      resolve: (_root, args, ctx) =>
        pageById(args, (page) =>
          listKycReviews(ctx, page, { kycStatus: args.kycStatus, businessId: args.businessId == null ? null : String(args.businessId) }),
        ),
    },
    { name: 'SettlementEntityKycConnection' },
    { name: 'SettlementEntityKycEdge' },
  ),
);
