import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import type { Mode } from '../../domain/api-keys.ts';
import { newId } from '../../domain/ids.ts';
import { ACCOUNTS } from '../../domain/ledger.ts';
import { batchAmountsSql, latestCutoff, scheduledRules, type BatchAmounts } from '../../domain/settlements.ts';
import { tenantCondition } from '../tenancy/tenant-sql.ts';

/**
 * Creating batches, set-based: a settlement run is the same few statements whether it settles one
 * entity or ten thousand (no loop over entities, `npm run bench -- settlements`). In one transaction:
 * the due entities go into a temporary table; one statement totals what each may be paid and applies
 * the domain's rules (reserve, fee, minimum: `batchAmountsSql`, which mirrors `batchAmounts`); one
 * statement of data-modifying CTEs then writes every batch, its journal (payable → in transit, and
 * the hold and the fee), its reserve hold and its `settlement.created` event, and one more moves the
 * entities on. A batch's journal, hold and event ids share the batch id's body (`stb_X` → `je_X`).
 *
 * A batch's lines are not copied: they are derived from the ledger (`batchLinesSql`). Each entity
 * is settled through a state (a ledger horizon and a payments-up-to time); a batch pays the lines
 * eligible under the new state and not under the previous one, which it records, so no payable line
 * is in two batches. Both parts of the state only move forward. The horizon is a journal line id
 * below which every line has committed (`ledgerHorizon`), so a line that commits late is never
 * inside a batch that did not count it.
 *
 * A scheduled batch is once per entity and cut-off (unique, and the entity's `last_cutoff_at` moves
 * with the run); runs take one advisory lock, so two processes' runs queue.
 */

/** The account id the ledger derives (ledger.service.ts `accountId`), in SQL, for an entity row `e`-like alias. */
const accountSql = (alias: string, code: string, party: boolean) =>
  `'la_' || replace(${alias}.business_id, 'biz_', '') || '_' || ${alias}.mode || '_' || '${code}' || '_' || ${alias}.currency${
    party ? ` || '_' || replace(${alias}.entity_row_id, 'se_', '')` : ''
  }`;

const RUN_LOCK = 0x5e771e; // pg_advisory_xact_lock key of settlement runs

export type RunScope =
  | { trigger: 'SCHEDULED' }
  /** One entity, cut off now (its `createSettlementBatch`). */
  | { trigger: 'MANUAL'; businessId: string; mode: Mode; entityRowId: string };

export interface CreatedBatch {
  id: string;
  entityRowId: string;
  amounts: BatchAmounts;
}

export interface RunResult {
  /** Entities whose cut-off the run handled (batch or not). */
  due: number;
  created: CreatedBatch[];
  /** Due entities whose total stayed below their minimum (or was nothing): their lines wait. */
  belowMinimum: string[];
}

/**
 * A journal line id below which every journal line has committed (or never will): with journal_line
 * locked in SHARE mode no insert is in flight (each holds ROW EXCLUSIVE from before it draws its id
 * to its commit), so the largest id then is one no later line can come in under. The lock is held
 * for one short transaction of its own, not for the run: payments wait at most for the ones in flight.
 */
export async function ledgerHorizon(em: EntityManager): Promise<string> {
  return em.fork().transactional(async (tx) => {
    await tx.execute(`set local lock_timeout = '10s'`);
    await tx.execute(`lock table journal_line in share mode`);
    const [row] = await tx.execute<Array<{ id: string }>>(`select coalesce(max(id), 0)::text as id from journal_line`);
    return row!.id;
  });
}

/** The entry's sources a batch pays, and payments only up to `upTo` (null: none). `je` is the journal entry. */
const eligibleSql = (upTo: string) =>
  `(je.source like 'chargeback:%' or je.source like 'reserve-release:%' or (je.source like 'payment:%' and je.created_at <= ${upTo}))`;

