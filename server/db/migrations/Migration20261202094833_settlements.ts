import { Migration } from '@mikro-orm/migrations';

/**
 * Settlements (issue 16): payout schedule details, delay, fee and reserve rule on the entity; batches,
 * their lines (each payable ledger line at most once), reserve holds and chargebacks.
 */
export class Migration20261202094833_settlements extends Migration {
  override name = 'Migration20261202094833_settlements';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "settlement_batch" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "settlement_entity_id" varchar(40) not null, "currency" varchar(3) not null, "status" text not null, "trigger" text not null, "cutoff_at" timestamptz not null, "payments_up_to" timestamptz not null, "gross_minor" bigint not null, "reserve_minor" bigint not null, "fee_minor" bigint not null, "amount_minor" bigint not null, "idempotency_key" varchar(60) not null, "attempt" int not null default 0, "journal_entry_id" varchar(40) not null, "machine_reference" varchar(100) null, "failure_reason" varchar(500) null, "submitted_at" timestamptz null, "paid_at" timestamptz null, "failed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(
      `create index "settlement_batch_business_id_mode_settlement_entity_id_index" on "settlement_batch" ("business_id", "mode", "settlement_entity_id");`,
    );
    this.addSql(
      `alter table "settlement_batch" add constraint "settlement_batch_settlement_entity_id_cutoff_at_unique" unique ("settlement_entity_id", "cutoff_at");`,
    );

    this.addSql(
      `create table "reserve_hold" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "settlement_entity_id" varchar(40) not null, "batch_id" varchar(40) not null, "currency" varchar(3) not null, "amount_minor" bigint not null, "remaining_minor" bigint not null, "release_at" timestamptz not null, "released_at" timestamptz null, "release_journal_entry_id" varchar(40) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "reserve_hold_settlement_entity_id_index" on "reserve_hold" ("settlement_entity_id");`);
    this.addSql(`create index "reserve_hold_release_at_index" on "reserve_hold" ("release_at");`);

    this.addSql(
      `create table "chargeback" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "payment_id" varchar(40) not null, "settlement_entity_id" varchar(40) not null, "currency" varchar(3) not null, "amount_minor" bigint not null, "from_reserve_minor" bigint not null, "from_payable_minor" bigint not null, "reason" varchar(500) not null, "journal_entry_id" varchar(40) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "chargeback_payment_id_index" on "chargeback" ("payment_id");`);
    this.addSql(`create index "chargeback_settlement_entity_id_index" on "chargeback" ("settlement_entity_id");`);

    this.addSql(
      `create table "settlement_line" ("id" bigserial primary key, "business_id" varchar(40) not null, "mode" text not null, "batch_id" varchar(40) not null, "kind" text not null, "journal_line_id" bigint null, "journal_entry_id" varchar(40) not null, "payment_id" varchar(40) null, "amount_minor" bigint not null);`,
    );
    this.addSql(`create index "settlement_line_batch_id_index" on "settlement_line" ("batch_id");`);
    this.addSql(`alter table "settlement_line" add constraint "settlement_line_journal_line_id_unique" unique ("journal_line_id");`);

    this.addSql(
      `alter table "settlement_entity" add "payout_weekday" smallint null, add "payout_day_of_month" smallint null, add "payout_delay_days" int not null default 0, add "payout_fee_minor" bigint null, add "reserve_percent_basis_points" int not null default 0, add "reserve_minimum_minor" bigint not null default '0', add "reserve_hold_days" int not null default 0, add "last_cutoff_at" timestamptz null;`,
    );

    this.addSql(
      `alter table "settlement_batch" add constraint "settlement_batch_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "settlement_batch" add constraint "settlement_batch_settlement_entity_id_foreign" foreign key ("settlement_entity_id") references "settlement_entity" ("id");`,
    );
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(
      `alter table "settlement_batch" add constraint "settlement_batch_status_check" check ("status" in ('PENDING', 'SUBMITTED', 'UNKNOWN', 'FAILED', 'PAID'));`,
    );
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_trigger_check" check ("trigger" in ('SCHEDULED', 'MANUAL'));`);

    this.addSql(`alter table "reserve_hold" add constraint "reserve_hold_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(
      `alter table "reserve_hold" add constraint "reserve_hold_settlement_entity_id_foreign" foreign key ("settlement_entity_id") references "settlement_entity" ("id");`,
    );
    this.addSql(`alter table "reserve_hold" add constraint "reserve_hold_batch_id_foreign" foreign key ("batch_id") references "settlement_batch" ("id");`);
    this.addSql(`alter table "reserve_hold" add constraint "reserve_hold_mode_check" check ("mode" in ('TEST', 'LIVE'));`);

    this.addSql(`alter table "chargeback" add constraint "chargeback_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(
      `alter table "chargeback" add constraint "chargeback_settlement_entity_id_foreign" foreign key ("settlement_entity_id") references "settlement_entity" ("id");`,
    );
    this.addSql(`alter table "chargeback" add constraint "chargeback_mode_check" check ("mode" in ('TEST', 'LIVE'));`);

    // No foreign keys on settlement_line (see its entity): per-row key checks were most of a run's time.
    this.addSql(`alter table "settlement_line" add constraint "settlement_line_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(
      `alter table "settlement_line" add constraint "settlement_line_kind_check" check ("kind" in ('PAYMENT', 'CHARGEBACK', 'RESERVE_RELEASE', 'RESERVE_HOLD', 'PAYOUT_FEE'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "reserve_hold" drop constraint "reserve_hold_batch_id_foreign";`);

    this.addSql(`drop table if exists "settlement_batch" cascade;`);
    this.addSql(`drop table if exists "reserve_hold" cascade;`);
    this.addSql(`drop table if exists "chargeback" cascade;`);
    this.addSql(`drop table if exists "settlement_line" cascade;`);

    this.addSql(
      `alter table "settlement_entity" drop column "payout_weekday", drop column "payout_day_of_month", drop column "payout_delay_days", drop column "payout_fee_minor", drop column "reserve_percent_basis_points", drop column "reserve_minimum_minor", drop column "reserve_hold_days", drop column "last_cutoff_at";`,
    );
  }
}
