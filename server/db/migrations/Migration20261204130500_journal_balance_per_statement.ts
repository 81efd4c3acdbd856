import { Migration } from '@mikro-orm/migrations';

/**
 * The balanced-journal check, once per statement instead of once per line (issue 16's benchmark: a
 * settlement run posts 10,000 journals in one statement, and the per-row deferred trigger was a
 * third of its time). Still refused at commit, as before:
 *
 * - after each INSERT statement on journal_line, one query over the statement's own lines (its
 *   transition table) finds the journals whose lines in it do not balance per currency (a journal
 *   whose lines come in several statements, or a wrong one);
 * - those are noted in `journal_balance_pending`, whose deferred constraint trigger checks each
 *   again at commit, over all its lines, and raises if it is still unbalanced, or removes the note.
 *   The table is empty outside a transaction.
 */
export class Migration20261204130500_journal_balance_per_statement extends Migration {
  override name = 'Migration20261204130500_journal_balance_per_statement';

  override up(): void | Promise<void> {
    this.addSql(`drop trigger "journal_line_balanced" on "journal_line";`);
    this.addSql(`drop function journal_must_balance();`);
    this.addSql(`create table "journal_balance_pending" ("entry_id" varchar(40) primary key);`);
    this.addSql(`create function journal_unbalanced(entry text) returns text language sql stable as $$
      -- A single line is unbalanced too (journal_line_one_side_check), so balance covers "at least two lines".
      select string_agg(currency || ' off by ' || (debits - credits), ', ')
        from (select currency, sum(debit_minor) as debits, sum(credit_minor) as credits
                from "journal_line" where entry_id = entry group by currency) per_currency
       where debits <> credits
    $$;`);
    // A statement's lines that balance per journal and currency leave each journal's balance as it
    // was: balanced, or already noted. Only a journal whose lines in this statement do not balance
    // can be unbalanced after it, so only those are noted (checked in full at commit).
    this.addSql(`create function journal_statement_balance() returns trigger language plpgsql as $$
      begin
        insert into "journal_balance_pending" (entry_id)
        select distinct entry_id
          from inserted_lines
         group by entry_id, currency
        having sum(debit_minor) <> sum(credit_minor)
        on conflict do nothing;
        return null;
      end $$;`);
    this.addSql(
      `create trigger "journal_line_balanced_per_statement" after insert on "journal_line" referencing new table as inserted_lines for each statement execute function journal_statement_balance();`,
    );
    this.addSql(`create function journal_pending_balance() returns trigger language plpgsql as $$
      declare unbalanced text := journal_unbalanced(new.entry_id);
      begin
        if unbalanced is not null then
          raise exception 'journal % is unbalanced: %', new.entry_id, unbalanced using errcode = 'integrity_constraint_violation';
        end if;
        delete from "journal_balance_pending" where entry_id = new.entry_id;
        return null;
      end $$;`);
    this.addSql(
      `create constraint trigger "journal_balance_pending_at_commit" after insert on "journal_balance_pending" deferrable initially deferred for each row execute function journal_pending_balance();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "journal_line_balanced_per_statement" on "journal_line";`);
    this.addSql(`drop table "journal_balance_pending";`);
    this.addSql(`drop function journal_statement_balance();`);
    this.addSql(`drop function journal_pending_balance();`);
    this.addSql(`drop function journal_unbalanced(text);`);
    this.addSql(`create function journal_must_balance() returns trigger language plpgsql as $$
      declare unbalanced text;
      begin
        select string_agg(currency || ' off by ' || (debits - credits), ', ') into unbalanced from (
          select currency, sum(debit_minor) as debits, sum(credit_minor) as credits
          from "journal_line" where entry_id = new.entry_id group by currency
        ) per_currency where debits <> credits;
        if unbalanced is not null then
          raise exception 'journal % is unbalanced: %', new.entry_id, unbalanced using errcode = 'integrity_constraint_violation';
        end if;
        if (select count(*) from "journal_line" where entry_id = new.entry_id) < 2 then
          raise exception 'journal % needs at least two lines', new.entry_id using errcode = 'integrity_constraint_violation';
        end if;
        return null;
      end $$;`);
    this.addSql(
      `create constraint trigger journal_line_balanced after insert on "journal_line" deferrable initially deferred for each row execute function journal_must_balance();`,
    );
  }
}
