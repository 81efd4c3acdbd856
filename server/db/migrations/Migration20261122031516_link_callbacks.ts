import { Migration } from '@mikro-orm/migrations';

export class Migration20261122031516_link_callbacks extends Migration {
  override name = 'Migration20261122031516_link_callbacks';

  override up(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" add "target_url" varchar(2048) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop column "target_url";`);
  }
}
