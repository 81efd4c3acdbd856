import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Invoice } from '../invoicing/invoice.entity.ts';
import { JournalEntry } from '../ledger/ledger.entities.ts';
import { Business } from '../tenancy/business.entity.ts';

/** Every delivery the partner makes, verified and stored raw before anything else happens. */
export const PartnerWebhookDeliverySchema = defineEntity({
  name: 'PartnerWebhookDelivery',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    partner: p.string().length(20),
    partnerPaymentId: p.string().length(100).nullable().index(),
    /** The bytes exactly as they arrived: what the signature covers. */
    rawBody: p.blob(),
    signature: p.string().length(200),
    receivedAt: p.datetime(),
  },
});
export class PartnerWebhookDelivery extends PartnerWebhookDeliverySchema.class {}
PartnerWebhookDeliverySchema.setClass(PartnerWebhookDelivery);

/** Money a partner reports as moved, once per partner payment id, and how it was applied. */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  uniques: [{ properties: ['partner', 'partnerPaymentId'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    partner: p.string().length(20),
    partnerPaymentId: p.string().length(100),
    reference: p.string().length(100).nullable(),
    /** The checkout the partner named, known or not (of any kind: the payment never names kinds). */
    checkoutId: p.string().length(60).nullable().index(),
    /** A bill's payments each get their own reference: `<bill paymentRef>-<n>`. */
    billPaymentRef: p.string().length(40).nullable().unique(),
    invoice: () => p.manyToOne(Invoice).nullable().index(),
    currency: p.string().length(3),
    amountMinor: p.bigint(),
    appliedMinor: p.bigint(),
    customerCreditMinor: p.bigint(),
    suspenseMinor: p.bigint(),
    exception: p.string().length(40).nullable(),
    /** How the customer paid (CARD, BANK_TRANSFER), when the partner said. */
    method: p.string().length(20).nullable(),
    paidAt: p.datetime(),
    createdAt: p.datetime(),
    journalEntry: () => p.manyToOne(JournalEntry),
    /** The 200 body first answered, as JSON text, replayed byte for byte to duplicate deliveries. */
    response: p.text(),
  },
});
export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);

export const ReceiptSchema = defineEntity({
  name: 'Receipt',
  uniques: [{ properties: ['business', 'mode', 'number'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    number: p.string().length(40),
    /** The receipt page's address `/r/<token>` (domain/ids.ts newSecretToken): ids are time-ordered and guessable. */
    token: p.string().length(64).unique(),
    payment: () => p.oneToOne(Payment).owner(),
    invoice: () => p.manyToOne(Invoice).nullable().index(),
    currency: p.string().length(3),
    amountMinor: p.bigint(),
    createdAt: p.datetime(),
  },
});
export class Receipt extends ReceiptSchema.class {}
ReceiptSchema.setClass(Receipt);
