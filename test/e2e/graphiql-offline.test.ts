import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';
import { launchChromium } from '../support/browser.ts';
import { repoRoot, startServerProcess, type ServerProcess } from '../support/process.ts';

let cluster: EmbeddedDatabase;
let scratch: string;
let server: ServerProcess;
let url: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pay-graphiql-'));
  cluster = await startEmbeddedPostgres(scratch);
  await cluster.createDatabase('graphiql');
  const port = await freePort();
  server = await startServerProcess({
    PORT: String(port),
    DATABASE_URL: cluster.urlFor('graphiql'),
    PLATFORM_ADMIN_KEY: 'pk_admin_graphiql-operator-0123456789abcdef',
  });
  url = `http://127.0.0.1:${port}`;
}, 120_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('GraphiQL without internet', () => {
  it('renders its editor with every request answered by our own server', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      // Offline: anything for another origin fails, and is noted.
      await page.route('**/*', (route) => {
        const requested = route.request().url();
        if (requested.startsWith(url) || requested.startsWith('blob:') || requested.startsWith('data:')) return route.continue();
        elsewhere.push(requested);
        return route.abort();
      });
      const failed: string[] = [];
      page.on('requestfailed', (request) => failed.push(request.url()));
      await page.goto(`${url}/graphql`, { waitUntil: 'load' });
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      await page.locator('.graphiql-query-editor').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      mkdirSync(join(repoRoot, 'test-results', 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(repoRoot, 'test-results', 'screenshots', 'graphiql-offline.png') });
      expect(elsewhere).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
