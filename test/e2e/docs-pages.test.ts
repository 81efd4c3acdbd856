import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { repoRoot, startStack, type Stack } from '../support/process.ts';

/** /docs as a developer opens it: offline (nothing from another origin), under its CSP, at two widths and both schemes. */
let stack: Stack;
let browser: Browser;
const shots = join(repoRoot, 'test-results', 'screenshots');
beforeAll(async () => {
  stack = await startStack('docs', { PLATFORM_ADMIN_KEY: 'pk_admin_docs-operator-key-0123456789abcdef' });
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A small OpenAPI 3.1 document, for when this server answers /openapi.json with one of its own. */
const SAMPLE_OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'pay-checkout', version: '0.1.0', description: 'Sample document for the docs page test.' },
  paths: {
    '/health': {
      get: {
        summary: 'Health check',
        operationId: 'health',
        tags: ['Health'],
        responses: { '200': { description: 'Up', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
};

async function open(path: string, options: { width: number; dark: boolean; openapi?: 'server' | 'sample' }) {
  const context = await browser.newContext({ viewport: { width: options.width, height: 900 }, colorScheme: options.dark ? 'dark' : 'light' });
  const page = await context.newPage();
  const elsewhere: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (options.openapi === 'sample' && requested === `${stack.url}/openapi.json`) return route.fulfill({ json: SAMPLE_OPENAPI });
    if (requested.startsWith(stack.url) || requested.startsWith('blob:') || requested.startsWith('data:')) return route.continue();
    elsewhere.push(requested);
    return route.abort();
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource.*404/.test(message.text())) problems.push(message.text());
  });
  await page.goto(`${stack.url}${path}`, { waitUntil: 'load' });
  return { page, context, elsewhere, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });

describe('/docs', () => {
  it('says plainly when this server has no OpenAPI document, and loads nothing from elsewhere', async () => {
    const status = (await fetch(`${stack.url}/openapi.json`)).status;
    const { page, context, elsewhere, problems } = await open('/docs', { width: 1280, dark: false, openapi: 'server' });
    try {
      if (status === 404) {
        await page.locator('#api-unavailable').waitFor({ state: 'visible', timeout: 20_000 });
        expect(await page.locator('#api-unavailable').innerText()).toContain('not available');
        expect(await page.locator('#api-unavailable [data-status]').innerText()).toBe('404');
        await shot(page, 'docs-api-unavailable-1280-light');
      } else {
        await page.locator('.scalar-app, .references-layout').first().waitFor({ timeout: 30_000 });
      }
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const width of [1280, 390])
    for (const dark of [false, true]) {
      const name = `${width}-${dark ? 'dark' : 'light'}`;
      it(`renders an OpenAPI document with Scalar from our own origin (${name})`, async () => {
        const { page, context, elsewhere, problems } = await open('/docs', { width, dark, openapi: 'sample' });
        try {
          await page.getByText('Health check').first().waitFor({ timeout: 30_000 });
          await page.waitForTimeout(500);
          await shot(page, `docs-api-${name}`);
          expect(elsewhere).toEqual([]);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      });

      it(`renders a guide from docs/*.md with no script (${name})`, async () => {
        const { page, context, elsewhere, problems } = await open('/docs/receiving-webhooks', { width, dark });
        try {
          await expect(page.locator('main h1').innerText()).resolves.toContain('Receiving webhooks');
          expect(await page.locator('script').count()).toBe(0);
          expect(await page.locator('main pre code').count()).toBeGreaterThan(2);
          // Links between guides lead to their pages here.
          expect(await page.locator('main a[href="/docs/events"]').count()).toBeGreaterThan(0);
          await shot(page, `docs-guide-${name}`);
          expect(elsewhere).toEqual([]);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }

  it('lists every guide, and the event catalogue with every event type', async () => {
    const { page, context } = await open('/docs/events', { width: 1280, dark: false });
    try {
      const guides = await page.locator('.docs-sidebar a').allInnerTexts();
      expect(guides).toEqual(
        expect.arrayContaining([
          'Quick start',
          'Collecting money',
          'Embedding the checkout',
          'Receiving webhooks',
          'Event catalogue',
          'Partner webhooks',
          'Going live',
        ]),
      );
      expect(await page.locator('main h3 code').allInnerTexts()).toEqual(
        expect.arrayContaining(['payment.received', 'settlement_entity.updated', 'till_alias.payment']),
      );
      await shot(page, 'docs-events-1280-light');
    } finally {
      await context.close();
    }
  });
});
