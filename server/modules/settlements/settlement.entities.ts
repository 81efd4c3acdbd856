import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { SETTLEMENT_LINE_KINDS, settlementBatchMachine, type SettlementLineKind } from '../../domain/settlements.ts';
import { SettlementEntity } from '../settlement-entities/settlement-entity.entity.ts';
import { Business } from '../tenancy/business.entity.ts';

export const SETTLEMENT_TRIGGERS = ['SCHEDULED', 'MANUAL'] as const;

/**
 * One payout to one entity: what it pays (its lines), where it is with the settlement machine, and
 * the journal that moved its amount from the entity's payable to payout-in-transit (`source`
 * `settlement:<id>`). A scheduled batch's id is derived from its entity and cut-off, so a run that
 * is repeated creates it once.
 */
export const SettlementBatchSchema = defineEntity({
  name: 'SettlementBatch',
  tableName: 'settlement_batch',
  // Also the index an entity's batches are found by.
  uniques: [{ properties: ['settlementEntity', 'cutoffAt'] }],
  // Unique because the id is (Migration20261204170000_settlement_run_writes): no second index to write.
  checks: [{ name: 'settlement_batch_idempotency_key_check', expression: `"idempotency_key" = 'settle_' || "id"` }],
  properties: {
    id: p.string().primary().length(40),
    // Checked per statement, not per row (Migration20261204161000_statement_references).
    business: () => p.manyToOne(Business).createForeignKeyConstraint(false),
    mode: p.enum(MODES),
    settlementEntity: () => p.manyToOne(SettlementEntity).createForeignKeyConstraint(false),
    currency: p.string().length(3),
    status: p.enum(settlementBatchMachine.statuses),
    trigger: p.enum(SETTLEMENT_TRIGGERS),
    /** The schedule's cut-off (a manual batch: when it was asked for). */
    cutoffAt: p.datetime(),
    /** Payments up to this time are paid (the cut-off less the entity's delay). */
    paymentsUpTo: p.datetime(),
    /** Its lines before the reserve hold and the fee (payments and releases, less chargebacks). */
    grossMinor: p.bigint(),
    reserveMinor: p.bigint(),
    feeMinor: p.bigint(),
    /** What is paid out: gross − reserve − fee; its lines add up to it. */
    amountMinor: p.bigint(),
    /** Sent with every submission of this batch, retries included: the machine pays a key once. `settle_` + the id (checked), so unique with it. */
    idempotencyKey: p.string().length(60),
    /** Submissions so far; a callback about an older one is stale. */
    attempt: p.integer().default(0),
    journalEntryId: p.string().length(40),
    /**
     * What it pays, derived (settlement-run.ts `batchLinesSql`): the entity's payable lines eligible
     * through `linesThroughId` (a ledger horizon) and `paymentsUpTo`, less those eligible through the
     * entity's state before it (`linesAfterId`, `linesAfterPaymentsUpTo`). Null for a batch from
     * before lines were derived: its lines are rows of settlement_line.
     */
    linesThroughId: p.bigint('string').nullable(),
    linesAfterId: p.bigint('string').default(0),
    linesAfterPaymentsUpTo: p.datetime().nullable(),
    machineReference: p.string().length(100).nullable(),
    failureReason: p.string().length(500).nullable(),
    submittedAt: p.datetime().nullable(),
    paidAt: p.datetime().nullable(),
    failedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export class SettlementBatch extends SettlementBatchSchema.class {}
SettlementBatchSchema.setClass(SettlementBatch);

/**
 * The copied lines of a batch created before lines were derived (`linesThroughId` null): a ledger
 * line it pays (payment shares, releases, chargebacks: each at most once, by `journalLine`'s
 * uniqueness) or holds back (its journal's reserve hold and fee lines). Runs no longer write these;
 * they still skip the payable lines named here.
 */
export const SettlementLineSchema = defineEntity({
  name: 'SettlementLine',
  tableName: 'settlement_line',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    // No foreign keys on a line (it was written in the statement that wrote its batch).
    business: () => p.manyToOne(Business).createForeignKeyConstraint(false),
    mode: p.enum(MODES),
    batch: () => p.manyToOne(SettlementBatch).index().createForeignKeyConstraint(false),
    kind: p.enum(SETTLEMENT_LINE_KINDS),
    /** The payable line it pays; none for a hold or fee (those are the batch's own journal). */
    journalLineId: p.bigint('number').nullable().unique(),
    journalEntryId: p.string().length(40),
    paymentId: p.string().length(40).nullable(),
    /** Signed: payments and releases add, chargebacks, holds and fees take away. */
    amountMinor: p.bigint(),
  },
});
export class SettlementLine extends SettlementLineSchema.class {}
SettlementLineSchema.setClass(SettlementLine);

/** Money a batch held back in the entity's reserve account until `releaseAt`; chargebacks drain it first. */
export const ReserveHoldSchema = defineEntity({
  name: 'ReserveHold',
  tableName: 'reserve_hold',
  indexes: [{ properties: ['releaseAt'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    settlementEntity: () => p.manyToOne(SettlementEntity).index(),
    batch: () => p.manyToOne(SettlementBatch),
    currency: p.string().length(3),
    amountMinor: p.bigint(),
    /** What is still held: chargebacks take from it, the release pays the rest back to payable. */
    remainingMinor: p.bigint(),
    releaseAt: p.datetime(),
    releasedAt: p.datetime().nullable(),
    releaseJournalEntryId: p.string().length(40).nullable(),
    createdAt: p.datetime(),
  },
});
export class ReserveHold extends ReserveHoldSchema.class {}
ReserveHoldSchema.setClass(ReserveHold);

/** A refund debit on a payment: from the entity's reserve first, then its payable. */
export const ChargebackSchema = defineEntity({
  name: 'Chargeback',
  tableName: 'chargeback',
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    paymentId: p.string().length(40).index(),
    settlementEntity: () => p.manyToOne(SettlementEntity).index(),
    currency: p.string().length(3),
    amountMinor: p.bigint(),
    fromReserveMinor: p.bigint(),
    fromPayableMinor: p.bigint(),
    reason: p.string().length(500),
    journalEntryId: p.string().length(40),
    createdAt: p.datetime(),
  },
});
export class Chargeback extends ChargebackSchema.class {}
ChargebackSchema.setClass(Chargeback);

/** A line of a batch as the API answers it (settlement-queries.ts), derived or copied. */
export interface SettlementLineView {
  id: string;
  kind: SettlementLineKind;
  journalEntryId: string;
  paymentId: string | null;
  amountMinor: bigint;
  currency: string;
}
