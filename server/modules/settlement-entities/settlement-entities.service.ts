import { tenantOf } from '../tenancy/tenant-scope.ts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import { newId } from '../../domain/ids.ts';
import { isSupportedCurrency, MAX_MINOR_UNITS } from '../../domain/money.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { openPayableAccount } from '../ledger/ledger.service.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { codedFor, validateInput } from '../validation.ts';
import { PAYOUT_SCHEDULES, SETTLEMENT_METHODS, SettlementEntity } from './settlement-entity.entity.ts';

/** What createSettlementEntity may answer (GraphQL `SettlementEntityErrorCode`). */
export const SETTLEMENT_ENTITY_ERROR_CODES = errorCodes('INVALID_MSISDN', 'UNSUPPORTED_CURRENCY', 'REQUIRED', 'DUPLICATE_ENTITY');
export type SettlementEntityErrorCode = (typeof SETTLEMENT_ENTITY_ERROR_CODES)[number];
const coded = codedFor(SETTLEMENT_ENTITY_ERROR_CODES);

const E164 = /^\+[1-9]\d{7,14}$/;
const SWIFT = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const optionalText = (max: number) => z.string().trim().min(1).max(max).nullish();

const createInput = z
  .object({
    entityId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'entityId is 1–64 letters, digits, _ . or -, starting with a letter or digit.'),
    name: z.string().trim().min(1).max(200),
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
    payoutWeekday: z.number().int().min(1, 'payoutWeekday is 1 (Monday) to 7 (Sunday).').max(7, 'payoutWeekday is 1 (Monday) to 7 (Sunday).').nullish(),
    payoutDayOfMonth: z.number().int().min(1, 'payoutDayOfMonth is 1 to 31.').max(31, 'payoutDayOfMonth is 1 to 31.').nullish(),
    payoutDelayDays: z.number().int().min(0).max(365).nullish(),
    payoutFeeMinor: z.number().int().min(0).max(MAX_MINOR_UNITS).nullish(),
    reservePercent: z
      .number()
      .min(0)
      .max(100)
      .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'reservePercent has at most two decimals.')
      .nullish(),
    reserveMinimumMinor: z.number().int().min(0).max(MAX_MINOR_UNITS).nullish(),
    reserveHoldDays: z.number().int().min(0).max(3650).nullish(),
  })
  .superRefine((entity, ctx) => {
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
  });

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
        createdAt: now,
      });
      await tx.flush();
      // Its own payable account, so what it is owed shows (at zero) before the first share.
      await openPayableAccount(tx, caller, entity.id, entity.payoutCurrency);
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

export function listSettlementEntities(ctx: RequestContext, page: PageRequest): Promise<SettlementEntity[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(SettlementEntity, { ...where }, { orderBy, limit });
}
