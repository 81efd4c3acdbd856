import { JSONObjectResolver } from 'graphql-scalars';
import { PAYMENT_LINK_ERROR_CODES } from '../../domain/payment-links.ts';
import { Invoice } from '../../modules/invoicing/invoice.entity.ts';
import type { RequestContext } from '../../modules/request-context.ts';
import { PAYMENT_LINK_STATUSES, type PaymentLink } from '../../modules/kinds/payment-link/payment-link.entity.ts';
import {
  cancelPaymentLink,
  createPaymentLink,
  effectiveLinkStatus,
  findPaymentLink,
  listPaymentLinks,
} from '../../modules/kinds/payment-link/payment-links.service.ts';
import { builder } from '../builder.ts';
import { grantsWrite, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';
import { requireEnterprise } from './enterprise.ts';
import { InvoiceRef } from './invoices.ts';

builder.addScalarType('JSONObject', JSONObjectResolver);

const PaymentLinkStatusEnum = builder.enumType('PaymentLinkStatus', { values: PAYMENT_LINK_STATUSES });

const loadInvoice = (link: PaymentLink, _args: unknown, ctx: RequestContext) => ctx.em.findOneOrFail(Invoice, { id: link.invoice.id });

export const PaymentLinkRef = builder.objectRef<PaymentLink>('PaymentLink').implement({
  description: 'A hosted checkout for one invoice. ACTIVE → PAID | EXPIRED | CANCELED.',
  authScopes: readableWith('checkouts:read', 'checkouts:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    invoice: t.field({ type: InvoiceRef, resolve: loadInvoice }),
    amount: t.field({
      type: MoneyRef,
      description: 'What the invoice still owes.',
      resolve: async (link, _args, ctx) => {
        const invoice = await loadInvoice(link, _args, ctx);
        return money(invoice.totalMinor - invoice.amountPaidMinor, invoice.currency);
      },
    }),
    status: t.field({ type: PaymentLinkStatusEnum, resolve: (link, _args, ctx) => effectiveLinkStatus(link, ctx.clock.now()) }),
    allowPartialPayment: t.exposeBoolean('allowPartialPayment'),
    paymentUrl: t.string({ resolve: (link, _args, ctx) => `${ctx.services.publicUrl}/p/${link.id}` }),
    shortUrl: t.string({ resolve: (link, _args, ctx) => `${ctx.services.publicUrl}/l/${link.shortCode}` }),
    qrCodeUrl: t.string({
      description: 'PNG; the same path with .svg gives SVG.',
      resolve: (link, _args, ctx) => `${ctx.services.publicUrl}/v1/payment-links/${link.id}/qr.png`,
    }),
    callbackUrl: t.exposeString('callbackUrl', { nullable: true }),
    redirectUrl: t.exposeString('redirectUrl', { nullable: true }),
    metadata: t.field({ type: 'JSONObject', resolve: (link) => link.metadata }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreatePaymentLinkInput = builder.inputType('CreatePaymentLinkInput', {
  fields: (t) => ({
    invoiceId: t.id({ required: true }),
    expiresInHours: t.int({ defaultValue: 24 }),
    allowPartialPayment: t.boolean({ defaultValue: false }),
    callbackUrl: t.string({ description: 'Receives a payment-completion callback in addition to webhooks.' }),
    redirectUrl: t.string({ description: 'Where the hosted page sends the customer after payment (https; http too in test mode).' }),
    metadata: t.field({ type: 'JSONObject', description: 'Free-form key/values attached to the payment record.' }),
  }),
});

const PaymentLinkUserErrorRef = userErrorType('PaymentLink', PAYMENT_LINK_ERROR_CODES);
type UserErrors = (typeof PaymentLinkUserErrorRef.$inferType)[];
const PaymentLinkPayload = builder.objectRef<{ paymentLink?: PaymentLink; userErrors: UserErrors }>('PaymentLinkPayload').implement({
  grantScopes: grantsWrite('checkouts:write'),
  fields: (t) => ({
    paymentLink: t.expose('paymentLink', { type: PaymentLinkRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [PaymentLinkUserErrorRef] }),
  }),
});

builder.mutationField('createPaymentLink', (t) =>
  t.field({
    type: PaymentLinkPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CreatePaymentLinkInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireEnterprise(ctx);
      return createPaymentLink(ctx, ctx.services, {
        invoiceId: String(input.invoiceId),
        expiresInHours: input.expiresInHours ?? 24,
        allowPartialPayment: input.allowPartialPayment ?? false,
        callbackUrl: input.callbackUrl,
        redirectUrl: input.redirectUrl,
        metadata: input.metadata,
      });
    },
  }),
);

const CancelPaymentLinkInput = builder.inputType('CancelPaymentLinkInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

builder.mutationField('cancelPaymentLink', (t) =>
  t.field({
    type: PaymentLinkPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CancelPaymentLinkInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireEnterprise(ctx);
      return cancelPaymentLink(ctx, ctx.services, { id: String(input.id) });
    },
  }),
);

builder.queryField('paymentLink', (t) =>
  t.field({
    type: PaymentLinkRef,
    nullable: true,
    authScopes: { scope: 'checkouts:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findPaymentLink(ctx, String(id)),
  }),
);

builder.queryField('paymentLinks', (t) =>
  t.connection(
    {
      type: PaymentLinkRef,
      authScopes: { scope: 'checkouts:read' },
      args: { status: t.arg({ type: PaymentLinkStatusEnum }) },
      resolve: (_root, args, ctx) => pageById(args, (page) => listPaymentLinks(ctx, page, { status: args.status })),
    },
    { name: 'PaymentLinkConnection' },
    { name: 'PaymentLinkEdge' },
  ),
);
