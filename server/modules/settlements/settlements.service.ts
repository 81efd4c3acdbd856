import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import type { AccountKey, PostingLine } from '../../domain/ledger.ts';
import { MAX_MINOR_UNITS } from '../../domain/money.ts';
import { chargebackSplit, settlementBatchMachine, type SettlementBatchStatus } from '../../domain/settlements.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { postJournal } from '../ledger/ledger.service.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { Payment } from '../payments/payment.entities.ts';
import type { RequestContext } from '../request-context.ts';
import { entityIsCleared, requireApprovedEntity } from '../settlement-entities/kyc-gate.ts';
import { SettlementEntity } from '../settlement-entities/settlement-entity.entity.ts';
import { tenantJob, type PlatformJob } from '../tenancy/job-context.ts';
import { tenantOf } from '../tenancy/tenant-scope.ts';
import { tenantCondition, type Tenant } from '../tenancy/tenant-sql.ts';
import { validateInput } from '../validation.ts';
import { createDueBatches } from './settlement-run.ts';
import { Chargeback, ReserveHold, SettlementBatch } from './settlement.entities.ts';
import {
  machineFor,
  SubmissionOutcomeUnknown,
  type PayoutDestination,
  type PayoutResult,
  type PayoutSubmission,
  type SettlementMachines,
} from './settlement-machine.ts';

/** Who settles: one business and mode (a business key's request, or a job for that tenant), its EntityManager scoped to it. */
export interface SettlementScope extends Tenant {
  em: EntityManager;
  clock: Clock;
}

export function settlementScopeOf(ctx: RequestContext): SettlementScope {
  const caller = tenantOf(ctx);
  return { em: ctx.em, clock: ctx.clock, businessId: caller.businessId, mode: caller.mode };
}

export interface SettlementDeps {
  machines: SettlementMachines;
  /** Told after a commit that wrote merchant events (the webhook queue fans them out). */
  eventsWritten?: () => void;
}

export const SETTLEMENT_BATCH_ERROR_CODES = errorCodes('NOT_FOUND', 'NOT_MANUAL', 'BELOW_MINIMUM', 'INVALID_STATE', 'MACHINE_UNAVAILABLE');
export type SettlementBatchErrorCode = (typeof SETTLEMENT_BATCH_ERROR_CODES)[number];

export const CHARGEBACK_ERROR_CODES = errorCodes('NOT_FOUND', 'ENTITY_REQUIRED', 'NOT_SETTLED_TO_ENTITY', 'EXCEEDS_PAID');
export type ChargebackErrorCode = (typeof CHARGEBACK_ERROR_CODES)[number];

const party = (entity: { id: string }) => entity.id;
const line = (account: AccountKey, entityRowId: string | undefined, currency: string, debit: bigint, credit: bigint): PostingLine =>
  entityRowId
    ? { account, party: entityRowId, currency, debitMinor: debit, creditMinor: credit }
    : { account, currency, debitMinor: debit, creditMinor: credit };

function writeEvent(tx: EntityManager, scope: Tenant, now: Date, type: string, payload: Record<string, unknown>): void {
  tx.create(OutboxEvent, { id: newId('evt', now), business: scope.businessId, mode: scope.mode, type, payload, createdAt: now, dispatchedAt: null });
}

function batchEventPayload(batch: SettlementBatch, entity: SettlementEntity): Record<string, unknown> {
  return {
    batchId: batch.id,
    entityId: entity.entityId,
    status: batch.status,
    amountMinor: Number(batch.amountMinor),
    currency: batch.currency,
    attempt: batch.attempt,
    idempotencyKey: batch.idempotencyKey,
    ...(batch.failureReason ? { failureReason: batch.failureReason } : {}),
  };
}

function destinationOf(entity: SettlementEntity): PayoutDestination {
  return entity.settlementMethod === 'BANK'
    ? {
        method: 'BANK',
        bankName: entity.bankName ?? '',
        accountNumber: entity.bankAccountNumber ?? '',
        accountName: entity.bankAccountName ?? '',
        branch: entity.bankBranch ?? null,
        swift: entity.bankSwift ?? null,
      }
    : { method: 'MOBILE_MONEY', msisdn: entity.msisdn ?? '', provider: entity.mobileProvider ?? '', name: entity.name };
}

