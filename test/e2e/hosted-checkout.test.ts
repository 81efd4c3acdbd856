import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
