import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { newId } from '../../../domain/ids.ts';
import { isValidLipaNumber, lipaNumberFor } from '../../../domain/lipa-number.ts';
import { isSupportedCurrency, MAX_MINOR_UNITS } from '../../../domain/money.ts';
import { withFeeOnTop } from '../../../domain/platform-fee.ts';
import { PAYMENT_MODES } from '../../../domain/till-aliases.ts';
import { errorCodes, rejected, userError, type Payload } from '../../../domain/user-error.ts';
import { platformFeeRule } from '../../fees/fees.service.ts';
import { OutboxEvent } from '../../outbox/outbox-event.entity.ts';
import { keysetPage, type PageRequest } from '../../pagination.ts';
import type { RequestContext } from '../../request-context.ts';
import { requireApprovedEntity } from '../../settlement-entities/kyc-gate.ts';
import { SettlementEntity } from '../../settlement-entities/settlement-entity.entity.ts';
import { tenantOf } from '../../tenancy/tenant-scope.ts';
import { codedFor, validateInput } from '../../validation.ts';
import { App } from '../../webhooks/app.entity.ts';
import { TillAlias } from './till-alias.entity.ts';

/** What createTillAlias and deactivateTillAlias may answer (GraphQL `TillAliasErrorCode`). */
export const TILL_ALIAS_ERROR_CODES = errorCodes(
  'IDEMPOTENCY_KEY_REQUIRED',
  'APP_NOT_FOUND',
  'ENTITY_NOT_FOUND',
  'UNSUPPORTED_CURRENCY',
  'INVALID_AMOUNT',
  'AMOUNT_TOO_LARGE',
  'INVALID_LIPA_NUMBER',
  'NOT_FOUND',
);
export type TillAliasErrorCode = (typeof TILL_ALIAS_ERROR_CODES)[number];
const coded = codedFor(TILL_ALIAS_ERROR_CODES);

const createInput = z.object({
  appId: z.string().min(1).max(40),
  entityId: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'name is required.').max(200),
  memo: z.string().trim().max(200).nullish(),
  merchantAmountMinor: z
    .number()
    .refine(
      (v) => Number.isSafeInteger(v) && v > 0 && v <= MAX_MINOR_UNITS,
      coded('INVALID_AMOUNT', 'merchantAmountMinor is a positive whole number of minor units.'),
    ),
  currency: z.string().refine(isSupportedCurrency, coded('UNSUPPORTED_CURRENCY', 'Currency is not a supported ISO 4217 code.')),
  paymentMode: z.enum(PAYMENT_MODES).default('EXACT'),
});

/**
 * A new till alias: its Lipa number from the platform-wide sequence (never reused, so a number
 * once printed on an invoice never names anything else), priced with the fee in force for the
 * entity. Needs an Idempotency-Key (the seed: a retry must not allocate a second number); the gate
 * then answers retries with this first answer. A live key needs the entity's KYC approved
 * (`EntityNotApproved`, a top-level error).
 */
