import { Migration } from '@mikro-orm/migrations';

export class Migration20261122020701_init extends Migration {
  override name = 'Migration20261122020701_init';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "business" ("id" varchar(40) not null, "name" varchar(200) not null, "plan" text not null, "country" varchar(2) not null, "default_currency" varchar(3) not null, "allowed_origins" text[] not null default '{}', "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "business" add constraint "business_plan_check" check ("plan" in ('RETAIL', 'ENTERPRISE'));`);

    this.addSql(
      `create table "api_key" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "name" varchar(200) not null, "scopes" text[] not null, "secret_hash" varchar(64) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "api_key_business_id_index" on "api_key" ("business_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_mode_check" check ("mode" in ('TEST', 'LIVE'));`);

    this.addSql(
      `create table "idempotency_key" ("id" bigserial primary key, "scope" varchar(60) not null, "business_id" varchar(40) null, "mode" text null, "key" varchar(255) not null, "request_hash" varchar(64) not null, "state" text not null, "locked_until" timestamptz not null, "response_status" int null, "response_body" text null, "response_content_type" varchar(100) null, "created_at" timestamptz not null, "expires_at" timestamptz not null);`,
    );
    this.addSql(`create index "idempotency_key_business_id_index" on "idempotency_key" ("business_id");`);
    this.addSql(`create index "idempotency_key_expires_at_index" on "idempotency_key" ("expires_at");`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_scope_key_unique" unique ("scope", "key");`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_state_check" check ("state" in ('RUNNING', 'COMPLETED'));`);

    this.addSql(`alter table "api_key" add constraint "api_key_business_id_foreign" foreign key ("business_id") references "business" ("id");`);

    this.addSql(
      `alter table "idempotency_key" add constraint "idempotency_key_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete set null;`,
    );

    // The rate limiter's counters (rate-limiter-flexible's own layout), shared by every instance.
    this.addSql(`create table "rate_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);
  }
}
