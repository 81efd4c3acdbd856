import { Migration } from '@mikro-orm/migrations';

export class Migration20261122044731_redirect_url extends Migration {
  override name = 'Migration20261122044731_redirect_url';

  override up(): void | Promise<void> {
    this.addSql(`alter table "payment_link" add "redirect_url" varchar(2048) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "payment_link" drop column "redirect_url";`);
  }
}
