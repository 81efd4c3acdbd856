import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/db/embedded.ts';
import { launchChromium } from '../support/browser.ts';
import { startServerProcess } from '../support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'pay-e2e-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function graphql(url: string, query: string, key?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

describe('npm start on a fresh machine', () => {
  it('serves the API, health and demo on embedded PostgreSQL, stops cleanly and keeps its data', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await startServerProcess({ PORT: String(port), DATA_DIR: dataDir });
    const demoKey = /Demo business test secret key[^:]*: (sk_test_\S+)/.exec(first.output())?.[1];
    expect(demoKey, first.output()).toBeDefined();
    expect(first.output()).toContain(`GraphQL API:  ${url}/graphql`);
    expect(first.output()).toContain(`Demo store:   ${url}/demo/`);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await graphql(url, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    const adminKey = readFileSync(join(dataDir, 'platform-admin-key'), 'utf8').trim();
    expect(first.output()).toContain(adminKey);
    expect((await graphql(url, '{ viewer { isPlatformAdmin } }', adminKey)).data.viewer.isPlatformAdmin).toBe(true);
    expect((await graphql(url, '{ viewer { business { name } mode } }', demoKey)).data.viewer).toEqual({
      business: { name: 'Demo Storefront' },
      mode: 'TEST',
    });

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${url}/demo/`);
      expect(await page.locator('h1').textContent()).toBe('Demo storefront');

      // The demo's own backend creates the order; the inline checkout pays in the sandbox.
      await page.locator('button[data-product="ankara-dress"]').click();
      const inline = page.locator('#inline pay-checkout');
      await inline.locator('[part="amount"]').waitFor();
      expect(await inline.locator('[part="amount"]').textContent()).toBe('₦25,000.00');
      expect(await page.locator('#frame').getAttribute('src')).toMatch(/^\/p\/pl_\w+\?embed=1$/);
      await page.waitForTimeout(300); // the live subscription is set up after the first read
      await inline.getByRole('button', { name: 'Pay (test): card' }).click();
      await inline.locator('[part="status"][data-status="PAID"]').waitFor({ timeout: 5_000 });
      expect(await page.locator('#order-status').textContent()).toMatch(/is paid\.$/);

      // The community fund is a dynamic bill: give ₦200 by transfer to its virtual account.
      await page.locator('#give').click();
      const fund = page.locator('#fund-checkout pay-checkout');
      await fund.locator('[part="account-number"]').waitFor();
      expect(await fund.locator('[part="progress-label"]').textContent()).toBe('₦0.00 of ₦5,000.00 collected');
      await page.waitForTimeout(300);
      await fund.getByLabel('Amount to pay').fill('200');
      await fund.getByRole('button', { name: 'Pay (test): bank transfer' }).click();
      await page.waitForFunction(() => document.getElementById('order-status')!.textContent === 'The fund has collected 200 naira.', undefined, {
        timeout: 5_000,
      });
      expect(await fund.locator('[part="progress-label"]').textContent()).toBe('₦200.00 of ₦5,000.00 collected');
    } finally {
      await browser.close();
    }

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    // Second start on the same data: same database, the demo key is not printed again.
    const second = await startServerProcess({ PORT: String(port), DATA_DIR: dataDir });
    try {
      expect(second.output()).not.toContain('Demo business test secret key');
      expect(second.output()).toContain(adminKey);
      expect((await graphql(url, '{ viewer { mode } }', demoKey)).data.viewer.mode).toBe('TEST');
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  });
});
