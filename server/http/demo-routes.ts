import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { DEMO_KEY_FILE } from '../db/seed.ts';

const PRODUCTS: Record<string, { description: string; unitAmountMinor: number }> = {
  'ankara-dress': { description: 'Ankara wrap dress', unitAmountMinor: 2_500_000 },
  'leather-bag': { description: 'Hand-stitched leather bag', unitAmountMinor: 4_250_000 },
};

/**
 * The demo storefront's own backend, as a merchant would write it: it holds the secret key
 * server-side and calls the public GraphQL API to create a test invoice and payment link.
 */
export function demoRoutes(deps: { dataDir: string; ownUrl: () => string }) {
  const graphql = async (key: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${deps.ownUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the demo reads a few fields of its own queries' answers ad hoc
    return (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
  };

  const demoKey = (): string | null => {
    try {
      return readFileSync(join(deps.dataDir, DEMO_KEY_FILE), 'utf8').trim();
    } catch {
      return null;
    }
  };
  const notSetUp = { error: 'The demo business is not set up on this server (it is seeded on a fresh embedded database).' };

  return (
    new Hono()
      .post('/demo/api/orders', async (c) => {
        const key = demoKey();
        if (!key) return c.json(notSetUp, 503);
        const body = (await c.req.json().catch(() => ({}))) as { product?: string };
        const product = PRODUCTS[body.product ?? ''];
        if (!product) return c.json({ error: `Unknown product; choose one of ${Object.keys(PRODUCTS).join(', ')}.` }, 400);

        const invoice = await graphql(
          key,
          `
            mutation ($input: CreateInvoiceInput!) {
              createInvoice(input: $input) {
                invoice {
                  id
                  number
                }
                userErrors {
                  message
                }
              }
            }
          `,
          {
            input: {
              customer: { name: 'Demo Customer', email: 'customer@example.com' },
              currency: 'NGN',
              lineItems: [{ description: product.description, quantity: 1, unitAmountMinor: product.unitAmountMinor }],
              dueDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
            },
          },
        );
        const invoiceId = invoice.data?.createInvoice?.invoice?.id;
        if (!invoiceId) return c.json({ error: 'Could not create the invoice.', detail: invoice }, 502);
        const link = await graphql(
          key,
          `
            mutation ($input: CreatePaymentLinkInput!) {
              createPaymentLink(input: $input) {
                paymentLink {
                  id
                  paymentUrl
                }
                userErrors {
                  message
                }
              }
            }
          `,
          {
            input: { invoiceId, expiresInHours: 1, metadata: { source: 'demo-storefront' } },
          },
        );
        const paymentLink = link.data?.createPaymentLink?.paymentLink;
        if (!paymentLink) return c.json({ error: 'Could not create the payment link.', detail: link }, 502);
        return c.json({ checkoutId: paymentLink.id, paymentUrl: paymentLink.paymentUrl, invoiceNumber: invoice.data.createInvoice.invoice.number });
      })
      // A community fund: a dynamic bill anyone can give to (₦10–₦500 a time) until it reaches ₦5,000,
      // by card or by transfer to its virtual account.
      .post('/demo/api/fund', async (c) => {
        const key = demoKey();
        if (!key) return c.json(notSetUp, 503);
        const created = await graphql(
          key,
          `
            mutation ($input: CreateBillInput!) {
              createBill(input: $input) {
                bill {
                  id
                  paymentRef
                  paymentUrl
                }
                userErrors {
                  message
                }
              }
            }
          `,
          {
            input: {
              type: 'DYNAMIC',
              isFlexible: true,
              minimumAmount: 1_000,
              maximumAmount: 50_000,
              targetAmount: 500_000,
              virtual: true,
              email: 'fund@example.com',
              narration: 'Community library fund',
            },
          },
        );
        const bill = created.data?.createBill?.bill;
        if (!bill) return c.json({ error: 'Could not create the fund.', detail: created }, 502);
        return c.json({ checkoutId: bill.id, paymentRef: bill.paymentRef, paymentUrl: bill.paymentUrl });
      })
  );
}
