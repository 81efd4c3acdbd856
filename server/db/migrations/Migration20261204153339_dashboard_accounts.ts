import { Migration } from '@mikro-orm/migrations';

/** Dashboard accounts (issue 19): users, sessions (token hashes), SMS codes, recovery codes, passkeys. */
export class Migration20261204153339_dashboard_accounts extends Migration {
  override name = 'Migration20261204153339_dashboard_accounts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "dashboard_user" ("id" varchar(40) not null, "kind" text not null, "business_id" varchar(40) null, "email" varchar(254) not null, "role" text not null, "password_hash" varchar(200) not null, "password_temporary" boolean not null, "temporary_expires_at" timestamptz null, "temporary_used_at" timestamptz null, "phone" varchar(16) null, "totp_secret_sealed" varchar(200) null, "wrong_codes" int not null default 0, "locked_until" timestamptz null, "created_at" timestamptz not null, "removed_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "dashboard_user_business_id_index" on "dashboard_user" ("business_id");`);
    this.addSql(`alter table "dashboard_user" add constraint "dashboard_user_email_unique" unique ("email");`);

    this.addSql(
      `create table "dashboard_session" ("id" varchar(40) not null, "token_hash" varchar(64) not null, "user_id" varchar(40) not null, "stage" text not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "ended_at" timestamptz null, "pending_phone" varchar(16) null, "pending_totp_secret_sealed" varchar(200) null, "webauthn_challenge" varchar(200) null, primary key ("id"));`,
    );
    this.addSql(`alter table "dashboard_session" add constraint "dashboard_session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "dashboard_session_user_id_index" on "dashboard_session" ("user_id");`);

    this.addSql(
      `create table "passkey_credential" ("id" varchar(40) not null, "user_id" varchar(40) not null, "credential_id" varchar(1400) not null, "public_key" text not null, "counter" bigint not null, "transports" text[] not null default '{}', "created_at" timestamptz not null, "last_used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "passkey_credential_user_id_index" on "passkey_credential" ("user_id");`);
    this.addSql(`alter table "passkey_credential" add constraint "passkey_credential_credential_id_unique" unique ("credential_id");`);

    this.addSql(
      `create table "recovery_code" ("id" varchar(40) not null, "user_id" varchar(40) not null, "code_hash" varchar(64) not null, "created_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "recovery_code_user_id_index" on "recovery_code" ("user_id");`);

    this.addSql(
      `create table "sms_code" ("id" varchar(40) not null, "user_id" varchar(40) not null, "session_id" varchar(40) not null, "purpose" text not null, "phone" varchar(16) not null, "code_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "sms_code_user_id_index" on "sms_code" ("user_id");`);
    this.addSql(`create index "sms_code_session_id_index" on "sms_code" ("session_id");`);

    this.addSql(
      `alter table "dashboard_user" add constraint "dashboard_user_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete set null;`,
    );
    this.addSql(`alter table "dashboard_user" add constraint "dashboard_user_kind_check" check ("kind" in ('MERCHANT', 'OPERATOR'));`);
    this.addSql(
      `alter table "dashboard_user" add constraint "dashboard_user_role_check" check ("role" in ('OWNER', 'DEVELOPER', 'FINANCE', 'READ_ONLY', 'OPERATOR'));`,
    );

    this.addSql(
      `alter table "dashboard_session" add constraint "dashboard_session_user_id_foreign" foreign key ("user_id") references "dashboard_user" ("id");`,
    );
    this.addSql(
      `alter table "dashboard_session" add constraint "dashboard_session_stage_check" check ("stage" in ('CHANGE_PASSWORD', 'ENROL_FACTOR', 'VERIFY_FACTOR', 'DONE'));`,
    );

    this.addSql(
      `alter table "passkey_credential" add constraint "passkey_credential_user_id_foreign" foreign key ("user_id") references "dashboard_user" ("id");`,
    );

    this.addSql(`alter table "recovery_code" add constraint "recovery_code_user_id_foreign" foreign key ("user_id") references "dashboard_user" ("id");`);

    this.addSql(`alter table "sms_code" add constraint "sms_code_user_id_foreign" foreign key ("user_id") references "dashboard_user" ("id");`);
    this.addSql(`alter table "sms_code" add constraint "sms_code_session_id_foreign" foreign key ("session_id") references "dashboard_session" ("id");`);
    this.addSql(`alter table "sms_code" add constraint "sms_code_purpose_check" check ("purpose" in ('ENROL_SMS', 'SIGN_IN_SMS'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "dashboard_session" drop constraint "dashboard_session_user_id_foreign";`);
    this.addSql(`alter table "passkey_credential" drop constraint "passkey_credential_user_id_foreign";`);
    this.addSql(`alter table "recovery_code" drop constraint "recovery_code_user_id_foreign";`);
    this.addSql(`alter table "sms_code" drop constraint "sms_code_user_id_foreign";`);
    this.addSql(`alter table "sms_code" drop constraint "sms_code_session_id_foreign";`);

    this.addSql(`drop table if exists "dashboard_user" cascade;`);
    this.addSql(`drop table if exists "dashboard_session" cascade;`);
    this.addSql(`drop table if exists "passkey_credential" cascade;`);
    this.addSql(`drop table if exists "recovery_code" cascade;`);
    this.addSql(`drop table if exists "sms_code" cascade;`);
  }
}
