// Writes a migration for the difference between the entities and the migrations in the repo:
// starts a throwaway embedded PostgreSQL, applies the existing migrations, diffs, writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded.ts';
import { openDatabase } from './orm.ts';

const scratch = mkdtempSync(join(tmpdir(), 'pay-migrate-'));
const cluster = await startEmbeddedPostgres(scratch);
try {
  await cluster.createDatabase('scratch');
  const orm = await openDatabase(cluster.urlFor('scratch'));
  const initial = (await orm.migrator.getExecuted()).length === 0;
  const result = await orm.migrator.create(undefined, false, initial, process.argv[2]);
  console.log(result.diff.up.length ? `wrote ${result.fileName}` : 'entities and migrations agree: nothing to write');
  await orm.close();
} finally {
  await cluster.stop();
  rmSync(scratch, { recursive: true, force: true });
}
