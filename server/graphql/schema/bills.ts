import { searchPattern } from '../../domain/search.ts';
import { searchOrThrow } from '../errors.ts';
import { BILL_ERROR_CODES, billOutstanding } from '../../domain/bills.ts';
import type { Bill } from '../../modules/kinds/bill/bill.entities.ts';
import {
  billPayments,
  billTermsOf,
  cancelBill,
  createBill,
  effectiveBillStatus,
  findBill,
  listBills,
  updateBill,
} from '../../modules/kinds/bill/bills.service.ts';
import { builder } from '../builder.ts';
import { BillStatusEnum, BillTypeEnum, VirtualAccountRef } from './checkout.ts';
import { grantsWrite, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';
import { PaymentRef } from './payments.ts';

const optionalMoney = (amount: bigint | null | undefined, currency: string) => (amount == null ? null : money(amount, currency));

const SubaccountShareRef = builder.objectRef<Bill['subaccounts'][number] & { currency: string }>('SubaccountShare').implement({
  description: "One settlement entity's share of each payment: a fixed amount or a percentage (rounded down; the remainder stays with the principal).",
  fields: (t) => ({
    entityId: t.exposeString('entityId'),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (s) => (s.amountMinor == null ? null : money(BigInt(s.amountMinor), s.currency)) }),
    percentage: t.float({ nullable: true, resolve: (s) => (s.basisPoints == null ? null : s.basisPoints / 100) }),
  }),
});

