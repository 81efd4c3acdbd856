import { Migration } from '@mikro-orm/migrations';

export class Migration20261122084823_lean_delivery_indexes extends Migration {
  override name = 'Migration20261122084823_lean_delivery_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "outbox_event_business_id_index";`);
    this.addSql(`drop index "outbox_event_dispatched_at_index";`);
    this.addSql(`create index "outbox_event_pending_index" on "outbox_event" ("id") where "dispatched_at" is null;`);

    this.addSql(`drop index "webhook_delivery_next_attempt_at_index";`);
    this.addSql(`drop index "webhook_delivery_status_index";`);
    this.addSql(`create index "webhook_delivery_due_index" on "webhook_delivery" ("next_attempt_at") where "status" = 'PENDING';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "outbox_event_pending_index";`);
    this.addSql(`create index "outbox_event_business_id_index" on "outbox_event" ("business_id");`);
    this.addSql(`create index "outbox_event_dispatched_at_index" on "outbox_event" ("dispatched_at");`);

    this.addSql(`drop index "webhook_delivery_due_index";`);
    this.addSql(`create index "webhook_delivery_next_attempt_at_index" on "webhook_delivery" ("next_attempt_at");`);
    this.addSql(`create index "webhook_delivery_status_index" on "webhook_delivery" ("status");`);
  }
}
