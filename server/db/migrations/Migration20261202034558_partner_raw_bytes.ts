import { Migration } from '@mikro-orm/migrations';

/** Partner deliveries keep their bytes exactly (what the signature covers), not a decoded copy. */
export class Migration20261202034558_partner_raw_bytes extends Migration {
  override name = 'Migration20261202034558_partner_raw_bytes';

  override up(): void | Promise<void> {
    // convert_to, not a ::bytea cast: a cast would read backslashes in the JSON as bytea escapes.
    this.addSql(`alter table "partner_webhook_delivery" alter column "raw_body" type bytea using convert_to("raw_body", 'UTF8');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "partner_webhook_delivery" alter column "raw_body" type text using convert_from("raw_body", 'UTF8');`);
  }
}
