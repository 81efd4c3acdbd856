import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { repoRoot, startStack, type Stack } from '../support/process.ts';

let stack: Stack;
let url: string;
beforeAll(async () => {
  stack = await startStack('graphiql', { PLATFORM_ADMIN_KEY: 'pk_admin_graphiql-operator-0123456789abcdef' });
  url = stack.url;
}, 120_000);
afterAll(() => stack?.stop());

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
