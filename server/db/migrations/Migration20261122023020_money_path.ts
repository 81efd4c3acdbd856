import { Migration } from '@mikro-orm/migrations';

export class Migration20261122023020_money_path extends Migration {
  override name = 'Migration20261122023020_money_path';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "document_sequence" ("id" bigserial primary key, "business_id" varchar(40) not null, "mode" text not null, "prefix" varchar(10) not null, "year" int not null, "last_value" int not null);`,
    );
    this.addSql(
      `alter table "document_sequence" add constraint "document_sequence_business_id_mode_prefix_year_unique" unique ("business_id", "mode", "prefix", "year");`,
    );

    this.addSql(
      `create table "invoice" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "number" varchar(40) not null, "customer_name" varchar(200) not null, "customer_email" varchar(254) not null, "currency" varchar(3) not null, "line_items" jsonb not null, "total_minor" bigint not null, "amount_paid_minor" bigint not null, "status" text not null, "due_date" varchar(10) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "invoice" add constraint "invoice_business_id_mode_number_unique" unique ("business_id", "mode", "number");`);

    this.addSql(
      `create table "journal_entry" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "description" varchar(200) not null, "source" varchar(80) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "journal_entry_source_index" on "journal_entry" ("source");`);

    this.addSql(
      `create table "ledger_account" ("id" varchar(80) not null, "business_id" varchar(40) not null, "mode" text not null, "code" varchar(10) not null, "name" varchar(100) not null, "type" text not null, "currency" varchar(3) not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "ledger_account" add constraint "ledger_account_business_id_mode_code_currency_unique" unique ("business_id", "mode", "code", "currency");`,
    );

    this.addSql(
      `create table "journal_line" ("id" bigserial primary key, "entry_id" varchar(40) not null, "account_id" varchar(80) not null, "currency" varchar(3) not null, "debit_minor" bigint not null, "credit_minor" bigint not null);`,
    );
    this.addSql(`create index "journal_line_entry_id_index" on "journal_line" ("entry_id");`);
    this.addSql(`create index "journal_line_account_id_index" on "journal_line" ("account_id");`);

    this.addSql(
      `create table "outbox_event" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "type" varchar(60) not null, "payload" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "outbox_event_business_id_index" on "outbox_event" ("business_id");`);

    this.addSql(
      `create table "partner_webhook_delivery" ("id" bigserial primary key, "partner" varchar(20) not null, "partner_payment_id" varchar(100) null, "raw_body" text not null, "signature" varchar(200) not null, "received_at" timestamptz not null);`,
    );
    this.addSql(`create index "partner_webhook_delivery_partner_payment_id_index" on "partner_webhook_delivery" ("partner_payment_id");`);

    this.addSql(
      `create table "payment_link" ("id" varchar(40) not null, "short_code" varchar(16) not null, "business_id" varchar(40) not null, "mode" text not null, "invoice_id" varchar(40) not null, "status" text not null, "allow_partial_payment" boolean not null, "callback_url" varchar(2048) null, "metadata" jsonb not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "payment_link" add constraint "payment_link_short_code_unique" unique ("short_code");`);
    this.addSql(`create index "payment_link_invoice_id_index" on "payment_link" ("invoice_id");`);
    this.addSql(`create index "payment_link_expires_at_index" on "payment_link" ("expires_at");`);

    this.addSql(
      `create table "payment" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "partner" varchar(20) not null, "partner_payment_id" varchar(100) not null, "reference" varchar(100) null, "checkout_id" varchar(60) null, "payment_link_id" varchar(40) null, "invoice_id" varchar(40) null, "currency" varchar(3) not null, "amount_minor" bigint not null, "applied_minor" bigint not null, "customer_credit_minor" bigint not null, "suspense_minor" bigint not null, "exception" varchar(40) null, "paid_at" timestamptz not null, "created_at" timestamptz not null, "journal_entry_id" varchar(40) not null, "response" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "payment_payment_link_id_index" on "payment" ("payment_link_id");`);
    this.addSql(`create index "payment_invoice_id_index" on "payment" ("invoice_id");`);
    this.addSql(`alter table "payment" add constraint "payment_partner_partner_payment_id_unique" unique ("partner", "partner_payment_id");`);

    this.addSql(
      `create table "receipt" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "number" varchar(40) not null, "payment_id" varchar(40) not null, "invoice_id" varchar(40) null, "currency" varchar(3) not null, "amount_minor" bigint not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "receipt" add constraint "receipt_payment_id_unique" unique ("payment_id");`);
    this.addSql(`create index "receipt_invoice_id_index" on "receipt" ("invoice_id");`);
    this.addSql(`alter table "receipt" add constraint "receipt_business_id_mode_number_unique" unique ("business_id", "mode", "number");`);

    this.addSql(
      `alter table "document_sequence" add constraint "document_sequence_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(`alter table "document_sequence" add constraint "document_sequence_mode_check" check ("mode" in ('TEST', 'LIVE'));`);

    this.addSql(`alter table "invoice" add constraint "invoice_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "invoice" add constraint "invoice_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "invoice" add constraint "invoice_status_check" check ("status" in ('OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID'));`);

    this.addSql(`alter table "journal_entry" add constraint "journal_entry_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_mode_check" check ("mode" in ('TEST', 'LIVE'));`);

    this.addSql(`alter table "ledger_account" add constraint "ledger_account_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_type_check" check ("type" in ('ASSET', 'LIABILITY', 'INCOME'));`);

    this.addSql(`alter table "journal_line" add constraint "journal_line_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id");`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_account_id_foreign" foreign key ("account_id") references "ledger_account" ("id");`);
    this.addSql(
      `alter table "journal_line" add constraint "journal_line_one_side_check" check ((debit_minor > 0 and credit_minor = 0) or (debit_minor = 0 and credit_minor > 0));`,
    );

    this.addSql(`alter table "outbox_event" add constraint "outbox_event_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_mode_check" check ("mode" in ('TEST', 'LIVE'));`);

    this.addSql(`alter table "payment_link" add constraint "payment_link_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "payment_link" add constraint "payment_link_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`);
    this.addSql(`alter table "payment_link" add constraint "payment_link_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "payment_link" add constraint "payment_link_status_check" check ("status" in ('ACTIVE', 'PAID', 'EXPIRED', 'CANCELED'));`);

    this.addSql(`alter table "payment" add constraint "payment_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(
      `alter table "payment" add constraint "payment_payment_link_id_foreign" foreign key ("payment_link_id") references "payment_link" ("id") on delete set null;`,
    );
    this.addSql(`alter table "payment" add constraint "payment_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete set null;`);
    this.addSql(`alter table "payment" add constraint "payment_journal_entry_id_foreign" foreign key ("journal_entry_id") references "journal_entry" ("id");`);
    this.addSql(`alter table "payment" add constraint "payment_mode_check" check ("mode" in ('TEST', 'LIVE'));`);

    this.addSql(`alter table "receipt" add constraint "receipt_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "receipt" add constraint "receipt_payment_id_foreign" foreign key ("payment_id") references "payment" ("id");`);
    this.addSql(`alter table "receipt" add constraint "receipt_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete set null;`);
    this.addSql(`alter table "receipt" add constraint "receipt_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    // Journals are immutable and balanced per currency, enforced here and not only in code.
    this.addSql(`create function journal_is_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'journals are immutable: % on % refused', tg_op, tg_table_name using errcode = 'integrity_constraint_violation';
      end $$;`);
    this.addSql(`create trigger journal_entry_immutable before update or delete on "journal_entry" for each row execute function journal_is_immutable();`);
    this.addSql(`create trigger journal_line_immutable before update or delete on "journal_line" for each row execute function journal_is_immutable();`);
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

  override down(): void | Promise<void> {
    this.addSql(`alter table "payment_link" drop constraint "payment_link_invoice_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_invoice_id_foreign";`);
    this.addSql(`alter table "receipt" drop constraint "receipt_invoice_id_foreign";`);
    this.addSql(`alter table "journal_line" drop constraint "journal_line_entry_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_journal_entry_id_foreign";`);
    this.addSql(`alter table "journal_line" drop constraint "journal_line_account_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_payment_link_id_foreign";`);
    this.addSql(`alter table "receipt" drop constraint "receipt_payment_id_foreign";`);

    this.addSql(`drop table if exists "document_sequence" cascade;`);
    this.addSql(`drop table if exists "invoice" cascade;`);
    this.addSql(`drop table if exists "journal_entry" cascade;`);
    this.addSql(`drop table if exists "ledger_account" cascade;`);
    this.addSql(`drop table if exists "journal_line" cascade;`);
    this.addSql(`drop table if exists "outbox_event" cascade;`);
    this.addSql(`drop table if exists "partner_webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "payment_link" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop table if exists "receipt" cascade;`);
  }
}
