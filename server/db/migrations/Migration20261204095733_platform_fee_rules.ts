import { Migration } from '@mikro-orm/migrations';

/** Per-business and per-entity overrides of the platform fee (issue 15), dated, only ever added. */
export class Migration20261204095733_platform_fee_rules extends Migration {
  override name = 'Migration20261204095733_platform_fee_rules';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "platform_fee_rule" ("id" varchar(40) not null, "business_id" varchar(40) not null, "mode" text not null, "settlement_entity_id" varchar(40) null, "currency" varchar(3) not null, "rate_basis_points" int not null, "minimum_minor" bigint not null, "maximum_minor" bigint null, "effective_from" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "platform_fee_rule_settlement_entity_id_index" on "platform_fee_rule" ("settlement_entity_id");`);
    this.addSql(`create index "platform_fee_rule_business_id_mode_currency_index" on "platform_fee_rule" ("business_id", "mode", "currency");`);

    this.addSql(
      `alter table "platform_fee_rule" add constraint "platform_fee_rule_business_id_foreign" foreign key ("business_id") references "business" ("id");`,
    );
    this.addSql(
      `alter table "platform_fee_rule" add constraint "platform_fee_rule_settlement_entity_id_foreign" foreign key ("settlement_entity_id") references "settlement_entity" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "platform_fee_rule" add constraint "platform_fee_rule_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "platform_fee_rule" cascade;`);
  }
}
