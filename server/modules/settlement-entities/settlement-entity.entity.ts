import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

export const SETTLEMENT_METHODS = ['BANK', 'MOBILE_MONEY'] as const;
export const PAYOUT_SCHEDULES = ['DAILY', 'WEEKLY', 'MONTHLY', 'MANUAL'] as const;

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
    createdAt: p.datetime(),
  },
});
export class SettlementEntity extends SettlementEntitySchema.class {}
SettlementEntitySchema.setClass(SettlementEntity);
