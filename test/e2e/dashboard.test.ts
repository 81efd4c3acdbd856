// Issue 19's "How it is checked from outside", as one test against `npm start`'s process and the
// dashboard in Chromium: the operator creates a user; the user signs in with the temporary password,
// changes it, enrols SMS (codes read from the sandbox outbox), signs out and in again with a fresh
// code, creates an API key seen once, which works against /graphql; the webhook log shows a
// delivery and a redelivery; a user of another business (enrolled with a passkey on Chromium's
// virtual authenticator) sees none of it; five wrong codes lock the account. Every page is checked
// with axe at 1280 and 390 px, light and dark, and screenshotted to test-results/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { cspDirective } from '../support/csp.ts';
import { graphqlAt, repoRoot, startStack, type Stack } from '../support/process.ts';
import { startReceiver } from '../support/receiver.ts';

const ADMIN_KEY = 'pk_admin_dashboard-operator-0123456789abcdef';
const SHOTS = join(repoRoot, 'test-results', 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let browser: Browser;
/** The dashboard by name: WebAuthn wants a host name (the server's relying party id is `localhost`), not an IP address. */
let base: string;
const cspViolations: string[] = [];
const openPages: Page[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  receiver = await startReceiver();
  stack = await startStack('dashboard', {
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    WEBHOOK_SECRETS_KEY: '55'.repeat(32),
    ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
    WEBHOOK_RETRY_SCHEDULE_MS: '0,500',
    RATE_LIMIT_REQUESTS: '100000',
    // The sandbox bank signs its payment notice to our own inbound route with the partner's secret.
    PARTNER_WEBHOOK_SECRET: 'dashboard-partner-secret',
  });
  base = stack.url.replace('127.0.0.1', 'localhost');
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  // On a failure, what each page showed last (closed pages are skipped).
  for (const [index, page] of openPages.entries()) await page.screenshot({ path: join(SHOTS, `dashboard-last-${index}.png`) }).catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await receiver?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  openPages.push(page);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, page };
}

