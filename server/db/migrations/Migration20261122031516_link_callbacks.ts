import { Migration } from '@mikro-orm/migrations';

export class Migration20261122031516_link_callbacks extends Migration {

  override name = 'Migration20261122031516_link_callbacks';

  override up(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" add "target_url" varchar(2048) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "journal_entry_journal_entry_immutable_fn"() returns trigger as \$\$ begin ; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "journal_entry_immutable" BEFORE DELETE OR UPDATE on "journal_entry" for each ROW execute function "journal_entry_journal_entry_immutable_fn"();`);

    this.addSql(`create or replace function "journal_line_journal_line_balanced_fn"() returns trigger as \$\$ begin ; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "journal_line_balanced" AFTER INSERT on "journal_line" for each ROW execute function "journal_line_journal_line_balanced_fn"();`);
    this.addSql(`create or replace function "journal_line_journal_line_immutable_fn"() returns trigger as \$\$ begin ; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "journal_line_immutable" BEFORE DELETE OR UPDATE on "journal_line" for each ROW execute function "journal_line_journal_line_immutable_fn"();`);

    this.addSql(`alter table "webhook_delivery" drop column "target_url";`);
  }

}
