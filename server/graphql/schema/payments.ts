import { searchPattern } from '../../domain/search.ts';
import { searchOrThrow } from '../errors.ts';
import type { Payment, Receipt } from '../../modules/payments/payment.entities.ts';
import { listPayments, listReceipts } from '../../modules/payments/payments.service.ts';
import { builder } from '../builder.ts';
import { money, MoneyRef, readableWith } from './common.ts';
import { pageById } from './connection.ts';

export const PaymentRef = builder.objectRef<Payment>('Payment').implement({
  description: 'Money a partner reported as moved, and how it was applied. Never refused: what does not apply is held.',
  authScopes: readableWith('ledger:read'),
  fields: (t) => ({
    id: t.exposeID('id'),
    partner: t.exposeString('partner'),
    partnerPaymentId: t.exposeString('partnerPaymentId'),
    reference: t.exposeString('reference', { nullable: true }),
    checkoutId: t.exposeString('checkoutId', { nullable: true }),
    billPaymentRef: t.exposeString('billPaymentRef', { nullable: true, description: "A bill payment's own reference: the bill's paymentRef and its number." }),
    invoiceId: t.string({ nullable: true, resolve: (payment) => payment.invoice?.id ?? null }),
    amount: t.field({ type: MoneyRef, resolve: (p) => money(p.amountMinor, p.currency) }),
    applied: t.field({ type: MoneyRef, resolve: (p) => money(p.appliedMinor, p.currency) }),
    customerCredit: t.field({ type: MoneyRef, resolve: (p) => money(p.customerCreditMinor, p.currency) }),
    suspense: t.field({ type: MoneyRef, resolve: (p) => money(p.suspenseMinor, p.currency) }),
    exception: t.exposeString('exception', { nullable: true, description: 'Why not all of it applied, e.g. OVERPAYMENT.' }),
    paidAt: t.expose('paidAt', { type: 'DateTime' }),
    journalEntryId: t.string({ resolve: (payment) => payment.journalEntry.id }),
  }),
});

const ReceiptRef = builder.objectRef<Receipt>('Receipt').implement({
  authScopes: readableWith('ledger:read'),
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    paymentId: t.string({ resolve: (receipt) => receipt.payment.id }),
    invoiceId: t.string({ nullable: true, resolve: (receipt) => receipt.invoice?.id ?? null }),
    amount: t.field({ type: MoneyRef, resolve: (r) => money(r.amountMinor, r.currency) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    url: t.string({
      description: 'The customer’s printable receipt page (its PDF: the same URL with .pdf), to send again. Unguessable.',
      resolve: (receipt, _args, ctx) => `${ctx.services.publicUrl}/r/${receipt.token}`,
    }),
  }),
});

builder.queryField('payments', (t) =>
  t.connection(
    {
      type: PaymentRef,
      authScopes: { scope: 'ledger:read' },
      args: { search: t.arg.string({ description: "Part of the payment's id, the partner's payment id or reference, or a bill payment's reference." }) },
      resolve: (_root, args, ctx) => {
        const search = searchOrThrow(searchPattern(args.search));
        return pageById(args, (page) => listPayments(ctx, page, search));
      },
    },
    { name: 'PaymentConnection' },
    { name: 'PaymentEdge' },
  ),
);

builder.queryField('receipts', (t) =>
  t.connection(
    { type: ReceiptRef, authScopes: { scope: 'ledger:read' }, resolve: (_root, args, ctx) => pageById(args, (page) => listReceipts(ctx, page)) },
    { name: 'ReceiptConnection' },
    { name: 'ReceiptEdge' },
  ),
);