/**
 * The lines of batch `b` (a settlement_batch alias), as a lateral subquery of (id, kind,
 * journal_entry_id, payment_id, amount_minor): the entity's payable lines through the batch's state
 * and not through the state before it, then the reserve hold and fee lines of its own journal. A
 * batch from before lines were derived (`lines_through_id` null) keeps its copied rows.
 */
export function batchLinesSql(b: string): string {
  const payable = `'la_' || replace(${b}.business_id, 'biz_', '') || '_' || ${b}.mode || '_${ACCOUNTS.SETTLEMENT_PAYABLE.code}_' || ${b}.currency || '_' || replace(${b}.settlement_entity_id, 'se_', '')`;
  return `(
    select s.id, s.kind, s.journal_entry_id, s.payment_id, s.amount_minor
      from settlement_line s where ${b}.lines_through_id is null and s.batch_id = ${b}.id
    union all
    select l.id,
           case when je.source like 'payment:%' then 'PAYMENT' when je.source like 'chargeback:%' then 'CHARGEBACK' else 'RESERVE_RELEASE' end,
           l.entry_id,
           case when je.source like 'payment:%' then substr(je.source, 9)
                when je.source like 'chargeback:%' then (select cb.payment_id from chargeback cb where cb.id = substr(je.source, 12)) end,
           l.credit_minor - l.debit_minor
      from journal_line l join journal_entry je on je.id = l.entry_id
     where ${b}.lines_through_id is not null and l.account_id = ${payable} and l.id <= ${b}.lines_through_id
       and ${eligibleSql(`${b}.payments_up_to`)}
       and not (l.id <= ${b}.lines_after_id and ${eligibleSql(`coalesce(${b}.lines_after_payments_up_to, '-infinity')`)})
       and not exists (select 1 from settlement_line s where s.journal_line_id = l.id)
    union all
    select l.id, case a.code when '${ACCOUNTS.SETTLEMENT_RESERVE.code}' then 'RESERVE_HOLD' else 'PAYOUT_FEE' end, l.entry_id, null, -l.credit_minor
      from journal_line l join ledger_account a on a.id = l.account_id
     where ${b}.lines_through_id is not null and l.entry_id = ${b}.journal_entry_id
       and a.code in ('${ACCOUNTS.SETTLEMENT_RESERVE.code}', '${ACCOUNTS.PAYOUT_FEE_INCOME.code}')
  )`;
}

