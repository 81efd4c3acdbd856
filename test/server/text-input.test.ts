import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../server/modules/invoicing/invoice.entity.ts';
import { CREATE_INVOICE } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key } = await onboardBusiness(server));
});
afterAll(() => server.close());

const invoiceInput = (name: string) => ({
  customer: { name, email: 'ada@example.com' },
  currency: 'NGN',
  lineItems: [{ description: 'Consulting', quantity: 1, unitAmountMinor: 5_000 }],
  dueDate: '2026-12-31',
});
const invoiceCount = () => server.orm.em.fork().count(Invoice, {});

describe('text PostgreSQL cannot hold, in GraphQL input', () => {
  it('is an INVALID_TEXT userError naming the field for any mutation, and writes nothing', async () => {
    const before = await invoiceCount();
    for (const name of ['Ada\u0000Obi', 'Ada \ud800']) {
      const result = await server.gql(CREATE_INVOICE, { input: invoiceInput(name) }, { key });
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.createInvoice).toEqual({
        invoice: null,
        userErrors: [{ code: 'INVALID_TEXT', field: ['input', 'customer', 'name'], message: expect.stringContaining('NUL') }],
      });
    }
    // In a literal rather than a variable, and in a mutation that takes only an id.
    const literal = await server.gql(`mutation { revokeApiKey(input: { id: "key_\\u0000" }) { apiKey { id } userErrors { code field } } }`, {}, { key });
    expect(literal.body).toEqual({ data: { revokeApiKey: { apiKey: null, userErrors: [{ code: 'INVALID_TEXT', field: ['input', 'id'] }] } } });
    expect(await invoiceCount()).toBe(before);
  });

  it('is a top-level INVALID_TEXT error, not a masked 500, for a query, the public one included', async () => {
    for (const [query, options] of [
      ['query ($id: ID!) { invoice(id: $id) { id } }', { key }],
      ['query ($id: ID!) { checkout(id: $id) { id } }', {}],
    ] as const) {
      const result = await server.gql(query, { id: 'inv_\u0000' }, options);
      expect(result.status).toBe(200);
      expect(result.body.errors).toMatchObject([{ extensions: { code: 'INVALID_TEXT' } }]);
    }
  });

  it('accepts emoji and right-to-left marks', async () => {
    const name = 'Zawadi 🎁 \u200fمحمد\u200e';
    const result = await server.gql(CREATE_INVOICE, { input: invoiceInput(name) }, { key });
    expect(result.body.data.createInvoice.userErrors).toEqual([]);
    const stored = await server.orm.em.fork().findOneOrFail(Invoice, { id: result.body.data.createInvoice.invoice.id });
    expect(stored.customerName).toBe(name);
  });
});
