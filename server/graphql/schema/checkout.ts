import { checkoutKinds } from '../../modules/checkouts/registry.ts';
import { checkoutQrPath, findPublicCheckout } from '../../modules/checkouts/public-checkout.service.ts';
import type { PublicTillAlias, PublicBill, PublicCheckout, PublicLineItem, PublicMerchant, PublicPayment } from '../../modules/checkouts/public-view.ts';
import { BILL_STATUSES, BILL_TYPES } from '../../domain/bills.ts';
import { payInSandbox, SANDBOX_PAYMENT_ERROR_CODES } from '../../modules/checkouts/sandbox-payment.service.ts';
import { SANDBOX_METHODS } from '../../providers/sandbox-bank/sandbox-bank.ts';
import { userErrorType } from './common.ts';
import { builder } from '../builder.ts';
import { money, MoneyRef } from './common.ts';

// One value per registered kind (modules/checkouts/registry.ts).
const CheckoutKindEnum = builder.enumType('CheckoutKind', { values: checkoutKinds().map((kind) => kind.name) });
const CheckoutStatusEnum = builder.enumType('CheckoutStatus', { values: ['ACTIVE', 'PAID', 'EXPIRED', 'CANCELED'] as const });
export const BillTypeEnum = builder.enumType('BillType', { values: BILL_TYPES });
export const BillStatusEnum = builder.enumType('BillStatus', {
  values: BILL_STATUSES,
  description: 'REGULAR: PENDING → PAID. DYNAMIC: ACTIVE → COMPLETED once its target is reached. Either may expire or be canceled.',
});

export const VirtualAccountRef = builder.objectRef<{ accountNumber: string; bankName: string; accountName: string }>('VirtualAccount').implement({
  description: 'A bank account number that pays this bill by transfer.',
  fields: (t) => ({ accountNumber: t.exposeString('accountNumber'), bankName: t.exposeString('bankName'), accountName: t.exposeString('accountName') }),
});

const BillCheckoutRef = builder.objectRef<PublicBill & { currency: string }>('BillCheckout').implement({
  description: "A bill's own details, for its payer.",
  fields: (t) => ({
    paymentRef: t.exposeString('paymentRef'),
    type: t.expose('type', { type: BillTypeEnum }),
    status: t.expose('status', { type: BillStatusEnum }),
    isFlexible: t.exposeBoolean('isFlexible'),
    targetAmount: t.field({ type: MoneyRef, nullable: true, resolve: (b) => (b.targetAmountMinor === null ? null : money(b.targetAmountMinor, b.currency)) }),
    narration: t.exposeString('narration', { nullable: true }),
    virtualAccount: t.expose('virtualAccount', { type: VirtualAccountRef, nullable: true }),
  }),
});

const TillAliasCheckoutRef = builder.objectRef<PublicTillAlias & { currency: string }>('TillAliasCheckout').implement({
  description: "A till alias's own details, for its payer: the Lipa number to pay and the fee on top.",
  fields: (t) => ({
    alias: t.exposeString('alias', { description: 'The Lipa number to enter in the wallet or bank app.' }),
    name: t.exposeString('name'),
    payeeName: t.exposeString('payeeName', { description: 'Who is paid: the settlement entity the Lipa number is bound to.' }),
    memo: t.exposeString('memo', { nullable: true }),
    merchantAmount: t.field({ type: MoneyRef, resolve: (a) => money(a.merchantAmountMinor, a.currency) }),
    fee: t.field({ type: MoneyRef, description: 'The platform fee on top.', resolve: (a) => money(a.feeMinor, a.currency) }),
    expectedTotal: t.field({ type: MoneyRef, resolve: (a) => money(a.expectedTotalMinor, a.currency) }),
    exactAmountOnly: t.boolean({ resolve: (a) => a.paymentMode === 'EXACT' }),
    isActive: t.exposeBoolean('isActive'),
  }),
});

/** Our own paths (an uploaded logo) become absolute; a merchant's https URL stays as it is. */
const absolute = (publicUrl: string, url: string | null) => (url?.startsWith('/') ? `${publicUrl}${url}` : url);

