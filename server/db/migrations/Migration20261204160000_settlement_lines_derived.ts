import { Migration } from '@mikro-orm/migrations';

/**
 * A batch's lines are derived from the ledger instead of copied (issue 16's benchmark: writing
 * 100,000 settlement_line rows was most of a 10,000-entity run). Each entity keeps how far its
 * payable account is settled: every eligible line up to a ledger horizon (`settled_through_line_id`,
 * an id below which every journal line has committed) and payments up to `settled_payments_up_to`.
 * A batch records the state before and after it; its lines are those inside the new state and not
 * inside the old one (settlement-lines.ts), so a line is in at most one batch by construction.
 *
 * Existing batches keep their copied rows: `lines_through_id` stays null for them and their lines
 * are still read from settlement_line, which new runs no longer write but still exclude (a line a
 * copied batch paid is never derived into a new one). Entities start settled through nothing.
 */
export class Migration20261204160000_settlement_lines_derived extends Migration {
  override name = 'Migration20261204160000_settlement_lines_derived';

  override up(): void | Promise<void> {
    this.addSql(`alter table "settlement_entity" add "settled_through_line_id" bigint not null default '0', add "settled_payments_up_to" timestamptz null;`);
    this.addSql(
      `alter table "settlement_batch" add "lines_after_id" bigint not null default '0', add "lines_after_payments_up_to" timestamptz null, add "lines_through_id" bigint null;`,
    );
    // Entity lookups go by (settlement_entity_id, cut-off), whose unique index serves them too.
    this.addSql(`drop index "settlement_batch_business_id_mode_settlement_entity_id_index";`);
  }

  override down(): void | Promise<void> {
    // Derived lines are copied back first, so nothing a batch paid is lost going down.
    this.addSql(`insert into "settlement_line" ("business_id", "mode", "batch_id", "kind", "journal_line_id", "journal_entry_id", "payment_id", "amount_minor")
      select b.business_id, b.mode, b.id, x.kind, case when x.kind in ('RESERVE_HOLD', 'PAYOUT_FEE') then null else x.id end, x.journal_entry_id, x.payment_id, x.amount_minor
        from settlement_batch b cross join lateral (
            select s.id, s.kind, s.journal_entry_id, s.payment_id, s.amount_minor
              from settlement_line s where b.lines_through_id is null and s.batch_id = b.id
            union all
            select l.id,
                   case when je.source like 'payment:%' then 'PAYMENT' when je.source like 'chargeback:%' then 'CHARGEBACK' else 'RESERVE_RELEASE' end,
                   l.entry_id,
                   case when je.source like 'payment:%' then substr(je.source, 9)
                        when je.source like 'chargeback:%' then (select cb.payment_id from chargeback cb where cb.id = substr(je.source, 12)) end,
                   l.credit_minor - l.debit_minor
              from journal_line l join journal_entry je on je.id = l.entry_id
             where b.lines_through_id is not null and l.account_id = 'la_' || replace(b.business_id, 'biz_', '') || '_' || b.mode || '_2200_' || b.currency || '_' || replace(b.settlement_entity_id, 'se_', '') and l.id <= b.lines_through_id
               and (je.source like 'chargeback:%' or je.source like 'reserve-release:%' or (je.source like 'payment:%' and je.created_at <= b.payments_up_to))
               and not (l.id <= b.lines_after_id and (je.source like 'chargeback:%' or je.source like 'reserve-release:%' or (je.source like 'payment:%' and je.created_at <= coalesce(b.lines_after_payments_up_to, '-infinity'))))
               and not exists (select 1 from settlement_line s where s.journal_line_id = l.id)
            union all
            select l.id, case a.code when '2210' then 'RESERVE_HOLD' else 'PAYOUT_FEE' end, l.entry_id, null, -l.credit_minor
              from journal_line l join ledger_account a on a.id = l.account_id
             where b.lines_through_id is not null and l.entry_id = b.journal_entry_id
               and a.code in ('2210', '4200')
          ) x where b.lines_through_id is not null`);
    this.addSql(
      `create index "settlement_batch_business_id_mode_settlement_entity_id_index" on "settlement_batch" ("business_id", "mode", "settlement_entity_id");`,
    );
    this.addSql(`alter table "settlement_batch" drop column "lines_after_id", drop column "lines_after_payments_up_to", drop column "lines_through_id";`);
    this.addSql(`alter table "settlement_entity" drop column "settled_through_line_id", drop column "settled_payments_up_to";`);
  }
}
