import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { SETTLEMENT_LINE_KINDS, settlementBatchMachine } from '../../domain/settlements.ts';
import {
  SETTLEMENT_TRIGGERS,
  type Chargeback,
  type ReserveHold,
  type SettlementBatch,
  type SettlementLineView,
} from '../../modules/settlements/settlement.entities.ts';
import {
  findSettlementBatch,
  listSettlementBatches,
  listSettlementLines,
  reserveBalance,
  settlementReconciliation,
  type ReserveBalance,
  type SettlementReconciliation,
} from '../../modules/settlements/settlement-queries.ts';
import {
  CHARGEBACK_ERROR_CODES,
  createSettlementBatch,
  recordChargeback,
  retrySettlementSubmission,
  SETTLEMENT_BATCH_ERROR_CODES,
} from '../../modules/settlements/settlements.service.ts';
import { builder } from '../builder.ts';
import { grantsWrite, money, MoneyRef, readableWith, userErrorType } from './common.ts';
import { pageById, PAGE_SIZE } from './connection.ts';

const SettlementStatusEnum = builder.enumType('SettlementStatus', {
  values: settlementBatchMachine.statuses,
  description: 'PENDING → SUBMITTED → PAID | FAILED; UNKNOWN: a submission whose outcome is not known yet (re-queried before anything else).',
});
const SettlementTriggerEnum = builder.enumType('SettlementTrigger', { values: SETTLEMENT_TRIGGERS });
const SettlementLineKindEnum = builder.enumType('SettlementLineKind', { values: SETTLEMENT_LINE_KINDS });

const SettlementLineRef = builder.objectRef<SettlementLineView>('SettlementLine').implement({
  description: "A ledger line a batch pays (payment shares, releases, less chargebacks) or holds back (reserve hold, fee); a batch's lines add up to it.",
  authScopes: readableWith('settlements:read', 'settlements:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SettlementLineKindEnum }),
    journalEntryId: t.exposeString('journalEntryId'),
    paymentId: t.exposeString('paymentId', { nullable: true }),
    amount: t.field({ type: MoneyRef, description: 'Signed: what it adds to the batch.', resolve: (line) => money(line.amountMinor, line.currency) }),
  }),
});

const linesPage = (batchId: string, args: Parameters<typeof resolveCursorConnection>[0]['args'], ctx: Parameters<typeof listSettlementLines>[0]) =>
  resolveCursorConnection({ args, toCursor: (line: SettlementLineView) => line.id, ...PAGE_SIZE }, (page: ResolveCursorConnectionArgs) =>
    listSettlementLines(ctx, batchId, page),
  );

export const SettlementBatchRef = builder.objectRef<SettlementBatch>('SettlementBatch').implement({
  description: 'One payout to one settlement entity: what it pays (its lines) and where it is with the settlement machine.',
  authScopes: readableWith('settlements:read', 'settlements:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    entityId: t.string({ description: "The merchant's id for the entity paid.", resolve: (b) => b.settlementEntity.entityId }),
    status: t.expose('status', { type: SettlementStatusEnum }),
    trigger: t.expose('trigger', { type: SettlementTriggerEnum }),
    cutoffAt: t.expose('cutoffAt', { type: 'DateTime' }),
    paymentsUpTo: t.expose('paymentsUpTo', { type: 'DateTime', description: 'Payments up to this time are in it (the cut-off less the payout delay).' }),
    amount: t.field({ type: MoneyRef, description: 'Paid out: gross − reserve − fee.', resolve: (b) => money(b.amountMinor, b.currency) }),
    gross: t.field({ type: MoneyRef, resolve: (b) => money(b.grossMinor, b.currency) }),
    reserve: t.field({ type: MoneyRef, description: 'Held back from it in the reserve.', resolve: (b) => money(b.reserveMinor, b.currency) }),
    fee: t.field({ type: MoneyRef, resolve: (b) => money(b.feeMinor, b.currency) }),
    idempotencyKey: t.exposeString('idempotencyKey', { description: 'Sent with every submission of this batch, retries included.' }),
    attempt: t.exposeInt('attempt', { description: 'Submissions so far.' }),
    journalEntryId: t.exposeString('journalEntryId', { description: 'The journal that moved its amount from payable to payout in transit.' }),
    machineReference: t.exposeString('machineReference', { nullable: true }),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
    failedAt: t.expose('failedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lines: t.connection(
      { type: SettlementLineRef, resolve: (b, args, ctx) => linesPage(b.id, args, ctx) },
      { name: 'SettlementLineConnection' },
      { name: 'SettlementLineEdge' },
    ),
  }),
});

