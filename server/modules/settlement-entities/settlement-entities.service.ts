import { tenantOf } from '../tenancy/tenant-scope.ts';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import { newId } from '../../domain/ids.ts';
import { isSupportedCurrency, MAX_MINOR_UNITS } from '../../domain/money.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { KYC_DOCUMENTS, KYC_STATUSES, kycMachine, kycRequirements, SETTLEMENT_DETAIL_FIELDS, settlementProofFor, type KycStatus } from '../../domain/kyc.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { scopeToTenant } from '../tenancy/tenant-scope.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openSettlementAccounts } from '../ledger/ledger.service.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { codedFor, validateInput } from '../validation.ts';
import { PAYOUT_SCHEDULES, SETTLEMENT_METHODS, SettlementEntity, SettlementEntityKycEvent } from './settlement-entity.entity.ts';

/** What createSettlementEntity may answer (GraphQL `SettlementEntityErrorCode`). */
export const SETTLEMENT_ENTITY_ERROR_CODES = errorCodes('INVALID_MSISDN', 'UNSUPPORTED_CURRENCY', 'REQUIRED', 'DUPLICATE_ENTITY', 'NOT_FOUND');
export type SettlementEntityErrorCode = (typeof SETTLEMENT_ENTITY_ERROR_CODES)[number];
const coded = codedFor(SETTLEMENT_ENTITY_ERROR_CODES);

const E164 = /^\+[1-9]\d{7,14}$/;
const SWIFT = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const optionalText = (max: number) => z.string().trim().min(1).max(max).nullish();

const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const entityShape = z.object({
  entityId: z.string().regex(ENTITY_ID, 'entityId is 1–64 letters, digits, _ . or -, starting with a letter or digit.'),
  name: z.string().trim().min(1).max(200),
  tradingName: optionalText(200),
  physicalAddress: optionalText(500),
  contactName: optionalText(200),
  contactRole: optionalText(100),
  contactEmail: z
    .string()
    .trim()
    .refine((v) => v.length <= 254 && z.email().safeParse(v).success, 'contactEmail is not a valid address.')
    .nullish(),
  contactPhone: z
    .string()
    .refine((v) => E164.test(v), coded('INVALID_MSISDN', 'contactPhone is an E.164 number, e.g. +255712111222.'))
    .nullish(),
  settlementMethod: z.enum(SETTLEMENT_METHODS),
  msisdn: z
    .string()
    .refine((v) => E164.test(v), coded('INVALID_MSISDN', 'msisdn is an E.164 number, e.g. +255712111222.'))
    .nullish(),
  mobileProvider: optionalText(40),
  bankName: optionalText(100),
  bankAccountNumber: z
    .string()
    .regex(/^[A-Za-z0-9]{4,34}$/, 'bankAccountNumber is 4–34 letters and digits.')
    .nullish(),
  bankAccountName: optionalText(200),
  bankBranch: optionalText(100),
  bankSwift: z.string().regex(SWIFT, 'bankSwift is an 8 or 11 character BIC.').nullish(),
  payoutSchedule: z.enum(PAYOUT_SCHEDULES),
  payoutMinAmount: z.number().int().min(0).max(MAX_MINOR_UNITS),
  payoutCurrency: z.string().refine(isSupportedCurrency, coded('UNSUPPORTED_CURRENCY', 'Currency is not a supported ISO 4217 code.')).nullish(),
});

type EntityDetails = z.output<typeof entityShape>;

/** How it is paid out (issue 16): the schedule's day, the delay, the fee and the reserve rule. Set at creation. */
const payoutShape = z.object({
  payoutWeekday: z.number().int().min(1, 'payoutWeekday is 1 (Monday) to 7 (Sunday).').max(7, 'payoutWeekday is 1 (Monday) to 7 (Sunday).').nullish(),
  payoutDayOfMonth: z.number().int().min(1, 'payoutDayOfMonth is 1 to 31.').max(31, 'payoutDayOfMonth is 1 to 31.').nullish(),
  payoutDelayDays: z.number().int().min(0).max(365).nullish(),
  payoutFeeMinor: z.number().int().min(0).max(MAX_MINOR_UNITS).nullish(),
  reservePercent: z
    .number()
    .min(0)
    .max(100)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'reservePercent has at most two decimals.')
    .nullish(),
  reserveMinimumMinor: z.number().int().min(0).max(MAX_MINOR_UNITS).nullish(),
  reserveHoldDays: z.number().int().min(0).max(3650).nullish(),
});

