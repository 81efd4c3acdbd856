import { Migration } from '@mikro-orm/migrations';

/**
 * Installment financing (issue 14): payment requests, financed payments and their uploaded
 * invoices, the PostgreSQL document store, and EXPENSE ledger accounts (the financing cost).
 */
export class Migration20261202094635_financing extends Migration {
  override name = 'Migration20261202094635_financing';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "payment_request" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "status" text not null, "currency" varchar(3) not null, "amount_minor" bigint not null, "installments_count_min" int not null, "installments_count_max" int not null, "customer_tax_id" varchar(14) null, "order_id" varchar(100) null, "order_description" varchar(1000) null, "meta" jsonb not null, "merchant_subsidy_type" text not null, "merchant_subsidy_rate" varchar(20) null, "merchant_subsidy_amount_minor" bigint null, "months_until_first_payment" int null, "first_installment_date" varchar(10) null, "invoice_id" varchar(40) null, "expires_on" varchar(10) not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "payment_request_invoice_id_index" on "payment_request" ("invoice_id");`);
    this.addSql(`create index "payment_request_expires_at_index" on "payment_request" ("expires_at");`);

    this.addSql(
      `create table "financed_payment" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "payment_request_id" varchar(40) not null, "status" text not null, "invoice_status" text not null, "currency" varchar(3) not null, "amount_minor" bigint not null, "merchant_subsidy_amount_minor" bigint not null, "merchant_subsidy_rate" varchar(20) not null, "merchant_fee_minor" bigint not null, "merchant_total_amount_minor" bigint not null, "installments_count" int not null, "quote" jsonb not null, "months_until_first_payment" int not null, "first_installment_date" varchar(10) not null, "customer_cnpj" varchar(14) not null, "customer_id" varchar(100) null, "customer_legal_name" varchar(200) null, "lender" varchar(40) not null, "cancel_reason" varchar(500) null, "merchant_recourse_rate" varchar(20) null, "authorized_at" timestamptz null, "capture_by" timestamptz null, "lender_paid_at" timestamptz null, "journal_entry_id" varchar(40) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "financed_payment_payment_request_id_index" on "financed_payment" ("payment_request_id");`);
    this.addSql(`create index "financed_payment_capture_by_index" on "financed_payment" ("capture_by");`);
    // One payment at a time per request: a refused (canceled) one leaves room for another try.
    this.addSql(`create unique index "financed_payment_one_live_per_request" on "financed_payment" ("payment_request_id") where "status" <> 'CANCELED';`);

    this.addSql(
      `create table "financed_payment_invoice" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "financed_payment_id" varchar(40) not null, "number" varchar(60) not null, "kind" text not null, "content_type" varchar(40) not null, "size_bytes" int not null, "sha256" varchar(64) not null, "storage_key" varchar(80) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "financed_payment_invoice" add constraint "financed_payment_invoice_financed_payment_id_number_unique" unique ("financed_payment_id", "number");`,
    );

    this.addSql(
      `create table "stored_document" ("key" varchar(80) not null, "business_id" varchar(40) not null, "mode" text not null, "content_type" varchar(40) not null, "bytes" bytea not null, "created_at" timestamptz not null, primary key ("key"));`,
    );

    this.addSql(`alter table "ledger_account" drop constraint "ledger_account_type_check";`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_type_check" check ("type" in ('ASSET', 'LIABILITY', 'INCOME', 'EXPENSE'));`);

    this.addSql(`alter table "payment_request" add constraint "payment_request_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(
      `alter table "payment_request" add constraint "payment_request_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete set null;`,
    );
    this.addSql(`alter table "payment_request" add constraint "payment_request_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "payment_request" add constraint "payment_request_status_check" check ("status" in ('OPEN', 'FINANCED', 'EXPIRED', 'CANCELED'));`);
    this.addSql(
      `alter table "payment_request" add constraint "payment_request_merchant_subsidy_type_check" check ("merchant_subsidy_type" in ('NONE', 'RATE', 'AMOUNT', 'FREE'));`,
    );

    this.addSql(
      `alter table "financed_payment" add constraint "financed_payment_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "financed_payment" add constraint "financed_payment_payment_request_id_foreign" foreign key ("payment_request_id") references "payment_request" ("id");`,
    );
    this.addSql(`alter table "financed_payment" add constraint "financed_payment_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(
      `alter table "financed_payment" add constraint "financed_payment_status_check" check ("status" in ('INITIALIZED', 'AUTHORIZED', 'CAPTURED', 'SETTLED', 'CANCELED'));`,
    );
    this.addSql(
      `alter table "financed_payment" add constraint "financed_payment_invoice_status_check" check ("invoice_status" in ('AWAITING', 'SUBMITTED', 'COMPLETED'));`,
    );

    this.addSql(
      `alter table "financed_payment_invoice" add constraint "financed_payment_invoice_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "financed_payment_invoice" add constraint "financed_payment_invoice_financed_payment_id_foreign" foreign key ("financed_payment_id") references "financed_payment" ("id");`,
    );
    this.addSql(`alter table "financed_payment_invoice" add constraint "financed_payment_invoice_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "financed_payment_invoice" add constraint "financed_payment_invoice_kind_check" check ("kind" in ('PDF', 'NFE_XML'));`);

    this.addSql(`alter table "stored_document" add constraint "stored_document_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "stored_document" add constraint "stored_document_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "financed_payment" drop constraint "financed_payment_payment_request_id_foreign";`);
    this.addSql(`alter table "financed_payment_invoice" drop constraint "financed_payment_invoice_financed_payment_id_foreign";`);

    this.addSql(`drop table if exists "payment_request" cascade;`);
    this.addSql(`drop table if exists "financed_payment" cascade;`);
    this.addSql(`drop table if exists "financed_payment_invoice" cascade;`);
    this.addSql(`drop table if exists "stored_document" cascade;`);

    this.addSql(`alter table "ledger_account" drop constraint "ledger_account_type_check";`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_type_check" check ("type" in ('ASSET', 'LIABILITY', 'INCOME'));`);
  }
}
