import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { SettlementEntity } from '../settlement-entities/settlement-entity.entity.ts';
import { Business } from '../tenancy/business.entity.ts';

/**
 * A business's (or one of its entities') override of the platform fee, from a date on. Rows are
 * only added, never changed: a new rate is a new row with a later `effectiveFrom`, so what any
 * past checkout was charged can be read back.
 */
const PlatformFeeRuleSchema = defineEntity({
  name: 'PlatformFeeRule',
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    /** Null: the whole business. */
    settlementEntity: () => p.manyToOne(SettlementEntity).nullable().index().deleteRule('restrict'),
    /** ISO 4217, or `*` for every currency. */
    currency: p.string().length(3),
    rateBasisPoints: p.integer(),
    minimumMinor: p.bigint(),
    maximumMinor: p.bigint().nullable(),
    effectiveFrom: p.datetime(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['business', 'mode', 'currency'] }],
});
export class PlatformFeeRule extends PlatformFeeRuleSchema.class {}
PlatformFeeRuleSchema.setClass(PlatformFeeRule);
