import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';
import { openDatabase } from '../../server/db/orm.ts';

export const TEMPLATE_DATABASE = 'pay_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser connection string; each test file makes its own database from the template. */
    postgresAdminUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run: embedded in a scratch folder, or the server in DATABASE_URL.
 * The migrations run once into a template database; every test file copies it.
 */
export default async function setup(project: TestProject) {
  let cluster: EmbeddedDatabase | undefined;
  let scratch: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    scratch = mkdtempSync(join(tmpdir(), 'pay-test-pg-'));
    cluster = await startEmbeddedPostgres(scratch);
    adminUrl = cluster.adminUrl;
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const orm = await openDatabase(templateUrl.toString());
  await orm.close();

  project.provide('postgresAdminUrl', adminUrl);
  return async () => {
    await cluster?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
}
