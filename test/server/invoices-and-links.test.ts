import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../server/modules/invoicing/invoice.entity.ts';
import { PaymentLink } from '../../server/modules/kinds/payment-link/payment-link.entity.ts';
import { CREATE_INVOICE, CREATE_LINK, INVOICE, invoiceWithLink } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
  ({ testKey: key, businessId } = await onboardBusiness(server));
});
afterAll(() => server.close());

const invoiceInput = (overrides: Record<string, unknown> = {}) => ({
  customer: { name: 'Ada Obi', email: 'ada@example.com' },
  currency: 'NGN',
  lineItems: [
    { description: 'Design', quantity: 2, unitAmountMinor: 25_000_000 },
    { description: 'Hosting', quantity: 1, unitAmountMinor: 3_750_000 },
  ],
  dueDate: '2026-12-31',
  ...overrides,
});
const counts = async () => [await server.orm.em.fork().count(Invoice, {}), await server.orm.em.fork().count(PaymentLink, {})];

describe('invoices', () => {
  it('numbers invoices per business and year and totals their lines exactly', async () => {
    const { testKey } = await onboardBusiness(server, { name: 'Numbering Ltd' });
    const year = server.clock.now().getUTCFullYear();
    const first = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key: testKey })).body.data.createInvoice;
    const second = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key: testKey })).body.data.createInvoice;
    expect(first.userErrors).toEqual([]);
    expect(first.invoice).toMatchObject({
      number: `INV-${year}-001`,
      status: 'OPEN',
      total: { amountMinor: 53_750_000, currency: 'NGN' },
      amountPaid: { amountMinor: 0 },
      amountDue: { amountMinor: 53_750_000 },
    });
    expect(second.invoice.number).toBe(`INV-${year}-002`);
  });

  it('refuses bad input with a userError per field and writes nothing', async () => {
    const before = await counts();
    const result = await server.gql(
      CREATE_INVOICE,
      {
        input: invoiceInput({
          customer: { name: 'Ada', email: 'not-an-email' },
          currency: 'XYZ',
          lineItems: [{ description: 'x', quantity: 0, unitAmountMinor: 100 }],
          dueDate: '2026-02-30',
        }),
      },
      { key },
    );
    const codes = result.body.data.createInvoice.userErrors.map((e: any) => `${e.code}:${e.field.join('.')}`);
    expect(codes).toEqual([
      'INVALID_EMAIL:input.customer.email',
      'UNSUPPORTED_CURRENCY:input.currency',
      'INVALID_INPUT:input.lineItems.0.quantity',
      'INVALID_DATE:input.dueDate',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('rejects fractional or oversized amounts at the MinorUnits scalar', async () => {
    const fractional = await server.gql(
      CREATE_INVOICE,
      { input: invoiceInput({ lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 10.5 }] }) },
      { key },
    );
    expect(fractional.body.errors?.[0]?.message).toMatch(/MinorUnits/);
    const huge = await server.gql(
      CREATE_INVOICE,
      { input: invoiceInput({ lineItems: [{ description: 'x', quantity: 2, unitAmountMinor: 5_000_000_000_000_000 }] }) },
      { key },
    );
    expect(huge.body.data.createInvoice.userErrors[0].code).toBe('AMOUNT_TOO_LARGE');
  });

  it('refuses a number already used', async () => {
    await server.gql(CREATE_INVOICE, { input: invoiceInput({ number: 'CUSTOM-7' }) }, { key });
    const again = await server.gql(CREATE_INVOICE, { input: invoiceInput({ number: 'CUSTOM-7' }) }, { key });
    expect(again.body.data.createInvoice.userErrors[0]).toMatchObject({ code: 'NUMBER_TAKEN', field: ['input', 'number'] });
  });

  it("does not show another business's invoice", async () => {
    const mine = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key })).body.data.createInvoice.invoice.id;
    const other = await onboardBusiness(server, { name: 'Other Co' });
    expect((await server.gql(INVOICE, { id: mine }, { key: other.testKey })).body.data.invoice).toBeNull();
    expect((await server.gql(INVOICE, { id: mine }, { key })).body.data.invoice.id).toBe(mine);
  });
});