/** The newest sandbox SMS to `to`, and the 6-digit code in it. */
async function smsCode(to: string, after?: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`${stack.url}/dashboard/api/dev/sms-outbox?to=${encodeURIComponent(to)}`);
    const { messages } = (await response.json()) as { messages: { to: string; body: string; sentAt: string }[] };
    const code = messages[0]?.body.match(/\b(\d{6})\b/)?.[1];
    if (code && code !== after) return code;
    if (Date.now() > deadline) throw new Error(`no new code for ${to}: ${JSON.stringify(messages)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** axe's WCAG 2.2 AA violations (injected by the test tool: the page's CSP lets no inline script in). */
async function axeViolations(page: Page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
}

/** What sticks out past 390 px (shadow roots included), for the failure message. */
const widest = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    // Depth first; what scrolls inside its own box (overflow other than visible) does not count.
    const walk = (parent: Element | ShadowRoot) => {
      for (const element of parent.children) {
        const right = element.getBoundingClientRect().right;
        if (right > 391 || element.scrollWidth > element.clientWidth + 1)
          out.push(`${element.tagName.toLowerCase()}.${element.className} → ${Math.round(right)} (${element.scrollWidth}/${element.clientWidth})`);
        if (getComputedStyle(element).overflowX !== 'visible') continue;
        if (element.shadowRoot) walk(element.shadowRoot);
        walk(element);
      }
    };
    walk(document.documentElement);
    return out.slice(0, 8).join('; ');
  });

/**
 * The page as it is now at 1280 and 390 px, light and dark: axe-clean, nothing wider than a phone,
 * and a screenshot of each (`name` set) for a person to look at.
 */
async function checkPage(page: Page, name?: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.waitForTimeout(50);
      expect(await axeViolations(page), `${page.url()} at ${width} px, ${colorScheme}`).toEqual([]);
      if (width === 390)
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${page.url()} fits 390 px: ${await widest(page)}`).toBeLessThanOrEqual(390);
      if (name) await page.screenshot({ path: join(SHOTS, `dashboard-${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto(`${base}/dashboard/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** First sign-in: the temporary password, a new password, then SMS to `phone`; ends on the app. */
async function firstSignInWithSms(page: Page, email: string, temporary: string, password: string, phone: string, shots = false) {
  await signInWithPassword(page, email, temporary);
  await expect.poll(() => page.getByRole('heading', { name: 'Choose a new password' }).isVisible()).toBe(true);
  // The rules answer as one types: too short first.
  await page.getByLabel('New password', { exact: true }).fill('short');
  expect(await page.locator('pc-sign-in li.met').count()).toBe(1);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password again').fill(password);
  expect(await page.locator('pc-sign-in li.met').count()).toBe(3);
  if (shots) await checkPage(page, 'new-password');
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Add a second step to sign-in' }).isVisible()).toBe(true);
  expect(await shadowText(page, 'pc-sign-in')).toMatch(/NIST SP 800-63B-4/);
  if (shots) await checkPage(page, 'enrolment');
  await page.getByRole('button', { name: 'Use my phone number' }).click();
  // A number that is not one: the API's error next to the field.
  await page.getByLabel('Mobile number').fill('+255 12');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect.poll(() => page.locator('#phone-error').textContent()).toMatch(/international format/);
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  const code = await smsCode(phone);
  await expect.poll(() => page.getByLabel('6-digit code').isVisible()).toBe(true);
  expect(await page.getByLabel('6-digit code').getAttribute('autocomplete')).toBe('one-time-code');
  if (shots) await checkPage(page, 'sms-code');
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Confirm number' }).click();
  await page.waitForURL(/\/dashboard\/(overview|operator\/users)$/);
}

/** The text of a custom element's shadow root (the pages draw there). */
const shadowText = (page: Page, tag: string) => page.locator(tag).evaluate((element) => element.shadowRoot?.textContent ?? '');

/** The session's own GraphQL, from inside the page (the cookie, the CSRF token, the mode). */
async function sessionGraphql(page: Page, query: string) {
  return page.evaluate(async (query) => {
    const session = await (await fetch('/dashboard/api/auth/session')).json();
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken, 'x-pay-mode': 'test' },
      body: JSON.stringify({ query }),
    });
    return response.json();
  }, query);
}

async function createUserAsOperator(operator: Page, businessId: string, email: string, role: string): Promise<string> {
  await operator.getByLabel('Business id').fill(businessId);
  await operator.getByLabel('Email').fill(email);
  await operator.getByLabel('Role').selectOption(role);
  await operator.getByRole('button', { name: 'Create user' }).click();
  await operator.getByText(`${email} can now sign in.`).waitFor();
  const temporary = operator.getByTestId('temporary-password');
  return (await temporary.textContent())!.trim();
}

