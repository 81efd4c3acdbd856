import type { SettlementBatchStatus, SettlementLineKind } from '../../domain/settlements.ts';
import { ACCOUNTS } from '../../domain/ledger.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { SettlementEntity } from '../settlement-entities/settlement-entity.entity.ts';
import { tenantOf } from '../tenancy/tenant-scope.ts';
import { tenantCondition } from '../tenancy/tenant-sql.ts';
import { batchLinesSql } from './settlement-run.ts';
import { ReserveHold, SettlementBatch, type SettlementLineView } from './settlement.entities.ts';

export function findSettlementBatch(ctx: RequestContext, id: string): Promise<SettlementBatch | null> {
  tenantOf(ctx);
  return ctx.em.findOne(SettlementBatch, { id }, { populate: ['settlementEntity'] });
}

/** Batches newest first, of one entity (by the merchant's id) and/or status. */
export async function listSettlementBatches(
  ctx: RequestContext,
  filter: { entityId?: string | null; status?: SettlementBatchStatus | null },
  page: PageRequest,
): Promise<SettlementBatch[]> {
  tenantOf(ctx);
  let entity: SettlementEntity | null = null;
  if (filter.entityId) {
    entity = await ctx.em.findOne(SettlementEntity, { entityId: filter.entityId });
    if (!entity) return [];
  }
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(
    SettlementBatch,
    { ...where, ...(entity ? { settlementEntity: entity.id } : {}), ...(filter.status ? { status: filter.status } : {}) },
    { orderBy, limit, populate: ['settlementEntity'] },
  );
}

/** A batch's lines in ledger order (derived from the ledger, `batchLinesSql`); the cursor is the line's number. */
export async function listSettlementLines(ctx: RequestContext, batchId: string, page: PageRequest): Promise<SettlementLineView[]> {
  const tenant = tenantCondition(tenantOf(ctx), 'b');
  const after = page.after ? Number(page.after) || 0 : null;
  const before = page.before ? Number(page.before) || 0 : null;
  const rows = await ctx.em.execute<
    Array<{ id: string; kind: SettlementLineKind; journal_entry_id: string; payment_id: string | null; amount_minor: string; currency: string }>
  >(
    `select x.id::text as id, x.kind, x.journal_entry_id, x.payment_id, x.amount_minor::text as amount_minor, b.currency
       from settlement_batch b cross join lateral ${batchLinesSql('b')} x
      where b.id = ? and ${tenant.sql} ${after === null ? '' : 'and x.id > ?'} ${before === null ? '' : 'and x.id < ?'}
      order by x.id ${page.inverted ? 'desc' : 'asc'} limit ?`,
    [batchId, ...tenant.params, ...(after === null ? [] : [after]), ...(before === null ? [] : [before]), page.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    journalEntryId: row.journal_entry_id,
    paymentId: row.payment_id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
  }));
}

export interface EntityBalances {
  currency: string;
  payableMinor: bigint;
  reservedMinor: bigint;
  inTransitMinor: bigint;
  paidOutMinor: bigint;
}

const BALANCE_CODES = {
  payable: ACCOUNTS.SETTLEMENT_PAYABLE.code,
  reserved: ACCOUNTS.SETTLEMENT_RESERVE.code,
  inTransit: ACCOUNTS.PAYOUT_IN_TRANSIT.code,
} as const;
const PAID_OUT_CODES = [ACCOUNTS.BANK_PAYOUT_CLEARING.code, ACCOUNTS.WALLET_PAYOUT_CLEARING.code];

/** An entity's settlement accounts in its payout currency, from the ledger, optionally as they stood before `before`. */
async function ledgerBalancesOf(ctx: RequestContext, entity: SettlementEntity, before?: Date): Promise<EntityBalances> {
  const tenant = tenantCondition(tenantOf(ctx), 'a');
  const rows = await ctx.em.execute<Array<{ code: string; credits: string; debits: string }>>(
    `select a.code, coalesce(sum(l.credit_minor), 0)::text as credits, coalesce(sum(l.debit_minor), 0)::text as debits
       from ledger_account a
       join journal_line l on l.account_id = a.id
       join journal_entry e on e.id = l.entry_id
      where ${tenant.sql} and a.party = ? and a.currency = ? ${before ? 'and e.created_at < ?' : ''}
      group by a.code`,
    [...tenant.params, entity.id, entity.payoutCurrency, ...(before ? [before] : [])],
  );
  const net = (codes: readonly string[]) =>
    rows.filter((row) => codes.includes(row.code)).reduce((sum, row) => sum + BigInt(row.credits) - BigInt(row.debits), 0n);
  return {
    currency: entity.payoutCurrency,
    payableMinor: net([BALANCE_CODES.payable]),
    reservedMinor: net([BALANCE_CODES.reserved]),
    inTransitMinor: net([BALANCE_CODES.inTransit]),
    // Clearing is an asset the payouts credit: what left, net.
    paidOutMinor: net(PAID_OUT_CODES),
  };
}