describe('payment links', () => {
  it('creates a link with hosted, short and QR URLs that work', async () => {
    const { linkId, invoiceId, paymentLink } = await invoiceWithLink(server, key);
    expect(paymentLink).toMatchObject({
      id: expect.stringMatching(/^pl_/),
      invoice: { id: invoiceId },
      amount: { amountMinor: 53_750_000, currency: 'NGN' },
      paymentUrl: `https://pay.example.com/p/${linkId}`,
      qrCodeUrl: `https://pay.example.com/v1/payment-links/${linkId}/qr.png`,
      status: 'ACTIVE',
    });
    expect(new Date(paymentLink.expiresAt).getTime() - server.clock.now().getTime()).toBe(24 * 3_600_000);

    const png = await fetch(`${server.url}/v1/payment-links/${linkId}/qr.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const svg = await fetch(`${server.url}/v1/payment-links/${linkId}/qr.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
    expect((await fetch(`${server.url}/v1/payment-links/pl_missing/qr.png`)).status).toBe(404);

    const short = await fetch(`${server.url}${new URL(paymentLink.shortUrl).pathname}`, { redirect: 'manual' });
    expect(short.status).toBe(302);
    expect(short.headers.get('location')).toBe(paymentLink.paymentUrl);
    const page = await fetch(`${server.url}/p/${linkId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<pay-checkout checkout="${linkId}" theme="auto" redirect>`);
    expect(html).toContain('data-status="ACTIVE"');
  });

  it('gives RETAIL businesses ENTERPRISE_ONLY with the seed message', async () => {
    const retail = await onboardBusiness(server, { name: 'Corner Shop', plan: 'RETAIL' });
    const invoiceId = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key: retail.testKey })).body.data.createInvoice.invoice.id;
    const before = await counts();
    const result = await server.gql(CREATE_LINK, { input: { invoiceId } }, { key: retail.testKey });
    expect(result.body.errors[0].extensions.code).toBe('ENTERPRISE_ONLY');
    expect(result.body.errors[0].message).toBe('This endpoint requires an enterprise subscription. Contact sales at https://finorabusiness.com/contact');
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown or foreign invoices, bad hours and bad callback URLs, writing nothing', async () => {
    const other = await onboardBusiness(server, { name: 'Foreign' });
    const foreignInvoice = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key: other.testKey })).body.data.createInvoice.invoice.id;
    const mine = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key })).body.data.createInvoice.invoice.id;
    const before = await counts();
    const attempt = async (input: Record<string, unknown>) =>
      (await server.gql(CREATE_LINK, { input }, { key })).body.data.createPaymentLink.userErrors.map((e: any) => e.code);

    expect(await attempt({ invoiceId: 'inv_unknown' })).toEqual(['NOT_FOUND']);
    expect(await attempt({ invoiceId: foreignInvoice })).toEqual(['NOT_FOUND']);
    expect(await attempt({ invoiceId: mine, expiresInHours: 0 })).toEqual(['INVALID_EXPIRY']);
    expect(await attempt({ invoiceId: mine, expiresInHours: -5 })).toEqual(['INVALID_EXPIRY']);
    expect(await attempt({ invoiceId: mine, callbackUrl: 'javascript:alert(1)' })).toEqual(['INVALID_URL']);
    expect(await attempt({ invoiceId: mine, callbackUrl: 'not a url' })).toEqual(['INVALID_URL']);
    expect(await counts()).toEqual(before);
  });

  it('keeps a redirect URL for after payment and shows it on the public checkout', async () => {
    const invoiceId = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key })).body.data.createInvoice.invoice.id;
    const created = await server.gql(
      `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id redirectUrl } userErrors { code } } }`,
      { input: { invoiceId, redirectUrl: 'https://shop.example.com/thanks?order=42' } },
      { key },
    );
    const link = created.body.data.createPaymentLink.paymentLink;
    expect(link.redirectUrl).toBe('https://shop.example.com/thanks?order=42');
    const publicView = await server.gql(`query ($id: ID!) { checkout(id: $id) { redirectUrl } }`, { id: link.id });
    expect(publicView.body.data.checkout.redirectUrl).toBe('https://shop.example.com/thanks?order=42');
    // A test-mode storefront on the developer's machine may use plain http.
    const local = await server.gql(CREATE_LINK, { input: { invoiceId, redirectUrl: 'http://localhost:3000/thanks' } }, { key });
    expect(local.body.data.createPaymentLink.userErrors).toEqual([]);
    const without = (await invoiceWithLink(server, key)).linkId;
    expect((await server.gql(`query ($id: ID!) { checkout(id: $id) { redirectUrl } }`, { id: without })).body.data.checkout.redirectUrl).toBeNull();
  });

  it('refuses redirect URLs a browser should not be sent to, and plain http in live mode, writing nothing', async () => {
    const live = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { businessId, name: 'live', mode: 'LIVE', scopes: ['invoices:write', 'checkouts:write'] } },
      { key: TEST_ADMIN_KEY },
    );
    const liveKey = live.body.data.createApiKey.secret as string;
    const mine = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key })).body.data.createInvoice.invoice.id;
    const liveInvoice = (await server.gql(CREATE_INVOICE, { input: invoiceInput() }, { key: liveKey })).body.data.createInvoice.invoice.id;
    const before = await counts();
    const attempt = async (input: Record<string, unknown>, as = key) =>
      (await server.gql(CREATE_LINK, { input }, { key: as })).body.data.createPaymentLink.userErrors.map((e: any) => `${e.code}:${e.field.join('.')}`);

    expect(await attempt({ invoiceId: mine, redirectUrl: 'javascript:alert(1)' })).toEqual(['INVALID_URL:input.redirectUrl']);
    expect(await attempt({ invoiceId: mine, redirectUrl: '/thanks' })).toEqual(['INVALID_URL:input.redirectUrl']);
    expect(await attempt({ invoiceId: mine, redirectUrl: 'https://user:secret@shop.example.com/' })).toEqual(['INVALID_URL:input.redirectUrl']);
    expect(await attempt({ invoiceId: mine, redirectUrl: `https://shop.example.com/${'x'.repeat(2048)}` })).toEqual(['INVALID_INPUT:input.redirectUrl']);
    expect(await attempt({ invoiceId: liveInvoice, redirectUrl: 'http://shop.example.com/thanks' }, liveKey)).toEqual(['INVALID_URL:input.redirectUrl']);
    expect(await counts()).toEqual(before);
    expect(await attempt({ invoiceId: liveInvoice, redirectUrl: 'https://shop.example.com/thanks' }, liveKey)).toEqual([]);
  });

  it('cancels an active link once', async () => {
    const { linkId } = await invoiceWithLink(server, key);
    const cancel = `mutation ($id: ID!) { cancelPaymentLink(input: { id: $id }) { paymentLink { id status } userErrors { code } } }`;
    expect((await server.gql(cancel, { id: linkId }, { key })).body.data.cancelPaymentLink.paymentLink.status).toBe('CANCELED');
    const cancel2 = `mutation ($id: ID!) { cancelPaymentLink(input: { id: $id }) { paymentLink { id } userErrors { code field message } } }`;
    expect((await server.gql(cancel2, { id: linkId }, { key })).body.data.cancelPaymentLink).toEqual({
      paymentLink: null,
      userErrors: [{ code: 'INVALID_STATE', field: ['input', 'id'], message: 'This payment link is canceled: it cannot become canceled.' }],
    });
  });

  it('shows a link as EXPIRED once its time has passed', async () => {
    const { linkId } = await invoiceWithLink(server, key, { expiresInHours: 1 });
    server.clock.advance(3_600_000);
    const link = await server.gql(`query ($id: ID!) { paymentLink(id: $id) { status } }`, { id: linkId }, { key });
    expect(link.body.data.paymentLink.status).toBe('EXPIRED');
    server.clock.advance(-3_600_000);
  });
});
