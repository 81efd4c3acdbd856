import { Migration } from '@mikro-orm/migrations';

/**
 * KYC per settlement entity (issue 15): its status (existing entities start PENDING), the documents
 * the operator has received, the details the per-entity list asks for, and the audit trail of
 * status changes. Self-contained: only settlement_entity and its new table.
 */
export class Migration20261204094520_settlement_entity_kyc extends Migration {
  override name = 'Migration20261204094520_settlement_entity_kyc';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "settlement_entity_kyc_event" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "settlement_entity_id" varchar(40) not null, "from_status" text null, "to_status" text not null, "reason" varchar(1000) not null, "actor" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "settlement_entity" add "trading_name" varchar(200) null, add "physical_address" varchar(500) null, add "contact_name" varchar(200) null, add "contact_role" varchar(100) null, add "contact_email" varchar(254) null, add "contact_phone" varchar(16) null, add "kyc_status" text not null default 'PENDING', add "kyc_documents" text[] not null default '{}', add "updated_at" timestamptz null;`,
    );
    this.addSql(`alter table "settlement_entity" alter column "kyc_status" drop default, alter column "kyc_documents" drop default;`);
    this.addSql(
      `alter table "settlement_entity" add constraint "settlement_entity_kyc_status_check" check ("kyc_status" in ('PENDING', 'APPROVED', 'REJECTED'));`,
    );
    this.addSql(
      `alter table "settlement_entity_kyc_event" add constraint "settlement_entity_kyc_event_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "settlement_entity_kyc_event" add constraint "settlement_entity_kyc_event_settlement_entity_id_foreign" foreign key ("settlement_entity_id") references "settlement_entity" ("id");`,
    );
    this.addSql(`create index "settlement_entity_kyc_event_settlement_entity_id_index" on "settlement_entity_kyc_event" ("settlement_entity_id");`);
    this.addSql(`alter table "settlement_entity_kyc_event" add constraint "settlement_entity_kyc_event_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(
      `alter table "settlement_entity_kyc_event" add constraint "settlement_entity_kyc_event_from_status_check" check ("from_status" in ('PENDING', 'APPROVED', 'REJECTED'));`,
    );
    this.addSql(
      `alter table "settlement_entity_kyc_event" add constraint "settlement_entity_kyc_event_to_status_check" check ("to_status" in ('PENDING', 'APPROVED', 'REJECTED'));`,
    );
    this.addSql(
      `alter table "settlement_entity_kyc_event" add constraint "settlement_entity_kyc_event_actor_check" check ("actor" in ('OPERATOR', 'MERCHANT'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "settlement_entity_kyc_event" cascade;`);
    this.addSql(`alter table "settlement_entity" drop constraint "settlement_entity_kyc_status_check";`);
    this.addSql(
      `alter table "settlement_entity" drop column "trading_name", drop column "physical_address", drop column "contact_name", drop column "contact_role", drop column "contact_email", drop column "contact_phone", drop column "kyc_status", drop column "kyc_documents", drop column "updated_at";`,
    );
  }
}
