import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { SETTLEMENT_LINE_KINDS, settlementBatchMachine } from '../../domain/settlements.ts';
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
  uniques: [{ properties: ['settlementEntity', 'cutoffAt'] }],
  indexes: [{ properties: ['business', 'mode', 'settlementEntity'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    settlementEntity: () => p.manyToOne(SettlementEntity),
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
    /** Sent with every submission of this batch, retries included: the machine pays a key once. */
    idempotencyKey: p.string().length(60).unique(),
    /** Submissions so far; a callback about an older one is stale. */
    attempt: p.integer().default(0),
    journalEntryId: p.string().length(40),
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
 * A ledger line a batch pays (payment shares, releases, chargebacks: the entity's payable lines, each
 * at most once, by `journalLine`'s uniqueness) or holds back (the reserve hold and fee lines of the
 * batch's own journal).
 */
export const SettlementLineSchema = defineEntity({
  name: 'SettlementLine',
  tableName: 'settlement_line',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    // No foreign keys on a line: a run writes every line in the statement that writes its batch
    // (settlement-run.ts), and per-row key checks were most of a 10,000-entity run's time.
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
