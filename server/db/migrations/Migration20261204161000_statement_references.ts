import { Migration } from '@mikro-orm/migrations';

/**
 * References checked once per statement instead of once per row on the tables a settlement run
 * writes thousands of rows into in one statement (issue 16's benchmark: the per-row foreign-key
 * checks on journal lines, journals, accounts, batches and events were half of a 10,000-entity run).
 *
 * - After each INSERT statement, one query over its rows (the transition table) refuses any whose
 *   parent does not exist, as the foreign key did (`foreign_key_violation`). A batch's entity must
 *   also be of the batch's business and mode.
 * - What a foreign key also did, keep a parent from going away under its rows, holds because the
 *   parents never go: journals were already immutable, and ledger accounts, settlement entities and
 *   businesses now refuse DELETE and a change of id (none is ever deleted; their ids are in the ledger).
 */
export class Migration20261204161000_statement_references extends Migration {
  override name = 'Migration20261204161000_statement_references';

  override up(): void | Promise<void> {
    this.addSql(`create function refuse_parent_removal() returns trigger language plpgsql as $$
      begin
        raise exception '% rows are never deleted nor renumbered: % refused', tg_table_name, tg_op using errcode = 'foreign_key_violation';
      end $$;`);
    for (const table of ['business', 'ledger_account', 'settlement_entity'])
      this.addSql(`create trigger "${table}_kept" before delete or update of "id" on "${table}" for each row execute function refuse_parent_removal();`);

    this.addSql(`create function refuse_missing_references() returns trigger language plpgsql as $$
      declare missing text;
      begin
        if tg_table_name = 'journal_line' then
          select 'journal_line ' || coalesce(n.entry_id, '') || ' → ' || coalesce(n.account_id, '') into missing from inserted n
           where not exists (select 1 from journal_entry e where e.id = n.entry_id)
              or not exists (select 1 from ledger_account a where a.id = n.account_id) limit 1;
        elsif tg_table_name = 'settlement_batch' then
          select 'settlement_batch ' || n.id || ' → ' || n.settlement_entity_id into missing from inserted n
           where not exists (select 1 from settlement_entity e where e.id = n.settlement_entity_id and e.business_id = n.business_id and e.mode = n.mode) limit 1;
        else -- journal_entry, outbox_event, ledger_account
          select tg_table_name || ' ' || n.id || ' → ' || n.business_id into missing from inserted n
           where not exists (select 1 from business b where b.id = n.business_id) limit 1;
        end if;
        if missing is not null then
          raise exception 'insert refused: % does not exist', missing using errcode = 'foreign_key_violation';
        end if;
        return null;
      end $$;`);
    for (const [table, constraints] of [
      ['journal_line', ['journal_line_entry_id_foreign', 'journal_line_account_id_foreign']],
      ['journal_entry', ['journal_entry_business_id_foreign']],
      ['outbox_event', ['outbox_event_business_id_foreign']],
      ['ledger_account', ['ledger_account_business_id_foreign']],
      ['settlement_batch', ['settlement_batch_business_id_foreign', 'settlement_batch_settlement_entity_id_foreign']],
    ] as const) {
      this.addSql(`alter table "${table}" ${constraints.map((name) => `drop constraint "${name}"`).join(', ')};`);
      this.addSql(
        `create trigger "${table}_references" after insert on "${table}" referencing new table as inserted for each statement execute function refuse_missing_references();`,
      );
    }
  }

  override down(): void | Promise<void> {
    for (const table of ['journal_line', 'journal_entry', 'outbox_event', 'ledger_account', 'settlement_batch'])
      this.addSql(`drop trigger "${table}_references" on "${table}";`);
    this.addSql(`drop function refuse_missing_references();`);
    for (const table of ['business', 'ledger_account', 'settlement_entity']) this.addSql(`drop trigger "${table}_kept" on "${table}";`);
    this.addSql(`drop function refuse_parent_removal();`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id");`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_account_id_foreign" foreign key ("account_id") references "ledger_account" ("id");`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(
      `alter table "settlement_batch" add constraint "settlement_batch_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "settlement_batch" add constraint "settlement_batch_settlement_entity_id_foreign" foreign key ("settlement_entity_id") references "settlement_entity" ("id");`,
    );
  }
}