const ReserveHoldRef = builder.objectRef<ReserveHold>('ReserveHold').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    batchId: t.string({ resolve: (h) => h.batch.id }),
    amount: t.field({ type: MoneyRef, description: 'Held by its batch.', resolve: (h) => money(h.amountMinor, h.currency) }),
    remaining: t.field({ type: MoneyRef, description: 'Still held (chargebacks take from it first).', resolve: (h) => money(h.remainingMinor, h.currency) }),
    releaseAt: t.expose('releaseAt', { type: 'DateTime' }),
  }),
});

const ReserveBalanceRef = builder.objectRef<ReserveBalance>('ReserveBalance').implement({
  authScopes: readableWith('settlements:read', 'settlements:write'),
  fields: (t) => ({
    entityId: t.exposeString('entityId'),
    held: t.field({ type: MoneyRef, resolve: (r) => money(r.heldMinor, r.currency) }),
    holds: t.field({ type: [ReserveHoldRef], description: 'Each hold and when it is released, soonest first.', resolve: (r) => r.holds }),
  }),
});

const ReconciliationBalancesRef = builder.objectRef<SettlementReconciliation['opening']>('SettlementReconciliationBalances').implement({
  fields: (t) => ({
    payable: t.field({ type: MoneyRef, resolve: (b) => money(b.payableMinor, b.currency) }),
    reserved: t.field({ type: MoneyRef, resolve: (b) => money(b.reservedMinor, b.currency) }),
    inTransit: t.field({ type: MoneyRef, resolve: (b) => money(b.inTransitMinor, b.currency) }),
  }),
});

const ReconciliationRef = builder.objectRef<SettlementReconciliation>('SettlementReconciliation').implement({
  description:
    'For [from, to): opening (payable + reserved + in transit) + money in − chargebacks − fees = paid out + closing (payable + reserved + in transit), to the minor unit.',
  authScopes: readableWith('settlements:read', 'settlements:write'),
  fields: (t) => ({
    entityId: t.exposeString('entityId'),
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    opening: t.field({ type: ReconciliationBalancesRef, resolve: (r) => r.opening }),
    closing: t.field({ type: ReconciliationBalancesRef, resolve: (r) => r.closing }),
    moneyIn: t.field({ type: MoneyRef, description: "Payments' shares credited in the period (ledger).", resolve: (r) => money(r.moneyInMinor, r.currency) }),
    chargebacks: t.field({ type: MoneyRef, description: 'Recorded in the period.', resolve: (r) => money(r.chargebacksMinor, r.currency) }),
    fees: t.field({ type: MoneyRef, description: 'Payout fees of batches created in the period.', resolve: (r) => money(r.feesMinor, r.currency) }),
    paidOut: t.field({ type: MoneyRef, description: 'Batches paid in the period.', resolve: (r) => money(r.paidOutMinor, r.currency) }),
    difference: t.field({ type: MoneyRef, description: 'Zero when it balances.', resolve: (r) => money(r.differenceMinor, r.currency) }),
    balanced: t.exposeBoolean('balanced'),
  }),
});

