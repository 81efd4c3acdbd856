import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { MODES } from '../../domain/api-keys.ts';
import { newId } from '../../domain/ids.ts';
import { isSupportedCurrency, MAX_MINOR_UNITS } from '../../domain/money.ts';
import { DEFAULT_FEE_SCHEDULE, feeRuleFor, feeRuleProblem, MAX_RATE_BASIS_POINTS, type FeeScheduleEntry } from '../../domain/platform-fee.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import type { RequestContext } from '../request-context.ts';
import { SettlementEntity } from '../settlement-entities/settlement-entity.entity.ts';
import { Business } from '../tenancy/business.entity.ts';
import { scopeToTenant } from '../tenancy/tenant-scope.ts';
import { codedFor, validateInput } from '../validation.ts';
import { PlatformFeeRule } from './platform-fee-rule.entity.ts';

/** The rule in force for a checkout of `currency` for this entity, read through a tenant-scoped EntityManager. */
export async function platformFeeRule(em: EntityManager, settlementEntityId: string, currency: string, at: Date): Promise<FeeScheduleEntry> {
  const overrides = await em.find(PlatformFeeRule, {
    currency: { $in: [currency, '*'] },
    $or: [{ settlementEntity: null }, { settlementEntity: settlementEntityId }],
  });
  return feeRuleFor([...DEFAULT_FEE_SCHEDULE, ...overrides.map(scheduleEntry)], currency, at);
}

const scheduleEntry = (rule: PlatformFeeRule): FeeScheduleEntry => ({
  level: rule.settlementEntity ? 'ENTITY' : 'BUSINESS',
  currency: rule.currency,
  effectiveFrom: rule.effectiveFrom,
  rateBasisPoints: rule.rateBasisPoints,
  minimumMinor: rule.minimumMinor,
  maximumMinor: rule.maximumMinor ?? null,
});

/** What setPlatformFee may answer (GraphQL `PlatformFeeErrorCode`). */
export const PLATFORM_FEE_ERROR_CODES = errorCodes('NOT_FOUND', 'UNSUPPORTED_CURRENCY', 'INVALID_FEE');
export type PlatformFeeErrorCode = (typeof PLATFORM_FEE_ERROR_CODES)[number];
const coded = codedFor(PLATFORM_FEE_ERROR_CODES);

const setInput = z.object({
  businessId: z.string().min(1).max(40),
  mode: z.enum(MODES),
  entityId: z.string().min(1).max(64).nullish(),
  currency: z
    .string()
    .refine((v) => v === '*' || isSupportedCurrency(v), coded('UNSUPPORTED_CURRENCY', 'Currency is an ISO 4217 code, or * for every currency.')),
  rateBasisPoints: z.number().int().min(0).max(MAX_RATE_BASIS_POINTS),
  minimumMinor: z.number().int().min(0).max(MAX_MINOR_UNITS),
  maximumMinor: z.number().int().min(0).max(MAX_MINOR_UNITS).nullish(),
  effectiveFrom: z.date().nullish(),
});

/** Operator only: a business's (or one entity's) fee from a date on (now by default). */
export async function setPlatformFee(
  ctx: Pick<RequestContext, 'em' | 'clock' | 'principal'>,
  input: z.input<typeof setInput>,
): Promise<Payload<{ rule: PlatformFeeRule }, PlatformFeeErrorCode>> {
  if (ctx.principal?.kind !== 'PLATFORM_ADMIN') throw new Error('Fees are the operator’s to set');
  const valid = validateInput(setInput, input, PLATFORM_FEE_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const { businessId, mode, entityId, currency, rateBasisPoints, minimumMinor, maximumMinor, effectiveFrom } = valid.data;
  const rule = { rateBasisPoints, minimumMinor: BigInt(minimumMinor), maximumMinor: maximumMinor == null ? null : BigInt(maximumMinor) };
  const problem = feeRuleProblem(rule);
  if (problem) return rejected(userError('INVALID_FEE', problem, ['input']));
  const em = scopeToTenant(ctx.em, { businessId, mode });
  if (!(await ctx.em.fork().findOne(Business, { id: businessId })))
    return rejected(userError('NOT_FOUND', 'No business with this id.', ['input', 'businessId']));
  let entity: SettlementEntity | null = null;
  if (entityId) {
    entity = await em.findOne(SettlementEntity, { entityId });
    if (!entity) return rejected(userError('NOT_FOUND', `No ${mode.toLowerCase()} settlement entity ${entityId}.`, ['input', 'entityId']));
  }
  const now = ctx.clock.now();
  const row = em.create(PlatformFeeRule, {
    id: newId('fee', now),
    business: businessId,
    mode,
    settlementEntity: entity,
    currency,
    ...rule,
    effectiveFrom: effectiveFrom ?? now,
    createdAt: now,
  });
  await em.flush();
  return { rule: row, userErrors: [] };
}
