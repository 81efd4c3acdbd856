import { Migration } from '@mikro-orm/migrations';

/** A journal is idempotent by itself: one per source (a payment, an invoice), whoever posts it. */
export class Migration20261202044743_journal_source_unique extends Migration {
  override name = 'Migration20261202044743_journal_source_unique';

  override up(): void | Promise<void> {
    this.addSql(`drop index "journal_entry_source_index";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_unique" unique ("source");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_unique";`);
    this.addSql(`create index "journal_entry_source_index" on "journal_entry" ("source");`);
  }
}