export async function createTillAlias(
  ctx: RequestContext,
  request: { idempotencyKeyHeld: boolean },
  input: z.input<typeof createInput>,
): Promise<Payload<{ tillAlias: TillAlias }, TillAliasErrorCode>> {
  const valid = validateInput(createInput, input, TILL_ALIAS_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  if (!request.idempotencyKeyHeld) {
    return rejected(
      userError('IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header: a retry then returns this alias instead of allocating a second Lipa number.'),
    );
  }
  const caller = tenantOf(ctx);
  const { appId, entityId, name, memo, merchantAmountMinor, currency, paymentMode } = valid.data;
  const [app, entity] = await Promise.all([ctx.em.findOne(App, { appId }), ctx.em.findOne(SettlementEntity, { entityId })]);
  if (!app) return rejected(userError('APP_NOT_FOUND', `No app ${appId}.`, ['input', 'appId']));
  if (!entity) return rejected(userError('ENTITY_NOT_FOUND', `No settlement entity ${entityId}.`, ['input', 'entityId']));
  requireApprovedEntity(caller, entity);

  const now = ctx.clock.now();
  const rule = await platformFeeRule(ctx.em, entity.id, currency, now);
  const priced = withFeeOnTop(BigInt(merchantAmountMinor), rule);
  if (priced.expectedTotalMinor > BigInt(MAX_MINOR_UNITS)) {
    return rejected(userError('AMOUNT_TOO_LARGE', 'The amount with the fee on top is more than one checkout can take.', ['input', 'merchantAmountMinor']));
  }
  const em = ctx.em.fork();
  const tillAlias = await em.transactional(async (tx) => {
    // nextval is never rolled back: a number drawn by a failed insert is skipped, never handed out twice.
    const [drawn] = await tx.execute<Array<{ n: string }>>(`select nextval('till_alias_number_seq') - 1 as n`);
    const alias = tx.create(TillAlias, {
      id: newId('ta', now),
      alias: lipaNumberFor(BigInt(drawn!.n)),
      business: caller.businessId,
      mode: caller.mode,
      app,
      settlementEntity: entity,
      name,
      memo: memo || null,
      currency,
      merchantAmountMinor: priced.merchantAmountMinor,
      feeMinor: priced.feeMinor,
      expectedTotalMinor: priced.expectedTotalMinor,
      feeRateBasisPoints: rule.rateBasisPoints,
      paymentMode,
      status: 'OPEN',
      isActive: true,
      amountPaidMinor: 0n,
      paymentCount: 0,
      failedAttemptCount: 0,
      createdAt: now,
      updatedAt: now,
      deactivatedAt: null,
    });
    tx.create(OutboxEvent, {
      id: newId('evt', now),
      business: caller.businessId,
      mode: caller.mode,
      type: 'till_alias.created',
      payload: tillAliasPayload(alias, app.appId, entity.entityId),
      createdAt: now,
      dispatchedAt: null,
    });
    return alias;
  });
  return { tillAlias, userErrors: [] };
}

/** What merchants hear about an alias (its numbers as minor units). */
const tillAliasPayload = (alias: TillAlias, appId: string, entityId: string) => ({
  checkoutId: alias.id,
  alias: alias.alias,
  appId,
  entityId,
  name: alias.name,
  memo: alias.memo ?? null,
  currency: alias.currency,
  merchantAmountMinor: Number(alias.merchantAmountMinor),
  feeMinor: Number(alias.feeMinor),
  expectedTotalMinor: Number(alias.expectedTotalMinor),
  paymentMode: alias.paymentMode,
  isActive: alias.isActive,
});

/** The caller's alias by its Lipa number; a number that fails its check digit is refused before any lookup. */
export async function findTillAlias(ctx: RequestContext, alias: string): Promise<{ ok: true; tillAlias: TillAlias | null } | { ok: false }> {
  tenantOf(ctx);
  if (!isValidLipaNumber(alias)) return { ok: false };
  return { ok: true, tillAlias: await ctx.em.findOne(TillAlias, { alias }, { populate: ['app', 'settlementEntity'] }) };
}

export async function listTillAliases(
  ctx: RequestContext,
  page: PageRequest,
  filter: { appId?: string | null; entityId?: string | null; isActive?: boolean | null },
): Promise<TillAlias[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(
    TillAlias,
    {
      ...where,
      ...(filter.appId != null ? { app: { appId: filter.appId } } : {}),
      ...(filter.entityId != null ? { settlementEntity: { entityId: filter.entityId } } : {}),
      ...(filter.isActive != null ? { isActive: filter.isActive } : {}),
    },
    { orderBy, limit, populate: ['app', 'settlementEntity'] },
  );
}

/**
 * Stops an alias taking payments toward its total. Money sent to it afterwards is still received
 * and kept (as the payer's credit, ALIAS_INACTIVE): an inactive alias never refuses money.
 */
export async function deactivateTillAlias(ctx: RequestContext, input: { alias: string }): Promise<Payload<{ tillAlias: TillAlias }, TillAliasErrorCode>> {
  const caller = tenantOf(ctx);
  if (!isValidLipaNumber(input.alias)) return rejected(userError('INVALID_LIPA_NUMBER', 'This is not a Lipa number: check its digits.', ['input', 'alias']));
  const em = ctx.em.fork();
  return em.transactional(async (tx) => {
    const alias = await tx.findOne(TillAlias, { alias: input.alias }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!alias) return rejected(userError('NOT_FOUND', 'No till alias with this number.', ['input', 'alias']));
    await tx.populate(alias, ['app', 'settlementEntity']);
    if (alias.isActive) {
      const now = ctx.clock.now();
      alias.isActive = false;
      alias.deactivatedAt = now;
      alias.updatedAt = now;
      tx.create(OutboxEvent, {
        id: newId('evt', now),
        business: caller.businessId,
        mode: caller.mode,
        type: 'till_alias.deactivated',
        payload: tillAliasPayload(alias, alias.app.appId, alias.settlementEntity.entityId),
        createdAt: now,
        dispatchedAt: null,
      });
    }
    return { tillAlias: alias, userErrors: [] };
  });
}
