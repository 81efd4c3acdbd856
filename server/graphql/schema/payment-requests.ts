import { GraphQLError } from 'graphql';
import type { InstallmentOption } from '../../domain/installment-quotes.ts';
import { SUBSIDY_TYPES } from '../../domain/installment-quotes.ts';
import {
  FINANCED_PAYMENT_ERROR_CODES,
  financedPaymentMachine,
  invoiceStatusMachine,
  PAYMENT_REQUEST_ERROR_CODES,
  paymentRequestMachine,
  REQUEST_FINANCING_ERROR_CODES,
} from '../../domain/payment-requests.ts';
import type { PublicFinancing, PublicPaymentRequest } from '../../modules/checkouts/public-view.ts';
import { Invoice } from '../../modules/invoicing/invoice.entity.ts';
import {
  cancelFinancedPayment,
  findFinancedPayment,
  invoicesOf,
  latestFinancingOf,
  listFinancedPayments,
  requestFinancing,
  SANDBOX_FINANCING_ERROR_CODES,
  sendSampleInvoiceInSandbox,
  uploadFinancedPaymentInvoices,
} from '../../modules/kinds/payment-request/financing.service.ts';
import {
  PaymentRequest,
  type FinancedPayment,
  type FinancedPaymentInvoice,
  type FrozenQuote,
} from '../../modules/kinds/payment-request/payment-request.entities.ts';
import {
  cancelPaymentRequest,
  createPaymentRequest,
  effectiveRequestStatus,
  findPaymentRequest,
  installmentOptionsOf,
  isExistingBorrower,
  listPaymentRequests,
  publicInstallmentPlans,
} from '../../modules/kinds/payment-request/payment-requests.service.ts';
import { builder } from '../builder.ts';
import { CheckoutRef } from './checkout.ts';
import { grantsWrite, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';
import { InvoiceRef } from './invoices.ts';

builder.scalarType('File', {
  description: 'A file sent with a GraphQL multipart request (the multipart request spec). Input only.',
  serialize: () => {
    throw new GraphQLError('File is an input type.');
  },
  // yoga hands over its own (WHATWG) File, not necessarily Node's global class: anything file-like will do.
  parseValue: (value) => {
    const file = value as Partial<File> | null;
    if (!file || typeof file !== 'object' || typeof file.arrayBuffer !== 'function' || typeof file.size !== 'number') {
      throw new GraphQLError('Expected a file part of a multipart request.');
    }
    return value as File;
  },
});

const FinancingStatusEnum = builder.enumType('FinancingStatus', {
  values: paymentRequestMachine.statuses,
  description: 'A payment request: OPEN → FINANCED | EXPIRED | CANCELED.',
});
const SubsidyTypeEnum = builder.enumType('MerchantSubsidyType', {
  values: SUBSIDY_TYPES,
  description: 'Who bears the financing cost: NONE the customer; RATE or AMOUNT shared; FREE the merchant (interest-free for the customer).',
});
const FinancedPaymentStatusEnum = builder.enumType('FinancedPaymentStatus', {
  values: financedPaymentMachine.statuses,
  description: 'INITIALIZED → AUTHORIZED → CAPTURED → SETTLED, or CANCELED before capture.',
});
const InvoiceStatusEnum = builder.enumType('FinancedPaymentInvoiceStatus', {
  values: invoiceStatusMachine.statuses,
  description: 'AWAITING → SUBMITTED → COMPLETED.',
});
const PaymentTypeEnum = builder.enumType('FinancedPaymentType', { values: ['BANK_TRANSFER'] as const });
const InvoiceKindEnum = builder.enumType('FinancedPaymentInvoiceKind', { values: ['PDF', 'NFE_XML'] as const });

const BRL = 'BRL';
type Installment = { number: number; dueDate: string; amountMinor: bigint | string };
const ScheduledInstallmentRef = builder.objectRef<Installment>('ScheduledInstallment').implement({
  fields: (t) => ({
    number: t.exposeInt('number'),
    dueDate: t.exposeString('dueDate', { description: 'YYYY-MM-DD.' }),
    amount: t.field({ type: MoneyRef, resolve: (i) => money(BigInt(i.amountMinor), BRL) }),
  }),
});

/** Fields a customer may see of a plan (what they pay), shared by the merchant's and the checkout's types. */
const customerPlanFields = (t: PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<object>, InstallmentOption>) => ({
  installmentsCount: t.exposeInt('installmentsCount'),
  installmentAmount: t.field({
    type: MoneyRef,
    description: 'The regular installment; the last may differ by the remainder.',
    resolve: (o) => money(o.installmentAmountMinor, BRL),
  }),
  schedule: t.field({ type: [ScheduledInstallmentRef], description: 'Sums exactly to customerTotal.', resolve: (o) => o.schedule }),
  customerTotal: t.field({ type: MoneyRef, resolve: (o) => money(o.customerTotalMinor, BRL) }),
  interestFree: t.exposeBoolean('interestFree'),
  monthlyRate: t.exposeString('monthlyRate', { description: "The lender's nominal monthly rate, a decimal (0.02 = 2 %)." }),
  cetMonthly: t.exposeString('cetMonthly', { description: 'Custo efetivo total per month, a decimal.' }),
  cetYearly: t.exposeString('cetYearly'),
  iof: t.field({ type: MoneyRef, resolve: (o) => money(o.iofMinor, BRL) }),
  firstInstallmentDate: t.exposeString('firstInstallmentDate'),
});

const InstallmentOptionRef = builder.objectRef<InstallmentOption>('InstallmentOption').implement({
  description: 'One plan of a payment request, as quoted today, with what it costs the merchant.',
  fields: (t) => ({
    ...customerPlanFields(t as never),
    merchantSubsidyAmount: t.field({ type: MoneyRef, resolve: (o) => money(o.merchantSubsidyAmountMinor, BRL) }),
    merchantSubsidyRate: t.exposeString('merchantSubsidyRate', { description: 'merchantSubsidyAmount / amount, a decimal.' }),
    merchantFee: t.field({
      type: MoneyRef,
      description: "The lender's fee to the merchant, the subsidy included.",
      resolve: (o) => money(o.merchantFeeMinor, BRL),
    }),
    merchantTotalAmount: t.field({
      type: MoneyRef,
      description: 'What the merchant receives: amount − merchantFee.',
      resolve: (o) => money(o.merchantTotalAmountMinor, BRL),
    }),
  }),
});

const CheckoutInstallmentPlanRef = builder.objectRef<InstallmentOption>('CheckoutInstallmentPlan').implement({
  description: 'A plan the customer may choose: what they pay, when. Nothing of the merchant’s cost.',
  fields: (t) => customerPlanFields(t as never),
});

/** The frozen quote as the same plan shape (bigints were stored as strings). */
const planOf = (quote: FrozenQuote): InstallmentOption => ({
  installmentsCount: quote.installmentsCount,
  installmentAmountMinor: BigInt(quote.installmentAmountMinor),
  schedule: quote.schedule.map((s) => ({ number: s.number, dueDate: s.dueDate, amountMinor: BigInt(s.amountMinor) })),
  customerTotalMinor: BigInt(quote.customerTotalMinor),
  interestFree: quote.interestFree,
  monthlyRate: quote.monthlyRate,
  cetMonthly: quote.cetMonthly,
  cetYearly: quote.cetYearly,
  iofMinor: BigInt(quote.iofMinor),
  merchantSubsidyAmountMinor: 0n,
  merchantSubsidyRate: '0',
  merchantFeeMinor: BigInt(quote.merchantFeeMinor),
  merchantTotalAmountMinor: 0n,
  firstInstallmentDate: quote.firstInstallmentDate,
});

const FinancedPaymentCustomerRef = builder.objectRef<FinancedPayment>('FinancedPaymentCustomer').implement({
  fields: (t) => ({
    id: t.string({ nullable: true, description: "The lender's id for the customer, once it decided.", resolve: (p) => p.customerId ?? null }),
    legalName: t.string({ nullable: true, resolve: (p) => p.customerLegalName ?? null }),
    cnpj: t.exposeString('customerCnpj'),
  }),
});

const FinancedPaymentMetaRef = builder.objectRef<FinancedPayment>('FinancedPaymentMeta').implement({
  fields: (t) => ({
    lenderPaidAt: t.field({ type: 'DateTime', nullable: true, description: 'When the lender paid the merchant.', resolve: (p) => p.lenderPaidAt ?? null }),
  }),
});

const FinancedPaymentInvoiceRef = builder.objectRef<FinancedPaymentInvoice>('FinancedPaymentInvoice').implement({
  fields: (t) => ({
    number: t.exposeString('number'),
    kind: t.expose('kind', { type: InvoiceKindEnum }),
    contentType: t.exposeString('contentType'),
    sizeBytes: t.exposeInt('sizeBytes'),
    sha256: t.exposeString('sha256'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const PaymentRequestRef = builder.objectRef<PaymentRequest>('PaymentRequest');
export const FinancedPaymentRef = builder.objectRef<FinancedPayment>('FinancedPayment');
const requestOf = (p: FinancedPayment, ctx: { em: import('@mikro-orm/postgresql').EntityManager }) =>
  ctx.em.findOneOrFail(PaymentRequest, { id: p.paymentRequest.id });

FinancedPaymentRef.implement({
  description: 'A purchase financed through a payment request (seed 004).',
  authScopes: readableWith('checkouts:read', 'checkouts:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.expose('status', { type: FinancedPaymentStatusEnum }),
    invoiceStatus: t.expose('invoiceStatus', { type: InvoiceStatusEnum }),
    currency: t.exposeString('currency'),
    paymentRequest: t.field({ type: PaymentRequestRef, resolve: (p, _args, ctx) => requestOf(p, ctx) }),
    orderId: t.string({ nullable: true, resolve: async (p, _args, ctx) => (await requestOf(p, ctx)).orderId ?? null }),
    orderDescription: t.string({ nullable: true, resolve: async (p, _args, ctx) => (await requestOf(p, ctx)).orderDescription ?? null }),
    customerId: t.string({ nullable: true, resolve: (p) => p.customerId ?? null }),
    customer: t.field({ type: FinancedPaymentCustomerRef, resolve: (p) => p }),
    amount: t.field({ type: MoneyRef, resolve: (p) => money(p.amountMinor, p.currency) }),
    merchantSubsidyAmount: t.field({ type: MoneyRef, resolve: (p) => money(p.merchantSubsidyAmountMinor, p.currency) }),
    merchantSubsidyRate: t.exposeString('merchantSubsidyRate', { description: 'A decimal, e.g. 0.02 = 2 %.' }),
    merchantFee: t.field({ type: MoneyRef, description: "The lender's fee, the subsidy included.", resolve: (p) => money(p.merchantFeeMinor, p.currency) }),
    merchantTotalAmount: t.field({
      type: MoneyRef,
      description: 'amount − merchantFee: what the lender pays the merchant.',
      resolve: (p) => money(p.merchantTotalAmountMinor, p.currency),
    }),
    paymentType: t.field({ type: PaymentTypeEnum, resolve: () => 'BANK_TRANSFER' as const }),
    installmentsCount: t.exposeInt('installmentsCount'),
    plan: t.field({
      type: InstallmentOptionRef,
      description: 'The plan as quoted when the customer accepted it (frozen).',
      resolve: (p) => ({
        ...planOf(p.quote),
        merchantSubsidyAmountMinor: p.merchantSubsidyAmountMinor,
        merchantSubsidyRate: p.merchantSubsidyRate,
        merchantTotalAmountMinor: p.merchantTotalAmountMinor,
      }),
    }),
    monthsUntilFirstPayment: t.exposeInt('monthsUntilFirstPayment'),
    firstInstallmentDate: t.exposeString('firstInstallmentDate'),
    paymentMeta: t.field({ type: FinancedPaymentMetaRef, resolve: (p) => p }),
    merchantRecourseRate: t.string({ nullable: true, resolve: (p) => p.merchantRecourseRate ?? null }),
    cancelReason: t.string({ nullable: true, resolve: (p) => p.cancelReason ?? null }),
    invoices: t.field({ type: [FinancedPaymentInvoiceRef], resolve: (p, _args, ctx) => invoicesOf(ctx, p) }),
    journalEntryId: t.string({ nullable: true, description: 'The payout’s journal, once settled.', resolve: (p) => p.journalEntryId ?? null }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

PaymentRequestRef.implement({
  description: 'A request that a business customer finance a purchase in installments (seed 001). OPEN → FINANCED | EXPIRED | CANCELED.',
  authScopes: readableWith('checkouts:read', 'checkouts:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.string({
      description:
        "The checkout's id: unguessable, in `url`; `<pay-checkout checkout=…>`, `checkout(id)` and requestFinancing take it. The request's `id` opens nothing public.",
      resolve: (r) => r.checkoutId,
    }),
    url: t.string({
      description: 'The hosted page; usable in an iframe. Whoever holds it sees the order and the CNPJ: send it to the customer only.',
      resolve: (r, _args, ctx) => `${ctx.services.publicUrl}/p/${r.checkoutId}`,
    }),
    amount: t.field({ type: MoneyRef, resolve: (r) => money(r.amountMinor, r.currency) }),
    currency: t.exposeString('currency'),
    installmentsCountMin: t.exposeInt('installmentsCountMin'),
    installmentsCountMax: t.exposeInt('installmentsCountMax'),
    customerTaxId: t.string({ nullable: true, resolve: (r) => r.customerTaxId ?? null }),
    orderId: t.string({ nullable: true, resolve: (r) => r.orderId ?? null }),
    orderDescription: t.string({ nullable: true, resolve: (r) => r.orderDescription ?? null }),
    meta: t.field({ type: 'JSONObject', resolve: (r) => r.meta }),
    merchantSubsidyType: t.expose('merchantSubsidyType', { type: SubsidyTypeEnum }),
    merchantSubsidyRate: t.string({ nullable: true, resolve: (r) => r.merchantSubsidyRate ?? null }),
    merchantSubsidyAmount: t.field({
      type: MoneyRef,
      nullable: true,
      resolve: (r) => (r.merchantSubsidyAmountMinor == null ? null : money(r.merchantSubsidyAmountMinor, r.currency)),
    }),
    monthsUntilFirstPayment: t.int({ nullable: true, resolve: (r) => r.monthsUntilFirstPayment ?? null }),
    firstInstallmentDate: t.string({ nullable: true, resolve: (r) => r.firstInstallmentDate ?? null }),
    invoice: t.field({
      type: InvoiceRef,
      nullable: true,
      resolve: (r, _args, ctx) => (r.invoice ? ctx.em.findOneOrFail(Invoice, { id: r.invoice.id }) : null),
    }),
    expiresOn: t.exposeString('expiresOn', { description: 'YYYY-MM-DD (São Paulo): open through this day.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    financingStatus: t.field({ type: FinancingStatusEnum, resolve: (r, _args, ctx) => effectiveRequestStatus(r, ctx.clock.now()) }),
    existingBorrower: t.boolean({
      description: 'Whether the lender already finances this customer for you.',
      resolve: (r, _args, ctx) => isExistingBorrower(ctx.em, r),
    }),
    installmentOptions: t.field({
      type: [InstallmentOptionRef],
      description: "Each plan from installmentsCountMin to installmentsCountMax, quoted today at the lender's rates; [] once not open.",
      resolve: (r, _args, ctx) => installmentOptionsOf(r, ctx.services.lenders, ctx.clock.now()),
    }),
    financedPayment: t.field({
      type: FinancedPaymentRef,
      nullable: true,
      description: 'The latest financing asked for (under way, settled, or the last refused).',
      resolve: (r, _args, ctx) => latestFinancingOf(ctx.em, r.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const PaymentRequestUserErrorRef = userErrorType('PaymentRequest', PAYMENT_REQUEST_ERROR_CODES);
const PaymentRequestPayload = builder
  .objectRef<{ paymentRequest?: PaymentRequest; userErrors: (typeof PaymentRequestUserErrorRef.$inferType)[] }>('PaymentRequestPayload')
  .implement({
    grantScopes: grantsWrite('checkouts:write'),
    fields: (t) => ({
      paymentRequest: t.expose('paymentRequest', { type: PaymentRequestRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [PaymentRequestUserErrorRef] }),
    }),
  });

const CreatePaymentRequestInput = builder.inputType('CreatePaymentRequestInput', {
  fields: (t) => ({
    amountMinor: t.field({ type: 'MinorUnits', required: true, description: 'In centavos: R$ 1.000,99 is 100099.' }),
    currency: t.string({ required: true, description: 'BRL.' }),
    installmentsCountMin: t.int({ required: true, description: '1 to 48.' }),
    installmentsCountMax: t.int({ required: true, description: '1 to 48, at least installmentsCountMin.' }),
    customerTaxId: t.string({ description: "The customer's CNPJ (digits, or letters and digits since July 2026; punctuation is ignored)." }),
    orderId: t.string(),
    orderDescription: t.string({ description: 'Items may be separated by semicolons.' }),
    meta: t.field({ type: 'JSONObject', description: 'Key/values of one level.' }),
    merchantSubsidyType: t.field({ type: SubsidyTypeEnum, required: true }),
    merchantSubsidyRate: t.string({ description: 'Required for RATE: the share of the amount the merchant pays, e.g. "0.02".' }),
    merchantSubsidyAmount: t.field({ type: 'MinorUnits', description: 'Required for AMOUNT, at most amountMinor.' }),
    monthsUntilFirstPayment: t.int({ description: 'Months until the first installment (default 1).' }),
    firstInstallmentDate: t.string({ description: 'Or the first installment’s date, YYYY-MM-DD.' }),
    invoiceId: t.id({ description: 'One of your invoices, paid when the lender pays you.' }),
  }),
});

builder.mutationField('createPaymentRequest', (t) =>
  t.field({
    type: PaymentRequestPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CreatePaymentRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createPaymentRequest(ctx, ctx.services, {
        amountMinor: Number(input.amountMinor),
        currency: input.currency,
        installmentsCountMin: input.installmentsCountMin,
        installmentsCountMax: input.installmentsCountMax,
        customerTaxId: input.customerTaxId,
        orderId: input.orderId,
        orderDescription: input.orderDescription,
        meta: input.meta,
        merchantSubsidyType: input.merchantSubsidyType,
        merchantSubsidyRate: input.merchantSubsidyRate,
        merchantSubsidyAmountMinor: input.merchantSubsidyAmount == null ? null : Number(input.merchantSubsidyAmount),
        monthsUntilFirstPayment: input.monthsUntilFirstPayment,
        firstInstallmentDate: input.firstInstallmentDate,
        invoiceId: input.invoiceId == null ? null : String(input.invoiceId),
      }),
  }),
);

const IdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });
const CancelPaymentRequestInput = IdInput('CancelPaymentRequestInput');

builder.mutationField('cancelPaymentRequest', (t) =>
  t.field({
    type: PaymentRequestPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CancelPaymentRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) => cancelPaymentRequest(ctx, ctx.services, { id: String(input.id) }),
  }),
);

builder.queryField('paymentRequest', (t) =>
  t.field({
    type: PaymentRequestRef,
    nullable: true,
    authScopes: { scope: 'checkouts:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findPaymentRequest(ctx, String(id)),
  }),
);

builder.queryField('paymentRequests', (t) =>
  t.connection(
    {
      type: PaymentRequestRef,
      authScopes: { scope: 'checkouts:read' },
      args: { status: t.arg({ type: FinancingStatusEnum }) },
      resolve: (_root, args, ctx) => pageById(args, (page) => listPaymentRequests(ctx, page, { status: args.status })),
    },
    { name: 'PaymentRequestConnection' },
    { name: 'PaymentRequestEdge' },
  ),
);

builder.queryField('financedPayment', (t) =>
  t.field({
    type: FinancedPaymentRef,
    nullable: true,
    authScopes: { scope: 'checkouts:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findFinancedPayment(ctx, String(id)),
  }),
);

builder.queryField('financedPayments', (t) =>
  t.connection(
    {
      type: FinancedPaymentRef,
      authScopes: { scope: 'checkouts:read' },
      args: { status: t.arg({ type: FinancedPaymentStatusEnum }) },
      resolve: (_root, args, ctx) => pageById(args, (page) => listFinancedPayments(ctx, page, { status: args.status })),
    },
    { name: 'FinancedPaymentConnection' },
    { name: 'FinancedPaymentEdge' },
  ),
);

const FinancedPaymentUserErrorRef = userErrorType('FinancedPayment', FINANCED_PAYMENT_ERROR_CODES);
const FinancedPaymentPayload = builder
  .objectRef<{ financedPayment?: FinancedPayment; userErrors: (typeof FinancedPaymentUserErrorRef.$inferType)[] }>('FinancedPaymentPayload')
  .implement({
    grantScopes: grantsWrite('checkouts:write'),
    fields: (t) => ({
      financedPayment: t.expose('financedPayment', { type: FinancedPaymentRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [FinancedPaymentUserErrorRef] }),
    }),
  });

const CancelFinancedPaymentInput = IdInput('CancelFinancedPaymentInput');
builder.mutationField('cancelFinancedPayment', (t) =>
  t.field({
    type: FinancedPaymentPayload,
    description: 'Before capture only (INITIALIZED or AUTHORIZED); otherwise INVALID_STATE.',
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CancelFinancedPaymentInput, required: true }) },
    resolve: (_root, { input }, ctx) => cancelFinancedPayment(ctx, ctx.services, { id: String(input.id) }),
  }),
);

const FinancedPaymentInvoiceInput = builder.inputType('FinancedPaymentInvoiceInput', {
  fields: (t) => ({
    number: t.string({ required: true, description: "The invoice's number (an NF-e's, for instance)." }),
    file: t.field({ type: 'File', required: true, description: 'A PDF or an NF-e XML, at most 5 MB.' }),
  }),
});
const UploadInvoicesInput = builder.inputType('UploadFinancedPaymentInvoicesInput', {
  fields: (t) => ({
    paymentId: t.id({ required: true }),
    invoices: t.field({ type: [FinancedPaymentInvoiceInput], required: true }),
  }),
});

builder.mutationField('uploadFinancedPaymentInvoices', (t) =>
  t.field({
    type: FinancedPaymentPayload,
    description: "GraphQL multipart upload of an authorized payment's invoices → SUBMITTED; the lender's approval captures it.",
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: UploadInvoicesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      uploadFinancedPaymentInvoices(ctx, ctx.services, {
        paymentId: String(input.paymentId),
        invoices: input.invoices.map((invoice) => ({ number: invoice.number, file: invoice.file })),
      }),
  }),
);

// The customer's side: the checkout's own block, the plans, and accepting one.

const CheckoutFinancingRef = builder.objectRef<PublicFinancing>('CheckoutFinancing').implement({
  description: "The customer's financing: its progress, never the merchant's fee.",
  fields: (t) => ({
    status: t.expose('status', { type: FinancedPaymentStatusEnum }),
    installmentsCount: t.exposeInt('installmentsCount'),
    installmentAmount: t.field({ type: MoneyRef, resolve: (f) => money(f.installmentAmountMinor, BRL) }),
    customerTotal: t.field({ type: MoneyRef, resolve: (f) => money(f.customerTotalMinor, BRL) }),
    firstInstallmentDate: t.exposeString('firstInstallmentDate'),
    cetMonthly: t.exposeString('cetMonthly'),
    interestFree: t.exposeBoolean('interestFree'),
    cancelReason: t.exposeString('cancelReason', { nullable: true, description: 'Why the lender refused it, or why it was canceled.' }),
    lenderPaidAt: t.expose('lenderPaidAt', { type: 'DateTime', nullable: true }),
  }),
});

const PaymentRequestCheckoutRef = builder.objectRef<PublicPaymentRequest & { id: string }>('PaymentRequestCheckout').implement({
  description: "A payment request's own details, for the business customer financing it.",
  fields: (t) => ({
    orderId: t.exposeString('orderId', { nullable: true }),
    orderDescription: t.exposeString('orderDescription', { nullable: true }),
    customerTaxId: t.exposeString('customerTaxId', { nullable: true, description: 'The CNPJ the merchant named (the field is locked), or null.' }),
    financingStatus: t.expose('financingStatus', { type: FinancingStatusEnum }),
    expiresOn: t.exposeString('expiresOn'),
    installmentsCountMin: t.exposeInt('installmentsCountMin'),
    installmentsCountMax: t.exposeInt('installmentsCountMax'),
    plans: t.field({
      type: [CheckoutInstallmentPlanRef],
      description: 'The plans on offer today; [] once not open.',
      resolve: (r, _args, ctx) => publicInstallmentPlans(ctx.publicEm, ctx.services.lenders, ctx.clock.now(), r.id),
    }),
    financing: t.expose('financing', { type: CheckoutFinancingRef, nullable: true }),
  }),
});

builder.objectField(CheckoutRef, 'paymentRequest', (t) =>
  t.field({
    type: PaymentRequestCheckoutRef,
    nullable: true,
    description: 'Payment requests (installment financing) only.',
    resolve: (c) => (c.paymentRequest ? { ...c.paymentRequest, id: c.id } : null),
  }),
);

const RequestFinancingUserErrorRef = userErrorType('RequestFinancing', REQUEST_FINANCING_ERROR_CODES);
const RequestFinancingPayload = builder
  .objectRef<{ financedPayment?: FinancedPayment; userErrors: (typeof RequestFinancingUserErrorRef.$inferType)[] }>('RequestFinancingPayload')
  .implement({
    fields: (t) => ({
      status: t.field({
        type: FinancedPaymentStatusEnum,
        nullable: true,
        description: 'INITIALIZED: the lender is deciding; follow the checkout for its answer.',
        resolve: (p) => p.financedPayment?.status ?? null,
      }),
      userErrors: t.expose('userErrors', { type: [RequestFinancingUserErrorRef] }),
    }),
  });

const RequestFinancingInput = builder.inputType('RequestFinancingInput', {
  fields: (t) => ({
    paymentRequestId: t.id({ required: true, description: "The checkout's id (the payment request's `code`), not the request's own id." }),
    customerTaxId: t.string({ required: true, description: "The customer's CNPJ." }),
    installmentsCount: t.int({ required: true }),
  }),
});

builder.mutationField('requestFinancing', (t) =>
  t.field({
    type: RequestFinancingPayload,
    description: 'Public: the customer accepts a plan; the lender decides and the checkout follows (checkoutUpdated). Honours Idempotency-Key.',
    args: { input: t.arg({ type: RequestFinancingInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      requestFinancing(ctx, ctx.services, {
        paymentRequestId: String(input.paymentRequestId),
        customerTaxId: input.customerTaxId,
        installmentsCount: input.installmentsCount,
      }),
  }),
);

const SandboxFinancingUserErrorRef = userErrorType('SandboxFinancing', SANDBOX_FINANCING_ERROR_CODES);
const SendSampleInvoicePayload = builder
  .objectRef<{ financedPayment?: FinancedPayment; userErrors: (typeof SandboxFinancingUserErrorRef.$inferType)[] }>('SendSampleInvoiceInSandboxPayload')
  .implement({
    fields: (t) => ({
      invoiceStatus: t.field({ type: InvoiceStatusEnum, nullable: true, resolve: (p) => p.financedPayment?.invoiceStatus ?? null }),
      userErrors: t.expose('userErrors', { type: [SandboxFinancingUserErrorRef] }),
    }),
  });
const SendSampleInvoiceInput = builder.inputType('SendSampleInvoiceInSandboxInput', {
  fields: (t) => ({ paymentRequestId: t.id({ required: true, description: "The checkout's id (the payment request's `code`)." }) }),
});

builder.mutationField('sendSampleInvoiceInSandbox', (t) =>
  t.field({
    type: SendSampleInvoicePayload,
    description:
      'Public, test mode only: sends a sample invoice for the approved financing, as the merchant would, so the sandbox lender captures and pays out.',
    args: { input: t.arg({ type: SendSampleInvoiceInput, required: true }) },
    resolve: (_root, { input }, ctx) => sendSampleInvoiceInSandbox(ctx, ctx.services, { paymentRequestId: String(input.paymentRequestId) }),
  }),
);
