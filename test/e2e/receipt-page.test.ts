import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchChromium } from '../support/browser.ts';
import { graphqlAt, liveKeyAt, repoRoot, startStack, type Stack } from '../support/process.ts';
import { THREE_LINE_INVOICE } from '../support/invoices.ts';

const ADMIN_KEY = 'pk_admin_receipt-operator-0123456789abcdef';
const SHOTS = join(repoRoot, 'test-results', 'screenshots');

let stack: Stack;
let url: string;
beforeAll(async () => {
  stack = await startStack('receipts', { PLATFORM_ADMIN_KEY: ADMIN_KEY, PARTNER_WEBHOOK_SECRET: 'receipt-partner-secret', WEBHOOK_DELIVERY: 'off' });
  url = stack.url;
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);
afterAll(() => stack?.stop());

/** A branded business, a three-line invoice, a partial card payment: the receipt's URL. */
async function partialReceipt(): Promise<string> {
  const created = (
    await graphqlAt(
      url,
      ADMIN_KEY,
      `mutation { createBusiness(input: { name: "Kola Print & Design Studio", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { business { id } testSecretKey } }`,
    )
  ).createBusiness;
  const key = created.testSecretKey as string;
  const logo = await QRCode.toBuffer('Kola', { type: 'png', width: 96, margin: 1 });
  const settings = await graphqlAt(
    url,
    await liveKeyAt(url, ADMIN_KEY, created.business.id),
    `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { userErrors { code } } }`,
    {
      input: {
        logoUrl: `data:image/png;base64,${logo.toString('base64')}`,
        brandColor: '#0a66c2',
        supportEmail: 'accounts@kola-print-and-design.example',
        supportPhone: '+2348012345678',
      },
    },
  );
  expect(settings.updateCheckoutSettings.userErrors).toEqual([]);
  const invoiceId = (
    await graphqlAt(url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: THREE_LINE_INVOICE,
    })
  ).createInvoice.invoice.id;
  const linkId = (
    await graphqlAt(url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
      input: { invoiceId, allowPartialPayment: true },
    })
  ).createPaymentLink.paymentLink.id;
  const paid = await graphqlAt(url, key, `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result } }`, {
    input: { checkoutId: linkId, method: 'CARD_SUCCESS', amountMinor: 5_000_000 },
  });
  expect(paid.payCheckoutInSandbox.result).toBe('SUCCEEDED');
  const checkout = await graphqlAt(url, key, `query ($id: ID!) { checkout(id: $id) { lastPayment { receiptUrl } } }`, { id: linkId });
  return checkout.checkout.lastPayment.receiptUrl;
}

describe('the receipt page in a browser', () => {
  it('reads well on a desktop and a phone, light and dark: nothing clipped, axe-clean, and it prints', async () => {
    const receiptUrl = await partialReceipt();
    expect(receiptUrl.startsWith(url)).toBe(true);
    const browser = await launchChromium();
    try {
      for (const [name, viewport] of [
        ['desktop', { width: 1280, height: 900 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        for (const colorScheme of ['light', 'dark'] as const) {
          // axe is injected as an inline script, which the page's CSP (rightly) refuses.
          const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
          const page = await context.newPage();
          const failed: string[] = [];
          page.on('requestfailed', (request) => failed.push(request.url()));
          const response = await page.goto(receiptUrl, { waitUntil: 'networkidle' });
          expect(response?.status()).toBe(200);
          expect(failed).toEqual([]);
          // The logo loaded (uploaded, served by us).
          expect(await page.locator('header img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
          await page.screenshot({ path: join(SHOTS, `receipt-${name}-${colorScheme}.png`), fullPage: true });
          const clipped = await page.evaluate(() =>
            [...document.querySelectorAll('body *')]
              .filter((el) => el.childNodes.length && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
              .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline')
              .map((el) => `${el.tagName}: ${el.textContent!.trim().slice(0, 40)}`),
          );
          expect(clipped, `${name} ${colorScheme}`).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
          expect(await accessibilityViolations(page), `${name} ${colorScheme}`).toEqual([]);
          await page.emulateMedia({ media: 'print' });
          expect(await page.locator('.actions').isVisible()).toBe(false);
          if (name === 'desktop' && colorScheme === 'dark') {
            await page.screenshot({ path: join(SHOTS, 'receipt-print.png'), fullPage: true });
          }
          await context.close();
        }
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
