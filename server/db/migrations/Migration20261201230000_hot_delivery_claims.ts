import { Migration } from '@mikro-orm/migrations';

export class Migration20261201230000_hot_delivery_claims extends Migration {
  override name = 'Migration20261201230000_hot_delivery_claims';

  override up(): void | Promise<void> {
    // Nothing looks deliveries up by event; the index only cost a write per delivery and per settle.
    this.addSql(`drop index "webhook_delivery_event_id_index";`);
    // Room on each page, so claiming an attempt (claimed_at, in no index) is a HOT update: no index writes.
    this.addSql(`alter table "webhook_delivery" set (fillfactor = 70);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" reset (fillfactor);`);
    this.addSql(`create index "webhook_delivery_event_id_index" on "webhook_delivery" ("event_id");`);
  }
}
