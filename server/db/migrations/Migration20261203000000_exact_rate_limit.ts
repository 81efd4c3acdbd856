import { Migration } from '@mikro-orm/migrations';

export class Migration20261203000000_exact_rate_limit extends Migration {
  override name = 'Migration20261203000000_exact_rate_limit';

  override up(): void | Promise<void> {
    // Our own lease counters replace rate-limiter-flexible's layout: per key and window (its end, ms
    // since the epoch), the points granted in it and what the last lease granted.
    // Unlogged: counters of one-second windows need no WAL, and losing them in a crash costs nothing.
    // Every lease but a window's first updates its row in place, so pages keep room for HOT updates.
    this.addSql(`drop table "rate_limit";`);
    this.addSql(
      `create unlogged table "rate_limit" ("key" varchar(255) not null, "window_end" bigint not null, "used" integer not null, "granted" integer not null, constraint "rate_limit_pkey" primary key ("key", "window_end"), constraint "rate_limit_used_check" check ("used" >= 0), constraint "rate_limit_granted_check" check ("granted" >= 0)) with (fillfactor = 70);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "rate_limit";`);
    this.addSql(`create table "rate_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);
  }
}