function payoutRule(entity: Pick<EntityDetails, 'payoutSchedule'> & z.output<typeof payoutShape>, ctx: z.RefinementCtx) {
  // A schedule names its day, and only the one it uses.
  if (entity.payoutSchedule === 'WEEKLY' && entity.payoutWeekday == null)
    ctx.addIssue({ code: 'custom', path: ['payoutWeekday'], ...coded('REQUIRED', 'payoutWeekday is required for a WEEKLY schedule.') });
  if (entity.payoutSchedule === 'MONTHLY' && entity.payoutDayOfMonth == null)
    ctx.addIssue({ code: 'custom', path: ['payoutDayOfMonth'], ...coded('REQUIRED', 'payoutDayOfMonth is required for a MONTHLY schedule.') });
  if (entity.payoutSchedule !== 'WEEKLY' && entity.payoutWeekday != null)
    ctx.addIssue({ code: 'custom', path: ['payoutWeekday'], message: 'payoutWeekday applies to a WEEKLY schedule only.' });
  if (entity.payoutSchedule !== 'MONTHLY' && entity.payoutDayOfMonth != null)
    ctx.addIssue({ code: 'custom', path: ['payoutDayOfMonth'], message: 'payoutDayOfMonth applies to a MONTHLY schedule only.' });
  if (((entity.reservePercent ?? 0) > 0 || (entity.reserveMinimumMinor ?? 0) > 0) && !entity.reserveHoldDays)
    ctx.addIssue({ code: 'custom', path: ['reserveHoldDays'], ...coded('REQUIRED', 'reserveHoldDays (at least 1) is required with a reserve.') });
}

const createInput = entityShape.extend(payoutShape.shape).superRefine(methodDetailsRule).superRefine(payoutRule);

function methodDetailsRule(entity: Pick<EntityDetails, 'settlementMethod' | (typeof SETTLEMENT_DETAIL_FIELDS)[number]>, ctx: z.RefinementCtx) {
  // Each method needs its own details, and only those: a bank entity with a phone number is a mistake.
  const required =
    entity.settlementMethod === 'BANK' ? (['bankName', 'bankAccountNumber', 'bankAccountName'] as const) : (['msisdn', 'mobileProvider'] as const);
  const foreign =
    entity.settlementMethod === 'BANK'
      ? (['msisdn', 'mobileProvider'] as const)
      : (['bankName', 'bankAccountNumber', 'bankAccountName', 'bankBranch', 'bankSwift'] as const);
  for (const field of required) {
    if (entity[field] == null)
      ctx.addIssue({
        code: 'custom',
        path: [field],
        ...coded('REQUIRED', `${field} is required for ${entity.settlementMethod} settlement.`),
      });
  }
  for (const field of foreign) {
    if (entity[field] != null) ctx.addIssue({ code: 'custom', path: [field], message: `${field} does not apply to ${entity.settlementMethod} settlement.` });
  }
}

