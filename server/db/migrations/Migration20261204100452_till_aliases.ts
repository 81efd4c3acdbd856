import { Migration } from '@mikro-orm/migrations';

/**
 * Till aliases (issue 15): Lipa numbers drawn from one platform-wide sequence (never reused: a
 * sequence does not roll back), and TIPS notifications that moved no money.
 */
export class Migration20261204100452_till_aliases extends Migration {
  override name = 'Migration20261204100452_till_aliases';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "till_alias_number_seq" minvalue 1 start 1 no cycle;`);
    this.addSql(
      `create table "till_alias" ("id" varchar(40) not null, "alias" varchar(12) not null, "business_id" varchar(40) not null, "mode" text not null, "app_id" varchar(40) not null, "settlement_entity_id" varchar(40) not null, "name" varchar(200) not null, "memo" varchar(200) null, "currency" varchar(3) not null, "merchant_amount_minor" bigint not null, "fee_minor" bigint not null, "expected_total_minor" bigint not null, "fee_rate_basis_points" int not null, "payment_mode" text not null, "status" text not null, "is_active" boolean not null, "amount_paid_minor" bigint not null, "payment_count" int not null, "failed_attempt_count" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deactivated_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "till_alias" add constraint "till_alias_alias_unique" unique ("alias");`);
    this.addSql(`create index "till_alias_settlement_entity_id_index" on "till_alias" ("settlement_entity_id");`);
    this.addSql(`create index "till_alias_business_id_mode_app_id_index" on "till_alias" ("business_id", "mode", "app_id");`);

    this.addSql(
      `create table "till_alias_failed_attempt" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "till_alias_id" varchar(40) not null, "partner" varchar(20) not null, "partner_payment_id" varchar(100) not null, "result" varchar(40) not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "till_alias_failed_attempt_till_alias_id_index" on "till_alias_failed_attempt" ("till_alias_id");`);
    this.addSql(
      `alter table "till_alias_failed_attempt" add constraint "till_alias_failed_attempt_partner_partner_payment_id_unique" unique ("partner", "partner_payment_id");`,
    );

    this.addSql(`alter table "till_alias" add constraint "till_alias_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "till_alias" add constraint "till_alias_app_id_foreign" foreign key ("app_id") references "app" ("id");`);
    this.addSql(
      `alter table "till_alias" add constraint "till_alias_settlement_entity_id_foreign" foreign key ("settlement_entity_id") references "settlement_entity" ("id");`,
    );
    this.addSql(`alter table "till_alias" add constraint "till_alias_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "till_alias" add constraint "till_alias_payment_mode_check" check ("payment_mode" in ('EXACT', 'PARTIAL_AND_OVER'));`);
    this.addSql(`alter table "till_alias" add constraint "till_alias_status_check" check ("status" in ('OPEN', 'PARTIALLY_PAID', 'PAID'));`);

    this.addSql(
      `alter table "till_alias_failed_attempt" add constraint "till_alias_failed_attempt_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "till_alias_failed_attempt" add constraint "till_alias_failed_attempt_till_alias_id_foreign" foreign key ("till_alias_id") references "till_alias" ("id");`,
    );
    this.addSql(`alter table "till_alias_failed_attempt" add constraint "till_alias_failed_attempt_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "till_alias_number_seq";`);
    this.addSql(`alter table "till_alias_failed_attempt" drop constraint "till_alias_failed_attempt_till_alias_id_foreign";`);

    this.addSql(`drop table if exists "till_alias" cascade;`);
    this.addSql(`drop table if exists "till_alias_failed_attempt" cascade;`);
  }
}
