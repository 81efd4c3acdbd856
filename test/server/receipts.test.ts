import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receipt } from '../../server/modules/payments/payment.entities.ts';
import { createBill, payBill } from '../support/bills.ts';
import { cspDirective } from '../support/csp.ts';
import { CREATE_INVOICE, CREATE_LINK, invoiceWithLink } from '../support/money-path.ts';
import { pdfText } from '../support/pdf-text.ts';
import { liveKeyFor, onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';
import { THREE_LINE_INVOICE } from '../support/invoices.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.receipts.example' } });
  const onboarded = await onboardBusiness(server, { name: 'Kola Studio' });
  key = onboarded.testKey;
  const settings = await server.gql(
    `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { userErrors { code } } }`,
    { input: { supportEmail: 'help@kola.example', supportPhone: '+2348012345678', logoUrl: 'https://cdn.kola.example/logo.png' } },
    { key: await liveKeyFor(server, onboarded.businessId) },
  );
  if (settings.body.data?.updateCheckoutSettings?.userErrors?.length !== 0) throw new Error(JSON.stringify(settings.body));
});
afterAll(() => server.close());

const PAY = `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result receiptNumber } }`;
const LAST = `query ($id: ID!) { checkout(id: $id) { lastPayment { receiptNumber receiptUrl } } }`;

async function invoiceLink() {
  const invoice = await server.gql(
    CREATE_INVOICE,
    {
      input: THREE_LINE_INVOICE,
    },
    { key },
  );
  const { id: invoiceId, number } = invoice.body.data.createInvoice.invoice;
  const link = await server.gql(CREATE_LINK, { input: { invoiceId, allowPartialPayment: true, expiresInHours: 24 } }, { key });
  return { linkId: link.body.data.createPaymentLink.paymentLink.id as string, invoiceNumber: number as string };
}

/** Pays, and returns the receipt page's path on this server (the API answers the public URL). */
async function pay(linkId: string, method: string, amountMinor?: number) {
  const paid = (await server.gql(PAY, { input: { checkoutId: linkId, method, ...(amountMinor ? { amountMinor } : {}) } })).body.data.payCheckoutInSandbox;
  expect(paid.result).toBe('SUCCEEDED');
  const last = (await server.gql(LAST, { id: linkId })).body.data.checkout.lastPayment;
  expect(last.receiptNumber).toBe(paid.receiptNumber);
  return { number: paid.receiptNumber as string, path: new URL(last.receiptUrl).pathname };
}

