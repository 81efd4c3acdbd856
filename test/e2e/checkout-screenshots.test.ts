// Proof by pictures: the hosted page of every kind and state, at a desktop and a phone width, light
// and dark, against the real server in real Chromium. Each is written to test-results/screenshots/
// for a person to look at, and checked for what a person would notice: text that overflows or is
// clipped, a primary action below the fold on a phone, a card that changes width between states,
// and anything axe finds (contrast included).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchChromium } from '../support/browser.ts';
import { graphqlAt, repoRoot, startStack, type Stack } from '../support/process.ts';

const ADMIN_KEY = 'pk_admin_screenshots-operator-0123456789abcdef';
const SHOTS = join(repoRoot, 'test-results', 'screenshots');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let stack: Stack;
let browser: Browser;
let url: string;
let till: string;
let tillServer: Server;
/** Issues a Lipa number of the Tanzanian business (set up in createStates), as its checkout id. */
let issueTillAlias: (memo: string) => Promise<string>;
beforeAll(async () => {
  stack = await startStack('shots', {
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    WEBHOOK_DELIVERY: 'off',
    MAINTENANCE_INTERVAL_MS: '200',
    PARTNER_WEBHOOK_SECRET: 'screenshots-partner-secret',
    TIPS_WEBHOOK_SECRET: 'screenshots-tips-secret',
    // Seals the app's whsec_ at rest; registerApp needs it (the stack's database is not the embedded one that generates it).
    WEBHOOK_SECRETS_KEY: '44'.repeat(32),
    RATE_LIMIT_REQUESTS: '100000',
    SANDBOX_LENDER_DELAY_MS: '50',
  });
  url = stack.url;
  // The merchant's till app: another origin that embeds the element, as a merchant's page would.
  tillServer = createServer((request, response) => {
    const id = request.url!.split('/').pop();
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(
      `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>Till</title><script type="module" src="${url}/widget/register.js"></script></head><body style="margin:0;padding:1rem;background:Canvas"><main style="max-width:28rem;margin:auto"><pay-checkout server="${url}" checkout="${id}" theme="auto"></pay-checkout></main></body></html>`,
    );
  });
  await new Promise<void>((resolve) => tillServer.listen(0, '127.0.0.1', resolve));
  till = `http://127.0.0.1:${(tillServer.address() as AddressInfo).port}/till`;
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  tillServer?.close();
  await stack?.stop();
});

type Gql = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/** A merchant's logo as a PNG: a purple tile with its initials, drawn and captured by Chromium. */
async function drawLogo(): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 96, height: 96 } });
  await page.setContent(
    `<body style="margin:0"><div style="width:96px;height:96px;border-radius:22px;background:linear-gradient(135deg,#7f56d9,#42307d);color:#fff;font:700 40px/96px Georgia,serif;text-align:center">AA</div></body>`,
  );
  const png = await page.screenshot({ omitBackground: true });
  await page.close();
  return png;
}

