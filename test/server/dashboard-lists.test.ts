// The list arguments the dashboard pages need: invoice search, the operator's businesses and KYC queue.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPattern } from '../../server/domain/search.ts';
import { createBill, createEntity } from '../support/bills.ts';
import { deliverWebhook, partnerPayload } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
let businessId: string;
let otherKey: string;
let otherBusinessId: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key, businessId } = await onboardBusiness(server, { name: 'Kariakoo Traders 100%', country: 'TZ', defaultCurrency: 'TZS' }));
  ({ testKey: otherKey, businessId: otherBusinessId } = await onboardBusiness(server, { name: 'Mwenge Books', plan: 'RETAIL' }));
});
afterAll(() => server.close());

const CREATE_INVOICE = `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number } userErrors { code } } }`;
const createInvoice = async (k: string, name: string, email: string, number?: string) => {
  const result = await server.gql(
    CREATE_INVOICE,
    {
      input: {
        customer: { name, email },
        currency: 'TZS',
        dueDate: '2026-12-31',
        number,
        lineItems: [{ description: 'Fees', quantity: 1, unitAmountMinor: 50_000 }],
      },
    },
    { key: k },
  );
  return result.body.data.createInvoice.invoice as { id: string; number: string };
};
const INVOICES = `query ($search: String, $status: InvoiceStatus, $first: Int, $after: String) {
  invoices(search: $search, status: $status, first: $first, after: $after) { edges { node { number customerName } } pageInfo { hasNextPage endCursor } }
}`;
const invoiceNumbers = async (variables: Record<string, unknown>, k = key) => {
  const result = await server.gql(INVOICES, variables, { key: k });
  if (result.body.errors) return result.body.errors.map((e: any) => e.extensions.code);
  return result.body.data.invoices.edges.map((e: any) => e.node.number);
};
const BUSINESSES = `query ($search: String, $plan: Plan, $first: Int, $after: String) {
  businesses(search: $search, plan: $plan, first: $first, after: $after) { edges { node { id name plan } } pageInfo { hasNextPage endCursor } }
}`;
const KYC_REVIEWS = `query ($kycStatus: KycStatus, $businessId: ID, $first: Int) {
  kycReviews(kycStatus: $kycStatus, businessId: $businessId, first: $first) { edges { node { businessId mode entityId kycStatus kycRequirements { code met } } } }
}`;

