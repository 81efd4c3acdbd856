import { formatMajorAmount, PAYMENT_MODES, TILL_ALIAS_STATUSES } from '../../domain/till-aliases.ts';
import { minorDigits } from '../../domain/money.ts';
import { announceCheckoutUpdate } from '../../modules/checkouts/checkout-updates.ts';
import type { TillAlias } from '../../modules/kinds/till-alias/till-alias.entity.ts';
import {
  createTillAlias,
  deactivateTillAlias,
  findTillAlias,
  listTillAliases,
  TILL_ALIAS_ERROR_CODES,
} from '../../modules/kinds/till-alias/till-aliases.service.ts';
import { builder } from '../builder.ts';
import { codedError } from '../errors.ts';
import { grantsWrite, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { pageById } from './connection.ts';

export const PaymentModeEnum = builder.enumType('TillAliasPaymentMode', {
  values: PAYMENT_MODES,
  description: 'EXACT: only the expected total applies. PARTIAL_AND_OVER: any amount applies toward it. Either way, money is never refused.',
});
const TillAliasStatusEnum = builder.enumType('TillAliasStatus', { values: TILL_ALIAS_STATUSES });

const TillAliasRef = builder.objectRef<TillAlias>('TillAlias').implement({
  description: "A Lipa number (seed 002): one invoice's number a customer pays over TIPS, bound to a settlement entity, with the platform fee on top.",
  authScopes: readableWith('till_alias:read', 'till_alias:create'),
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its checkout id: the hosted page is /p/<id>.' }),
    alias: t.exposeString('alias', { description: 'The Lipa number: 8 digits, the last a check digit.' }),
    appId: t.string({ resolve: (a) => a.app.appId }),
    entityId: t.string({ resolve: (a) => a.settlementEntity.entityId }),
    name: t.exposeString('name'),
    memo: t.exposeString('memo', { nullable: true }),
    currency: t.exposeString('currency'),
    merchantAmount: t.field({
      type: MoneyRef,
      description: 'What the entity receives at settlement.',
      resolve: (a) => money(a.merchantAmountMinor, a.currency),
    }),
    fee: t.field({ type: MoneyRef, description: 'The platform fee added on top (the customer pays it).', resolve: (a) => money(a.feeMinor, a.currency) }),
    feeRateBasisPoints: t.exposeInt('feeRateBasisPoints', { description: 'The rate it was priced at: 50 is 0.5 %.' }),
    expectedTotal: t.field({
      type: MoneyRef,
      description: 'What the customer pays: merchant amount + fee.',
      resolve: (a) => money(a.expectedTotalMinor, a.currency),
    }),
    expectedTotalText: t.string({
      description: 'The expected total in major units, as the seed writes it ("502500.00").',
      resolve: (a) => formatMajorAmount(a.expectedTotalMinor, minorDigits(a.currency)),
    }),
    paymentMode: t.expose('paymentMode', { type: PaymentModeEnum }),
    status: t.expose('status', { type: TillAliasStatusEnum }),
    isActive: t.exposeBoolean('isActive'),
    amountPaid: t.field({ type: MoneyRef, resolve: (a) => money(a.amountPaidMinor, a.currency) }),
    paymentCount: t.exposeInt('paymentCount'),
    failedAttemptCount: t.exposeInt('failedAttemptCount', { description: 'TIPS notifications whose result was not SUCCESS (no money moved).' }),
    paymentUrl: t.string({ resolve: (a, _args, ctx) => `${ctx.services.publicUrl}/p/${a.id}` }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreateTillAliasInput = builder.inputType('CreateTillAliasInput', {
  fields: (t) => ({
    appId: t.string({ required: true, description: 'The app whose callback hears its payments, e.g. SCHOOLFEES.' }),
    entityId: t.string({ required: true, description: 'The settlement entity paid, e.g. ST-MARYS. Live keys need its KYC approved.' }),
    name: t.string({ required: true }),
    memo: t.string({ description: 'Your reference, e.g. the invoice number; sent back in the callback.' }),
    merchantAmountMinor: t.field({ type: 'MinorUnits', required: true, description: 'What the entity receives; the fee is added on top.' }),
    currency: t.string({ required: true }),
    paymentMode: t.field({ type: PaymentModeEnum, defaultValue: 'EXACT' }),
  }),
});

const TillAliasUserErrorRef = userErrorType('TillAlias', TILL_ALIAS_ERROR_CODES);
const TillAliasPayload = builder.objectRef<{ tillAlias?: TillAlias; userErrors: (typeof TillAliasUserErrorRef.$inferType)[] }>('TillAliasPayload').implement({
  grantScopes: grantsWrite('till_alias:create'),
  fields: (t) => ({
    tillAlias: t.expose('tillAlias', { type: TillAliasRef, nullable: true }),
    userErrors: t.expose('userErrors', { type: [TillAliasUserErrorRef] }),
  }),
});

/** Whether this request holds an Idempotency-Key claim (the HTTP gate sets it; WebSocket operations never do). */
const holdsIdempotencyKey = (ctx: object) => typeof (ctx as { idempotencyRecordId?: unknown }).idempotencyRecordId === 'number';

builder.mutationField('createTillAlias', (t) =>
  t.field({
    type: TillAliasPayload,
    description: 'Issues a Lipa number. Send an Idempotency-Key (required): a retry returns the first alias instead of allocating another number.',
    authScopes: { scope: 'till_alias:create' },
    args: { input: t.arg({ type: CreateTillAliasInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createTillAlias(
        ctx,
        { idempotencyKeyHeld: holdsIdempotencyKey(ctx) },
        { ...input, paymentMode: input.paymentMode ?? 'EXACT', merchantAmountMinor: Number(input.merchantAmountMinor) },
      ),
  }),
);

builder.mutationField('deactivateTillAlias', (t) =>
  t.field({
    type: TillAliasPayload,
    description: 'Stops it taking payments toward its total; money sent to it later is still kept (as the payer’s credit), never refused.',
    authScopes: { scope: 'till_alias:create' },
    args: { alias: t.arg.string({ required: true }) },
    resolve: async (_root, { alias }, ctx) => {
      const result = await deactivateTillAlias(ctx, { alias });
      if (result.tillAlias) announceCheckoutUpdate(ctx.services.pubsub, result.tillAlias.id);
      return result;
    },
  }),
);

builder.queryField('tillAlias', (t) =>
  t.field({
    type: TillAliasRef,
    nullable: true,
    description: 'By its Lipa number. A number whose check digit fails is refused (INVALID_LIPA_NUMBER) before any lookup.',
    authScopes: { scope: 'till_alias:read' },
    args: { alias: t.arg.string({ required: true }) },
    resolve: async (_root, { alias }, ctx) => {
      const found = await findTillAlias(ctx, alias);
      if (!found.ok) throw codedError('INVALID_LIPA_NUMBER', 'This is not a Lipa number: a digit is wrong or two are swapped.');
      return found.tillAlias;
    },
  }),
);

builder.queryField('tillAliases', (t) =>
  t.connection(
    {
      type: TillAliasRef,
      authScopes: { scope: 'till_alias:read' },
      args: { appId: t.arg.string(), entityId: t.arg.string(), isActive: t.arg.boolean() },
      resolve: (_root, args, ctx) =>
        pageById(args, (page) => listTillAliases(ctx, page, { appId: args.appId, entityId: args.entityId, isActive: args.isActive })),
    },
    { name: 'TillAliasConnection' },
    { name: 'TillAliasEdge' },
  ),
);