/** Every kind and state a customer can land on, as checkout ids. */
async function createStates(): Promise<Array<{ name: string; id: string; payable: boolean; hosted: boolean }>> {
  const onboarded = (
    await graphqlAt(
      url,
      ADMIN_KEY,
      `mutation { createBusiness(input: { name: "Adire Atelier", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { business { id } testSecretKey } }`,
    )
  ).createBusiness;
  const liveKey = (
    await graphqlAt(url, ADMIN_KEY, `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, {
      input: { businessId: onboarded.business.id, name: 'live', mode: 'LIVE', scopes: ['invoices:write', 'checkouts:write'] },
    })
  ).createApiKey.secret as string;
  const as =
    (key: string): Gql =>
    (query, variables) =>
      graphqlAt(url, key, query, variables);
  const test = as(onboarded.testSecretKey);
  // The customer's side: no key at all.
  const anonymous: Gql = async (query, variables = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(`${JSON.stringify(body.errors)}\n${stack.server.output().slice(-3000)}`);
    return body.data;
  };

  const link = async (gql: Gql, options: Record<string, unknown> = {}) => {
    const invoice = await gql(`mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: {
        customer: { name: 'Chioma Okafor', email: 'chioma@example.com' },
        currency: 'NGN',
        lineItems: [
          { description: 'Indigo adire kaftan, hand-dyed', quantity: 2, unitAmountMinor: 1_850_000 },
          { description: 'Silk head wrap', quantity: 1, unitAmountMinor: 650_000 },
          { description: 'Delivery within Lagos', quantity: 1, unitAmountMinor: 250_000 },
        ],
        dueDate: '2026-12-31',
      },
    });
    const created = await gql(`mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
      input: { invoiceId: invoice.createInvoice.invoice.id, ...options },
    });
    return created.createPaymentLink.paymentLink.id as string;
  };
  const sandboxPay = (checkoutId: string, amountMinor?: number) =>
    anonymous(`mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result } }`, {
      input: { checkoutId, method: 'CARD_SUCCESS', ...(amountMinor ? { amountMinor } : {}) },
    });
  const bill = async (input: Record<string, unknown>) =>
    (await test(`mutation ($input: CreateBillInput!) { createBill(input: $input) { bill { id } } }`, { input: { email: 'payer@example.com', ...input } }))
      .createBill.bill.id as string;

  // The merchant's branding, as a merchant sets it: a logo upload (drawn by the browser), a colour and a support contact.
  const logo = await drawLogo();
  const settings = await as(liveKey)(
    `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { business { logoUrl } userErrors { code message } } }`,
    {
      input: {
        logoUrl: `data:image/png;base64,${logo.toString('base64')}`,
        brandColor: '#6941c6',
        supportEmail: 'hello@adire.example',
        supportPhone: '+234 801 234 5678',
      },
    },
  );
  expect(settings.updateCheckoutSettings.userErrors).toEqual([]);
  expect(settings.updateCheckoutSettings.business.logoUrl).toMatch(/\/v1\/logos\/[0-9a-f]{64}\.png$/);
  const db = new pg.Client({ connectionString: stack.cluster.urlFor('shots') });
  await db.connect();
  const open = await link(test);
  const partial = await link(test, { allowPartialPayment: true });
  await sandboxPay(partial, 2_000_000);
  const paid = await link(test);
  await sandboxPay(paid);
  const expired = await link(test);
  await db.query(`update payment_link set expires_at = now() - interval '1 second' where id = $1`, [expired]);
  await db.end();
  const canceled = await link(test);
  await test(`mutation ($id: ID!) { cancelPaymentLink(input: { id: $id }) { paymentLink { status } } }`, { id: canceled });
  const tap = (
    await test(`mutation ($input: CreateTapToPaySessionInput!) { createTapToPaySession(input: $input) { session { id } } }`, {
      input: { amountMinor: 1_250_000, description: 'Counter sale', deviceId: 'till-1' },
    })
  ).createTapToPaySession.session.id as string;
  const regularBill = await bill({ amountMinor: 4_500_000, narration: 'Term 1 school fees — JSS 2' });
  const flexibleBill = await bill({
    type: 'DYNAMIC',
    isFlexible: true,
    minimumAmount: 1_000,
    maximumAmount: 50_000,
    targetAmount: 500_000,
    virtual: true,
    narration: 'Community library fund',
  });
  // A Lipa number (seed 002), issued by a Tanzanian business for its school: its app and entity, then
  // one open and one paid over (sandbox) TIPS.
  const finova = (
    await graphqlAt(
      url,
      ADMIN_KEY,
      `mutation { createBusiness(input: { name: "Ada Mtandao", plan: ENTERPRISE, country: "TZ", defaultCurrency: "TZS" }) { business { id } testSecretKey } }`,
    )
  ).createBusiness;
  // Set-up calls that must not fail quietly: their errors (top-level or userErrors) are thrown.
  const strict = async (query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${finova.testSecretKey}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    const payload = body.data && (Object.values(body.data)[0] as { userErrors?: unknown[] } | null);
    if (body.errors || !payload || payload.userErrors?.length)
      throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body)}\n${stack.server.output().slice(-3000)}`);
    return payload as Record<string, any>;
  };
  await strict(
    `mutation { registerApp(input: { appId: "SCHOOLFEES", name: "School fees", callbackUrl: "https://93.184.216.34/hooks" }) { app { appId } userErrors { code message } } }`,
  );
  await strict(
    `mutation { createSettlementEntity(input: { entityId: "ST-MARYS", name: "St Marys Primary", settlementMethod: MOBILE_MONEY, msisdn: "+255712111222", mobileProvider: "MPESA" }) { settlementEntity { id } userErrors { code message } } }`,
  );
  // The seed: always send an Idempotency-Key (a retry returns the same Lipa number).
  const tillAlias = async (memo: string) =>
    (
      await strict(
        `mutation ($input: CreateTillAliasInput!) { createTillAlias(input: $input) { tillAlias { id } userErrors { code field message } } }`,
        { 'idempotency-key': `alias-${memo}` },
        { input: { appId: 'SCHOOLFEES', entityId: 'ST-MARYS', name: 'F. Ngoiya — Term 1', memo, merchantAmountMinor: 50_000_000, currency: 'TZS' } },
      )
    ).tillAlias.id as string;
  issueTillAlias = tillAlias;
  const aliasOpen = await tillAlias('INV-2026-00481');
  const aliasPaid = await tillAlias('INV-2026-00482');
  await sandboxPay(aliasPaid);
  const live = await link(as(liveKey));
  // Installment financing (payment requests), in reais: open, the company named, approved, refused, paid out.
  const paymentRequest = async (input: Record<string, unknown> = {}) =>
    (
      await test(`mutation ($input: CreatePaymentRequestInput!) { createPaymentRequest(input: $input) { paymentRequest { code } } }`, {
        input: {
          amountMinor: 1_000_000,
          currency: 'BRL',
          installmentsCountMin: 3,
          installmentsCountMax: 6,
          merchantSubsidyType: 'NONE',
          orderDescription: 'Tear manual de pedal; Kit de lançadeiras',
          ...input,
        },
      })
    ).createPaymentRequest.paymentRequest.code as string;
  const financingOf = async (id: string) =>
    (await anonymous(`query ($id: ID!) { checkout(id: $id) { status paymentRequest { financing { status } } } }`, { id })).checkout;
  const accept = async (id: string, customerTaxId: string, until: string) => {
    await anonymous(`mutation ($input: RequestFinancingInput!) { requestFinancing(input: $input) { status } }`, {
      input: { paymentRequestId: id, customerTaxId, installmentsCount: 6 },
    });
    for (let tries = 0; tries < 100 && (await financingOf(id)).paymentRequest.financing?.status !== until; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const requestOpen = await paymentRequest({ merchantSubsidyType: 'FREE' });
  const requestNamed = await paymentRequest({ customerTaxId: '12ABC34501DE35', installmentsCountMin: 6, installmentsCountMax: 6 });
  const requestApproved = await paymentRequest();
  await accept(requestApproved, '11222333000181', 'AUTHORIZED');
  const requestRefused = await paymentRequest();
  await accept(requestRefused, '11444777000161', 'CANCELED');
  const requestPaidOut = await paymentRequest();
  await accept(requestPaidOut, '11222333000181', 'AUTHORIZED');
  await anonymous(`mutation ($input: SendSampleInvoiceInSandboxInput!) { sendSampleInvoiceInSandbox(input: $input) { invoiceStatus } }`, {
    input: { paymentRequestId: requestPaidOut },
  });
  for (let tries = 0; tries < 100 && (await financingOf(requestPaidOut)).status !== 'PAID'; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
  // A request whose seven days are up: its time moved back, the maintenance pass expires it.
  const requestExpired = await paymentRequest();
  const financingDb = new pg.Client({ connectionString: stack.cluster.urlFor('shots') });
  await financingDb.connect();
  await financingDb.query(`update payment_request set expires_at = now() - interval '1 second' where checkout_id = $1`, [requestExpired]);
  await financingDb.end();
  for (let tries = 0; tries < 100 && (await financingOf(requestExpired)).status !== 'EXPIRED'; tries++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  // The maintenance pass expires the link whose time has passed.
  for (let tries = 0; tries < 100; tries++) {
    const status = (await anonymous(`query ($id: ID!) { checkout(id: $id) { status } }`, { id: expired })).checkout.status;
    if (status === 'EXPIRED') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [
    { name: 'link-open', id: open, payable: true, hosted: true },
    { name: 'link-partly-paid', id: partial, payable: true, hosted: true },
    { name: 'link-paid', id: paid, payable: false, hosted: true },
    { name: 'link-expired', id: expired, payable: false, hosted: true },
    { name: 'link-canceled', id: canceled, payable: false, hosted: true },
    { name: 'tap-to-pay', id: tap, payable: true, hosted: false },
    { name: 'bill-regular', id: regularBill, payable: true, hosted: true },
    { name: 'bill-flexible', id: flexibleBill, payable: true, hosted: true },
    { name: 'till-alias-open', id: aliasOpen, payable: true, hosted: true },
    { name: 'till-alias-paid', id: aliasPaid, payable: false, hosted: true },
    // The hosted page of a checkout in shillings speaks Swahili; embedded in an English page, the element speaks English.
    { name: 'till-alias-open-en', id: aliasOpen, payable: true, hosted: false },
    { name: 'link-live-mode', id: live, payable: true, hosted: true },
    { name: 'financing-open', id: requestOpen, payable: true, hosted: true },
    { name: 'financing-company-named', id: requestNamed, payable: true, hosted: true },
    { name: 'financing-approved', id: requestApproved, payable: true, hosted: true },
    { name: 'financing-refused', id: requestRefused, payable: true, hosted: true },
    { name: 'financing-paid-out', id: requestPaidOut, payable: false, hosted: true },
    { name: 'financing-expired', id: requestExpired, payable: false, hosted: true },
  ];
}

/**
 * Elements with text of their own (shadow roots included) whose content is wider than their box, or
 * that stick out of the card (the page, outside it) they are drawn in.
 */
function overflowing(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    const visit = (root: Document | ShadowRoot, bounds: { left: number; right: number }) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) visit(el.shadowRoot, el.getBoundingClientRect());
        const ownText = [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim());
        if (!ownText || el.closest('noscript')) continue;
        const name = `${el.tagName.toLowerCase()}[part=${el.getAttribute('part')}] "${el.textContent!.trim().slice(0, 40)}"`;
        const box = el.getBoundingClientRect();
        if (box.width && (box.left < bounds.left - 1 || box.right > bounds.right + 1)) found.push(`${name} sticks out of its card`);
      }
      // Any box holding text whose content is wider than it (a value or button spilling out of its row).
      for (const el of root.querySelectorAll('*')) {
        if (!el.textContent!.trim() || el.closest('noscript') || getComputedStyle(el).display === 'inline' || el.clientWidth === 0) continue;
        if (el.scrollWidth > el.clientWidth + 1)
          found.push(`${el.tagName.toLowerCase()}[part=${el.getAttribute('part')}] "${el.textContent!.trim().slice(0, 40)}" overflows its box`);
      }
    };
    visit(document, { left: 0, right: document.documentElement.clientWidth });
    return found;
  });
}