/** Creates the batches due at `now`; see the file's comment. `em` must be unscoped (a platform job) or the run's own tenant's. */
export async function createDueBatches(em: EntityManager, now: Date, scope: RunScope): Promise<RunResult> {
  const horizon = await ledgerHorizon(em);
  return em.transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(${RUN_LOCK})`);
    await selectDue(tx, now, scope, horizon);
    // Fresh temporary tables have no statistics: without them the joins below plan as nested loops.
    await tx.execute(`alter table settle_due add primary key (entity_row_id)`);
    await tx.execute(`analyze settle_due`);
    const [{ due } = { due: 0 }] = await tx.execute<Array<{ due: number }>>(`select count(*)::int as due from settle_due`);
    if (!due) return { due: 0, created: [], belowMinimum: [] };
    // One batch id per due entity, drawn here (ids.ts); its journal, hold and event take the same body.
    const batchIds = Array.from({ length: due }, () => newId('stb', now));
    // What each due entity is paid: its payable lines inside its new state and not its old one,
    // then the reserve, fee and minimum (`batchAmountsSql`, the domain's `batchAmounts`).
    // Bound server-side: `execute` would inline (and escape) the ids in JavaScript.
    await tx.getKysely().executeQuery(
      CompiledQuery.raw(
        `create temp table settle_amounts on commit drop as
         select t.entity_row_id, ids.batch_id, t.gross, x.reserve, x.fee, x.net, x.payable
           from (select d.entity_row_id, coalesce(g.gross, 0)::bigint as gross, coalesce(h.held, 0)::bigint as held, d.percent_bp, d.reserve_min,
                        d.fee as fee_rule, d.min_amount, row_number() over () as n
                   from settle_due d
                   left join (
                     select d.entity_row_id, sum(l.credit_minor - l.debit_minor) as gross
                       from settle_due d
                       join journal_line l on l.account_id = d.payable_account
                       join journal_entry je on je.id = l.entry_id
                      where l.id <= d.through_id and ${eligibleSql('d.payments_up_to')}
                        and not (l.id <= d.after_id and ${eligibleSql(`coalesce(d.after_payments_up_to, '-infinity')`)})
                        and not exists (select 1 from settlement_line s where s.journal_line_id = l.id)
                      group by d.entity_row_id) g on g.entity_row_id = d.entity_row_id
                   left join (select settlement_entity_id, sum(remaining_minor) as held from reserve_hold where released_at is null group by settlement_entity_id) h
                     on h.settlement_entity_id = d.entity_row_id) t
           join unnest($1::text[]) with ordinality as ids(batch_id, n) on ids.n = t.n
           cross join lateral ${batchAmountsSql({ gross: 't.gross', percentBasisPoints: 't.percent_bp', reserveMinimum: 't.reserve_min', held: 't.held', fee: 't.fee_rule', minimum: 't.min_amount' })} x`,
        [batchIds],
      ),
    );
    await tx.execute(`alter table settle_amounts add primary key (entity_row_id)`);
    await tx.execute(`analyze settle_amounts`);
    const created = (await writeBatches(tx, now, scope)).map((row): CreatedBatch => ({
      id: row.id,
      entityRowId: row.entity_row_id,
      amounts: { grossMinor: BigInt(row.gross), reserveMinor: BigInt(row.reserve), feeMinor: BigInt(row.fee), netMinor: BigInt(row.net), payable: true },
    }));
    const below = await tx.execute<Array<{ entity_row_id: string }>>(`select entity_row_id from settle_amounts where not payable`);
    // Entities move on: a scheduled cut-off is handled (batch or not); one that got a batch is settled through its new state.
    const cutoff = scope.trigger === 'SCHEDULED' ? 'd.cutoff' : 'e.last_cutoff_at';
    if (created.length)
      await tx.execute(
        `update settlement_entity e
            set last_cutoff_at = ${cutoff},
                settled_through_line_id = case when b.id is null then e.settled_through_line_id else d.through_id end,
                settled_payments_up_to = case when b.id is null then e.settled_payments_up_to else d.payments_up_to end
           from settle_due d
           left join settle_amounts a on a.entity_row_id = d.entity_row_id
           left join settlement_batch b on b.id = a.batch_id and a.payable
          where e.id = d.entity_row_id`,
      );
    else if (scope.trigger === 'SCHEDULED')
      await tx.execute(`update settlement_entity e set last_cutoff_at = d.cutoff from settle_due d where e.id = d.entity_row_id`);
    return { due, created, belowMinimum: below.map((row) => row.entity_row_id) };
  });
}

/** `settle_due`: the entities this run settles, with their cut-off and rules. */
async function selectDue(tx: EntityManager, now: Date, scope: RunScope, horizon: string): Promise<void> {
  // The state a batch settles through: the horizon and payments up to its cut-off less the delay,
  // neither behind where the entity already is (a delay made longer does not move payments back).
  const state = (upTo: string) => `greatest(${upTo}, e.settled_payments_up_to) as payments_up_to,
      greatest(${horizon}::bigint, e.settled_through_line_id) as through_id,
      e.settled_through_line_id as after_id, e.settled_payments_up_to as after_payments_up_to,
      'la_' || replace(e.business_id, 'biz_', '') || '_' || e.mode || '_${ACCOUNTS.SETTLEMENT_PAYABLE.code}_' || e.payout_currency || '_' || replace(e.id, 'se_', '') as payable_account`;
  const columns = `e.id as entity_row_id, e.business_id, e.mode, e.entity_id, e.payout_currency as currency,
      e.payout_min_amount_minor as min_amount, coalesce(e.payout_fee_minor, 0) as fee, e.reserve_percent_basis_points as percent_bp,
      e.reserve_minimum_minor as reserve_min, e.reserve_hold_days as hold_days`;
  if (scope.trigger === 'MANUAL') {
    const tenant = tenantCondition(scope, 'e');
    await tx.execute(
      `create temp table settle_due on commit drop as
        select ${columns}, ?::timestamptz as cutoff, ${state('?::timestamptz - make_interval(days => e.payout_delay_days)')}
          from settlement_entity e where e.id = ? and ${tenant.sql}`,
      [now, now, scope.entityRowId, ...tenant.params],
    );
    return;
  }
  // The schedule maths stays in the domain: each possible schedule's latest cut-off, joined by value.
  const cutoffs = scheduledRules().map((rule) => ({
    schedule: rule.schedule,
    weekday: rule.weekday,
    day: rule.dayOfMonth,
    cutoff: latestCutoff(rule, now)!.toISOString(),
  }));
  await tx.execute(
    `create temp table settle_due on commit drop as
      select ${columns}, c.cutoff, ${state('c.cutoff - make_interval(days => e.payout_delay_days)')}
        from settlement_entity e
        join jsonb_to_recordset(?::jsonb) as c(schedule text, weekday int, day int, cutoff timestamptz)
          -- A weekly or monthly schedule without its day (changed by an update) cuts off on Monday / the 1st.
          on c.schedule = e.payout_schedule
         and c.weekday is not distinct from (case e.payout_schedule when 'WEEKLY' then coalesce(e.payout_weekday, 1) end)
         and c.day is not distinct from (case e.payout_schedule when 'MONTHLY' then coalesce(e.payout_day_of_month, 1) end)
       where (e.last_cutoff_at is null or e.last_cutoff_at < c.cutoff)
         -- Live payouts wait for KYC approval (kyc-gate.ts): such an entity stays due, its lines wait.
         and (e.mode = 'TEST' or e.kyc_status = 'APPROVED')`,
    [JSON.stringify(cutoffs)],
  );
}

interface WrittenBatch {
  id: string;
  entity_row_id: string;
  gross: string;
  reserve: string;
  fee: string;
  net: string;
}

/**
 * Writes the batches of the payable rows of `settle_amounts`; returns those written. A scheduled
 * batch is one per entity and cut-off (the due entities exclude those past it, and runs queue on
 * their lock); a manual one is cut off now, and a second at the same instant inserts nothing.
 */
async function writeBatches(tx: EntityManager, now: Date, scope: RunScope): Promise<WrittenBatch[]> {
  const accounts = [
    [ACCOUNTS.SETTLEMENT_PAYABLE, true, 'true'],
    [ACCOUNTS.PAYOUT_IN_TRANSIT, true, 'true'],
    [ACCOUNTS.SETTLEMENT_RESERVE, true, 'a.reserve > 0'],
    [ACCOUNTS.PAYOUT_FEE_INCOME, false, 'a.fee > 0'],
  ] as const;
  // The accounts the journals post to, opened where missing (one statement for all of them); after
  // an entity's first batch there are none to open.
  await tx.execute(
    `insert into ledger_account (id, business_id, mode, code, name, type, currency, party)
     select distinct on (id) * from (
     ${accounts
       .map(
         ([account, party, needed]) =>
           `select ${accountSql('d', account.code, party)} as id, d.business_id, d.mode, '${account.code}', '${account.name}', '${account.type}', d.currency, ${
             party ? 'd.entity_row_id' : `''`
           } from settle_due d join settle_amounts a on a.entity_row_id = d.entity_row_id where a.payable and ${needed}`,
       )
       .join(' union all ')}
     ) wanted
     where not exists (select 1 from ledger_account x where x.id = wanted.id)
     on conflict do nothing`,
  );
  const P = ACCOUNTS.SETTLEMENT_PAYABLE.code;
  const inserted = await tx.execute(
    `with batches as (
       insert into settlement_batch (id, business_id, mode, settlement_entity_id, currency, status, trigger, cutoff_at, payments_up_to,
                                     gross_minor, reserve_minor, fee_minor, amount_minor, idempotency_key, attempt, journal_entry_id, created_at, updated_at,
                                     lines_after_id, lines_after_payments_up_to, lines_through_id)
       select a.batch_id, d.business_id, d.mode, d.entity_row_id, d.currency, 'PENDING', ?, d.cutoff, d.payments_up_to,
              a.gross, a.reserve, a.fee, a.net, 'settle_' || a.batch_id, 0, 'je_' || substr(a.batch_id, 5), ?::timestamptz, ?::timestamptz,
              d.after_id, d.after_payments_up_to, d.through_id
         from settle_amounts a join settle_due d on d.entity_row_id = a.entity_row_id
        where a.payable
       ${scope.trigger === 'MANUAL' ? 'on conflict do nothing' : ''}
       returning id, settlement_entity_id, journal_entry_id, gross_minor, amount_minor, reserve_minor, fee_minor
     ),
     b as (
       select batches.*, d.business_id, d.mode, d.currency, d.entity_row_id, d.entity_id, d.cutoff, d.hold_days
         from batches join settle_due d on d.entity_row_id = batches.settlement_entity_id
     ),
     entries as (
       insert into journal_entry (id, business_id, mode, description, source, created_at)
       select journal_entry_id, business_id, mode, 'Settlement batch ' || id || ' for ' || entity_id, 'settlement:' || id, ?::timestamptz from b
     ),
     postings as (
       -- Payable → in transit, and → the reserve and the fee income where the batch holds or charges.
       insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor)
       select journal_entry_id, ${accountSql('b', P, true)}, currency, amount_minor, 0 from b
       union all select journal_entry_id, ${accountSql('b', ACCOUNTS.PAYOUT_IN_TRANSIT.code, true)}, currency, 0, amount_minor from b
       union all select journal_entry_id, ${accountSql('b', P, true)}, currency, reserve_minor, 0 from b where reserve_minor > 0
       union all select journal_entry_id, ${accountSql('b', ACCOUNTS.SETTLEMENT_RESERVE.code, true)}, currency, 0, reserve_minor from b where reserve_minor > 0
       union all select journal_entry_id, ${accountSql('b', P, true)}, currency, fee_minor, 0 from b where fee_minor > 0
       union all select journal_entry_id, ${accountSql('b', ACCOUNTS.PAYOUT_FEE_INCOME.code, false)}, currency, 0, fee_minor from b where fee_minor > 0
     ),
     holds as (
       insert into reserve_hold (id, business_id, mode, settlement_entity_id, batch_id, currency, amount_minor, remaining_minor, release_at, created_at)
       select 'rsv_' || substr(b.id, 5), b.business_id, b.mode, b.entity_row_id, b.id, b.currency, b.reserve_minor, b.reserve_minor,
              b.cutoff + make_interval(days => b.hold_days), ?::timestamptz
         from b where b.reserve_minor > 0
     ),
     events as (
       insert into outbox_event (id, business_id, mode, type, payload, created_at)
       select 'evt_' || substr(b.id, 5), b.business_id, b.mode, 'settlement.created',
            jsonb_build_object('batchId', b.id, 'entityId', b.entity_id, 'status', 'PENDING', 'amountMinor', b.amount_minor,
                               'reserveMinor', b.reserve_minor, 'feeMinor', b.fee_minor, 'currency', b.currency, 'cutoffAt', b.cutoff),
            ?::timestamptz
         from b
     )
     select b.id, b.entity_row_id, b.gross_minor::text as gross, b.reserve_minor::text as reserve, b.fee_minor::text as fee, b.amount_minor::text as net from b`,
    [scope.trigger, now, now, now, now, now],
  );
  return inserted as WrittenBatch[];
}
