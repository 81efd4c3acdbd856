// `npm run bench`: every benchmark, each printing its figure as a ratio against a baseline run here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { benchGraphQLThroughput } from './graphql-throughput.ts';

const scratch = mkdtempSync(join(tmpdir(), 'pay-bench-'));
const cluster = await startEmbeddedPostgres(scratch);
try {
  await cluster.createDatabase('bench');
  await benchGraphQLThroughput(cluster.urlFor('bench'));
} finally {
  await cluster.stop();
  rmSync(scratch, { recursive: true, force: true });
}