describe('the dashboard, from outside', () => {
  it('operator → merchant user: temporary password, new password, SMS, API key once, webhooks; another business sees nothing; passkey; lockout', async () => {
    // Two businesses, onboarded by the operator's key.
    const onboard = async (name: string) =>
      (
        await graphqlAt(
          stack.url,
          ADMIN_KEY,
          `mutation ($name: String!) { createBusiness(input: { name: $name, plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { business { id } } }`,
          { name },
        )
      ).createBusiness.business.id as string;
    const businessA = await onboard('Adire Textiles Ltd');
    const businessB = await onboard('Other Shop Ltd');

    // The served pages: a strict CSP, nothing inline, nothing from elsewhere.
    const shell = await fetch(`${stack.url}/dashboard/api-keys`);
    expect(shell.status).toBe(200);
    const csp = shell.headers.get('content-security-policy');
    expect(cspDirective(csp, 'script-src')).toBe("script-src 'self'");
    expect(cspDirective(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(await shell.text()).toContain('/dashboard/assets/app.js');

    // Not signed in: the app sends you to sign-in.
    const visitor = await newPage();
    await visitor.page.goto(`${base}/dashboard/api-keys`);
    await visitor.page.waitForURL(/\/dashboard\/sign-in\?next=%2Fdashboard%2Fapi-keys$/);
    await visitor.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkPage(visitor.page, 'sign-in');
    // A wrong password is answered next to the field, the same for an unknown email.
    await signInWithPassword(visitor.page, 'nobody@example.com', 'not-a-password-at-all');
    await expect.poll(() => visitor.page.locator('#password-error').textContent()).toMatch(/do not match/);
    await visitor.context.close();

    // The operator's own first sign-in (an operator user, made with the operator key), then the console.
    const operatorUser = await graphqlAt(
      stack.url,
      ADMIN_KEY,
      `mutation ($input: CreateOperatorUserInput!) { createOperatorUser(input: $input) { temporaryPassword userErrors { code message } } }`,
      { input: { email: 'ops@pay.example' } },
    );
    const operator = await newPage();
    await firstSignInWithSms(operator.page, 'ops@pay.example', operatorUser.createOperatorUser.temporaryPassword, 'operator-passphrase-42', '+255787000001');
    await operator.page.getByRole('heading', { name: 'Merchant users' }).waitFor();
    expect(await operator.page.locator('.test-band').count()).toBe(0);
    const temporaryA = await createUserAsOperator(operator.page, businessA, 'amina@adire.example', 'OWNER');
    await checkPage(operator.page, 'operator-users');

    // The merchant's first sign-in: temporary password → new password → SMS.
    const amina = await newPage();
    const phoneA = '+255787123456';
    const passwordA = 'kanga-and-kitenge-2026';
    await firstSignInWithSms(amina.page, 'amina@adire.example', temporaryA, passwordA, phoneA, true);
    const a = amina.page;
    await a.getByRole('heading', { name: /^Overview/ }).waitFor();
    expect(await a.locator('.test-band').textContent()).toMatch(/TEST MODE/);
    expect(await a.locator('header').textContent()).toContain('Adire Textiles Ltd');
    // The temporary password worked once.
    const again = await fetch(`${stack.url}/dashboard/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'amina@adire.example', password: temporaryA }),
    });
    expect(again.status).toBe(401);

    // API keys: created with name, mode and scopes; the full key once, in a green banner.
    await a.getByRole('link', { name: 'API keys' }).click();
    await a.waitForURL(/\/dashboard\/api-keys$/);
    await a.getByRole('button', { name: 'Create key' }).click();
    await a.getByLabel('Name').fill('Shop backend');
    await a.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => a.locator('#scopes-error').textContent()).toMatch(/at least one scope/);
    for (const scope of ['checkouts:write', 'invoices:write', 'apps:read', 'webhooks:read']) await a.getByLabel(scope).check();
    await a.getByRole('button', { name: 'Create key' }).click();
    const secretNode = a.getByTestId('new-secret');
    await secretNode.waitFor();
    const secret = (await secretNode.textContent())!.trim();
    expect(secret).toMatch(/^sk_test_[0-9a-z]{22}\.[A-Za-z0-9_-]{43}$/);
    await checkPage(a, 'api-keys-banner');
    // Once: after a reload, the key is listed but its secret is nowhere.
    await a.reload();
    await a.getByRole('cell', { name: 'Shop backend test' }).waitFor();
    expect(await a.content()).not.toContain(secret);
    expect(await a.locator('pc-api-keys-page').evaluate((el) => el.shadowRoot!.innerHTML)).not.toContain(secret.split('.')[1]!);
    // Revoke, after a confirmation: the business's first key goes.
    await a.getByRole('button', { name: 'Revoke Default test key' }).click();
    await a.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => a.getByRole('row', { name: /Default test key/ }).textContent()).toMatch(/Revoked/);
    // The key works against /graphql, for this business.
    const viewer = await graphqlAt(stack.url, secret, `{ viewer { business { id name } scopes } }`);
    expect(viewer.viewer.business).toEqual({ id: businessA, name: 'Adire Textiles Ltd' });
    expect(viewer.viewer.scopes).toEqual(expect.arrayContaining(['checkouts:write', 'invoices:write']));

    // Apps & webhooks: register an app, take a payment, see the delivery, redeliver it.
    await a.getByRole('link', { name: 'Apps & webhooks' }).click();
    await a.getByRole('button', { name: 'Register an app' }).click();
    await a.getByLabel('App id').fill('ADIRE');
    await a.getByLabel('Display name').fill('Adire shop');
    await a.getByLabel('Callback URL').fill(`${receiver.url}/adire`);
    await a.getByRole('button', { name: 'Register', exact: true }).click();
    await expect.poll(() => shadowText(a, 'pc-apps-webhooks-page')).toMatch(/whsec_/);
    const invoice = await graphqlAt(stack.url, secret, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: {
        customer: { name: 'Chioma', email: 'chioma@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'Kaftan', quantity: 1, unitAmountMinor: 4_250_000 }],
        dueDate: '2026-12-31',
      },
    });
    const link = await graphqlAt(stack.url, secret, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
      input: { invoiceId: invoice.createInvoice.invoice.id },
    });
    const paid = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result } }`,
        variables: { input: { checkoutId: link.createPaymentLink.paymentLink.id, method: 'CARD_SUCCESS' } },
      }),
    });
    expect((await paid.json()).errors, stack.server.output().slice(-3000)).toBeUndefined();
    await receiver.waitFor((got) => got.some((r) => r.path === '/adire'));
    const firstCount = receiver.received.filter((r) => r.path === '/adire').length;
    await a.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => a.locator('tr[data-delivery]').count()).toBeGreaterThan(0);
    await expect.poll(() => a.locator('tr[data-delivery] .status').first().textContent()).toBe('succeeded');
    await a
      .locator('tr[data-delivery]')
      .first()
      .getByRole('button', { name: /^Redeliver/ })
      .click();
    await receiver.waitFor((got) => got.filter((r) => r.path === '/adire').length > firstCount);
    await expect
      .poll(
        async () => {
          await a.getByRole('button', { name: 'Refresh' }).click();
          return a.locator('tr[data-delivery] .status', { hasText: 'succeeded' }).count();
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(1);
    await a.locator('tr[data-delivery] summary').first().click();
    expect(await a.locator('tr[data-delivery] .attempts li').first().textContent()).toMatch(/HTTP 200/);
    await checkPage(a, 'apps-webhooks');

    // Overview: the payment in the balances, the chart and the list.
    await a.getByRole('link', { name: 'Overview' }).click();
    await a.getByRole('heading', { name: 'Recent payments' }).waitFor();
    expect(await shadowText(a, 'pc-overview-page')).toMatch(/42,500\.00/);
    await checkPage(a, 'overview');
    await a.goto(`${base}/dashboard/no-such-page`);
    await a.getByRole('heading', { name: 'Page not found' }).waitFor();
    await checkPage(a);

    // Sign out, and in again: email, password and a fresh code, by keyboard alone.
    const firstCode = await smsCode(phoneA);
    await a.goto(`${base}/dashboard/overview`);
    await a.getByRole('button', { name: 'Sign out', exact: true }).click();
    await a.waitForURL(/\/dashboard\/sign-in$/);
    await a.getByRole('heading', { name: 'Sign in' }).waitFor();
    await a.keyboard.press('Tab');
    await a.keyboard.type('amina@adire.example');
    await a.keyboard.press('Tab');
    await a.keyboard.type(passwordA);
    await a.keyboard.press('Enter');
    await a.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    const secondCode = await smsCode(phoneA, firstCode);
    await checkPage(a, 'verify');
    await a.getByLabel('6-digit code').focus();
    await a.keyboard.type(secondCode);
    await a.keyboard.press('Enter');
    await a.waitForURL(/\/dashboard\/overview$/);
    // The nav by keyboard: Tab to a link, Enter opens it.
    await a.getByRole('link', { name: 'Team' }).focus();
    await a.keyboard.press('Enter');
    await a.waitForURL(/\/dashboard\/team$/);
    await a.getByRole('heading', { name: 'Team', exact: true }).waitFor();
    // An owner invites a developer: the temporary password once, and the person in the list.
    await a.getByLabel('Email').fill('dev@adire.example');
    await a.getByLabel('Role').selectOption('DEVELOPER');
    await a.getByRole('button', { name: 'Invite' }).click();
    expect((await a.getByTestId('temporary-password').textContent())!.trim().length).toBeGreaterThanOrEqual(12);
    await a.getByRole('cell', { name: 'dev@adire.example' }).waitFor();
    await checkPage(a, 'team');

    // Another business's user, enrolled with a passkey on Chromium's virtual authenticator.
    const temporaryB = await createUserAsOperator(operator.page, businessB, 'juma@other.example', 'OWNER');
    const juma = await newPage();
    const b = juma.page;
    const cdp = await juma.context.newCDPSession(b);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await signInWithPassword(b, 'juma@other.example', temporaryB);
    await b.getByLabel('New password', { exact: true }).fill('another-long-passphrase');
    await b.getByLabel('New password again').fill('another-long-passphrase');
    await b.getByRole('button', { name: 'Save password' }).click();
    await b.getByRole('button', { name: 'Create a passkey' }).click();
    await b.waitForURL(/\/dashboard\/overview$/);
    await b.getByRole('button', { name: 'Sign out', exact: true }).click();
    await b.waitForURL(/\/dashboard\/sign-in$/);
    await signInWithPassword(b, 'juma@other.example', 'another-long-passphrase');
    await b.getByRole('button', { name: 'Use my passkey' }).click();
    await b.waitForURL(/\/dashboard\/overview$/);
    expect(await b.locator('header').textContent()).toContain('Other Shop Ltd');
    // None of Adire's: no key, no app, no delivery, no payment; not by the pages and not by GraphQL.
    await b.getByRole('link', { name: 'API keys' }).click();
    // Its own first key (made with the business) only: not Adire's.
    await b.getByRole('cell', { name: 'Default test key test' }).waitFor();
    expect(await b.getByText('Shop backend').count()).toBe(0);
    await b.getByRole('link', { name: 'Apps & webhooks' }).click();
    await b.getByText('No apps yet.', { exact: false }).waitFor();
    const seen = await sessionGraphql(
      b,
      `{ viewer { business { id } } apps { appId } apiKeys(first: 50) { edges { node { name } } } payments(first: 50) { edges { node { id } } } webhookDeliveries(appId: "ADIRE", first: 10) { edges { node { id } } } }`,
    );
    expect(seen.data).toEqual({
      viewer: { business: { id: businessB } },
      apps: [],
      apiKeys: { edges: [{ node: { name: 'Default test key' } }] },
      payments: { edges: [] },
      webhookDeliveries: { edges: [] },
    });

    // Five wrong codes lock the account, and the page says how long for.
    const locked = await newPage();
    const l = locked.page;
    await signInWithPassword(l, 'amina@adire.example', passwordA);
    await l.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    const real = await smsCode(phoneA, secondCode);
    const wrong = real === '111111' ? '222222' : '111111';
    for (let attempt = 1; attempt <= 5; attempt++) {
      await l.getByLabel('6-digit code').fill(wrong);
      await l.getByRole('button', { name: 'Verify' }).click();
      if (attempt < 5) await expect.poll(() => l.locator('#code-error').textContent()).toMatch(/not right/);
    }
    await l.getByRole('heading', { name: 'Account locked for now' }).waitFor();
    expect(await shadowText(l, 'pc-sign-in')).toMatch(/Try again in \d+ (minutes|seconds)/);
    await checkPage(l, 'locked');

    expect(cspViolations).toEqual([]);
    for (const page of [operator, amina, juma, locked]) await page.context.close();
  }, 420_000);
});
