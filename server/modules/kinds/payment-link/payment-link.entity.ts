import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../../domain/api-keys.ts';
import { paymentLinkMachine } from '../../../domain/payment-links.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { Business } from '../../tenancy/business.entity.ts';

export const PAYMENT_LINK_STATUSES = paymentLinkMachine.statuses;

/** A hosted checkout for one invoice. */
const PaymentLinkSchema = defineEntity({
  name: 'PaymentLink',
  properties: {
    id: p.string().primary().length(40),
    /** The short code behind `/l/<code>`. */
    shortCode: p.string().length(16).unique(),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    invoice: () => p.manyToOne(Invoice).index(),
    status: p.enum(PAYMENT_LINK_STATUSES),
    allowPartialPayment: p.boolean(),
    callbackUrl: p.string().length(2048).nullable(),
    /** Where the hosted page sends the customer once paid. */
    redirectUrl: p.string().length(2048).nullable(),
    metadata: p.json<Record<string, unknown>>(),
    expiresAt: p.datetime().index(),
    createdAt: p.datetime(),
  },
});
export class PaymentLink extends PaymentLinkSchema.class {}
PaymentLinkSchema.setClass(PaymentLink);
