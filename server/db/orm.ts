import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import { entities } from './entities.ts';

const migrationsPath = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Tables with no entity (the rate limiter's counters, written in plain SQL; the ledger's journals
 * awaiting their balance check at commit), created by our migrations.
 */
export const TABLES_WITHOUT_ENTITIES = ['rate_limit', 'journal_balance_pending'];

export interface OrmOptions {
  debug?: boolean;
  poolMax?: number;
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`): a crash may undo the last
   * few hundred milliseconds of commits, whole transactions only. For bookkeeping that is safe to
   * redo, such as at-least-once webhook delivery; never for money.
   */
  asyncCommit?: boolean;
}

export function ormConfig(clientUrl: string, options: OrmOptions = {}) {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    ...(options.asyncCommit ? { driverOptions: { options: '-c synchronous_commit=off' } } : {}),
    // Entities are plain classes with no decorators, so discovery needs no TypeScript tooling.
    discovery: { checkDuplicateTableNames: true },
    // The ledger's integrity triggers and functions are hand-written in migrations; the diff leaves them be.
    schemaGenerator: { skipTables: TABLES_WITHOUT_ENTITIES, ignoreTriggers: true, ignoreRoutines: true },
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d).ts',
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  });
}

/** Connects and brings the schema up to date; the migrations in the repo are the only source. */
export async function openDatabase(clientUrl: string, options: { poolMax?: number } = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(clientUrl, options));
  await orm.migrator.up();
  return orm;
}
