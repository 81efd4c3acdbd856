import { Migration } from '@mikro-orm/migrations';

/**
 * Fewer writes per batch in a settlement run (issue 16's benchmark):
 * - A batch's idempotency key is `settle_` + its id (domain `settlementIdempotencyKey`), so it is
 *   unique because the id is: a check says so instead of a second unique index written per batch.
 * - Settlement entities are moved on by every run (cut-off, settled-through state): room on each
 *   page lets those updates be heap-only (HOT), writing no index entry. Rows written from now on get it.
 * - Each entity's in-transit and reserve accounts are opened with it, like its payable account, so a
 *   run opens none (those of entities created earlier are opened here, at zero).
 */
export class Migration20261204170000_settlement_run_writes extends Migration {
  override name = 'Migration20261204170000_settlement_run_writes';

  override up(): void | Promise<void> {
    this.addSql(`alter table "settlement_batch" drop constraint "settlement_batch_idempotency_key_unique";`);
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_idempotency_key_check" check ("idempotency_key" = 'settle_' || "id");`);
    this.addSql(`alter table "settlement_entity" set (fillfactor = 50);`);
    for (const [code, name] of [
      ['2220', 'Payout in transit'],
      ['2210', 'Settlement reserve'],
    ])
      this.addSql(`insert into "ledger_account" ("id", "business_id", "mode", "code", "name", "type", "currency", "party")
        select 'la_' || replace(e.business_id, 'biz_', '') || '_' || e.mode || '_${code}_' || e.payout_currency || '_' || replace(e.id, 'se_', ''),
               e.business_id, e.mode, '${code}', '${name}', 'LIABILITY', e.payout_currency, e.id
          from "settlement_entity" e
        on conflict do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "settlement_entity" reset (fillfactor);`);
    this.addSql(`alter table "settlement_batch" drop constraint "settlement_batch_idempotency_key_check";`);
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_idempotency_key_unique" unique ("idempotency_key");`);
  }
}
