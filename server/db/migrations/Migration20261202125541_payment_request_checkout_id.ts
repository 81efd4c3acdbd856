import { Migration } from '@mikro-orm/migrations';

/**
 * A payment request's checkout goes by an unguessable id (`preq_` and 192 random bits), not by
 * the request's time-ordered id: the page shows the customer's CNPJ and order. Requests written
 * before this get one too (24 bytes of a SHA-256 over two gen_random_uuid()s, base64url).
 */
export class Migration20261202125541_payment_request_checkout_id extends Migration {
  override name = 'Migration20261202125541_payment_request_checkout_id';

  override up(): void | Promise<void> {
    this.addSql(`alter table "payment_request" add "checkout_id" varchar(64) null;`);
    this.addSql(
      `update "payment_request" set "checkout_id" = 'preq_' || translate(encode(substring(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')) from 1 for 24), 'base64'), '+/', '-_');`,
    );
    this.addSql(`alter table "payment_request" alter column "checkout_id" set not null;`);
    this.addSql(`alter table "payment_request" add constraint "payment_request_checkout_id_unique" unique ("checkout_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "payment_request" drop constraint "payment_request_checkout_id_unique";`);
    this.addSql(`alter table "payment_request" drop column "checkout_id";`);
  }
}