describe('invoices(search)', () => {
  it('finds by number, customer name or email, case-insensitively, within the caller’s business only', async () => {
    await createInvoice(key, 'Neema Mushi', 'neema@example.com', 'INV-NEEMA-1');
    await createInvoice(key, 'Juma Said', 'juma@shop.example', 'INV-JUMA-1');
    await createInvoice(key, 'Asha 50% off', 'asha@example.com', 'INV-ASHA-1');
    await createInvoice(otherKey, 'Neema Elsewhere', 'neema@other.example', 'INV-OTHER-1');
    expect(await invoiceNumbers({ search: 'neema' })).toEqual(['INV-NEEMA-1']);
    expect(await invoiceNumbers({ search: 'SHOP.EXAMPLE' })).toEqual(['INV-JUMA-1']);
    expect(await invoiceNumbers({ search: 'inv-asha' })).toEqual(['INV-ASHA-1']);
    // `%` and `_` are the characters, not wildcards.
    expect(await invoiceNumbers({ search: '50%' })).toEqual(['INV-ASHA-1']);
    expect(await invoiceNumbers({ search: '%' })).toEqual(['INV-ASHA-1']);
    expect(await invoiceNumbers({ search: '_' })).toEqual([]);
    // Blank is no search; a status filter combines with it.
    expect(await invoiceNumbers({ search: '   ' })).toEqual(['INV-ASHA-1', 'INV-JUMA-1', 'INV-NEEMA-1']);
    expect(await invoiceNumbers({ search: 'neema', status: 'PAID' })).toEqual([]);
    expect(await invoiceNumbers({ search: 'neema', status: 'OPEN' })).toEqual(['INV-NEEMA-1']);
  });

  it('pages a search with first/after', async () => {
    const first = await server.gql(INVOICES, { search: 'example', first: 1 }, { key });
    const page1 = first.body.data.invoices;
    expect(page1.edges.map((e: any) => e.node.number)).toEqual(['INV-ASHA-1']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(await invoiceNumbers({ search: 'example', first: 5, after: page1.pageInfo.endCursor })).toEqual(['INV-JUMA-1', 'INV-NEEMA-1']);
  });

  it('refuses NUL bytes (the API-wide INVALID_TEXT) and overlong searches (INVALID_SEARCH)', async () => {
    expect(await invoiceNumbers({ search: 'ne\u0000ema' })).toEqual(['INVALID_TEXT']);
    expect(await invoiceNumbers({ search: 'ne\u0007ema' })).toEqual(['INVALID_SEARCH']);
    expect(await invoiceNumbers({ search: 'x'.repeat(101) })).toEqual(['INVALID_SEARCH']);
    expect(await invoiceNumbers({ search: 'x'.repeat(100) })).toEqual([]);
  });
});

describe('businesses (operator)', () => {
  it('lists every business to the operator, searchable by name and filterable by plan', async () => {
    const all = await server.gql(BUSINESSES, { first: 10 }, { key: TEST_ADMIN_KEY });
    expect(all.body.data.businesses.edges.map((e: any) => e.node.id)).toEqual([otherBusinessId, businessId]);
    const found = await server.gql(BUSINESSES, { search: 'kariakoo' }, { key: TEST_ADMIN_KEY });
    expect(found.body.data.businesses.edges.map((e: any) => e.node.name)).toEqual(['Kariakoo Traders 100%']);
    const retail = await server.gql(BUSINESSES, { plan: 'RETAIL' }, { key: TEST_ADMIN_KEY });
    expect(retail.body.data.businesses.edges.map((e: any) => e.node.name)).toEqual(['Mwenge Books']);
    const paged = await server.gql(BUSINESSES, { first: 1 }, { key: TEST_ADMIN_KEY });
    expect(paged.body.data.businesses.pageInfo.hasNextPage).toBe(true);
    const bad = await server.gql(BUSINESSES, { search: 'y'.repeat(101) }, { key: TEST_ADMIN_KEY });
    expect(bad.body.errors[0].extensions.code).toBe('INVALID_SEARCH');
  });

  it('is the operator’s only: a business key, even one with every scope, is refused', async () => {
    const refused = await server.gql(BUSINESSES, {}, { key });
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await server.gql(BUSINESSES, {});
    expect(anonymous.body.errors[0].extensions.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  });
});

describe('kycReviews (operator)', () => {
  it('lists settlement entities of every business with what is missing, filterable by status and business', async () => {
    await createEntity(server, key, 'ST-MARYS');
    await createEntity(server, otherKey, 'MWENGE-1');
    const all = await server.gql(KYC_REVIEWS, { kycStatus: 'PENDING' }, { key: TEST_ADMIN_KEY });
    const nodes = all.body.data.kycReviews.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => [n.businessId, n.mode, n.entityId, n.kycStatus])).toEqual([
      [otherBusinessId, 'TEST', 'MWENGE-1', 'PENDING'],
      [businessId, 'TEST', 'ST-MARYS', 'PENDING'],
    ]);
    expect(nodes[0].kycRequirements.filter((r: any) => !r.met).map((r: any) => r.code)).toContain('MOBILE_MONEY_ACCOUNT_SCREENSHOT');
    const one = await server.gql(KYC_REVIEWS, { businessId }, { key: TEST_ADMIN_KEY });
    expect(one.body.data.kycReviews.edges.map((e: any) => e.node.entityId)).toEqual(['ST-MARYS']);
    const approved = await server.gql(KYC_REVIEWS, { kycStatus: 'APPROVED' }, { key: TEST_ADMIN_KEY });
    expect(approved.body.data.kycReviews.edges).toEqual([]);
  });

  it('is refused to a business key (it would show other businesses’ entities)', async () => {
    const refused = await server.gql(KYC_REVIEWS, {}, { key });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('searchPattern', () => {
  it('matches exactly the text typed, as a substring (property)', () => {
    fc.assert(
      fc.property(
        // eslint-disable-next-line no-control-regex
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s)),
        (text) => {
          const result = searchPattern(text);
          if (!result.ok || result.pattern === null) return false;
          // Undo the escaping: what is left between the wildcards is the trimmed text.
          const inner = result.pattern.slice(1, -1).replace(/\\([\\%_])/g, '$1');
          const unescapedWildcards = result.pattern
            .slice(1, -1)
            .replace(/\\[\\%_]/g, '')
            .match(/[%_]/g);
          return inner === text.trim() && unescapedWildcards === null;
        },
      ),
    );
  });
});

const BILLS = `query ($search: String, $status: BillStatus) { bills(search: $search, status: $status, first: 50) { edges { node { paymentRef email } } } }`;
const PAYMENTS = `query ($search: String) { payments(search: $search, first: 50) { edges { node { id partnerPaymentId billPaymentRef } } } }`;

describe('bills(search) and payments(search)', () => {
  it('find by reference or email within the caller’s business only; junk is refused, not searched', async () => {
    const tag = Date.now().toString(36);
    const mine = await createBill(server, key, { email: `mama.${tag}@example.com`, amountMinor: 20_000, externalRef: `ORDER-${tag}` });
    await createBill(server, key, { email: `baba.${tag}@example.com`, amountMinor: 30_000 });
    await createBill(server, otherKey, { email: `mama.${tag}@other.example`, amountMinor: 40_000 });
    const refs = async (variables: Record<string, unknown>, k = key) =>
      ((await server.gql(BILLS, variables, { key: k })).body.data.bills.edges as { node: { paymentRef: string; email: string } }[]).map((e) => e.node.email);

    expect(await refs({ search: `MAMA.${tag}` })).toEqual([`mama.${tag}@example.com`]);
    expect(await refs({ search: `order-${tag}` })).toEqual([`mama.${tag}@example.com`]);
    expect(await refs({ search: mine.paymentRef.toLowerCase() })).toEqual([`mama.${tag}@example.com`]);
    expect(await refs({ search: tag, status: 'PAID' })).toEqual([]);
    expect(await refs({ search: `mama.${tag}` }, otherKey)).toEqual([`mama.${tag}@other.example`]);

    const partnerId = `ALAT-${tag}-1`;
    const delivered = await deliverWebhook(
      server,
      partnerPayload(server, { amountKobo: 20_000, currency: 'TZS', paymentId: partnerId, metadata: { paymentRef: mine.paymentRef } }),
    );
    expect(delivered.status).toBe(200);
    const payments = async (search: string, k = key) =>
      ((await server.gql(PAYMENTS, { search }, { key: k })).body.data.payments.edges as { node: { partnerPaymentId: string } }[]).map(
        (e) => e.node.partnerPaymentId,
      );
    expect(await payments(partnerId.toLowerCase())).toEqual([partnerId]);
    expect(await payments(mine.paymentRef)).toEqual([partnerId]);
    expect(await payments(partnerId, otherKey)).toEqual([]);

    const nul = await server.gql(PAYMENTS, { search: 'a\u0000b' }, { key });
    expect(nul.body.errors?.[0]?.extensions?.code).toBe('INVALID_TEXT');
    const long = await server.gql(BILLS, { search: 'x'.repeat(101) }, { key });
    expect(long.body.errors?.[0]?.extensions?.code).toBe('INVALID_SEARCH');
  });
});

const ENTITIES = `query ($search: String, $kycStatus: KycStatus) {
  settlementEntities(search: $search, kycStatus: $kycStatus, first: 50) { edges { node { entityId kycStatus } } }
}`;
const LINKS = `query ($status: PaymentLinkStatus) { paymentLinks(status: $status, first: 50) { edges { node { id status } } } }`;

describe('settlementEntities(kycStatus, search) and paymentLinks(status)', () => {
  it('filter entities by KYC status and search id or name; filter links by status; only the caller’s own', async () => {
    const tag = Date.now().toString(36).toUpperCase();
    await createEntity(server, key, `DUKA-${tag}`);
    await createEntity(server, key, `SHULE-${tag}`);
    await createEntity(server, otherKey, `DUKA-${tag}`);
    const entities = async (variables: Record<string, unknown>, k = key) =>
      ((await server.gql(ENTITIES, variables, { key: k })).body.data.settlementEntities.edges as { node: { entityId: string } }[]).map((e) => e.node.entityId);
    expect(await entities({ search: `duka-${tag.toLowerCase()}` })).toEqual([`DUKA-${tag}`]);
    // The name ("Entity SHULE-…") is searched too.
    expect(await entities({ search: `entity shule-${tag}` })).toEqual([`SHULE-${tag}`]);
    expect(await entities({ search: tag, kycStatus: 'PENDING' })).toEqual([`SHULE-${tag}`, `DUKA-${tag}`]);
    expect(await entities({ search: tag, kycStatus: 'APPROVED' })).toEqual([]);
    expect(await entities({ search: tag }, otherKey)).toEqual([`DUKA-${tag}`]);

    const link = async () => {
      const invoice = await createInvoice(key, 'Link Payer', 'link.payer@example.com');
      const made = await server.gql(
        `mutation ($id: ID!) { createPaymentLink(input: { invoiceId: $id }) { paymentLink { id } userErrors { code } } }`,
        { id: invoice.id },
        { key },
      );
      return made.body.data.createPaymentLink.paymentLink.id as string;
    };
    const [open, canceled] = [await link(), await link()];
    await server.gql(`mutation ($id: ID!) { cancelPaymentLink(input: { id: $id }) { userErrors { code } } }`, { id: canceled }, { key });
    const links = async (status: string) =>
      ((await server.gql(LINKS, { status }, { key })).body.data.paymentLinks.edges as { node: { id: string } }[]).map((e) => e.node.id);
    expect(await links('CANCELED')).toContain(canceled);
    expect(await links('CANCELED')).not.toContain(open);
    expect(await links('ACTIVE')).toContain(open);
    expect(await links('ACTIVE')).not.toContain(canceled);
  });
});
