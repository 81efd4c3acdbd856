// Issue 14's "How it is checked from outside", as one test against `npm start`'s process (its own
// PostgreSQL, the sandbox lender signing to our own route, merchant webhooks delivered for real) and
// the hosted page in Chromium: nothing here reaches inside the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../server/domain/webhook-signature.ts';
import { launchChromium } from '../support/browser.ts';
import { SAMPLE_PDF } from '../support/financing.ts';
import { graphqlAt, startStack, type Stack } from '../support/process.ts';
import { startReceiver } from '../support/receiver.ts';

const ADMIN_KEY = 'pk_admin_financing-operator-0123456789abcdef';
const CNPJ = '11222333000181';

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack('financing', {
    PLATFORM_ADMIN_KEY: ADMIN_KEY,
    LENDER_WEBHOOK_SECRET: 'e2e-lender-secret',
    WEBHOOK_SECRETS_KEY: '33'.repeat(32),
    // The lender's rate, written out: 2 % a month.
    LENDER_RATE_TABLE: JSON.stringify({ entries: [{ effectiveFrom: '2020-01-01', monthlyRate: '0.02' }] }),
    SANDBOX_LENDER_DELAY_MS: '400',
    ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
    WEBHOOK_RETRY_SCHEDULE_MS: '0,500',
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

const REQUEST_FIELDS = `id code url expiresOn financingStatus
  installmentOptions { installmentsCount customerTotal { amountMinor } interestFree merchantSubsidyAmount { amountMinor }
    merchantTotalAmount { amountMinor } merchantFee { amountMinor } schedule { number dueDate amount { amountMinor } } }`;
const CREATE = `mutation ($input: CreatePaymentRequestInput!) {
  createPaymentRequest(input: $input) { paymentRequest { ${REQUEST_FIELDS} } userErrors { code field } } }`;
const REQUESTS = `{ paymentRequests(first: 100) { edges { node { id } } } }`;
const FINANCED = `query ($id: ID!) { paymentRequest(id: $id) { financingStatus financedPayment { id status invoiceStatus
  paymentMeta { lenderPaidAt } merchantTotalAmount { amountMinor } journalEntryId } } }`;

/** The date in São Paulo `days` after now (expiresOn is a São Paulo date). */
const saoPauloDate = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Sao_Paulo' });

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The merchant's invoice upload, as a browser's FormData sends it (the GraphQL multipart request spec). */
async function uploadPdf(key: string, paymentId: string) {
  const query = `mutation ($input: UploadFinancedPaymentInvoicesInput!) { uploadFinancedPaymentInvoices(input: $input) {
    financedPayment { status invoiceStatus invoices { number kind } } userErrors { code } } }`;
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { input: { paymentId, invoices: [{ number: 'NF-2026-0042', file: null }] } } }));
  form.set('map', JSON.stringify({ 0: ['variables.input.invoices.0.file'] }));
  form.set('0', new Blob([new Uint8Array(SAMPLE_PDF)], { type: 'application/pdf' }), 'nf-2026-0042.pdf');
  const response = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'x-graphql-yoga-csrf': '1' }, body: form });
  return ((await response.json()) as any).data.uploadFinancedPaymentInvoices;
}

