import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../../domain/api-keys.ts';
import { PAYMENT_MODES, TILL_ALIAS_STATUSES } from '../../../domain/till-aliases.ts';
import { SettlementEntity } from '../../settlement-entities/settlement-entity.entity.ts';
import { Business } from '../../tenancy/business.entity.ts';
import { App } from '../../webhooks/app.entity.ts';

/** A till alias (seed 002): one invoice's Lipa number, bound to a settlement entity, with the fee on top. */
const TillAliasSchema = defineEntity({
  name: 'TillAlias',
  properties: {
    id: p.string().primary().length(40),
    /** The Lipa number: unique across the platform (both modes) and never reused. */
    alias: p.string().length(12).unique(),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    app: () => p.manyToOne(App),
    settlementEntity: () => p.manyToOne(SettlementEntity).index(),
    name: p.string().length(200),
    memo: p.string().length(200).nullable(),
    currency: p.string().length(3),
    merchantAmountMinor: p.bigint(),
    feeMinor: p.bigint(),
    expectedTotalMinor: p.bigint(),
    /** The fee rule it was priced with (basis points), kept so the fee can be explained later. */
    feeRateBasisPoints: p.integer(),
    paymentMode: p.enum(PAYMENT_MODES),
    status: p.enum(TILL_ALIAS_STATUSES),
    isActive: p.boolean(),
    amountPaidMinor: p.bigint(),
    paymentCount: p.integer(),
    /** TIPS results other than SUCCESS: recorded, no money moved. */
    failedAttemptCount: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    deactivatedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['business', 'mode', 'app'] }],
});
export class TillAlias extends TillAliasSchema.class {}
TillAliasSchema.setClass(TillAlias);

/** A TIPS notification whose result was not SUCCESS: one row per transid (duplicates change nothing). */
const TillAliasFailedAttemptSchema = defineEntity({
  name: 'TillAliasFailedAttempt',
  uniques: [{ properties: ['partner', 'partnerPaymentId'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    tillAlias: () => p.manyToOne(TillAlias).index(),
    partner: p.string().length(20),
    partnerPaymentId: p.string().length(100),
    result: p.string().length(40),
    amountMinor: p.bigint(),
    currency: p.string().length(3),
    createdAt: p.datetime(),
  },
});
export class TillAliasFailedAttempt extends TillAliasFailedAttemptSchema.class {}
TillAliasFailedAttemptSchema.setClass(TillAliasFailedAttempt);