const ChargebackRef = builder.objectRef<Chargeback>('Chargeback').implement({
  authScopes: readableWith('settlements:read', 'settlements:write'),
  fields: (t) => ({
    id: t.exposeID('id'),
    paymentId: t.exposeString('paymentId'),
    entityId: t.string({ resolve: (c) => c.settlementEntity.entityId }),
    amount: t.field({ type: MoneyRef, resolve: (c) => money(c.amountMinor, c.currency) }),
    fromReserve: t.field({ type: MoneyRef, resolve: (c) => money(c.fromReserveMinor, c.currency) }),
    fromPayable: t.field({ type: MoneyRef, resolve: (c) => money(c.fromPayableMinor, c.currency) }),
    reason: t.exposeString('reason'),
    journalEntryId: t.exposeString('journalEntryId'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('settlements', (t) =>
  t.connection(
    {
      type: SettlementBatchRef,
      authScopes: { scope: 'settlements:read' },
      args: { entityId: t.arg.string(), status: t.arg({ type: SettlementStatusEnum }) },
      resolve: (_root, args, ctx) => pageById(args, (page) => listSettlementBatches(ctx, { entityId: args.entityId, status: args.status }, page)),
    },
    { name: 'SettlementBatchConnection' },
    { name: 'SettlementBatchEdge' },
  ),
);

builder.queryField('settlement', (t) =>
  t.field({
    type: SettlementBatchRef,
    nullable: true,
    authScopes: { scope: 'settlements:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findSettlementBatch(ctx, String(id)),
  }),
);

builder.queryField('settlementLines', (t) =>
  t.connection(
    {
      type: SettlementLineRef,
      authScopes: { scope: 'settlements:read' },
      args: { batchId: t.arg.id({ required: true }) },
      // Lines are tenant rows: another business's batch has none here.
      resolve: (_root, args, ctx) => linesPage(String(args.batchId), args, ctx),
    },
    { name: 'SettlementLinesConnection' },
    { name: 'SettlementLinesEdge' },
  ),
);

builder.queryField('reserveBalance', (t) =>
  t.field({
    type: ReserveBalanceRef,
    nullable: true,
    authScopes: { scope: 'settlements:read' },
    args: { entityId: t.arg.string({ required: true }) },
    resolve: (_root, { entityId }, ctx) => reserveBalance(ctx, entityId),
  }),
);

builder.queryField('settlementReconciliation', (t) =>
  t.field({
    type: ReconciliationRef,
    nullable: true,
    authScopes: { scope: 'settlements:read' },
    args: {
      entityId: t.arg.string({ required: true }),
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: (_root, { entityId, from, to }, ctx) => settlementReconciliation(ctx, entityId, from, to),
  }),
);

const SettlementBatchUserErrorRef = userErrorType('SettlementBatch', SETTLEMENT_BATCH_ERROR_CODES);
const SettlementBatchPayload = builder
  .objectRef<{ settlementBatch?: SettlementBatch; userErrors: (typeof SettlementBatchUserErrorRef.$inferType)[] }>('SettlementBatchPayload')
  .implement({
    grantScopes: grantsWrite('settlements:write'),
    fields: (t) => ({
      settlementBatch: t.expose('settlementBatch', { type: SettlementBatchRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [SettlementBatchUserErrorRef] }),
    }),
  });

const CreateSettlementBatchInput = builder.inputType('CreateSettlementBatchInput', {
  fields: (t) => ({ entityId: t.string({ required: true }) }),
});
const RetrySettlementSubmissionInput = builder.inputType('RetrySettlementSubmissionInput', {
  fields: (t) => ({ batchId: t.id({ required: true }) }),
});

builder.mutationField('createSettlementBatch', (t) =>
  t.field({
    type: SettlementBatchPayload,
    description: "A MANUAL entity's payout of what it can be paid now (minimum, delay and reserve apply), submitted at once.",
    authScopes: { scope: 'settlements:write' },
    args: { input: t.arg({ type: CreateSettlementBatchInput, required: true }) },
    resolve: (_root, { input }, ctx) => createSettlementBatch(ctx, ctx.services.settlements, input),
  }),
);

builder.mutationField('retrySettlementSubmission', (t) =>
  t.field({
    type: SettlementBatchPayload,
    description: 'Re-attempts a FAILED batch with the same idempotency key (an UNKNOWN one is re-queried first).',
    authScopes: { scope: 'settlements:write' },
    args: { input: t.arg({ type: RetrySettlementSubmissionInput, required: true }) },
    resolve: (_root, { input }, ctx) => retrySettlementSubmission(ctx, ctx.services.settlements, { batchId: String(input.batchId) }),
  }),
);

const ChargebackUserErrorRef = userErrorType('Chargeback', CHARGEBACK_ERROR_CODES);
const ChargebackPayload = builder
  .objectRef<{ chargeback?: Chargeback; userErrors: (typeof ChargebackUserErrorRef.$inferType)[] }>('ChargebackPayload')
  .implement({
    grantScopes: grantsWrite('settlements:write'),
    fields: (t) => ({
      chargeback: t.expose('chargeback', { type: ChargebackRef, nullable: true }),
      userErrors: t.expose('userErrors', { type: [ChargebackUserErrorRef] }),
    }),
  });

const RecordChargebackInput = builder.inputType('RecordChargebackInput', {
  fields: (t) => ({
    paymentId: t.id({ required: true }),
    amountMinor: t.field({ type: 'MinorUnits', required: true }),
    reason: t.string({ required: true }),
    entityId: t.string({ description: 'Which entity to debit, when the payment paid several.' }),
  }),
});

builder.mutationField('recordChargeback', (t) =>
  t.field({
    type: ChargebackPayload,
    description: "A refund debit on a payment: the entity's reserve first, then its payable (a negative payable is netted by the next batch).",
    authScopes: { scope: 'settlements:write' },
    args: { input: t.arg({ type: RecordChargebackInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      recordChargeback(ctx, ctx.services.settlements, { ...input, paymentId: String(input.paymentId), amountMinor: Number(input.amountMinor) }),
  }),
);
