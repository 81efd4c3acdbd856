import { Migration } from '@mikro-orm/migrations';

/** A TOTP code signs in once: the last time step used is kept. */
export class Migration20261204160000_totp_last_step extends Migration {
  override name = 'Migration20261204160000_totp_last_step';

  override up(): void | Promise<void> {
    this.addSql(`alter table "dashboard_user" add column "totp_last_step" int null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "dashboard_user" drop column "totp_last_step";`);
  }
}
