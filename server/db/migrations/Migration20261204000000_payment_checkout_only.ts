import { Migration } from '@mikro-orm/migrations';

/**
 * A payment names its checkout by `checkout_id` alone, whatever its kind: the per-kind columns go
 * (filled into `checkout_id` first where a payment had only those), and `checkout_id` gets the index
 * their readers used.
 */
export class Migration20261204000000_payment_checkout_only extends Migration {
  override name = 'Migration20261204000000_payment_checkout_only';

  override up(): void | Promise<void> {
    this.addSql(
      `update "payment" set "checkout_id" = coalesce("payment_link_id", "bill_id") where "checkout_id" is null and coalesce("payment_link_id", "bill_id") is not null;`,
    );
    this.addSql(`alter table "payment" drop constraint "payment_payment_link_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_bill_id_foreign";`);
    this.addSql(`drop index "payment_payment_link_id_index";`);
    this.addSql(`drop index "payment_bill_id_index";`);
    this.addSql(`alter table "payment" drop column "payment_link_id", drop column "bill_id";`);
    this.addSql(`create index "payment_checkout_id_index" on "payment" ("checkout_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "payment_checkout_id_index";`);
    this.addSql(`alter table "payment" add "payment_link_id" varchar(40) null, add "bill_id" varchar(40) null;`);
    this.addSql(`update "payment" set "payment_link_id" = "checkout_id" where exists (select 1 from "payment_link" l where l.id = "payment"."checkout_id");`);
    this.addSql(`update "payment" set "bill_id" = "checkout_id" where exists (select 1 from "bill" b where b.id = "payment"."checkout_id");`);
    this.addSql(`create index "payment_payment_link_id_index" on "payment" ("payment_link_id");`);
    this.addSql(`create index "payment_bill_id_index" on "payment" ("bill_id");`);
    this.addSql(
      `alter table "payment" add constraint "payment_payment_link_id_foreign" foreign key ("payment_link_id") references "payment_link" ("id") on delete set null;`,
    );
    this.addSql(`alter table "payment" add constraint "payment_bill_id_foreign" foreign key ("bill_id") references "bill" ("id") on delete set null;`);
  }
}
