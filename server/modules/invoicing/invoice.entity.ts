import { invoiceMachine } from '../../domain/payment-application.ts';
import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

export const INVOICE_STATUSES = invoiceMachine.statuses;

export interface InvoiceLineItem {
  description: string;
  quantity: number;
  unitAmountMinor: number;
}

const InvoiceSchema = defineEntity({
  name: 'Invoice',
  uniques: [{ properties: ['business', 'mode', 'number'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    number: p.string().length(40),
    customerName: p.string().length(200),
    customerEmail: p.string().length(254),
    currency: p.string().length(3),
    lineItems: p.json<InvoiceLineItem[]>(),
    totalMinor: p.bigint(),
    amountPaidMinor: p.bigint(),
    status: p.enum(INVOICE_STATUSES),
    dueDate: p.string().length(10),
    createdAt: p.datetime(),
  },
});
export class Invoice extends InvoiceSchema.class {}
InvoiceSchema.setClass(Invoice);
