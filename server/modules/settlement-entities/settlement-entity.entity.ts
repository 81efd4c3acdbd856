import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { PAYOUT_SCHEDULES } from '../../domain/settlements.ts';
import { KYC_STATUSES, type KycDocument } from '../../domain/kyc.ts';
import { Business } from '../tenancy/business.entity.ts';

export { PAYOUT_SCHEDULES };
export const SETTLEMENT_METHODS = ['BANK', 'MOBILE_MONEY'] as const;

/** Who receives a share of split payments: a school, a vendor, a branch (seed 002). */
const SettlementEntitySchema = defineEntity({
  name: 'SettlementEntity',
  uniques: [{ properties: ['business', 'mode', 'entityId'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    /** The merchant's own id for it, e.g. ST-MARYS. */
    entityId: p.string().length(64),
    name: p.string().length(200),
    tradingName: p.string().length(200).nullable(),
    physicalAddress: p.string().length(500).nullable(),
    contactName: p.string().length(200).nullable(),
    contactRole: p.string().length(100).nullable(),
    contactEmail: p.string().length(254).nullable(),
    contactPhone: p.string().length(16).nullable(),
    settlementMethod: p.enum(SETTLEMENT_METHODS),
    msisdn: p.string().length(16).nullable(),
    mobileProvider: p.string().length(40).nullable(),
    bankName: p.string().length(100).nullable(),
    bankAccountNumber: p.string().length(34).nullable(),
    bankAccountName: p.string().length(200).nullable(),
    bankBranch: p.string().length(100).nullable(),
    bankSwift: p.string().length(11).nullable(),
    payoutSchedule: p.enum(PAYOUT_SCHEDULES),
    payoutMinAmountMinor: p.bigint(),
    payoutCurrency: p.string().length(3),
    /** WEEKLY: the ISO weekday it cuts off on (1 Monday … 7 Sunday). */
    payoutWeekday: p.smallint().nullable(),
    /** MONTHLY: the day it cuts off on (29–31 fall on a short month's last day). */
    payoutDayOfMonth: p.smallint().nullable(),
    /** Payments younger than this many days at the cut-off wait for the next batch. */
    payoutDelayDays: p.integer().default(0),
    /** A fee per payout batch, in minor units, kept as revenue (null: none). */
    payoutFeeMinor: p.bigint().nullable(),
    /** Reserve rule: a percentage (basis points) of each batch, held for reserveHoldDays … */
    reservePercentBasisPoints: p.integer().default(0),
    /** … and/or a balance the reserve is kept topped up to. */
    reserveMinimumMinor: p.bigint().default(0),
    reserveHoldDays: p.integer().default(0),
    /** The last scheduled cut-off a settlement run handled for it (batch or not). */
    lastCutoffAt: p.datetime().nullable(),
    /** How far its payable is paid by batches: every eligible line up to this ledger horizon … (settlement-run.ts) */
    settledThroughLineId: p.bigint('string').default(0),
    /** … and payments up to this time. Both only move forward, with each batch. */
    settledPaymentsUpTo: p.datetime().nullable(),
    /** Set by the operator; live checkouts and payouts for it need APPROVED (kyc-gate.ts). */
    kycStatus: p.enum(KYC_STATUSES),
    /** KYC documents the operator has received for it (the merchant emails them). */
    kycDocuments: p.array<KycDocument>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime().nullable(),
  },
});
export class SettlementEntity extends SettlementEntitySchema.class {}
SettlementEntitySchema.setClass(SettlementEntity);

export const KYC_ACTORS = ['OPERATOR', 'MERCHANT'] as const;

/** One change of an entity's KYC status: the audit trail (`kycHistory`), never updated. */
const SettlementEntityKycEventSchema = defineEntity({
  name: 'SettlementEntityKycEvent',
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    settlementEntity: () => p.manyToOne(SettlementEntity).index(),
    fromStatus: p.enum(KYC_STATUSES).nullable(),
    toStatus: p.enum(KYC_STATUSES),
    reason: p.string().length(1000),
    actor: p.enum(KYC_ACTORS),
    createdAt: p.datetime(),
  },
});
export class SettlementEntityKycEvent extends SettlementEntityKycEventSchema.class {}
SettlementEntityKycEventSchema.setClass(SettlementEntityKycEvent);