describe('installment financing, from outside', () => {
  it('R$ 10.000,00 FREE 3–6× → the customer picks 6× in Chromium → approved live → PDF → captured, paid out: SETTLED, balanced, signed webhooks', async () => {
    const created = (
      await graphqlAt(
        stack.url,
        ADMIN_KEY,
        `mutation { createBusiness(input: { name: "Tecelagem Serra Azul Ltda", plan: ENTERPRISE, country: "BR", defaultCurrency: "BRL" }) { testSecretKey } }`,
      )
    ).createBusiness;
    const key = created.testSecretKey as string;
    const app = await graphqlAt(stack.url, key, `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { webhookSecret userErrors { code } } }`, {
      input: { appId: 'LOJA', name: 'Loja', callbackUrl: `${receiver.url}/loja` },
    });
    const webhookSecret = app.registerApp.webhookSecret as string;

    // The request: a url and a seven-day expiresOn; every plan's schedule sums to its total; 6× free costs the merchant R$ 664,28.
    const input = {
      amountMinor: 1_000_000,
      currency: 'BRL',
      installmentsCountMin: 3,
      installmentsCountMax: 6,
      merchantSubsidyType: 'FREE',
      orderId: 'PED-7781',
      orderDescription: 'Tear manual de pedal; Kit de lançadeiras',
    };
    const payload = (await graphqlAt(stack.url, key, CREATE, { input })).createPaymentRequest;
    expect(payload.userErrors).toEqual([]);
    const request = payload.paymentRequest;
    expect(request.url).toBe(`${stack.url}/p/${request.code}`);
    expect(request.code).toMatch(/^preq_[\w-]{32}$/);
    expect(request.expiresOn).toBe(saoPauloDate(7));
    expect(request.financingStatus).toBe('OPEN');
    expect(request.installmentOptions.map((o: any) => o.installmentsCount)).toEqual([3, 4, 5, 6]);
    for (const option of request.installmentOptions) {
      expect(option.schedule.reduce((sum: number, s: any) => sum + s.amount.amountMinor, 0)).toBe(option.customerTotal.amountMinor);
      expect(option.customerTotal.amountMinor).toBe(1_000_000);
      expect(option.merchantTotalAmount.amountMinor + option.merchantFee.amountMinor).toBe(1_000_000);
    }
    const sixFree = request.installmentOptions.at(-1);
    expect(sixFree).toMatchObject({ interestFree: true, merchantSubsidyAmount: { amountMinor: 66_428 } });

    // A bad CNPJ, RATE without a rate, a nested meta: userErrors, and nothing written.
    const before = (await graphqlAt(stack.url, key, REQUESTS)).paymentRequests.edges.length;
    for (const [bad, code] of [
      [{ customerTaxId: '11222333000182' }, 'INVALID_TAX_ID'],
      [{ merchantSubsidyType: 'RATE' }, 'INVALID_SUBSIDY_RATE'],
      [{ meta: { customer: { id: 1 } } }, 'INVALID_META'],
    ] as const) {
      const refused = (await graphqlAt(stack.url, key, CREATE, { input: { ...input, ...bad } })).createPaymentRequest;
      expect([refused.paymentRequest, refused.userErrors.map((e: any) => e.code)], JSON.stringify(bad)).toEqual([null, [code]]);
    }
    expect((await graphqlAt(stack.url, key, REQUESTS)).paymentRequests.edges.length).toBe(before);

    // The customer, on the hosted page in Chromium: the plans, 6×, approved without a reload.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(request.url);
      const plans = page.locator('[part="plan"]');
      await expect.poll(() => plans.count()).toBe(4);
      expect((await plans.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
        '3× R$ 3.333,33 total R$ 10.000,00 · sem juros',
        '4× R$ 2.500,00 total R$ 10.000,00 · sem juros',
        '5× R$ 2.000,00 total R$ 10.000,00 · sem juros',
        '6× R$ 1.666,66 total R$ 10.000,00 · sem juros',
      ]);
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      await page.locator('[part="tax-id-input"]').pressSequentially(CNPJ);
      expect(await page.locator('[part="tax-id-input"]').inputValue()).toBe('11.222.333/0001-81');
      await page.getByRole('radio', { name: /^6×/ }).check();
      await page.getByRole('button', { name: 'Solicitar financiamento' }).click();
      const status = page.locator('[part="financing-status"]');
      await status.and(page.locator('[data-financing="AUTHORIZED"]')).waitFor({ timeout: 20_000 });
      expect((await status.textContent())!.replace(/\s/g, ' ')).toContain('Aprovado: 6× R$ 1.666,66.');
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

      const approved = (await graphqlAt(stack.url, key, FINANCED, { id: request.id })).paymentRequest;
      expect(approved).toMatchObject({ financingStatus: 'FINANCED', financedPayment: { status: 'AUTHORIZED', invoiceStatus: 'AWAITING' } });
      const paymentId = approved.financedPayment.id as string;

      // The merchant uploads the PDF; the sandbox lender approves it (captured) and pays out (settled), on its signed webhook.
      expect(await uploadPdf(key, paymentId)).toEqual({
        financedPayment: { status: 'AUTHORIZED', invoiceStatus: 'SUBMITTED', invoices: [{ number: 'NF-2026-0042', kind: 'PDF' }] },
        userErrors: [],
      });
      const settled = await poll(
        async () => (await graphqlAt(stack.url, key, FINANCED, { id: request.id })).paymentRequest.financedPayment,
        (p) => p.status === 'SETTLED',
        'the payout',
      );
      expect(settled).toMatchObject({ invoiceStatus: 'COMPLETED', paymentMeta: { lenderPaidAt: expect.any(String) } });
      // The customer's page follows to the end on its own.
      await page.locator('[part="financing-paid"]').waitFor({ timeout: 20_000 });
      expect((await page.locator('[part="financing-paid"]').textContent())!.replace(/\s/g, ' ')).toBe(
        'Financiado em 6× R$ 1.666,66; a financeira pagou o lojista.',
      );
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

      // One balanced journal: the lender's clearing for the merchant's total, the cost, the revenue for the amount.
      const journal = (
        await graphqlAt(stack.url, key, `query ($id: ID!) { journalEntry(id: $id) { source lines { account { code } debitMinor creditMinor currency } } }`, {
          id: settled.journalEntryId,
        })
      ).journalEntry;
      expect(journal.source).toBe(`financing:${paymentId}`);
      const debits = journal.lines.reduce((sum: number, l: any) => sum + Number(l.debitMinor), 0);
      const credits = journal.lines.reduce((sum: number, l: any) => sum + Number(l.creditMinor), 0);
      expect([debits, credits]).toEqual([1_000_000, 1_000_000]);
      expect(journal.lines.every((l: any) => l.currency === 'BRL')).toBe(true);
      expect(journal.lines.find((l: any) => Number(l.debitMinor) === settled.merchantTotalAmount.amountMinor)).toBeDefined();

      // The merchant's webhooks arrive, each signed with the app's secret.
      const financingHooks = (got: typeof receiver.received) => got.filter((w) => JSON.parse(w.body).type.startsWith('financing.'));
      const hooks = financingHooks(await receiver.waitFor((got) => financingHooks(got).length >= 4, 20_000));
      expect(hooks.map((w) => JSON.parse(w.body).type).sort()).toEqual([
        'financing.authorized',
        'financing.captured',
        'financing.invoices_submitted',
        'financing.settled',
      ]);
      for (const hook of hooks) {
        expect(verifyWebhook({ secret: webhookSecret, headers: hook.headers as Record<string, string>, rawBody: hook.body, now: new Date() }).ok).toBe(true);
        expect(JSON.parse(hook.body).data).toMatchObject({ financedPaymentId: paymentId, paymentRequestId: request.id, currency: 'BRL' });
      }
      expect(
        verifyWebhook({ secret: 'not-the-secret', headers: hooks[0]!.headers as Record<string, string>, rawBody: hooks[0]!.body, now: new Date() }).ok,
      ).toBe(false);

      // Settled is final: canceling now is INVALID_STATE.
      const cancel = await graphqlAt(
        stack.url,
        key,
        `mutation ($id: ID!) { cancelFinancedPayment(input: { id: $id }) { financedPayment { status } userErrors { code } } }`,
        { id: paymentId },
      );
      expect(cancel.cancelFinancedPayment).toEqual({ financedPayment: null, userErrors: [{ code: 'INVALID_STATE' }] });
      expect((await graphqlAt(stack.url, key, FINANCED, { id: request.id })).paymentRequest.financedPayment.status).toBe('SETTLED');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
