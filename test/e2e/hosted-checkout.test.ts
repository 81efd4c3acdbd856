import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { accessibilityViolations, launchChromium } from '../support/browser.ts';
import { graphqlAt, startServerProcess, type ServerProcess } from '../support/process.ts';

const ADMIN_KEY = 'pk_admin_hosted-operator';
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
    const key = (await graphqlAt(pages.url, ADMIN_KEY, `mutation { createBusiness(input: { name: "Hosted Shop", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`))
      .createBusiness.testSecretKey;
    const invoiceId = (await graphqlAt(pages.url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: { customer: { name: 'Ada', email: 'ada@example.com' }, currency: 'NGN', lineItems: [{ description: 'Dress', quantity: 1, unitAmountMinor: 53_750_000 }], dueDate: '2026-12-31' },
    })).createInvoice.invoice.id;
    const link = (await graphqlAt(pages.url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id paymentUrl } } }`, {
      input: { invoiceId },
    })).createPaymentLink.paymentLink;

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
        event: 'payment.completed', paymentId: 'hosted-1', paymentLinkId: link.id, sessionId: null, amountKobo: 53_750_000,
        currency: 'NGN', reference: null, timestamp: new Date().toISOString(), metadata: {},
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

    const key = (await graphqlAt(checkoutServer.url, ADMIN_KEY, `mutation { createBusiness(input: { name: "Framed Shop", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`))
      .createBusiness.testSecretKey;
    const invoiceId = (await graphqlAt(checkoutServer.url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: { customer: { name: 'Ada', email: 'ada@example.com' }, currency: 'NGN', lineItems: [{ description: 'Bag', quantity: 1, unitAmountMinor: 1_000_000 }], dueDate: '2026-12-31' },
    })).createInvoice.invoice.id;
    const linkId = (await graphqlAt(checkoutServer.url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
      input: { invoiceId },
    })).createPaymentLink.paymentLink.id;
    const embedUrl = `${checkoutServer.url}/p/${linkId}?embed=1`;
    const allowedParent = await startParent(embedUrl);
    const strangerParent = await startParent(embedUrl);

    const settings = await graphqlAt(checkoutServer.url, key, `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { business { allowedOrigins } userErrors { code } } }`, {
      input: { allowedOrigins: [allowedParent] },
    });
    expect(settings.updateCheckoutSettings.business.allowedOrigins).toEqual([allowedParent]);
    const bad = await graphqlAt(checkoutServer.url, key, `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { userErrors { code } } }`, {
      input: { allowedOrigins: ['https://shop.example.com/path'] },
    });
    expect(bad.updateCheckoutSettings.userErrors[0].code).toBe('INVALID_ORIGIN');
    expect((await fetch(embedUrl)).headers.get('content-security-policy')).toBe(`frame-ancestors 'self' ${allowedParent}`);

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
});
