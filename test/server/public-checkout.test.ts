import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBill, payBill } from '../support/bills.ts';
import { CREATE_INVOICE, CREATE_LINK } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';
import { THREE_LINE_INVOICE } from '../support/invoices.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
  ({ testKey: key } = await onboardBusiness(server, { name: 'Kola Studio' }));
});
afterAll(() => server.close());

const CHECKOUT = /* GraphQL */ `
  query ($id: ID!) {
    checkout(id: $id) {
      status
      merchantName
      merchant {
        name
        logoUrl
        brandColor
        brandTextColor
        supportEmail
        supportPhone
        securedBy
      }
      lineItems {
        description
        quantity
        unitAmount {
          amountMinor
          currency
        }
        amount {
          amountMinor
          currency
        }
      }
      customerName
      dueDate
      description
      amountDue {
        amountMinor
      }
      lastPayment {
        amount {
          amountMinor
          currency
        }
        paidAt
        method
        receiptNumber
        receiptUrl
      }
    }
  }
`;
const PAY = `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result receiptNumber userErrors { code } } }`;
const checkout = async (id: string) => {
  const result = await server.gql(CHECKOUT, { id });
  expect(result.body.errors).toBeUndefined();
  return result.body.data.checkout;
};

async function threeLineLink() {
  const invoice = await server.gql(
    CREATE_INVOICE,
    {
      input: THREE_LINE_INVOICE,
    },
    { key },
  );
  const invoiceId = invoice.body.data.createInvoice.invoice.id;
  const link = await server.gql(CREATE_LINK, { input: { invoiceId, allowPartialPayment: true, expiresInHours: 24 } }, { key });
  return link.body.data.createPaymentLink.paymentLink.id as string;
}

describe('the public checkout', () => {
  it("says what is paid for: an invoice's lines, customer and due date, and the merchant with default branding", async () => {
    const id = await threeLineLink();
    const view = await checkout(id);
    expect(view).toMatchObject({
      merchantName: 'Kola Studio',
      merchant: {
        name: 'Kola Studio',
        logoUrl: null,
        brandColor: null,
        brandTextColor: null,
        supportEmail: null,
        supportPhone: null,
        securedBy: 'pay-checkout',
      },
      customerName: THREE_LINE_INVOICE.customer.name,
      dueDate: '2026-12-31',
      description: null,
      lastPayment: null,
    });
    expect(view.lineItems).toEqual([
      {
        description: THREE_LINE_INVOICE.lineItems[0].description,
        quantity: 1,
        unitAmount: { amountMinor: 15_000_000, currency: 'NGN' },
        amount: { amountMinor: 15_000_000, currency: 'NGN' },
      },
      {
        description: THREE_LINE_INVOICE.lineItems[1].description,
        quantity: 3,
        unitAmount: { amountMinor: 1_250_000, currency: 'NGN' },
        amount: { amountMinor: 3_750_000, currency: 'NGN' },
      },
      { description: 'Delivery', quantity: 1, unitAmount: { amountMinor: 250_000, currency: 'NGN' }, amount: { amountMinor: 250_000, currency: 'NGN' } },
    ]);
  });

  it('confirms each payment: the latest amount, time, method, receipt number and an unguessable receipt URL', async () => {
    const id = await threeLineLink();
    const first = (await server.gql(PAY, { input: { checkoutId: id, method: 'CARD_SUCCESS', amountMinor: 5_000_000 } })).body.data.payCheckoutInSandbox;
    expect(first.result).toBe('SUCCEEDED');
    const afterFirst = await checkout(id);
    expect(afterFirst.status).toBe('ACTIVE');
    expect(afterFirst.amountDue.amountMinor).toBe(14_000_000);
    expect(afterFirst.lastPayment).toMatchObject({ amount: { amountMinor: 5_000_000, currency: 'NGN' }, method: 'CARD', receiptNumber: first.receiptNumber });
    expect(new Date(afterFirst.lastPayment.paidAt).getTime()).toBeCloseTo(server.clock.now().getTime(), -4);
    const url = new URL(afterFirst.lastPayment.receiptUrl);
    expect(url.origin).toBe('https://pay.example.com');
    const token = url.pathname.match(/^\/r\/([A-Za-z0-9_-]+)$/)?.[1];
    expect(Buffer.from(token ?? '', 'base64url').length).toBeGreaterThanOrEqual(16); // ≥ 128 random bits
    expect(afterFirst.lastPayment.receiptUrl).not.toContain(first.receiptNumber);

    const second = (await server.gql(PAY, { input: { checkoutId: id, method: 'BANK_TRANSFER' } })).body.data.payCheckoutInSandbox;
    const afterSecond = await checkout(id);
    expect(afterSecond.status).toBe('PAID');
    expect(afterSecond.lastPayment).toMatchObject({ amount: { amountMinor: 14_000_000 }, method: 'BANK_TRANSFER', receiptNumber: second.receiptNumber });
    expect(afterSecond.lastPayment.receiptUrl).not.toBe(afterFirst.lastPayment.receiptUrl);
  });

  it("shows a bill's narration as its description, no lines, and a null method when the partner names none", async () => {
    const bill = await createBill(server, key, { amountMinor: 100_000, narration: 'Term 1 fees' });
    const view = await checkout(bill.id);
    expect(view).toMatchObject({ lineItems: [], customerName: null, dueDate: null, description: 'Term 1 fees', lastPayment: null });
    await payBill(server, { paymentRef: bill.paymentRef }, 100_000);
    expect((await checkout(bill.id)).lastPayment).toMatchObject({ amount: { amountMinor: 100_000 }, method: null });
  });

  it("tells the customer nothing private: no customer's email, no metadata", async () => {
    const id = await threeLineLink();
    const body = JSON.stringify((await server.gql(CHECKOUT, { id })).body);
    expect(body).not.toContain('ada.private@example.com');
    const fields = (await server.gql(`{ __type(name: "Checkout") { fields { name } } }`, {}, { key })).body.data.__type.fields.map((f: any) => f.name);
    expect(fields).not.toContain('metadata');
    expect(fields).not.toContain('customerEmail');
  });
});
