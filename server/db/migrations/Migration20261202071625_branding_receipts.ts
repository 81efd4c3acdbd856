import { Migration } from '@mikro-orm/migrations';

/**
 * Branding per business (logo, colour, support contact, the "secured by" line) and uploaded logos;
 * the partner's payment method; receipts get an unguessable token for their page (existing ones
 * too).
 */
export class Migration20261202071625_branding_receipts extends Migration {
  override name = 'Migration20261202071625_branding_receipts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "business_logo" ("id" varchar(64) not null, "business_id" varchar(40) not null, "mode" text not null, "content_type" varchar(20) not null, "bytes" bytea not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "business_logo" add constraint "business_logo_mode_check" check ("mode" in ('TEST', 'LIVE'));`);
    this.addSql(`create index "business_logo_business_id_index" on "business_logo" ("business_id");`);

    this.addSql(
      `alter table "business" add "logo_url" varchar(2048) null, add "brand_color" varchar(7) null, add "support_email" varchar(254) null, add "support_phone" varchar(16) null, add "show_secured_by" boolean not null default true;`,
    );

    this.addSql(`alter table "payment" add "method" varchar(20) null;`);

    // Receipts written before this get a token too (gen_random_uuid is a strong random source; 244 bits, hashed).
    this.addSql(`alter table "receipt" add "token" varchar(64) null;`);
    this.addSql(`update "receipt" set "token" = encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex');`);
    this.addSql(`alter table "receipt" alter column "token" set not null;`);
    this.addSql(`alter table "receipt" add constraint "receipt_token_unique" unique ("token");`);

    this.addSql(`alter table "business_logo" add constraint "business_logo_business_id_foreign" foreign key ("business_id") references "business" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "business_logo" cascade;`);

    this.addSql(
      `alter table "business" drop column "logo_url", drop column "brand_color", drop column "support_email", drop column "support_phone", drop column "show_secured_by";`,
    );

    this.addSql(`alter table "payment" drop column "method";`);

    this.addSql(`alter table "receipt" drop constraint "receipt_token_unique";`);
    this.addSql(`alter table "receipt" drop column "token";`);
  }
}
