import { Migration } from '@mikro-orm/migrations';

export class Migration20261122044407_bills extends Migration {
  override name = 'Migration20261122044407_bills';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "bill" ("id" varchar(40) not null, "payment_ref" varchar(24) not null, "business_id" varchar(40) not null, "mode" text not null, "type" text not null, "status" text not null, "currency" varchar(3) not null, "amount_minor" bigint null, "amount_paid_minor" bigint not null, "payment_count" int not null, "is_flexible" boolean not null, "minimum_amount_minor" bigint null, "maximum_amount_minor" bigint null, "target_amount_minor" bigint null, "email" varchar(254) not null, "narration" varchar(200) null, "external_ref" varchar(100) null, "redirect_url" varchar(2048) null, "callback_url" varchar(2048) null, "qrcode" boolean not null, "split" boolean not null, "subaccounts" jsonb not null, "virtual_account_number" varchar(20) null, "virtual_bank_name" varchar(100) null, "virtual_account_name" varchar(200) null, "expires_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "bill" add constraint "bill_payment_ref_unique" unique ("payment_ref");`);
    this.addSql(`alter table "bill" add constraint "bill_virtual_account_number_unique" unique ("virtual_account_number");`);
    this.addSql(`create index "bill_expires_at_index" on "bill" ("expires_at");`);

    this.addSql(
      `create table "settlement_entity" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "entity_id" varchar(64) not null, "name" varchar(200) not null, "settlement_method" text not null, "msisdn" varchar(16) null, "mobile_provider" varchar(40) null, "bank_name" varchar(100) null, "bank_account_number" varchar(34) null, "bank_account_name" varchar(200) null, "bank_branch" varchar(100) null, "bank_swift" varchar(11) null, "payout_schedule" text not null, "payout_min_amount_minor" bigint not null, "payout_currency" varchar(3) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "settlement_entity" add constraint "settlement_entity_business_id_mode_entity_id_unique" unique ("business_id", "mode", "entity_id");`,
    );

    this.addSql(`alter table "ledger_account" drop constraint "ledger_account_business_id_mode_code_currency_unique";`);
    this.addSql(`alter table "ledger_account" add "party" varchar(40) not null default '';`);
    this.addSql(
      `alter table "ledger_account" add constraint "ledger_account_business_id_mode_code_currency_party_unique" unique ("business_id", "mode", "code", "currency", "party");`,
    );

    this.addSql(`alter table "payment" add "bill_id" varchar(40) null, add "bill_payment_ref" varchar(40) null;`);
    this.addSql(`alter table "payment" add constraint "payment_bill_id_foreign" foreign key ("bill_id") references "bill" ("id") on delete set null;`);
    this.addSql(`create index "payment_bill_id_index" on "payment" ("bill_id");`);
    this.addSql(`alter table "payment" add constraint "payment_bill_payment_ref_unique" unique ("bill_payment_ref");`);

    this.addSql(`alter table "bill" add constraint "bill_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "bill" add constraint "bill_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "bill" add constraint "bill_type_check" check ("type" in ('REGULAR', 'DYNAMIC'));`);
    this.addSql(`alter table "bill" add constraint "bill_status_check" check ("status" in ('PENDING', 'ACTIVE', 'PAID', 'COMPLETED', 'EXPIRED', 'CANCELED'));`);

    this.addSql(
      `alter table "settlement_entity" add constraint "settlement_entity_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(`alter table "settlement_entity" add constraint "settlement_entity_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(
      `alter table "settlement_entity" add constraint "settlement_entity_settlement_method_check" check ("settlement_method" in ('BANK', 'MOBILE_MONEY'));`,
    );
    this.addSql(
      `alter table "settlement_entity" add constraint "settlement_entity_payout_schedule_check" check ("payout_schedule" in ('DAILY', 'WEEKLY', 'MONTHLY', 'MANUAL'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "payment" drop constraint "payment_bill_id_foreign";`);
    this.addSql(`drop table if exists "bill" cascade;`);
    this.addSql(`drop table if exists "settlement_entity" cascade;`);

    this.addSql(`alter table "ledger_account" drop constraint "ledger_account_business_id_mode_code_currency_party_unique";`);
    this.addSql(`alter table "ledger_account" drop column "party";`);
    this.addSql(
      `alter table "ledger_account" add constraint "ledger_account_business_id_mode_code_currency_unique" unique ("business_id", "mode", "code", "currency");`,
    );

    this.addSql(`drop index "payment_bill_id_index";`);
    this.addSql(`alter table "payment" drop constraint "payment_bill_payment_ref_unique";`);
    this.addSql(`alter table "payment" drop column "bill_id", drop column "bill_payment_ref";`);
  }
}
