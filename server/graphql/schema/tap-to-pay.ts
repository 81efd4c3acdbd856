import { TAP_TO_PAY_ERROR_CODES } from '../../domain/tap-to-pay.ts';
import { TAP_TO_PAY_STATUSES, type TapToPaySession } from '../../modules/kinds/tap-to-pay/tap-to-pay-session.entity.ts';
import { createTapToPaySession, effectiveSessionStatus, findTapToPaySession } from '../../modules/kinds/tap-to-pay/tap-to-pay.service.ts';
import { builder } from '../builder.ts';
import { grantsWrite, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { requireEnterprise } from './enterprise.ts';

const TapToPayStatusEnum = builder.enumType('TapToPayStatus', { values: TAP_TO_PAY_STATUSES });

const TapToPaySessionRef = builder.objectRef<TapToPaySession>('TapToPaySession').implement({
  description: 'An in-person NFC payment: AWAITING_TAP for five minutes, then COMPLETED or EXPIRED.',
  authScopes: readableWith('checkouts:read', 'checkouts:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    amount: t.field({ type: MoneyRef, resolve: (s) => money(s.amountMinor, s.currency) }),
    status: t.field({ type: TapToPayStatusEnum, resolve: (s, _args, ctx) => effectiveSessionStatus(s, ctx.clock.now()) }),
    description: t.exposeString('description'),
    deviceId: t.exposeString('deviceId'),
    customerId: t.exposeString('customerId', { nullable: true }),
    invoiceId: t.string({ nullable: true, resolve: (s) => s.invoice?.id ?? null }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreateTapToPaySessionInput = builder.inputType('CreateTapToPaySessionInput', {
  fields: (t) => ({
    amountMinor: t.field({ type: 'MinorUnits', required: true }),
    currency: t.string({ description: "ISO 4217; defaults to the business's currency." }),
    description: t.string({ required: true, description: 'Shown on the device prompt.' }),
    invoiceId: t.id({ description: 'Reconcile the payment to this invoice.' }),
    customerId: t.string(),
    deviceId: t.string({ required: true, description: 'The bank partner app device identifier.' }),
  }),
});

const TapToPayUserErrorRef = userErrorType('TapToPay', TAP_TO_PAY_ERROR_CODES);
const CreateTapToPaySessionPayload = builder
  .objectRef<{ session?: TapToPaySession; userErrors: (typeof TapToPayUserErrorRef.$inferType)[] }>('CreateTapToPaySessionPayload')
  .implement({
    grantScopes: grantsWrite('checkouts:write'),
    fields: (t) => ({
      session: t.expose('session', { type: TapToPaySessionRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [TapToPayUserErrorRef] }),
    }),
  });

builder.mutationField('createTapToPaySession', (t) =>
  t.field({
    type: CreateTapToPaySessionPayload,
    authScopes: { scope: 'checkouts:write' },
    args: { input: t.arg({ type: CreateTapToPaySessionInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireEnterprise(ctx);
      return createTapToPaySession(ctx, { ...input, amountMinor: Number(input.amountMinor), invoiceId: input.invoiceId?.toString() });
    },
  }),
);

builder.queryField('tapToPaySession', (t) =>
  t.field({
    type: TapToPaySessionRef,
    nullable: true,
    authScopes: { scope: 'checkouts:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findTapToPaySession(ctx, String(id)),
  }),
);