const CheckoutMerchantRef = builder.objectRef<PublicMerchant>('CheckoutMerchant').implement({
  description: "The merchant's name, branding and support contact, as its customers see them.",
  fields: (t) => ({
    name: t.exposeString('name'),
    logoUrl: t.string({
      nullable: true,
      description: 'An https URL (ours for an uploaded logo).',
      resolve: (m, _args, ctx) => absolute(ctx.services.publicUrl, m.logoUrl),
    }),
    brandColor: t.exposeString('brandColor', { nullable: true, description: '"#rrggbb" the merchant chose.' }),
    brandTextColor: t.exposeString('brandTextColor', {
      nullable: true,
      description: '"#rrggbb" text on brandColor that passes WCAG AA (4.5:1); derived by the server.',
    }),
    supportEmail: t.exposeString('supportEmail', { nullable: true }),
    supportPhone: t.exposeString('supportPhone', { nullable: true, description: 'E.164, e.g. +2348012345678.' }),
    securedBy: t.exposeString('securedBy', { nullable: true, description: 'The "Secured by …" line, or null to hide it.' }),
  }),
});

const CheckoutLineItemRef = builder.objectRef<PublicLineItem & { currency: string }>('CheckoutLineItem').implement({
  description: "One line of the checkout's invoice.",
  fields: (t) => ({
    description: t.exposeString('description'),
    quantity: t.exposeInt('quantity'),
    unitAmount: t.field({ type: MoneyRef, resolve: (l) => money(l.unitAmountMinor, l.currency) }),
    amount: t.field({ type: MoneyRef, description: 'quantity × unitAmount.', resolve: (l) => money(l.amountMinor, l.currency) }),
  }),
});

const CheckoutPaymentRef = builder.objectRef<PublicPayment & { currency: string }>('CheckoutPayment').implement({
  description: 'A payment received for the checkout, and its receipt.',
  fields: (t) => ({
    amount: t.field({ type: MoneyRef, resolve: (p) => money(p.amountMinor, p.currency) }),
    paidAt: t.expose('paidAt', { type: 'DateTime' }),
    method: t.exposeString('method', { nullable: true, description: 'CARD, BANK_TRANSFER, … when the partner said; else null.' }),
    receiptNumber: t.exposeString('receiptNumber', { nullable: true }),
    receiptUrl: t.string({
      nullable: true,
      description: 'The printable receipt page (its PDF: the same URL with .pdf). Unguessable.',
      resolve: (p, _args, ctx) => `${ctx.services.publicUrl}/r/${p.receiptToken}`,
    }),
  }),
});

export const CheckoutRef = builder.objectRef<PublicCheckout>('Checkout').implement({
  description: 'What a paying customer may see of any checkout, by its id alone: amounts, status, expiry. Nothing private.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: CheckoutKindEnum }),
    merchantName: t.exposeString('merchantName', { deprecationReason: 'Use merchant.name.' }),
    merchant: t.expose('merchant', { type: CheckoutMerchantRef }),
    lineItems: t.field({
      type: [CheckoutLineItemRef],
      description: "The invoice's lines; [] when the checkout has no invoice.",
      resolve: (c) => c.lineItems.map((line) => ({ ...line, currency: c.currency })),
    }),
    customerName: t.exposeString('customerName', { nullable: true, description: "The invoice's customer, if any." }),
    dueDate: t.exposeString('dueDate', { nullable: true, description: "The invoice's due date (YYYY-MM-DD), if any." }),
    description: t.exposeString('description', { nullable: true, description: "A bill's narration or a session's description, if any." }),
    lastPayment: t.field({
      type: CheckoutPaymentRef,
      nullable: true,
      description: 'The most recent payment received; null before the first.',
      resolve: (c) => c.lastPayment && { ...c.lastPayment, currency: c.currency },
    }),
    status: t.expose('status', { type: CheckoutStatusEnum }),
    total: t.field({ type: MoneyRef, resolve: (c) => money(c.totalMinor, c.currency) }),
    amountPaid: t.field({ type: MoneyRef, resolve: (c) => money(c.amountPaidMinor, c.currency) }),
    amountDue: t.field({ type: MoneyRef, resolve: (c) => money(c.amountDueMinor, c.currency) }),
    minorDigits: t.exposeInt('minorDigits', { description: "The currency's minor digits (ISO 4217), for formatting." }),
    allowPartialPayment: t.exposeBoolean('allowPartialPayment'),
    minimumPayment: t.field({ type: MoneyRef, description: 'The least one payment may bring now.', resolve: (c) => money(c.minimumPaymentMinor, c.currency) }),
    maximumPayment: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The most one payment may bring now; null when there is no limit.',
      resolve: (c) => (c.maximumPaymentMinor === null ? null : money(c.maximumPaymentMinor, c.currency)),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'Null when it never expires.' }),
    invoiceNumber: t.exposeString('invoiceNumber', { nullable: true }),
    receiptNumber: t.exposeString('receiptNumber', { nullable: true, description: 'Once paid.' }),
    testMode: t.exposeBoolean('testMode'),
    redirectUrl: t.exposeString('redirectUrl', { nullable: true, description: "Where the hosted page sends the customer once paid; the merchant's own page." }),
    paymentUrl: t.string({ resolve: (c, _args, ctx) => `${ctx.services.publicUrl}/p/${c.id}` }),
    qrCodeUrl: t.string({
      nullable: true,
      resolve: (c, _args, ctx) => {
        const path = checkoutQrPath(c);
        return path && `${ctx.services.publicUrl}${path}`;
      },
    }),
    bill: t.field({ type: BillCheckoutRef, nullable: true, description: 'Bills only.', resolve: (c) => (c.bill ? { ...c.bill, currency: c.currency } : null) }),
    tillAlias: t.field({
      type: TillAliasCheckoutRef,
      nullable: true,
      description: 'Till aliases only.',
      resolve: (c) => (c.tillAlias ? { ...c.tillAlias, currency: c.currency } : null),
    }),
  }),
});

