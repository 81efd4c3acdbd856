import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOICE, invoiceWithLink, moneyRowCounts } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

const PAY = `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result receiptNumber userErrors { code field } } }`;

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key, businessId } = await onboardBusiness(server));
});
afterAll(() => server.close());

describe('the sandbox bank ("Pay (test)")', () => {
  it('pays a test checkout through the real signed inbound webhook', async () => {
    const { linkId, invoiceId } = await invoiceWithLink(server, key, { amountMinor: 9_900 });
    const before = await moneyRowCounts(server);
    const paid = await server.gql(PAY, { input: { checkoutId: linkId, method: 'CARD_SUCCESS' } });
    expect(paid.body.data.payCheckoutInSandbox).toEqual({ result: 'SUCCEEDED', receiptNumber: expect.stringMatching(/^REC-/), userErrors: [] });
    const after = await moneyRowCounts(server);
    expect(after.deliveries - before.deliveries).toBe(1); // it arrived as a partner delivery
    expect(after.payments - before.payments).toBe(1);
    expect((await server.gql(INVOICE, { id: invoiceId }, { key })).body.data.invoice.status).toBe('PAID');
  });

  it('declines without writing anything', async () => {
    const { linkId } = await invoiceWithLink(server, key);
    const before = await moneyRowCounts(server);
    const declined = await server.gql(PAY, { input: { checkoutId: linkId, method: 'CARD_DECLINED' } });
    expect(declined.body.data.payCheckoutInSandbox).toEqual({ result: 'DECLINED', receiptNumber: null, userErrors: [] });
    expect(await moneyRowCounts(server)).toEqual(before);
  });

  it('refuses live checkouts, paid ones and amounts it may not take, writing nothing', async () => {
    const live = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      // invoices:read too: invoiceWithLink reads the link's invoice back.
      { input: { businessId, name: 'live', mode: 'LIVE', scopes: ['invoices:read', 'invoices:write', 'checkouts:write'] } },
      { key: TEST_ADMIN_KEY },
    );
    const { linkId: liveLink } = await invoiceWithLink(server, live.body.data.createApiKey.secret);
    const { linkId } = await invoiceWithLink(server, key, { amountMinor: 1_000 });
    const before = await moneyRowCounts(server);
    const attempt = async (input: Record<string, unknown>) =>
      (await server.gql(PAY, { input })).body.data.payCheckoutInSandbox.userErrors.map((e: any) => e.code);
    expect(await attempt({ checkoutId: liveLink, method: 'CARD_SUCCESS' })).toEqual(['LIVE_CHECKOUT']);
    expect(await attempt({ checkoutId: 'pl_missing', method: 'CARD_SUCCESS' })).toEqual(['NOT_FOUND']);
    expect(await attempt({ checkoutId: linkId, method: 'CARD_SUCCESS', amountMinor: 500 })).toEqual(['PARTIAL_NOT_ALLOWED']);
    expect(await attempt({ checkoutId: linkId, method: 'CARD_SUCCESS', amountMinor: 5_000 })).toEqual(['AMOUNT_EXCEEDS_DUE']);
    expect(await moneyRowCounts(server)).toEqual(before);
    await server.gql(PAY, { input: { checkoutId: linkId, method: 'BANK_TRANSFER' } });
    expect(await attempt({ checkoutId: linkId, method: 'CARD_SUCCESS' })).toEqual(['NOT_PAYABLE']);
  });
});