describe('the hosted checkout, as a customer sees it', () => {
  it('draws every kind and state at 1280 and 390 px, light and dark: nothing clipped, primary action in view, one card width, axe-clean', async () => {
    const states = await createStates();
    const problems: string[] = [];
    for (const viewport of VIEWPORTS) {
      const widths = new Map<string, number>();
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        for (const state of states) {
          const where = `${state.name} ${viewport.name} ${colorScheme}`;
          if (state.hosted) await page.goto(`${url}/p/${state.id}`);
          // A kind without a hosted page (tap-to-pay runs on the merchant's device): the element embedded on the till's own origin.
          else await page.goto(`${till}/${state.id}`);
          await page
            .waitForFunction(
              () => {
                const root = document.querySelector('pay-checkout')?.shadowRoot;
                const status = root?.querySelector('[part="status"]')?.getAttribute('data-status');
                const qr = root?.querySelector('img[part="qr"]') as HTMLImageElement | null;
                return status && status !== 'LOADING' && (!qr || qr.complete);
              },
              null,
              { timeout: 10_000 },
            )
            .catch(async (error: Error) => {
              throw new Error(`${where}: ${error.message} ${errors.join('; ')} ${page.url()}`);
            });
          await page.screenshot({ path: join(SHOTS, `${state.name}-${viewport.name}-${colorScheme}.png`), fullPage: true });

          if (await page.locator('pay-checkout').locator('[part="connection"]').count()) problems.push(`${where}: says it is reconnecting`);
          for (const element of await overflowing(page)) problems.push(`${where}: overflows: ${element}`);
          const card = await page.locator('pay-checkout').boundingBox();
          // The tap-to-pay page is the till's, not ours: its card width is its own.
          if (state.hosted) widths.set(where, Math.round(card!.width));
          if (viewport.name === 'phone' && state.payable) {
            const primary = await page.locator('pay-checkout').locator('button.primary').boundingBox();
            if (!primary || primary.y < 0 || primary.y + primary.height > viewport.height)
              problems.push(`${where}: primary action not in view (${JSON.stringify(primary)})`);
          }
          for (const violation of await accessibilityViolations(page)) problems.push(`${where}: axe ${violation.id}: ${violation.help} (${violation.nodes})`);
        }
        await context.close();
      }
      const distinct = new Set(widths.values());
      if (distinct.size !== 1) problems.push(`${viewport.name}: card widths differ: ${JSON.stringify(Object.fromEntries(widths))}`);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it("a Lipa number's test buttons send signed sandbox TIPS notifications: a failure is said and moves nothing, a payment turns the page to paid live", async () => {
    const id = await issueTillAlias('INV-2026-00490');
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${url}/p/${id}`);
    const checkout = page.locator('pay-checkout');
    const status = checkout.locator('[part="status"]');
    await expect.poll(() => status.getAttribute('data-status')).toBe('ACTIVE');
    await checkout.getByRole('button', { name: 'Lipa (jaribio): malipo yashindwe' }).click();
    await expect.poll(() => checkout.locator('[part="failure"]').textContent()).toBe('Malipo ya jaribio hayakufanikiwa. Hakuna pesa iliyohamishwa.');
    expect(await status.getAttribute('data-status')).toBe('FAILED');
    await checkout.getByRole('button', { name: 'Lipa (jaribio): pesa kwa simu' }).click();
    // No reload: the reconciled TIPS notification reaches the open page as a live update.
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('PAID');
    expect(await status.textContent()).toMatch(/^Imelipwa — risiti REC-/);
    await page.screenshot({ path: join(SHOTS, 'till-alias-paid-live-phone-light.png'), fullPage: true });
    await page.close();
  });
});