describe('the receipt page', () => {
  it('shows the customer what they paid, when, how, for what and what is still due, and nothing private', async () => {
    const { linkId, invoiceNumber } = await invoiceLink();
    const first = await pay(linkId, 'CARD_SUCCESS', 5_000_000);
    const response = await fetch(`${server.url}${first.path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    for (const text of [
      'Kola Studio',
      first.number,
      '₦50,000.00',
      'Card',
      invoiceNumber,
      THREE_LINE_INVOICE.customer.name,
      THREE_LINE_INVOICE.lineItems[0].description,
      THREE_LINE_INVOICE.lineItems[1].description,
      '₦12,500.00 each',
      '₦37,500.00',
      '₦190,000.00',
      'Still due after this payment',
      '₦140,000.00',
      'TEST MODE',
      'help@kola.example',
      '+2348012345678',
      'Secured by pay-checkout',
      '@media print',
      'prefers-color-scheme: dark',
      `href="${first.path}.pdf"`,
      'src="https://cdn.kola.example/logo.png"',
    ])
      expect(html, text).toContain(text);
    expect(html).toMatch(/Paid on<\/dt><dd>\d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC<\/dd>/);
    expect(html).not.toContain('ada.private@example.com');
    expect(html).not.toMatch(/pl_|pay_|rec_|biz_/); // no internal ids

    // Nothing but our page and the merchant's logo loads; nobody frames it; the token leaves in no Referer.
    const csp = response.headers.get('content-security-policy');
    expect(cspDirective(csp, 'default-src')).toBe("default-src 'none'");
    expect(cspDirective(csp, 'img-src')).toBe("img-src 'self' https://pay.receipts.example https://cdn.kola.example");
    expect(cspDirective(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');

    // The second payment completes it; the first receipt still says what was due after it.
    const second = await pay(linkId, 'BANK_TRANSFER');
    const secondHtml = await (await fetch(`${server.url}${second.path}`)).text();
    expect(secondHtml).toContain('₦140,000.00');
    expect(secondHtml).toContain('Bank transfer');
    expect(secondHtml).toContain('Paid in full');
    expect(await (await fetch(`${server.url}${first.path}`)).text()).toContain('Still due after this payment');
  });

  it('is a real PDF too, with the receipt as text', async () => {
    const { linkId, invoiceNumber } = await invoiceLink();
    const receipt = await pay(linkId, 'CARD_SUCCESS', 2_500_000);
    const response = await fetch(`${server.url}${receipt.path}.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    // A long description wraps onto a second line in the PDF: compare with runs of whitespace as one space.
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Kola Studio',
      receipt.number,
      'NGN 25,000.00',
      'Card',
      invoiceNumber,
      THREE_LINE_INVOICE.lineItems[0].description,
      'NGN 165,000.00',
      'TEST MODE',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('ada.private@example.com');
  });

  it('draws an uploaded logo in the PDF (a logo on another site is never fetched by the server)', async () => {
    const { testKey, businessId } = await onboardBusiness(server, { name: 'Logo Ltd' });
    const logo = await QRCode.toBuffer('Logo Ltd', { type: 'png', width: 64 });
    const settings = await server.gql(
      `mutation ($input: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $input) { userErrors { code } } }`,
      { input: { logoUrl: `data:image/png;base64,${logo.toString('base64')}` } },
      { key: await liveKeyFor(server, businessId) },
    );
    expect(settings.body.data.updateCheckoutSettings.userErrors).toEqual([]);
    const { linkId } = await invoiceWithLink(server, testKey, { amountMinor: 10_000 });
    const receipt = await pay(linkId, 'CARD_SUCCESS');
    const pdf = Buffer.from(await (await fetch(`${server.url}${receipt.path}.pdf`)).arrayBuffer());
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(pdfText(pdf)).toContain('Logo Ltd');
    // The https logo of the first business: no image in its PDF.
    const { linkId: other } = await invoiceLink();
    const plain = Buffer.from(await (await fetch(`${server.url}${(await pay(other, 'CARD_SUCCESS', 100_000)).path}.pdf`)).arrayBuffer());
    expect(plain.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
  });

  it('for a bill: its narration as what was paid for, no method when the partner names none, and no balance for an open-ended one', async () => {
    const bill = await createBill(server, key, { amountMinor: 100_000, narration: 'Term 1 fees' });
    await payBill(server, { paymentRef: bill.paymentRef }, 100_000);
    const billReceipt = async (id: string) => {
      const url = (await server.gql(LAST, { id })).body.data.checkout.lastPayment.receiptUrl;
      return (await fetch(`${server.url}${new URL(url).pathname}`)).text();
    };
    const html = await billReceipt(bill.id);
    expect(html).toContain('<dt>For</dt><dd>Term 1 fees</dd>');
    expect(html).toContain('₦1,000.00');
    expect(html).toContain('Paid in full');
    expect(html).not.toContain('<dt>Method</dt>');
    expect(html).not.toContain('<table>');

    const open = await createBill(server, key, { type: 'DYNAMIC', isFlexible: true, narration: 'Harambee' });
    await payBill(server, { paymentRef: open.paymentRef }, 5_000);
    const openHtml = await billReceipt(open.id);
    expect(openHtml).toContain('₦50.00');
    expect(openHtml).not.toContain('Still due');
    expect(openHtml).not.toContain('Paid in full');
  });

  it('answers 404 for an unknown token, a malformed one and a receipt id', async () => {
    const { linkId } = await invoiceLink();
    await pay(linkId, 'CARD_SUCCESS', 100_000);
    const [receipt] = await server.orm.em.fork().find(Receipt, {}, { orderBy: { id: 'desc' }, limit: 1 });
    if (!receipt) throw new Error('no receipt');
    for (const path of [`/r/${'A'.repeat(32)}`, `/r/${'A'.repeat(32)}.pdf`, '/r/x', `/r/${receipt.id}`, `/r/${receipt.number}`, `/r/${receipt.token}.png`]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${server.url}/r/${receipt.token}`)).status).toBe(200);
  });
});

describe('the merchant’s receipts list', () => {
  it('gives each receipt the customer’s page (to send again), the same one the checkout shows; another business sees none', async () => {
    const { linkId } = await invoiceLink();
    const paid = await pay(linkId, 'CARD_SUCCESS', 200_000);
    const RECEIPTS = `{ receipts(first: 5) { edges { node { number url } } } }`;
    const listed = (await server.gql(RECEIPTS, {}, { key })).body.data.receipts.edges.map((e: { node: { number: string; url: string } }) => e.node);
    const mine = listed.find((r: { number: string }) => r.number === paid.number);
    expect(new URL(mine.url).origin).toBe('https://pay.receipts.example');
    expect(new URL(mine.url).pathname).toBe(paid.path);
    const page = await fetch(`${server.url}${paid.path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(paid.number);
    const other = await onboardBusiness(server, { name: 'Other Studio' });
    const theirs = (await server.gql(RECEIPTS, {}, { key: other.testKey })).body.data.receipts.edges;
    expect(theirs).toEqual([]);
  });
});

describe('receipt pages are rate limited like the other public pages', () => {
  it('answers 429 past the per-address budget', async () => {
    const limited = await startTestServer({ config: { rateLimit: { points: 3, windowSeconds: 60 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/r/${'B'.repeat(32)}`)).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});