// ---------------------------------------------------------------------------------------------
// Creating batches

/** `createSettlementBatch`: a MANUAL entity's payout, cut off now, then submitted. */
export async function createSettlementBatch(
  ctx: RequestContext,
  deps: SettlementDeps,
  input: { entityId: string },
): Promise<Payload<{ settlementBatch: SettlementBatch }, SettlementBatchErrorCode>> {
  const scope = settlementScopeOf(ctx);
  const entity = await scope.em.findOne(SettlementEntity, { entityId: input.entityId });
  if (!entity) return rejected(userError('NOT_FOUND', `No settlement entity ${input.entityId}.`, ['input', 'entityId']));
  // Live payouts need the entity's KYC approved (a top-level ENTITY_NOT_APPROVED); test mode does not.
  requireApprovedEntity(scope, entity);
  if (entity.payoutSchedule !== 'MANUAL')
    return rejected(
      userError('NOT_MANUAL', `${input.entityId} settles on its ${entity.payoutSchedule.toLowerCase()} schedule; only MANUAL entities take batches by hand.`, [
        'input',
        'entityId',
      ]),
    );
  const now = scope.clock.now();
  const run = await createDueBatches(scope.em.fork(), now, { trigger: 'MANUAL', businessId: scope.businessId, mode: scope.mode, entityRowId: entity.id });
  const [created] = run.created;
  // Due and above the minimum, yet not written: a batch for this entity was made at this same instant.
  if (!created && run.due > run.belowMinimum.length)
    return rejected(userError('INVALID_STATE', `A batch for ${input.entityId} was created at this same instant; try again.`, ['input', 'entityId']));
  if (!created)
    return rejected(
      userError('BELOW_MINIMUM', `What ${input.entityId} can be paid now is below its minimum payout; nothing was created.`, ['input', 'entityId']),
    );
  deps.eventsWritten?.();
  await submitBatch(scope, deps, created.id);
  const settlementBatch = await scope.em.fork().findOneOrFail(SettlementBatch, { id: created.id }, { populate: ['settlementEntity'] });
  return { settlementBatch, userErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Submission, outcomes, retries

/**
 * Submits a PENDING batch. It is marked UNKNOWN (and its attempt counted) and committed before the
 * machine is called, so a crash mid-call leaves a batch that is re-queried, never one resubmitted
 * blindly. Returns the status after.
 */
export async function submitBatch(scope: SettlementScope, deps: SettlementDeps, batchId: string): Promise<SettlementBatchStatus | null> {
  const machine = machineFor(deps.machines, scope.mode);
  if (!machine) return null;
  const now = scope.clock.now();
  const claimed = await scope.em.fork().transactional(async (tx) => {
    const batch = await tx.findOne(SettlementBatch, { id: batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!batch || !settlementBatchMachine.can(batch.status, 'UNKNOWN') || batch.status !== 'PENDING') return null;
    const entity = await tx.findOneOrFail(SettlementEntity, { id: batch.settlementEntity.id });
    // Its KYC may have lapsed since the batch was made (changed bank details): it waits, PENDING.
    if (!entityIsCleared(scope, entity)) return null;
    batch.status = 'UNKNOWN';
    batch.attempt += 1;
    batch.submittedAt = now;
    batch.updatedAt = now;
    const submission: PayoutSubmission = {
      batchId: batch.id,
      idempotencyKey: batch.idempotencyKey,
      attempt: batch.attempt,
      amountMinor: batch.amountMinor,
      currency: batch.currency,
      destination: destinationOf(entity),
    };
    return submission;
  });
  if (!claimed) return null;
  try {
    const answer = await machine.submit(claimed);
    const after =
      answer.status === 'ACCEPTED'
        ? await applyPayoutOutcome(scope, deps, { batchId, attempt: claimed.attempt, status: 'SUBMITTED', reference: answer.reference, reason: null })
        : await applyPayoutOutcome(scope, deps, { batchId, attempt: claimed.attempt, status: 'FAILED', reference: null, reason: answer.reason });
    return after?.status ?? null;
  } catch (error) {
    // Whatever went wrong, the machine may have it: the batch stays UNKNOWN until it is re-queried.
    if (!(error instanceof SubmissionOutcomeUnknown)) console.error(`[settlements] submitting ${batchId} failed`, error);
    return 'UNKNOWN';
  }
}

export interface PayoutOutcome {
  batchId: string;
  attempt: number;
  status: 'SUBMITTED' | 'PAID' | 'FAILED';
  reference: string | null;
  reason: string | null;
}

/**
 * What the machine said about one submission (its answer, its callback, or a re-query), applied
 * once: a duplicate, an answer about an older attempt, or one the batch's state refuses changes
 * nothing. PAID posts in transit → the bank or wallet payout clearing account; FAILED returns the
 * money to the entity's payable.
 */
export async function applyPayoutOutcome(
  scope: SettlementScope,
  deps: SettlementDeps,
  outcome: PayoutOutcome,
): Promise<{ status: SettlementBatchStatus; applied: boolean } | null> {
  const now = scope.clock.now();
  const result = await scope.em.fork().transactional(async (tx) => {
    const batch = await tx.findOne(SettlementBatch, { id: outcome.batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!batch) return null;
    const unchanged = { status: batch.status, applied: false };
    if (outcome.attempt !== batch.attempt || batch.status === outcome.status) return unchanged;
    if (!settlementBatchMachine.transition(batch.status, outcome.status).ok) return unchanged;
    const entity = await tx.findOneOrFail(SettlementEntity, { id: batch.settlementEntity.id });
    batch.status = outcome.status;
    batch.updatedAt = now;
    if (outcome.reference) batch.machineReference = outcome.reference;
    const journal = { businessId: scope.businessId, mode: scope.mode, at: now };
    if (outcome.status === 'PAID') {
      batch.paidAt = now;
      await postJournal(tx, {
        ...journal,
        description: `Settlement batch ${batch.id} paid out`,
        source: `settlement-paid:${batch.id}`,
        lines: [
          line('PAYOUT_IN_TRANSIT', party(entity), batch.currency, batch.amountMinor, 0n),
          line(entity.settlementMethod === 'BANK' ? 'BANK_PAYOUT_CLEARING' : 'WALLET_PAYOUT_CLEARING', party(entity), batch.currency, 0n, batch.amountMinor),
        ],
      });
    } else if (outcome.status === 'FAILED') {
      batch.failedAt = now;
      batch.failureReason = (outcome.reason ?? 'The settlement machine reported a failure.').slice(0, 500);
      await postJournal(tx, {
        ...journal,
        description: `Settlement batch ${batch.id} failed (attempt ${batch.attempt}): back to payable`,
        source: `settlement-failed:${batch.id}:${batch.attempt}`,
        lines: [
          line('PAYOUT_IN_TRANSIT', party(entity), batch.currency, batch.amountMinor, 0n),
          line('SETTLEMENT_PAYABLE', party(entity), batch.currency, 0n, batch.amountMinor),
        ],
      });
    }
    writeEvent(tx, scope, now, `settlement.${outcome.status.toLowerCase()}`, batchEventPayload(batch, entity));
    return { status: batch.status, applied: true };
  });
  if (result?.applied) deps.eventsWritten?.();
  return result;
}

/**
 * An UNKNOWN batch is asked about before anything else: the machine has it (its state is applied)
 * or it does not (the batch goes back to PENDING and is submitted again, same idempotency key).
 * A SUBMITTED batch whose callback never came is asked too; its outcome is applied, but it is never
 * resubmitted from here (the machine accepted it: not finding it is for a person to look at).
 */
export async function requeryBatch(scope: SettlementScope, deps: SettlementDeps, batchId: string): Promise<SettlementBatchStatus | null> {
  const machine = machineFor(deps.machines, scope.mode);
  if (!machine) return null;
  const batch = await scope.em.fork().findOne(SettlementBatch, { id: batchId });
  if (!batch || (batch.status !== 'UNKNOWN' && batch.status !== 'SUBMITTED')) return batch?.status ?? null;
  const lookup = await machine.query(batch.idempotencyKey).catch((error: unknown) => {
    console.error(`[settlements] re-querying ${batchId} failed`, error);
    return null;
  });
  if (!lookup) return batch.status;
  if (batch.status === 'SUBMITTED' && (lookup.status === 'NOT_FOUND' || lookup.attempt < batch.attempt || lookup.status === 'PROCESSING')) {
    if (lookup.status !== 'PROCESSING')
      console.error(`[settlements] ${batchId} was accepted by the machine, which no longer knows it: left SUBMITTED for review`);
    return 'SUBMITTED';
  }
  // The machine never saw this attempt (it knows none, or only an older one): safe to submit again.
  if (lookup.status === 'NOT_FOUND' || lookup.attempt < batch.attempt) {
    const reopened = await scope.em.fork().transactional(async (tx) => {
      const locked = await tx.findOne(SettlementBatch, { id: batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!locked || locked.status !== 'UNKNOWN' || locked.attempt !== batch.attempt) return false;
      locked.status = 'PENDING';
      locked.updatedAt = scope.clock.now();
      return true;
    });
    return reopened ? submitBatch(scope, deps, batchId) : null;
  }
  const status = lookup.status === 'PROCESSING' ? 'SUBMITTED' : lookup.status;
  const after = await applyPayoutOutcome(scope, deps, {
    batchId,
    attempt: lookup.attempt,
    status,
    reference: lookup.reference,
    reason: lookup.status === 'FAILED' ? lookup.reason : null,
  });
  return after?.status ?? null;
}

/** `retrySettlementSubmission`: a FAILED batch again (its money back in transit, same idempotency key); an UNKNOWN one is re-queried first. */
export async function retrySettlementSubmission(
  ctx: RequestContext,
  deps: SettlementDeps,
  input: { batchId: string },
): Promise<Payload<{ settlementBatch: SettlementBatch }, SettlementBatchErrorCode>> {
  const scope = settlementScopeOf(ctx);
  const field = ['input', 'batchId'];
  if (!machineFor(deps.machines, scope.mode)) return rejected(userError('MACHINE_UNAVAILABLE', 'No settlement machine is configured for live payouts.', field));
  const now = scope.clock.now();
  const outcome = await scope.em.fork().transactional(async (tx) => {
    const batch = await tx.findOne(SettlementBatch, { id: input.batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!batch) return 'NOT_FOUND' as const;
    if (batch.status === 'UNKNOWN') return 'REQUERY' as const;
    const move = settlementBatchMachine.transition(batch.status, 'PENDING');
    if (!move.ok) return move;
    const entity = await tx.findOneOrFail(SettlementEntity, { id: batch.settlementEntity.id });
    requireApprovedEntity(scope, entity);
    await postJournal(tx, {
      businessId: scope.businessId,
      mode: scope.mode,
      at: now,
      description: `Settlement batch ${batch.id} retried (attempt ${batch.attempt + 1})`,
      source: `settlement-retry:${batch.id}:${batch.attempt + 1}`,
      lines: [
        line('SETTLEMENT_PAYABLE', party(entity), batch.currency, batch.amountMinor, 0n),
        line('PAYOUT_IN_TRANSIT', party(entity), batch.currency, 0n, batch.amountMinor),
      ],
    });
    batch.status = 'PENDING';
    batch.failureReason = null;
    batch.updatedAt = now;
    return 'SUBMIT' as const;
  });
  if (outcome === 'NOT_FOUND') return rejected(userError('NOT_FOUND', `No settlement batch ${input.batchId}.`, field));
  if (typeof outcome === 'object') return rejected(userError(outcome.code, outcome.message, field));
  if (outcome === 'REQUERY') await requeryBatch(scope, deps, input.batchId);
  else await submitBatch(scope, deps, input.batchId);
  return { settlementBatch: await scope.em.fork().findOneOrFail(SettlementBatch, { id: input.batchId }, { populate: ['settlementEntity'] }), userErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Chargebacks and reserves

const chargebackInput = z.object({
  paymentId: z.string().min(1).max(40),
  amountMinor: z.number().int().positive().max(MAX_MINOR_UNITS),
  reason: z.string().trim().min(1).max(500),
  entityId: z.string().min(1).max(64).nullish(),
});

/**
 * `recordChargeback`: a refund debit on a payment, taken from the entity's reserve first, then from
 * its payable (a payable that goes negative is netted by the next batch). Never more, in total, than
 * the payment paid that entity.
 */
export async function recordChargeback(
  ctx: RequestContext,
  deps: SettlementDeps,
  input: z.input<typeof chargebackInput>,
): Promise<Payload<{ chargeback: Chargeback }, ChargebackErrorCode>> {
  const valid = validateInput(chargebackInput, input, CHARGEBACK_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const scope = settlementScopeOf(ctx);
  const now = scope.clock.now();
  const { paymentId, amountMinor, reason, entityId } = valid.data;
  const result = await scope.em.fork().transactional(async (tx): Promise<Payload<{ chargeback: Chargeback }, ChargebackErrorCode>> => {
    // The payment's lock serialises chargebacks on it, so the cap holds under concurrency.
    const payment = await tx.findOne(Payment, { id: paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!payment) return rejected(userError('NOT_FOUND', `No payment ${paymentId}.`, ['input', 'paymentId']));
    const tenant = tenantCondition(scope, 'a');
    const shares = await tx.execute<Array<{ party: string; paid: string }>>(
      `select a.party, sum(l.credit_minor - l.debit_minor)::text as paid
         from journal_line l join ledger_account a on a.id = l.account_id
        where ${tenant.sql} and l.entry_id = ? and a.code = '2200' and a.party <> ''
        group by a.party`,
      [...tenant.params, payment.journalEntry.id],
    );
    if (!shares.length) return rejected(userError('NOT_SETTLED_TO_ENTITY', 'This payment paid no settlement entity.', ['input', 'paymentId']));
    let entity: SettlementEntity | null;
    if (entityId) {
      entity = await tx.findOne(SettlementEntity, { entityId });
      if (!entity || !shares.some((share) => share.party === entity!.id))
        return rejected(userError('NOT_SETTLED_TO_ENTITY', `This payment paid ${entityId} nothing.`, ['input', 'entityId']));
    } else {
      if (shares.length > 1) return rejected(userError('ENTITY_REQUIRED', 'This payment paid several entities: name the one to debit.', ['input', 'entityId']));
      entity = await tx.findOneOrFail(SettlementEntity, { id: shares[0]!.party });
    }
    const paid = BigInt(shares.find((share) => share.party === entity.id)!.paid);
    const earlier = await tx.find(Chargeback, { paymentId, settlementEntity: entity.id });
    const already = earlier.reduce((sum, cb) => sum + cb.amountMinor, 0n);
    const holds = await tx.find(
      ReserveHold,
      { settlementEntity: entity.id, releasedAt: null, remainingMinor: { $gt: 0n }, currency: payment.currency },
      { orderBy: { releaseAt: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const held = holds.reduce((sum, hold) => sum + hold.remainingMinor, 0n);
    const split = chargebackSplit(BigInt(amountMinor), held, paid, already);
    if (!split.ok)
      return rejected(
        userError('EXCEEDS_PAID', `At most ${split.remainingMinor} more can be charged back on this payment to ${entity.entityId}.`, ['input', 'amountMinor']),
      );
    let toDrain = split.fromReserveMinor;
    for (const hold of holds) {
      if (toDrain === 0n) break;
      const take = hold.remainingMinor < toDrain ? hold.remainingMinor : toDrain;
      hold.remainingMinor -= take;
      toDrain -= take;
    }
    const id = newId('cb', now);
    const journalEntryId = await postJournal(tx, {
      businessId: scope.businessId,
      mode: scope.mode,
      at: now,
      description: `Chargeback on payment ${paymentId} for ${entity.entityId}`,
      source: `chargeback:${id}`,
      lines: [
        ...(split.fromReserveMinor > 0n ? [line('SETTLEMENT_RESERVE', party(entity), payment.currency, split.fromReserveMinor, 0n)] : []),
        ...(split.fromPayableMinor > 0n ? [line('SETTLEMENT_PAYABLE', party(entity), payment.currency, split.fromPayableMinor, 0n)] : []),
        line('PARTNER_CLEARING', undefined, payment.currency, 0n, BigInt(amountMinor)),
      ],
    });
    const chargeback = tx.create(Chargeback, {
      id,
      business: scope.businessId,
      mode: scope.mode,
      paymentId,
      settlementEntity: entity,
      currency: payment.currency,
      amountMinor: BigInt(amountMinor),
      fromReserveMinor: split.fromReserveMinor,
      fromPayableMinor: split.fromPayableMinor,
      reason,
      journalEntryId,
      createdAt: now,
    });
    writeEvent(tx, scope, now, 'settlement.chargeback_recorded', {
      chargebackId: id,
      paymentId,
      entityId: entity.entityId,
      amountMinor,
      fromReserveMinor: Number(split.fromReserveMinor),
      fromPayableMinor: Number(split.fromPayableMinor),
      currency: payment.currency,
      reason,
    });
    return { chargeback, userErrors: [] };
  });
  if (result.chargeback) deps.eventsWritten?.();
  return result;
}

/** Pays each of this tenant's reserve holds due by now back to its entity's payable, journaled (once: by its source). */
export async function releaseDueReserves(scope: SettlementScope): Promise<number> {
  const now = scope.clock.now();
  const due = await scope.em.fork().find(ReserveHold, { releasedAt: null, releaseAt: { $lte: now } }, { orderBy: { releaseAt: 'asc' }, limit: 500 });
  let released = 0;
  for (const candidate of due) {
    await scope.em.fork().transactional(async (tx) => {
      const hold = await tx.findOne(ReserveHold, { id: candidate.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!hold || hold.releasedAt) return;
      hold.releasedAt = now;
      if (hold.remainingMinor > 0n) {
        hold.releaseJournalEntryId = await postJournal(tx, {
          businessId: scope.businessId,
          mode: scope.mode,
          at: now,
          description: `Reserve ${hold.id} released`,
          source: `reserve-release:${hold.id}`,
          lines: [
            line('SETTLEMENT_RESERVE', hold.settlementEntity.id, hold.currency, hold.remainingMinor, 0n),
            line('SETTLEMENT_PAYABLE', hold.settlementEntity.id, hold.currency, 0n, hold.remainingMinor),
          ],
        });
      }
      released++;
    });
  }
  return released;
}

/** Whether a machine's callback names one of our batches under that batch's own idempotency key (any business). */
export async function payoutBatchKnown(platform: PlatformJob, result: PayoutResult): Promise<boolean> {
  const batch = await platform.em.fork().findOne(SettlementBatch, { id: result.batchId }, { fields: ['id', 'idempotencyKey'] });
  return batch?.idempotencyKey === result.idempotencyKey;
}

/**
 * The machine's callback, from the partner route: the batch it names (any business: the callback
 * carries no tenant), then applied as that business's job. Unknown batches and mismatched keys
 * change nothing.
 */
export async function applyMachineCallback(
  platform: PlatformJob,
  deps: SettlementDeps,
  result: PayoutResult,
): Promise<{ outcome: 'PAYOUT_RESULT'; batchId: string; status: string; applied: boolean } | { outcome: 'RECORDED' }> {
  const batch = await platform.em.fork().findOne(SettlementBatch, { id: result.batchId }, { fields: ['id', 'business', 'mode', 'idempotencyKey'] });
  if (!batch || batch.idempotencyKey !== result.idempotencyKey) {
    console.warn(`[settlements] callback for unknown batch ${result.batchId} (${result.idempotencyKey}); kept as a raw delivery`);
    return { outcome: 'RECORDED' };
  }
  const job = tenantJob(platform, { businessId: batch.business.id, mode: batch.mode });
  const after = await applyPayoutOutcome(job, deps, { ...result });
  return { outcome: 'PAYOUT_RESULT', batchId: batch.id, status: after?.status ?? 'UNKNOWN', applied: after?.applied ?? false };
}