const BillRef = builder.objectRef<Bill>('Bill').implement({
  description: 'A payment bill (seed 003): REGULAR is paid once for its exact amount; DYNAMIC is a reusable reference that takes many payments.',
  authScopes: readableWith('checkouts:read', 'checkouts:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    paymentRef: t.exposeString('paymentRef'),
    type: t.expose('type', { type: BillTypeEnum }),
    status: t.field({ type: BillStatusEnum, resolve: (b, _args, ctx) => effectiveBillStatus(b, ctx.clock.now()) }),
    amount: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'REGULAR and fixed DYNAMIC: what each payment brings. Flexible: the suggestion.',
      resolve: (b) => optionalMoney(b.amountMinor, b.currency),
    }),
    amountPaid: t.field({ type: MoneyRef, resolve: (b) => money(b.amountPaidMinor, b.currency) }),
    outstanding: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'REGULAR: what it still owes. DYNAMIC: what its target still allows (null: no target).',
      resolve: (b, _args, ctx) => optionalMoney(billOutstanding(billTermsOf(b, ctx.clock.now())), b.currency),
    }),
    isFlexible: t.exposeBoolean('isFlexible'),
    minimumAmount: t.field({ type: MoneyRef, nullable: true, resolve: (b) => optionalMoney(b.minimumAmountMinor, b.currency) }),
    maximumAmount: t.field({ type: MoneyRef, nullable: true, resolve: (b) => optionalMoney(b.maximumAmountMinor, b.currency) }),
    targetAmount: t.field({ type: MoneyRef, nullable: true, resolve: (b) => optionalMoney(b.targetAmountMinor, b.currency) }),
    email: t.exposeString('email'),
    narration: t.exposeString('narration', { nullable: true }),
    externalRef: t.exposeString('externalRef', { nullable: true }),
    redirectUrl: t.exposeString('redirectUrl', { nullable: true }),
    callbackUrl: t.exposeString('callbackUrl', { nullable: true }),
    split: t.exposeBoolean('split'),
    subaccounts: t.field({ type: [SubaccountShareRef], resolve: (b) => b.subaccounts.map((s) => ({ ...s, currency: b.currency })) }),
    paymentUrl: t.string({ resolve: (b, _args, ctx) => `${ctx.services.publicUrl}/p/${b.id}` }),
    qrCodeUrl: t.string({
      nullable: true,
      description: 'PNG of the payment URL (.svg too); null with qrcode: false.',
      resolve: (b, _args, ctx) => (b.qrcode ? `${ctx.services.publicUrl}/v1/bills/${b.id}/qr.png` : null),
    }),
    virtualAccount: t.field({
      type: VirtualAccountRef,
      nullable: true,
      resolve: (b) =>
        b.virtualAccountNumber ? { accountNumber: b.virtualAccountNumber, bankName: b.virtualBankName!, accountName: b.virtualAccountName! } : null,
    }),
    payments: t.field({
      type: [PaymentRef],
      description: 'Every payment to it, oldest first, exceptions included.',
      resolve: (b, _args, ctx) => billPayments(ctx.em, b),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const SubaccountShareInput = builder.inputType('SubaccountShareInput', {
  fields: (t) => ({
    entityId: t.string({ required: true, description: 'A settlement entity of yours.' }),
    amountMinor: t.field({ type: 'MinorUnits', description: 'A fixed share of each payment. Give this or percentage.' }),
    percentage: t.float({ description: 'A share in percent, up to two decimals (12.5). Give this or amountMinor.' }),
  }),
});

const CreateBillInput = builder.inputType('CreateBillInput', {
  fields: (t) => ({
    type: t.field({ type: BillTypeEnum, defaultValue: 'REGULAR' }),
    amountMinor: t.field({ type: 'MinorUnits', description: 'Required unless the bill is DYNAMIC and flexible.' }),
    currency: t.string({ description: "ISO 4217; defaults to the business's currency." }),
    email: t.string({ required: true }),
    narration: t.string(),
    externalRef: t.string({ description: 'Your own reference.' }),
    duration: t.string({ description: 'Lifetime: "30m", "1h", "1d", "2w".' }),
    expiry: t.boolean({ description: 'Whether the bill expires; true without a duration means one day. Default: only with a duration.' }),
    redirectUrl: t.string({ description: 'Where the checkout sends the payer after paying.' }),
    callbackUrl: t.string(),
    qrcode: t.boolean({ defaultValue: true }),
    virtual: t.boolean({ defaultValue: false, description: 'Allocate a virtual account number that takes bank transfers (test mode: the sandbox bank).' }),
    isFlexible: t.boolean({ defaultValue: false, description: 'DYNAMIC only: any amount within minimumAmount–maximumAmount.' }),
    minimumAmount: t.field({ type: 'MinorUnits', description: 'DYNAMIC flexible: least per payment.' }),
    maximumAmount: t.field({ type: 'MinorUnits', description: 'DYNAMIC flexible: most per payment.' }),
    targetAmount: t.field({ type: 'MinorUnits', description: 'DYNAMIC: once payments reach it the bill is COMPLETED.' }),
    split: t.boolean({ defaultValue: false }),
    subaccounts: t.field({ type: [SubaccountShareInput] }),
  }),
});

const UpdateBillInput = builder.inputType('UpdateBillInput', {
  description: 'Only while nothing has been paid to the bill.',
  fields: (t) => ({
    paymentRef: t.string({ required: true }),
    amountMinor: t.field({ type: 'MinorUnits' }),
    email: t.string(),
    narration: t.string(),
    split: t.boolean(),
    subaccounts: t.field({ type: [SubaccountShareInput] }),
  }),
});

const BillUserErrorRef = userErrorType('Bill', BILL_ERROR_CODES);
const BillPayload = builder.objectRef<{ bill?: Bill; userErrors: (typeof BillUserErrorRef.$inferType)[] }>('BillPayload').implement({
  grantScopes: grantsWrite('checkouts:write'),
  fields: (t) => ({
    bill: t.expose('bill', { type: BillRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [BillUserErrorRef] }),
  }),
});

const numberOrNull = (value: unknown) => (value == null ? null : Number(value));
const shares = (list: ReadonlyArray<{ entityId: string; amountMinor?: unknown; percentage?: number | null }> | null | undefined) =>
  list?.map((s) => ({ entityId: s.entityId, amountMinor: numberOrNull(s.amountMinor), percentage: s.percentage ?? null }));

builder.mutationField('createBill', (t) =>
  t.field({
    type: BillPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CreateBillInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createBill(ctx, ctx.services, {
        ...input,
        type: input.type ?? 'REGULAR',
        amountMinor: numberOrNull(input.amountMinor),
        minimumAmount: numberOrNull(input.minimumAmount),
        maximumAmount: numberOrNull(input.maximumAmount),
        targetAmount: numberOrNull(input.targetAmount),
        qrcode: input.qrcode ?? true,
        virtual: input.virtual ?? false,
        isFlexible: input.isFlexible ?? false,
        split: input.split ?? false,
        subaccounts: shares(input.subaccounts),
      }),
  }),
);

builder.mutationField('updateBill', (t) =>
  t.field({
    type: BillPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: UpdateBillInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateBill(ctx, { ...input, amountMinor: numberOrNull(input.amountMinor), subaccounts: shares(input.subaccounts) }),
  }),
);

const CancelBillInput = builder.inputType('CancelBillInput', { fields: (t) => ({ paymentRef: t.string({ required: true }) }) });

builder.mutationField('cancelBill', (t) =>
  t.field({
    type: BillPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CancelBillInput, required: true }) },
    resolve: (_root, { input }, ctx) => cancelBill(ctx, ctx.services, input),
  }),
);

builder.queryField('bill', (t) =>
  t.field({
    type: BillRef,
    nullable: true,
    authScopes: { scope: 'checkouts:read' },
    args: { paymentRef: t.arg.string({ required: true }) },
    resolve: (_root, { paymentRef }, ctx) => findBill(ctx, paymentRef),
  }),
);

builder.queryField('bills', (t) =>
  t.connection(
    {
      type: BillRef,
      authScopes: { scope: 'checkouts:read' },
      args: {
        status: t.arg({ type: BillStatusEnum }),
        search: t.arg.string({ description: "Part of the payment reference, the payer's email or your own reference (case-insensitive)." }),
      },
      resolve: (_root, args, ctx) => {
        const search = searchOrThrow(searchPattern(args.search));
        return pageById(args, (page) => listBills(ctx, page, { status: args.status, search }));
      },
    },
    { name: 'BillConnection' },
    { name: 'BillEdge' },
  ),
);