export const settlementBalances = (ctx: RequestContext, entity: SettlementEntity) => ledgerBalancesOf(ctx, entity);

export interface ReserveBalance {
  entityId: string;
  currency: string;
  heldMinor: bigint;
  holds: ReserveHold[];
}

/** What an entity's reserve holds, and when each hold is released. */
export async function reserveBalance(ctx: RequestContext, entityId: string): Promise<ReserveBalance | null> {
  tenantOf(ctx);
  const entity = await ctx.em.findOne(SettlementEntity, { entityId });
  if (!entity) return null;
  const holds = await ctx.em.find(
    ReserveHold,
    { settlementEntity: entity.id, releasedAt: null, remainingMinor: { $gt: 0n } },
    { orderBy: { releaseAt: 'asc', id: 'asc' } },
  );
  return { entityId, currency: entity.payoutCurrency, heldMinor: holds.reduce((sum, hold) => sum + hold.remainingMinor, 0n), holds };
}

export interface SettlementReconciliation {
  entityId: string;
  currency: string;
  from: Date;
  to: Date;
  opening: EntityBalances;
  closing: EntityBalances;
  /** Payments' shares credited to its payable in the period (ledger). */
  moneyInMinor: bigint;
  /** Chargebacks recorded in the period (chargeback records). */
  chargebacksMinor: bigint;
  /** Payout fees of batches created in the period (batch records). */
  feesMinor: bigint;
  /** Batches paid in the period (batch records). */
  paidOutMinor: bigint;
  /** opening (payable + reserved + in transit) + money in − chargebacks − fees − paid out − closing: zero when it balances. */
  differenceMinor: bigint;
  balanced: boolean;
}

/**
 * For a period [from, to): money in less chargebacks and fees equals what was paid out plus the
 * change in what is payable, reserved and in transit, to the minor unit. Money in and the balances
 * come from the ledger; chargebacks, fees and payouts from their own records, so a journal missing
 * (or posted twice) shows as a difference.
 */
export async function settlementReconciliation(ctx: RequestContext, entityId: string, from: Date, to: Date): Promise<SettlementReconciliation | null> {
  const caller = tenantOf(ctx);
  const entity = await ctx.em.findOne(SettlementEntity, { entityId });
  if (!entity) return null;
  const [opening, closing] = await Promise.all([ledgerBalancesOf(ctx, entity, from), ledgerBalancesOf(ctx, entity, to)]);
  const a = tenantCondition(caller, 'a');
  const cb = tenantCondition(caller, 'c');
  const b = tenantCondition(caller, 'b');
  const b2 = tenantCondition(caller, 'b');
  const [row] = await ctx.em.execute<Array<{ money_in: string; chargebacks: string; fees: string; paid_out: string }>>(
    `select
       (select coalesce(sum(l.credit_minor - l.debit_minor), 0) from journal_line l join ledger_account a on a.id = l.account_id join journal_entry e on e.id = l.entry_id
         where ${a.sql} and a.party = ? and a.code = ? and a.currency = ? and e.source like 'payment:%' and e.created_at >= ? and e.created_at < ?)::text as money_in,
       (select coalesce(sum(c.amount_minor), 0) from chargeback c
         where ${cb.sql} and c.settlement_entity_id = ? and c.currency = ? and c.created_at >= ? and c.created_at < ?)::text as chargebacks,
       (select coalesce(sum(b.fee_minor), 0) from settlement_batch b
         where ${b.sql} and b.settlement_entity_id = ? and b.created_at >= ? and b.created_at < ?)::text as fees,
       (select coalesce(sum(b.amount_minor), 0) from settlement_batch b
         where ${b2.sql} and b.settlement_entity_id = ? and b.status = 'PAID' and b.paid_at >= ? and b.paid_at < ?)::text as paid_out`,
    [
      ...a.params,
      entity.id,
      ACCOUNTS.SETTLEMENT_PAYABLE.code,
      entity.payoutCurrency,
      from,
      to,
      ...cb.params,
      entity.id,
      entity.payoutCurrency,
      from,
      to,
      ...b.params,
      entity.id,
      from,
      to,
      ...b2.params,
      entity.id,
      from,
      to,
    ],
  );
  const total = (balances: EntityBalances) => balances.payableMinor + balances.reservedMinor + balances.inTransitMinor;
  const moneyInMinor = BigInt(row!.money_in);
  const chargebacksMinor = BigInt(row!.chargebacks);
  const feesMinor = BigInt(row!.fees);
  const paidOutMinor = BigInt(row!.paid_out);
  const differenceMinor = total(opening) + moneyInMinor - chargebacksMinor - feesMinor - paidOutMinor - total(closing);
  return {
    entityId,
    currency: entity.payoutCurrency,
    from,
    to,
    opening,
    closing,
    moneyInMinor,
    chargebacksMinor,
    feesMinor,
    paidOutMinor,
    differenceMinor,
    balanced: differenceMinor === 0n,
  };
}