export async function createSettlementEntity(
  ctx: RequestContext,
  input: z.input<typeof createInput>,
): Promise<Payload<{ settlementEntity: SettlementEntity }, SettlementEntityErrorCode>> {
  const valid = validateInput(createInput, input, SETTLEMENT_ENTITY_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const caller = tenantOf(ctx);
  const {
    payoutMinAmount,
    payoutCurrency,
    payoutWeekday,
    payoutDayOfMonth,
    payoutDelayDays,
    payoutFeeMinor,
    reservePercent,
    reserveMinimumMinor,
    reserveHoldDays,
    ...details
  } = valid.data;
  const now = ctx.clock.now();
  const em = ctx.em.fork();
  try {
    const settlementEntity = await em.transactional(async (tx) => {
      const entity = tx.create(SettlementEntity, {
        id: newId('se', now),
        business: caller.businessId,
        mode: caller.mode,
        ...details,
        tradingName: details.tradingName ?? null,
        physicalAddress: details.physicalAddress ?? null,
        contactName: details.contactName ?? null,
        contactRole: details.contactRole ?? null,
        contactEmail: details.contactEmail ?? null,
        contactPhone: details.contactPhone ?? null,
        msisdn: details.msisdn ?? null,
        mobileProvider: details.mobileProvider ?? null,
        bankName: details.bankName ?? null,
        bankAccountNumber: details.bankAccountNumber ?? null,
        bankAccountName: details.bankAccountName ?? null,
        bankBranch: details.bankBranch ?? null,
        bankSwift: details.bankSwift ?? null,
        payoutMinAmountMinor: BigInt(payoutMinAmount),
        payoutCurrency: payoutCurrency ?? caller.business.defaultCurrency,
        payoutWeekday: payoutWeekday ?? null,
        payoutDayOfMonth: payoutDayOfMonth ?? null,
        payoutDelayDays: payoutDelayDays ?? 0,
        payoutFeeMinor: payoutFeeMinor == null ? null : BigInt(payoutFeeMinor),
        reservePercentBasisPoints: Math.round((reservePercent ?? 0) * 100),
        reserveMinimumMinor: BigInt(reserveMinimumMinor ?? 0),
        reserveHoldDays: reserveHoldDays ?? 0,
        lastCutoffAt: null,
        kycStatus: 'PENDING',
        kycDocuments: [],
        createdAt: now,
        updatedAt: null,
      });
      recordKycChange(tx, entity, { from: null, to: 'PENDING', reason: 'Created; KYC documents not yet reviewed.', actor: 'MERCHANT', at: now });
      await tx.flush();
      // Its own accounts, so what it is owed shows (at zero) before the first share.
      await openSettlementAccounts(tx, caller, entity.id, entity.payoutCurrency);
      return entity;
    });
    return { settlementEntity, userErrors: [] };
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return rejected(userError('DUPLICATE_ENTITY', `A settlement entity ${details.entityId} already exists.`, ['input', 'entityId']));
  }
}

export function findSettlementEntity(ctx: RequestContext, entityId: string): Promise<SettlementEntity | null> {
  tenantOf(ctx);
  return ctx.em.findOne(SettlementEntity, { entityId });
}

/** `search` is an ILIKE pattern (domain/search.ts) over the entity id and name. */
export function listSettlementEntities(
  ctx: RequestContext,
  page: PageRequest,
  filter: { kycStatus?: KycStatus | null; search?: string | null } = {},
): Promise<SettlementEntity[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  const matching = filter.search ? { $or: [{ entityId: { $ilike: filter.search } }, { name: { $ilike: filter.search } }] } : {};
  return ctx.em.find(SettlementEntity, { ...(filter.kycStatus ? { kycStatus: filter.kycStatus } : {}), ...matching, ...where }, { orderBy, limit });
}

/** The operator's KYC queue: settlement entities of every business and mode, newest first, optionally of one status. */
export function listKycReviews(
  ctx: RequestContext,
  page: PageRequest,
  filter: { kycStatus?: KycStatus | null; businessId?: string | null },
): Promise<SettlementEntity[]> {
  if (ctx.principal?.kind !== 'PLATFORM_ADMIN') throw new Error('The KYC queue is the operator’s');
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(
    SettlementEntity,
    { ...(filter.kycStatus ? { kycStatus: filter.kycStatus } : {}), ...(filter.businessId ? { business: filter.businessId } : {}), ...where },
    { orderBy, limit },
  );
}

/** Every field but entityId optional: omitted (or null, for a required one) leaves it as it is; null clears an optional one. */
const updateInput = entityShape.partial().extend({
  entityId: z.string().regex(ENTITY_ID, 'entityId is 1–64 letters, digits, _ . or -.'),
  name: entityShape.shape.name.nullish(),
  settlementMethod: entityShape.shape.settlementMethod.nullish(),
  payoutSchedule: entityShape.shape.payoutSchedule.nullish(),
  payoutMinAmount: entityShape.shape.payoutMinAmount.nullish(),
});
const methodDetails = z
  .object({ settlementMethod: z.enum(SETTLEMENT_METHODS) })
  .loose()
  .superRefine((entity, ctx) => methodDetailsRule(entity as Parameters<typeof methodDetailsRule>[0], ctx));

const UPDATABLE = [
  'name',
  'tradingName',
  'physicalAddress',
  'contactName',
  'contactRole',
  'contactEmail',
  'contactPhone',
  ...SETTLEMENT_DETAIL_FIELDS,
  'payoutSchedule',
  'payoutCurrency',
] as const;
type Updatable = (typeof UPDATABLE)[number];
const REQUIRED_FIELDS: readonly Updatable[] = ['name', 'settlementMethod', 'payoutSchedule', 'payoutCurrency'];

/**
 * Changes an entity's details. A change to where its money goes (method, bank or mobile-money
 * details) sends an approved or rejected entity back to PENDING and drops the document that
 * vouched for the old details; any change is announced as `settlement_entity.updated`.
 */
export async function updateSettlementEntity(
  ctx: RequestContext,
  input: z.input<typeof updateInput>,
): Promise<Payload<{ settlementEntity: SettlementEntity }, SettlementEntityErrorCode>> {
  const valid = validateInput(updateInput, input, SETTLEMENT_ENTITY_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const caller = tenantOf(ctx);
  const { entityId, payoutMinAmount, ...changes } = valid.data;
  const em = ctx.em.fork();
  return em.transactional(async (tx) => {
    const entity = await tx.findOne(SettlementEntity, { entityId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!entity) return rejected(userError('NOT_FOUND', `No settlement entity ${entityId}.`, ['input', 'entityId']));

    const next: Record<Updatable, string | null> = Object.fromEntries(UPDATABLE.map((field) => [field, entity[field]])) as Record<Updatable, string | null>;
    for (const field of UPDATABLE) {
      const value = changes[field];
      if (value === undefined || (value === null && REQUIRED_FIELDS.includes(field))) continue;
      next[field] = value;
    }
    // Switching method drops the old method's details unless they were named (and then refused).
    if (next.settlementMethod !== entity.settlementMethod) {
      const foreign =
        next.settlementMethod === 'BANK'
          ? (['msisdn', 'mobileProvider'] as const)
          : (['bankName', 'bankAccountNumber', 'bankAccountName', 'bankBranch', 'bankSwift'] as const);
      for (const field of foreign) if (changes[field] === undefined) next[field] = null;
    }
    const merged = validateInput(methodDetails, next, SETTLEMENT_ENTITY_ERROR_CODES);
    if (!merged.ok) return rejected(...merged.userErrors);

    const changed: string[] = UPDATABLE.filter((field) => next[field] !== entity[field]);
    if (payoutMinAmount != null && BigInt(payoutMinAmount) !== entity.payoutMinAmountMinor) changed.push('payoutMinAmount');
    if (!changed.length) return { settlementEntity: entity, userErrors: [] };

    const previousMethod = entity.settlementMethod;
    Object.assign(entity, next);
    if (payoutMinAmount != null) entity.payoutMinAmountMinor = BigInt(payoutMinAmount);
    const now = ctx.clock.now();
    entity.updatedAt = now;
    const detailsChanged = changed.filter((field) => (SETTLEMENT_DETAIL_FIELDS as readonly string[]).includes(field));
    let previousKycStatus: KycStatus | null = null;
    if (detailsChanged.length) {
      const stale = new Set([settlementProofFor(previousMethod), settlementProofFor(entity.settlementMethod)]);
      entity.kycDocuments = entity.kycDocuments.filter((doc) => !stale.has(doc));
      if (entity.kycStatus !== 'PENDING') {
        previousKycStatus = entity.kycStatus;
        const reason = `Settlement details changed (${detailsChanged.join(', ')}): KYC is to be reviewed again.`;
        moveKyc(tx, entity, { to: 'PENDING', reason, actor: 'MERCHANT', at: now });
      }
    }
    announceUpdate(tx, entity, { changed, previousKycStatus, reason: null, at: now });
    await tx.flush();
    // The payable account is per currency: a new payout currency gets its own at zero.
    if (changed.includes('payoutCurrency')) await openSettlementAccounts(tx, caller, entity.id, entity.payoutCurrency);
    return { settlementEntity: entity, userErrors: [] };
  });
}

/** What reviewSettlementEntityKyc may answer (GraphQL `KycReviewErrorCode`). */
export const KYC_REVIEW_ERROR_CODES = errorCodes('NOT_FOUND', 'INVALID_STATE', 'KYC_INCOMPLETE', 'REQUIRED');
export type KycReviewErrorCode = (typeof KYC_REVIEW_ERROR_CODES)[number];

const reviewInput = z.object({
  businessId: z.string().min(1).max(40),
  mode: z.enum(['TEST', 'LIVE']),
  entityId: z.string().regex(ENTITY_ID, 'entityId is 1–64 letters, digits, _ . or -.'),
  status: z.enum(KYC_STATUSES),
  reason: z
    .string()
    .trim()
    .max(1000)
    .refine((v) => v.length > 0, codedFor(KYC_REVIEW_ERROR_CODES)('REQUIRED', 'Give the reason for the decision.')),
  documentsReceived: z
    .array(z.enum(KYC_DOCUMENTS))
    .max(KYC_DOCUMENTS.length * 2)
    .nullish(),
});

/**
 * The platform operator's KYC decision on one entity (named as the merchant names it in the KYC
 * email: business, mode, entity id), with a reason; documents received are recorded with it.
 * Approving needs every item of the entity's list met. Written as that tenant, with its audit row
 * and a `settlement_entity.updated` event, in one transaction.
 */
export async function reviewSettlementEntityKyc(
  ctx: Pick<RequestContext, 'em' | 'clock' | 'principal'>,
  input: z.input<typeof reviewInput>,
): Promise<Payload<{ settlementEntity: SettlementEntity }, KycReviewErrorCode>> {
  if (ctx.principal?.kind !== 'PLATFORM_ADMIN') throw new Error('KYC review is the operator’s');
  const valid = validateInput(reviewInput, input, KYC_REVIEW_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const { businessId, mode, entityId, status, reason, documentsReceived } = valid.data;
  return scopeToTenant(ctx.em, { businessId, mode }).transactional(async (tx) => {
    const entity = await tx.findOne(SettlementEntity, { entityId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!entity)
      return rejected(userError('NOT_FOUND', `No ${mode.toLowerCase()} settlement entity ${entityId} in business ${businessId}.`, ['input', 'entityId']));
    const received = [...new Set([...entity.kycDocuments, ...(documentsReceived ?? [])])].sort();
    const documentsChanged = received.length !== entity.kycDocuments.length;
    if (status === entity.kycStatus && !documentsChanged) {
      return rejected(userError('INVALID_STATE', `This entity's KYC is already ${status.toLowerCase()}.`, ['input', 'status']));
    }
    if (status !== entity.kycStatus) {
      const move = kycMachine.transition(entity.kycStatus, status);
      if (!move.ok) return rejected(userError(move.code, move.message, ['input', 'status']));
    }
    if (status === 'APPROVED') {
      const missing = kycRequirements({ ...entity, kycDocuments: received }).filter((r) => !r.met);
      if (missing.length) {
        return rejected(userError('KYC_INCOMPLETE', `Still missing: ${missing.map((r) => r.code).join(', ')}.`, ['input', 'status']));
      }
    }
    const now = ctx.clock.now();
    entity.kycDocuments = received;
    entity.updatedAt = now;
    const previousKycStatus = entity.kycStatus;
    if (status !== previousKycStatus) moveKyc(tx, entity, { to: status, reason, actor: 'OPERATOR', at: now });
    announceUpdate(tx, entity, {
      changed: [...(status !== previousKycStatus ? ['kycStatus'] : []), ...(documentsChanged ? ['kycDocuments'] : [])],
      previousKycStatus: status !== previousKycStatus ? previousKycStatus : null,
      reason,
      at: now,
    });
    await tx.flush();
    return { settlementEntity: entity, userErrors: [] };
  });
}

/** The entity's KYC audit trail, oldest first (through the caller's EntityManager: a tenant sees its own only). */
export function kycHistoryOf(em: EntityManager, settlementEntityId: string): Promise<SettlementEntityKycEvent[]> {
  return em.find(SettlementEntityKycEvent, { settlementEntity: settlementEntityId }, { orderBy: { id: 'asc' } });
}

function moveKyc(em: EntityManager, entity: SettlementEntity, change: { to: KycStatus; reason: string; actor: 'OPERATOR' | 'MERCHANT'; at: Date }) {
  const from = entity.kycStatus;
  const move = kycMachine.transition(from, change.to);
  if (!move.ok) throw new Error(move.message);
  entity.kycStatus = move.status;
  recordKycChange(em, entity, { from, ...change });
}

function recordKycChange(
  em: EntityManager,
  entity: SettlementEntity,
  change: { from: KycStatus | null; to: KycStatus; reason: string; actor: 'OPERATOR' | 'MERCHANT'; at: Date },
) {
  em.create(SettlementEntityKycEvent, {
    id: newId('kyc', change.at),
    business: entity.business,
    mode: entity.mode,
    settlementEntity: entity,
    fromStatus: change.from,
    toStatus: change.to,
    reason: change.reason,
    actor: change.actor,
    createdAt: change.at,
  });
}

/** `settlement_entity.updated` for the merchant's apps: what changed and where its KYC stands (no account numbers). */
function announceUpdate(
  em: EntityManager,
  entity: SettlementEntity,
  change: { changed: string[]; previousKycStatus: KycStatus | null; reason: string | null; at: Date },
) {
  em.create(OutboxEvent, {
    id: newId('evt', change.at),
    business: entity.business,
    mode: entity.mode,
    type: 'settlement_entity.updated',
    payload: {
      settlementEntityId: entity.id,
      entityId: entity.entityId,
      name: entity.name,
      settlementMethod: entity.settlementMethod,
      kycStatus: entity.kycStatus,
      previousKycStatus: change.previousKycStatus,
      kycRequirementsMissing: kycRequirements(entity)
        .filter((r) => !r.met)
        .map((r) => r.code),
      changed: change.changed,
      reason: change.reason,
      updatedAt: change.at.toISOString(),
    },
    createdAt: change.at,
    dispatchedAt: null,
  });
}
