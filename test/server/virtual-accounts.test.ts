import { afterAll, describe, expect, it } from 'vitest';
import { virtualAccountProviders, type VirtualAccountProvider } from '../../server/modules/kinds/bill/virtual-accounts.ts';
import { CREATE_BILL, payBill } from '../support/bills.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

const liveKey = async (server: TestServer, businessId: string) =>
  (
    await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { businessId, name: 'live', mode: 'LIVE', scopes: ['checkouts:write'] } },
      { key: TEST_ADMIN_KEY },
    )
  ).body.data.createApiKey.secret as string;
const billCount = async (server: TestServer) =>
  Number(((await server.orm.em.getConnection().execute(`select count(*) as n from bill`)) as Array<{ n: string }>)[0]!.n);

describe('choosing the virtual account provider', () => {
  const sandbox: VirtualAccountProvider = { allocate: async (name) => ({ accountNumber: '9900000001', bankName: 'Sandbox Bank', accountName: name }) };
  const liveBank: VirtualAccountProvider = { allocate: async (name) => ({ accountNumber: '0123456789', bankName: 'Live Bank', accountName: name }) };

  it('test mode is always the sandbox; live mode only what is configured', () => {
    expect(virtualAccountProviders({ test: sandbox, live: null })('biz_1', 'TEST')).toBe(sandbox);
    expect(virtualAccountProviders({ test: sandbox, live: null })('biz_1', 'LIVE')).toBeNull();
    expect(virtualAccountProviders({ test: sandbox, live: liveBank })('biz_1', 'LIVE')).toBe(liveBank);
  });
});

describe('createBill(virtual: true)', () => {
  const servers: TestServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('in live mode with no provider configured: VIRTUAL_ACCOUNT_UNAVAILABLE, nothing written', async () => {
    const server = await startTestServer();
    servers.push(server);
    const { businessId } = await onboardBusiness(server, { name: 'Live Co' });
    const key = await liveKey(server, businessId);
    const before = await billCount(server);
    const result = await server.gql(CREATE_BILL, { input: { email: 'a@example.com', amountMinor: 100, virtual: true } }, { key });
    expect(result.body.data.createBill).toEqual({
      bill: null,
      userErrors: [{ code: 'VIRTUAL_ACCOUNT_UNAVAILABLE', field: ['input', 'virtual'], message: 'No virtual account provider is configured for live mode.' }],
    });
    expect(await billCount(server)).toBe(before);
  });

  it('in live mode asks the configured provider; test mode still gets the sandbox, whose transfers pay the bill', async () => {
    const asked: string[] = [];
    const liveBank: VirtualAccountProvider = {
      allocate: async (accountName) => (asked.push(accountName), { accountNumber: '0123456789', bankName: 'Live Bank', accountName }),
    };
    const server = await startTestServer({ liveVirtualAccounts: liveBank });
    servers.push(server);
    const { businessId, testKey } = await onboardBusiness(server, { name: 'Live Co' });
    const key = await liveKey(server, businessId);
    const live = (await server.gql(CREATE_BILL, { input: { email: 'a@example.com', amountMinor: 100, virtual: true } }, { key })).body.data.createBill;
    expect(live.userErrors).toEqual([]);
    expect(live.bill.virtualAccount).toEqual({ accountNumber: '0123456789', bankName: 'Live Bank', accountName: 'Live Co' });
    expect(asked).toEqual(['Live Co']);

    // Test mode still gets the sandbox, whatever live mode has.
    const test = (await server.gql(CREATE_BILL, { input: { email: 'a@example.com', amountMinor: 100, virtual: true } }, { key: testKey })).body.data.createBill;
    expect(test.bill.virtualAccount).toMatchObject({ bankName: 'Sandbox Bank', accountNumber: expect.stringMatching(/^99\d{8}$/) });
    expect(asked).toHaveLength(1);

    const delivery = await payBill(server, { accountNumber: test.bill.virtualAccount.accountNumber }, 100);
    expect(delivery.status).toBe(200);
  });
});
