import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../../domain/api-keys.ts';
import { BILL_STATUSES, BILL_TYPES } from '../../../domain/bills.ts';
import { Business } from '../../tenancy/business.entity.ts';

/** A share of each payment, by the entity's surrogate id: a fixed amount or basis points. */
export interface StoredShare {
  settlementEntityId: string;
  entityId: string;
  amountMinor?: string;
  basisPoints?: number;
}

/** A payment bill (seed 003): regular (one-time) or dynamic (a reusable reference). */
const BillSchema = defineEntity({
  name: 'Bill',
  properties: {
    id: p.string().primary().length(40),
    /** What customers and the partner quote; unique across the platform. */
    paymentRef: p.string().length(24).unique(),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    type: p.enum(BILL_TYPES),
    status: p.enum(BILL_STATUSES),
    currency: p.string().length(3),
    /** REGULAR and fixed DYNAMIC bills: what each payment brings. Flexible bills: a suggested amount. */
    amountMinor: p.bigint().nullable(),
    amountPaidMinor: p.bigint(),
    paymentCount: p.integer(),
    isFlexible: p.boolean(),
    minimumAmountMinor: p.bigint().nullable(),
    maximumAmountMinor: p.bigint().nullable(),
    targetAmountMinor: p.bigint().nullable(),
    email: p.string().length(254),
    narration: p.string().length(200).nullable(),
    externalRef: p.string().length(100).nullable(),
    redirectUrl: p.string().length(2048).nullable(),
    callbackUrl: p.string().length(2048).nullable(),
    qrcode: p.boolean(),
    split: p.boolean(),
    subaccounts: p.json<StoredShare[]>(),
    virtualAccountNumber: p.string().length(20).nullable().unique(),
    virtualBankName: p.string().length(100).nullable(),
    virtualAccountName: p.string().length(200).nullable(),
    expiresAt: p.datetime().nullable().index(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export class Bill extends BillSchema.class {}
BillSchema.setClass(Bill);
