import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { billPayload, createBill, createEntity } from '../support/bills.ts';
import { deliverWebhook, exactBalances, gqlExact, invoiceWithLink, MAX_MINOR, parseExactJson, partnerPayload } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Amounts near 2^53 − 1 (the most a JSON number carries exactly). A single payment or checkout
 * total never passes it; sums across payments (ledger balances) do, and every read still answers,
 * digit for digit.
 */
const MAX = BigInt(MAX_MINOR);
const TWICE_MAX = '18014398509481982';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

// One query each: together they pass the cost limit.
const READS = [
  '{ payments(first: 20) { edges { node { amount { amountMinor } applied { amountMinor } suspense { amountMinor } customerCredit { amountMinor } } } } }',
  '{ receipts(first: 20) { edges { node { amount { amountMinor } } } } }',
  '{ journalEntries(first: 20) { edges { node { lines { debitMinor creditMinor } } } } }',
  '{ invoices(first: 20) { edges { node { total { amountMinor } amountPaid { amountMinor } amountDue { amountMinor } } } } }',
  '{ bills(first: 20) { edges { node { amountPaid { amountMinor } outstanding { amountMinor } payments { applied { amountMinor } } } } } }',
  '{ ledgerAccounts { code balance { amountMinor } } settlementEntities(first: 20) { edges { node { payable { amountMinor } } } } }',
];

/** The text of the first `next` frame graphql-ws sends for a query, before any JSON parsing. */
function graphqlWsFrame(key: string, query: string): Promise<string> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise<string>((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
    socket.on('message', (data) => {
      const text = String(data);
      const type = JSON.parse(text).type;
      if (type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      else if (type === 'next') resolve(text);
      else if (type === 'error') reject(new Error(text));
    });
    socket.on('error', reject);
    socket.on('close', (code) => reject(new Error(`closed ${code}`)));
  }).finally(() => socket.close());
}

/** Every list a merchant reads answers without an error, however large the data. */
async function expectAllReadsAnswer(key: string) {
  for (const query of READS) {
    const read = await gqlExact(server, query, {}, key);
    expect(read.status, query).toBe(200);
    expect(read.body.errors, query).toBeUndefined();
  }
}

describe('ledger balances beyond 2^53 − 1', () => {
  it('two invoices of 2^53 − 1 paid in full: ledgerAccounts answers exact balances over HTTP and graphql-ws', async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Big Ledger Co' });
    for (const paymentId of ['alat-big-inv-1', 'alat-big-inv-2']) {
      const { linkId } = await invoiceWithLink(server, key, { amountMinor: MAX_MINOR });
      const answer = await deliverWebhook(server, partnerPayload(server, { paymentLinkId: linkId, amountKobo: MAX_MINOR, paymentId }));
      expect(answer).toMatchObject({ status: 200, body: { data: { invoiceStatus: 'paid' } } });
    }

    const ledger = await gqlExact(server, '{ ledgerAccounts { code balance { amountMinor currency } } }', {}, key);
    expect(ledger.status).toBe(200);
    expect(ledger.body.errors).toBeUndefined();
    // The digits themselves, as sent: an exact JSON integer, not a float, a string or a rounded number.
    expect(ledger.text).toContain(`{"code":"1100","balance":{"amountMinor":${TWICE_MAX},"currency":"NGN"}}`);
    expect(ledger.text).toContain(`{"code":"4000","balance":{"amountMinor":${TWICE_MAX},"currency":"NGN"}}`);
    expect(ledger.text).toContain(`{"code":"1200","balance":{"amountMinor":0,"currency":"NGN"}}`);
    expect(await exactBalances(server, key)).toEqual({ '1100': 2n * MAX, '1200': 0n, '4000': 2n * MAX });

    // Each invoice's own figures stay within the limit, as plain safe integers.
    const invoices = await gqlExact(server, '{ invoices(first: 10) { edges { node { status total { amountMinor } amountPaid { amountMinor } amountDue { amountMinor } } } } }', {}, key);
    expect(invoices.body.data.invoices.edges.map((e: any) => e.node)).toEqual(
      Array(2).fill({ status: 'PAID', total: { amountMinor: MAX }, amountPaid: { amountMinor: MAX }, amountDue: { amountMinor: 0n } }),
    );
    await expectAllReadsAnswer(key);

    // graphql-ws serializes the same way: the frame's own text, read off a bare socket.
    const frame = await graphqlWsFrame(key, '{ ledgerAccounts { code balance { amountMinor } } }');
    expect(frame).toContain(`{"code":"1100","balance":{"amountMinor":${TWICE_MAX}}}`);
    expect(parseExactJson(frame).payload.errors).toBeUndefined();
  });

  it("a settlement entity's payable, summed over many split payments, answers exactly", async () => {
    const { testKey: key } = await onboardBusiness(server, { name: 'Big Payable Co' });
    await createEntity(server, key, 'ALL-OF-IT');
    for (const paymentId of ['alat-big-split-1', 'alat-big-split-2']) {
      const bill = await createBill(server, key, { amountMinor: MAX_MINOR, split: true, subaccounts: [{ entityId: 'ALL-OF-IT', percentage: 100 }] });
      expect((await deliverWebhook(server, billPayload(server, { paymentRef: bill.paymentRef }, MAX_MINOR, paymentId))).status).toBe(200);
    }
    const entity = await gqlExact(server, '{ settlementEntity(entityId: "ALL-OF-IT") { payable { amountMinor currency } } }', {}, key);
    expect(entity.status).toBe(200);
    expect(entity.body.errors).toBeUndefined();
    expect(entity.text).toContain(`"payable":[{"amountMinor":${TWICE_MAX},"currency":"NGN"}]`);
    expect(await exactBalances(server, key)).toEqual({ '1100': 2n * MAX, '2200': 2n * MAX });
  });
});
