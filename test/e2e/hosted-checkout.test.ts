import { cspDirective } from '../support/csp.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { accessibilityViolations, launchChromium } from '../support/browser.ts';
import { graphqlAt, liveKeyAt, startServerProcess, type ServerProcess } from '../support/process.ts';

const ADMIN_KEY = 'pk_admin_hosted-operator-0123456789abcdef';
const PARTNER_SECRET = 'hosted-partner-secret';

let cluster: EmbeddedDatabase;
let scratch: string;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pay-hosted-'));
  cluster = await startEmbeddedPostgres(scratch);
  await cluster.createDatabase('hosted');
});
afterAll(async () => {
  for (const server of servers) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A plain page server on another origin (a storefront, a thank-you page): path → HTML. */
const pageServers: Server[] = [];
async function startPages(pages: Record<string, string>): Promise<string> {
  const server = createServer((request, response) => {
    const page = pages[request.url?.split('?')[0] ?? ''];
    if (page === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageServers.push(server);
  // localhost, not 127.0.0.1: a different origin from the checkout server's.
  return `http://localhost:${(server.address() as { port: number }).port}`;
}
afterAll(() => {
  for (const server of pageServers) server.close();
});

async function onboardTestBusiness(url: string, name: string): Promise<string> {
  return (
    await graphqlAt(
      url,
      ADMIN_KEY,
      `mutation ($name: String!) { createBusiness(input: { name: $name, plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`,
      { name },
    )
  ).createBusiness.testSecretKey;
}

/** A test key, and a live key for the checkout settings only a live key may change. */
async function onboardWithLiveKey(url: string, name: string): Promise<{ key: string; liveKey: string }> {
  const created = (
    await graphqlAt(
      url,
      ADMIN_KEY,
      `mutation ($name: String!) { createBusiness(input: { name: $name, plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { business { id } testSecretKey } }`,
      { name },
    )
  ).createBusiness;
  return { key: created.testSecretKey, liveKey: await liveKeyAt(url, ADMIN_KEY, created.business.id) };
}

async function createLink(url: string, key: string, amountMinor: number, link: Record<string, unknown> = {}): Promise<string> {
  const invoiceId = (
    await graphqlAt(url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: {
        customer: { name: 'Ada', email: 'ada@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'Cloth', quantity: 1, unitAmountMinor: amountMinor }],
        dueDate: '2026-12-31',
      },
    })
  ).createInvoice.invoice.id;
  const created = await graphqlAt(
    url,
    key,
    `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } userErrors { code message } } }`,
    {
      input: { invoiceId, ...link },
    },
  );
  if (!created.createPaymentLink.paymentLink) throw new Error(JSON.stringify(created.createPaymentLink.userErrors));
  return created.createPaymentLink.paymentLink.id;
}

/** What has focus, looking through shadow roots, and how its focus is drawn. */
function focused(page: import('playwright-core').Page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const style = active ? getComputedStyle(active) : null;
    return {
      text: active?.textContent?.trim() ?? null,
      focusVisible: active?.matches(':focus-visible') ?? false,
      outlineStyle: style?.outlineStyle ?? null,
      outlineWidth: parseFloat(style?.outlineWidth ?? '0'),
    };
  });
}

async function startServer(): Promise<{ url: string }> {
  const port = await freePort();
  const server = await startServerProcess({
    PORT: String(port),
    DATABASE_URL: cluster.urlFor('hosted'),
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
    WEBHOOK_DELIVERY: 'off',
  });
  servers.push(server);
  return { url: `http://127.0.0.1:${port}` };
}

describe('the hosted checkout page', () => {
  it('turns to paid without a reload when a second server process reconciles the payment', async () => {
    const pages = await startServer();
    const webhooks = await startServer();
    const key = (
      await graphqlAt(
        pages.url,
        ADMIN_KEY,
        `mutation { createBusiness(input: { name: "Hosted Shop", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`,
      )
    ).createBusiness.testSecretKey;
    const invoiceId = (
      await graphqlAt(pages.url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
        input: {
          customer: { name: 'Ada', email: 'ada@example.com' },
          currency: 'NGN',
          lineItems: [{ description: 'Dress', quantity: 1, unitAmountMinor: 53_750_000 }],
          dueDate: '2026-12-31',
        },
      })
    ).createInvoice.invoice.id;
    const link = (
      await graphqlAt(pages.url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id paymentUrl } } }`, {
        input: { invoiceId },
      })
    ).createPaymentLink.paymentLink;

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${pages.url}/p/${link.id}`);
      const amount = page.locator('pay-checkout').locator('[part="amount"]');
      await amount.waitFor();
      expect(await amount.textContent()).toBe('₦537,500.00');
      const status = page.locator('pay-checkout').locator('[part="status"]');
      expect(await status.getAttribute('data-status')).toBe('ACTIVE');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.evaluate(() => {
        (window as unknown as { paid: boolean }).paid = false;
        document.addEventListener('pay-success', () => ((window as unknown as { paid: boolean }).paid = true));
      });
      await page.waitForTimeout(300); // the live subscription is set up after the first read

      const raw = JSON.stringify({
        event: 'payment.completed',
        paymentId: 'hosted-1',
        paymentLinkId: link.id,
        sessionId: null,
        amountKobo: 53_750_000,
        currency: 'NGN',
        reference: null,
        timestamp: new Date().toISOString(),
        metadata: {},
      });
      const started = Date.now();
      const delivery = await fetch(`${webhooks.url}/v1/webhooks/alat-payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(PARTNER_SECRET, raw) },
        body: raw,
      });
      const answer = await delivery.json();
      expect(delivery.status).toBe(200);

      await page.waitForFunction(() => (window as unknown as { paid: boolean }).paid === true, undefined, { timeout: 2_000 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await status.getAttribute('data-status')).toBe('PAID');
      expect(await status.textContent()).toContain(answer.data.receiptNumber);
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('in an iframe, tells an allowed parent its height and status, and cannot be framed by anyone else', async () => {
    const checkoutServer = await startServer();
    const parents: Server[] = [];
    const startParent = async (checkoutUrl: string) => {
      const server = createServer((_request, response) =>
        response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html lang="en"><title>Shop</title>
<script>window.messages = []; addEventListener('message', (event) => window.messages.push({ origin: event.origin, data: event.data }));</script>
<iframe title="Checkout" src="${checkoutUrl}" style="width: 30rem; height: 30rem"></iframe></html>`),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      parents.push(server);
      return `http://localhost:${(server.address() as { port: number }).port}`;
    };

    const { key, liveKey } = await onboardWithLiveKey(checkoutServer.url, 'Framed Shop');
    const linkId = await createLink(checkoutServer.url, key, 1_000_000, { redirectUrl: 'https://shop.example.com/thanks' });
    const embedUrl = `${checkoutServer.url}/p/${linkId}?embed=1`;
    const allowedParent = await startParent(embedUrl);
    const strangerParent = await startParent(embedUrl);

    const settings = await graphqlAt(
      checkoutServer.url,
      liveKey,
      `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { business { allowedOrigins } userErrors { code } } }`,
      {
        input: { allowedOrigins: [allowedParent] },
      },
    );
    expect(settings.updateCheckoutSettings.business.allowedOrigins).toEqual([allowedParent]);
    const bad = await graphqlAt(
      checkoutServer.url,
      liveKey,
      `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { userErrors { code } } }`,
      {
        input: { allowedOrigins: ['https://shop.example.com/path'] },
      },
    );
    expect(bad.updateCheckoutSettings.userErrors[0].code).toBe('INVALID_ORIGIN');
    expect(cspDirective((await fetch(embedUrl)).headers.get('content-security-policy'), 'frame-ancestors')).toBe(`frame-ancestors 'self' ${allowedParent}`);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(allowedParent);
      const messages = () => page.evaluate(() => (window as unknown as { messages: Array<{ origin: string; data: any }> }).messages);
      await page.waitForFunction(() => (window as any).messages.some((m: any) => m.data.type === 'pay-ready'), undefined, { timeout: 5_000 });
      const ready = await messages();
      expect(ready.every((m) => m.origin === checkoutServer.url && m.data.source === 'pay-checkout')).toBe(true);
      expect(ready.find((m) => m.data.type === 'height')!.data.height).toBeGreaterThan(100);
      expect(ready.find((m) => m.data.type === 'pay-ready')!.data.status).toBe('ACTIVE');

      await page.waitForTimeout(300); // the live subscription is set up after the first read
      const frame = page.frameLocator('iframe');
      await frame.locator('pay-checkout').getByRole('button', { name: 'Pay (test): card' }).click();
      await page.waitForFunction(() => (window as any).messages.some((m: any) => m.data.type === 'pay-success'), undefined, { timeout: 5_000 });
      expect((await messages()).find((m) => m.data.type === 'pay-success')!.data).toMatchObject({ status: 'PAID', amountDueMinor: 0 });
      // After the paid moment the frame does not leave for the redirect URL itself: it asks the parent to.
      await page.waitForFunction(() => (window as any).messages.some((m: any) => m.data.type === 'redirect'), undefined, { timeout: 10_000 });
      expect((await messages()).find((m) => m.data.type === 'redirect')!.data.url).toBe('https://shop.example.com/thanks');
      expect(page.frames()[1]!.url()).toBe(embedUrl);
      const framedStatus = frame.locator('pay-checkout').locator('[part="status"]');
      await framedStatus.filter({ hasNotText: 'Redirecting' }).waitFor();
      expect(await frame.locator('pay-checkout').getByRole('link', { name: 'Return to shop.example.com' }).getAttribute('target')).toBe('_top');

      // Another site framing it: the browser refuses (frame-ancestors), so it hears nothing.
      const stranger = await browser.newPage();
      await stranger.goto(strangerParent);
      await stranger.waitForTimeout(1_500);
      expect(await stranger.evaluate(() => (window as any).messages)).toEqual([]);
    } finally {
      await browser.close();
      for (const server of parents) server.close();
    }
  });

  it('can be paid with the keyboard alone: a declined card fails visibly, a retry pays, and the customer is taken back to the shop', async () => {
    const server = await startServer();
    const key = await onboardTestBusiness(server.url, 'Keyboard Shop');
    const shop = await startPages({ '/thanks': '<!doctype html><html lang="en"><title>Thanks</title><h1>Thank you for your order</h1></html>' });
    const linkId = await createLink(server.url, key, 250_000, { redirectUrl: `${shop}/thanks?order=7` });

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/p/${linkId}`);
      const checkout = page.locator('pay-checkout');
      const status = checkout.locator('[part="status"]');
      await checkout.locator('[part="amount"]').waitFor();
      await page.evaluate(() => {
        (window as any).errors = [];
        document.addEventListener('pay-error', (event: any) => (window as any).errors.push({ code: event.code, message: event.message }));
      });
      await page.waitForTimeout(300); // the live subscription is set up after the first read

      const tabTo = async (name: string) => {
        for (let presses = 0; presses < 12; presses++) {
          await page.keyboard.press('Tab');
          if ((await focused(page)).text === name) return;
        }
        throw new Error(`Tab never reached "${name}"`);
      };
      await tabTo('Pay (test): declined card');
      const ring = await focused(page);
      expect(ring.focusVisible).toBe(true);
      expect(ring.outlineStyle).not.toBe('none');
      expect(ring.outlineWidth).toBeGreaterThanOrEqual(2);

      await page.keyboard.press('Space');
      await page.waitForFunction(
        () => document.querySelector('pay-checkout')!.shadowRoot!.querySelector('[part="status"]')!.getAttribute('data-status') === 'FAILED',
      );
      expect(await status.textContent()).toBe('Payment failed. You can try again.');
      expect(await checkout.locator('[part="failure"]').textContent()).toBe('The test card was declined. No money moved.');
      expect(await page.evaluate(() => (window as any).errors)).toEqual([{ code: 'PAYMENT_FAILED', message: 'The test card was declined. No money moved.' }]);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect((await focused(page)).text).toBe('Pay (test): declined card'); // focus stays where the customer was

      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).text).toBe('Pay (test): card');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => document.querySelector('pay-checkout')!.shadowRoot!.querySelector('[part="status"]')!.getAttribute('data-status') === 'PAID',
        undefined,
        { timeout: 5_000 },
      );
      const paidAt = Date.now();
      expect(await status.textContent()).toMatch(/^Paid — receipt REC-\d{4}-\d{3}Redirecting you to localhost:\d+…$/);
      expect(await checkout.locator('[part="failure"]').count()).toBe(0);
      expect(await checkout.getByRole('link', { name: 'Continue now' }).getAttribute('href')).toBe(`${shop}/thanks?order=7`);

      await page.waitForURL(`${shop}/thanks?order=7`, { timeout: 10_000 });
      expect(Date.now() - paidAt).toBeGreaterThanOrEqual(1_500); // long enough to read that it was paid
      expect(await page.locator('h1').textContent()).toBe('Thank you for your order');

      // Coming back (the back button) shows the paid checkout without sending the customer off again.
      await page.goBack();
      await status.waitFor();
      await page.waitForFunction(
        () => document.querySelector('pay-checkout')!.shadowRoot!.querySelector('[part="status"]')?.getAttribute('data-status') === 'PAID',
      );
      await page.waitForTimeout(3_000);
      expect(page.url()).toBe(`${server.url}/p/${linkId}`);
      expect(await checkout.getByRole('link', { name: /^Return to localhost:\d+$/ }).count()).toBe(1);
    } finally {
      await browser.close();
    }
  });

  it('works on a page that includes only the classic <script src=".../widget/embed.js">', async () => {
    const server = await startServer();
    const key = await onboardTestBusiness(server.url, 'Script Shop');
    const linkId = await createLink(server.url, key, 1_234_500);
    const storefront = await startPages({
      '/': `<!doctype html><html lang="en"><head><title>Shop</title><script src="${server.url}/widget/embed.js"></script></head>
<body><main><h1>Your order</h1><pay-checkout checkout="${linkId}" server="${server.url}" locale="en"></pay-checkout></main></body></html>`,
    });
    const script = await fetch(`${server.url}/widget/embed.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).not.toMatch(/^\s*(import|export)\b|\bimport\s*\(|\bexport\s*\{/m); // a classic script, not a module

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(storefront);
      expect(await page.evaluate(() => document.querySelectorAll('script[type="module"]').length)).toBe(0);
      const checkout = page.locator('pay-checkout');
      await checkout.locator('[part="amount"]').waitFor();
      expect(await checkout.locator('[part="amount"]').textContent()).toBe('₦12,345.00');
      expect(await checkout.locator('[part="merchant"]').textContent()).toBe('Script Shop (test mode)');
      await page.waitForTimeout(300); // the live subscription is set up after the first read
      await checkout.getByRole('button', { name: 'Pay (test): bank transfer' }).click();
      await page.waitForFunction(
        () => document.querySelector('pay-checkout')!.shadowRoot!.querySelector('[part="status"]')!.getAttribute('data-status') === 'PAID',
        undefined,
        { timeout: 5_000 },
      );
      expect(await checkout.locator('[part="status"]').textContent()).toMatch(/^Paid — receipt REC-\d{4}-\d{3}$/);
      // The bare element on a storefront does not navigate away: that is for the hosted page.
      expect(page.url()).toBe(`${storefront}/`);
    } finally {
      await browser.close();
    }
  });
});