builder.queryField('checkout', (t) =>
  t.field({
    type: CheckoutRef,
    nullable: true,
    description: 'Public: no key needed. Null when there is no such checkout.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findPublicCheckout(ctx.publicEm, ctx.clock.now(), String(id)),
  }),
);

builder.subscriptionField('checkoutUpdated', (t) =>
  t.field({
    type: CheckoutRef,
    nullable: true,
    description: 'Public: the checkout again whenever it changes (paid, expired, canceled), from any server process.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, ctx) => ctx.services.pubsub.subscribe('checkoutUpdated', String(id)),
    // Each update re-reads the checkout (on a fresh fork): the state is the database's, not the
    // message's. Subscribers of the same document share one execution (graphql/shared-subscriptions.ts),
    // so 2,000 sockets on one checkout still cost one read per update.
    resolve: (_update, { id }, ctx) => findPublicCheckout(ctx.publicEm, ctx.clock.now(), String(id)),
  }),
);

const SandboxMethodEnum = builder.enumType('SandboxPaymentMethod', { values: SANDBOX_METHODS });
const SandboxResultEnum = builder.enumType('SandboxPaymentResult', { values: ['SUCCEEDED', 'DECLINED'] as const });

const PayInSandboxInput = builder.inputType('PayCheckoutInSandboxInput', {
  fields: (t) => ({
    checkoutId: t.id({ required: true }),
    method: t.field({ type: SandboxMethodEnum, required: true }),
    amountMinor: t.field({ type: 'MinorUnits', description: 'Defaults to the amount due; less only where partial payment is allowed.' }),
  }),
});

const SandboxPaymentUserErrorRef = userErrorType('SandboxPayment', SANDBOX_PAYMENT_ERROR_CODES);
const PayInSandboxPayload = builder
  .objectRef<{ result?: 'SUCCEEDED' | 'DECLINED'; receiptNumber?: string | null; userErrors: (typeof SandboxPaymentUserErrorRef.$inferType)[] }>(
    'PayCheckoutInSandboxPayload',
  )
  .implement({
    fields: (t) => ({
      result: t.expose('result', { type: SandboxResultEnum, nullable: true }),
      receiptNumber: t.exposeString('receiptNumber', { nullable: true }),
      userErrors: t.expose('userErrors', { type: [SandboxPaymentUserErrorRef] }),
    }),
  });

builder.mutationField('payCheckoutInSandbox', (t) =>
  t.field({
    type: PayInSandboxPayload,
    description: 'Public, test mode only: "Pay (test)". The sandbox bank sends a signed webhook to the real inbound route.',
    args: { input: t.arg({ type: PayInSandboxInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payInSandbox(ctx, ctx.services.sandbox, {
        checkoutId: String(input.checkoutId),
        method: input.method,
        amountMinor: input.amountMinor == null ? null : Number(input.amountMinor),
      }),
  }),
);
