import { Migration } from '@mikro-orm/migrations';

export class Migration20261122023918_tap_to_pay extends Migration {
  override name = 'Migration20261122023918_tap_to_pay';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "tap_to_pay_session" ("id" varchar(60) not null, "business_id" varchar(40) not null, "mode" text not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "description" varchar(140) not null, "invoice_id" varchar(40) null, "customer_id" varchar(100) null, "device_id" varchar(100) not null, "status" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "tap_to_pay_session_invoice_id_index" on "tap_to_pay_session" ("invoice_id");`);
    this.addSql(`create index "tap_to_pay_session_expires_at_index" on "tap_to_pay_session" ("expires_at");`);

    this.addSql(
      `alter table "tap_to_pay_session" add constraint "tap_to_pay_session_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "tap_to_pay_session" add constraint "tap_to_pay_session_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete set null;`,
    );
    this.addSql(`alter table "tap_to_pay_session" add constraint "tap_to_pay_session_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(
      `alter table "tap_to_pay_session" add constraint "tap_to_pay_session_status_check" check ("status" in ('AWAITING_TAP', 'COMPLETED', 'EXPIRED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "tap_to_pay_session" cascade;`);
  }
}
