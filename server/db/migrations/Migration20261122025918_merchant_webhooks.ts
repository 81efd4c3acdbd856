import { Migration } from '@mikro-orm/migrations';

export class Migration20261122025918_merchant_webhooks extends Migration {
  override name = 'Migration20261122025918_merchant_webhooks';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "app" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "app_id" varchar(40) not null, "name" varchar(200) not null, "callback_url" varchar(2048) not null, "status" text not null, "disabled_reason" varchar(200) null, "sealed_secret" text not null, "sealed_previous_secret" text null, "previous_secret_expires_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "app" add constraint "app_business_id_mode_app_id_unique" unique ("business_id", "mode", "app_id");`);

    this.addSql(
      `create table "webhook_delivery" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "event_id" varchar(40) not null, "app_id" varchar(40) not null, "status" text not null, "attempts" int not null, "claimed_at" timestamptz null, "next_attempt_at" timestamptz null, "last_status_code" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_delivery_event_id_index" on "webhook_delivery" ("event_id");`);
    this.addSql(`create index "webhook_delivery_app_id_index" on "webhook_delivery" ("app_id");`);
    this.addSql(`create index "webhook_delivery_status_index" on "webhook_delivery" ("status");`);
    this.addSql(`create index "webhook_delivery_next_attempt_at_index" on "webhook_delivery" ("next_attempt_at");`);

    this.addSql(
      `create table "webhook_attempt" ("id" bigserial primary key, "delivery_id" varchar(40) not null, "attempt_number" int not null, "attempted_at" timestamptz not null, "status_code" int null, "latency_ms" int not null, "error" varchar(500) null, "request_body" text not null, "response_body" text null);`,
    );
    this.addSql(`create index "webhook_attempt_delivery_id_index" on "webhook_attempt" ("delivery_id");`);

    this.addSql(`alter table "outbox_event" add "dispatched_at" timestamptz null;`);
    this.addSql(`create index "outbox_event_dispatched_at_index" on "outbox_event" ("dispatched_at");`);

    this.addSql(`alter table "app" add constraint "app_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
    this.addSql(`alter table "app" add constraint "app_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`alter table "app" add constraint "app_status_check" check ("status" in ('ACTIVE', 'DISABLED'));`);

    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_event_id_foreign" foreign key ("event_id") references "outbox_event" ("id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_app_id_foreign" foreign key ("app_id") references "app" ("id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED'));`,
    );

    this.addSql(
      `alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_app_id_foreign";`);
    this.addSql(`alter table "webhook_attempt" drop constraint "webhook_attempt_delivery_id_foreign";`);

    this.addSql(`drop table if exists "app" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_attempt" cascade;`);

    this.addSql(`drop index "outbox_event_dispatched_at_index";`);
    this.addSql(`alter table "outbox_event" drop column "dispatched_at";`);
  }
}
