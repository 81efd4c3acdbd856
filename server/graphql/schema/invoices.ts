import { INVOICE_STATUSES, type Invoice } from '../../modules/invoicing/invoice.entity.ts';
import { createInvoice, findInvoice, INVOICE_ERROR_CODES, listInvoices } from '../../modules/invoicing/invoicing.service.ts';
import { searchPattern } from '../../domain/search.ts';
import { builder } from '../builder.ts';
import { searchOrThrow } from '../errors.ts';
import { grantsWrite, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';

export const InvoiceStatusEnum = builder.enumType('InvoiceStatus', { values: INVOICE_STATUSES });

const LineItemRef = builder.objectRef<Invoice['lineItems'][number]>('InvoiceLineItem').implement({
  fields: (t) => ({
    description: t.exposeString('description'),
    quantity: t.exposeInt('quantity'),
    unitAmountMinor: t.expose('unitAmountMinor', { type: 'MinorUnits' }),
  }),
});

export const InvoiceRef = builder.objectRef<Invoice>('Invoice').implement({
  description: 'What a customer owes. OPEN → PARTIALLY_PAID → PAID (or VOID).',
  authScopes: readableWith('invoices:read', 'invoices:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    status: t.expose('status', { type: InvoiceStatusEnum }),
    customerName: t.exposeString('customerName'),
    customerEmail: t.exposeString('customerEmail'),
    dueDate: t.exposeString('dueDate', { description: 'YYYY-MM-DD.' }),
    lineItems: t.field({ type: [LineItemRef], resolve: (invoice) => invoice.lineItems }),
    total: t.field({ type: MoneyRef, resolve: (invoice) => money(invoice.totalMinor, invoice.currency) }),
    amountPaid: t.field({ type: MoneyRef, resolve: (invoice) => money(invoice.amountPaidMinor, invoice.currency) }),
    amountDue: t.field({ type: MoneyRef, resolve: (invoice) => money(invoice.totalMinor - invoice.amountPaidMinor, invoice.currency) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CustomerInput = builder.inputType('InvoiceCustomerInput', {
  fields: (t) => ({ name: t.string({ required: true }), email: t.string({ required: true }) }),
});
const LineItemInput = builder.inputType('InvoiceLineItemInput', {
  fields: (t) => ({
    description: t.string({ required: true }),
    quantity: t.int({ required: true }),
    unitAmountMinor: t.field({ type: 'MinorUnits', required: true }),
  }),
});
const CreateInvoiceInput = builder.inputType('CreateInvoiceInput', {
  fields: (t) => ({
    customer: t.field({ type: CustomerInput, required: true }),
    currency: t.string({ required: true, description: 'ISO 4217.' }),
    lineItems: t.field({ type: [LineItemInput], required: true }),
    dueDate: t.string({ required: true, description: 'YYYY-MM-DD.' }),
    number: t.string({ description: 'Defaults to the next INV-<year>-<n> of the business.' }),
  }),
});

const InvoiceUserErrorRef = userErrorType('Invoice', INVOICE_ERROR_CODES);
const CreateInvoicePayload = builder.objectRef<{ invoice?: Invoice; userErrors: (typeof InvoiceUserErrorRef.$inferType)[] }>('CreateInvoicePayload').implement({
  grantScopes: grantsWrite('invoices:write'),
  fields: (t) => ({
    invoice: t.expose('invoice', { type: InvoiceRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [InvoiceUserErrorRef] }),
  }),
});

builder.mutationField('createInvoice', (t) =>
  t.field({
    type: CreateInvoicePayload,
    authScopes: { scope: 'invoices:write' },
    args: { input: t.arg({ type: CreateInvoiceInput, required: true }) },
    resolve: (_root, { input }, ctx) => createInvoice(ctx, input),
  }),
);

builder.queryField('invoice', (t) =>
  t.field({
    type: InvoiceRef,
    nullable: true,
    authScopes: { scope: 'invoices:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findInvoice(ctx, String(id)),
  }),
);

builder.queryField('invoices', (t) =>
  t.connection(
    {
      type: InvoiceRef,
      authScopes: { scope: 'invoices:read' },
      args: {
        status: t.arg({ type: InvoiceStatusEnum }),
        search: t.arg.string({ description: "Part of the number, the customer's name or email (case-insensitive)." }),
      },
      resolve: (_root, args, ctx) => {
        const search = searchOrThrow(searchPattern(args.search));
        return pageById(args, (page) => listInvoices(ctx, page, args.status, search));
      },
    },
    { name: 'InvoiceConnection' },
    { name: 'InvoiceEdge' },
  ),
);
