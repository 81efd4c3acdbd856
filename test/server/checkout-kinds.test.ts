// The voucher kind registers itself before anything builds the schema: keep this import first.
import { createVoucherTable } from '../support/voucher-kind.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueCheckouts } from '../../server/modules/checkouts/expiry.service.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import { checkoutKinds, kindOfId } from '../../server/modules/checkouts/registry.ts';
import { verifyWebhook } from '../../server/domain/webhook-signature.ts';
import { deliverWebhook, moneyRowCounts, partnerPayload, unbalancedJournals } from '../support/money-path.ts';
import { startReceiver } from '../support/receiver.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key, businessId } = await onboardBusiness(server));
  await createVoucherTable(server.orm.em.fork());
});
afterAll(() => server.close());

let voucherCount = 0;
async function issueVoucher(amountMinor: number, expiresInMs = 3_600_000, on = { server, businessId, callbackUrl: null as string | null }): Promise<string> {
  const id = `vch_${Date.now().toString(36)}${voucherCount++}`;
  await on.server.orm.em
    .fork()
    .execute(
      `insert into test_voucher (id, business_id, mode, status, amount_minor, currency, expires_at, callback_url) values (?, ?, 'TEST', 'ISSUED', ?, 'NGN', ?, ?)`,
      [id, on.businessId, amountMinor, new Date(on.server.clock.now().getTime() + expiresInMs), on.callbackUrl],
    );
  return id;
}
const voucherStatus = async (id: string) =>
  ((await server.orm.em.fork().execute(`select status from test_voucher where id = ?`, [id]))[0] as { status: string }).status;
const PUBLIC = `query ($id: ID!) { checkout(id: $id) { id kind status amountDue { amountMinor } total { amountMinor currency } } }`;

describe('a checkout kind added in one folder and one registry line', () => {
  it('is listed by the registry and the public schema', async () => {
    expect(checkoutKinds().map((kind) => kind.name)).toEqual(['BILL', 'PAYMENT_LINK', 'TAP_TO_PAY', 'TILL_ALIAS', 'PAYMENT_REQUEST', 'VOUCHER']);
    expect(kindOfId('vch_123')?.name).toBe('VOUCHER');
    const kinds = await server.gql(`{ __type(name: "CheckoutKind") { enumValues { name } } }`);
    expect(kinds.body.data.__type.enumValues.map((v: any) => v.name)).toContain('VOUCHER');
  });

  it('is paid end to end: signed webhook, receipt, balanced journal, its own status, public view, hosted page', async () => {
    const id = await issueVoucher(7_500);
    expect((await server.gql(PUBLIC, { id })).body.data.checkout).toEqual({
      id,
      kind: 'VOUCHER',
      status: 'ACTIVE',
      amountDue: { amountMinor: 7_500 },
      total: { amountMinor: 7_500, currency: 'NGN' },
    });
    expect((await fetch(`${server.url}/p/${id}`)).status).toBe(200);

    const before = await moneyRowCounts(server);
    const payload = partnerPayload(server, { paymentLinkId: id, amountKobo: 7_500 });
    const delivery = await deliverWebhook(server, payload);
    expect(delivery.status).toBe(200);
    expect(delivery.body.data).toMatchObject({
      received: true,
      receiptNumber: expect.stringMatching(/^REC-/),
      glJournalEntryId: expect.stringMatching(/^je_/),
    });
    const after = await moneyRowCounts(server);
    expect(after.payments - before.payments).toBe(1);
    expect(after.receipts - before.receipts).toBe(1);
    expect(await unbalancedJournals(server)).toEqual([]);
    expect(await voucherStatus(id)).toBe('REDEEMED');
    expect((await server.gql(PUBLIC, { id })).body.data.checkout.status).toBe('PAID');

    // A duplicate gets the first answer; a second payment to a redeemed voucher is credit, not applied.
    expect(await deliverWebhook(server, payload)).toEqual(delivery);
    const again = await deliverWebhook(server, partnerPayload(server, { paymentLinkId: id, amountKobo: 7_500 }));
    expect(again.status).toBe(200);
    const payments = await server.gql(`{ payments(first: 5) { edges { node { checkoutId exception } } } }`, {}, { key });
    expect(payments.body.data.payments.edges.map((e: any) => e.node).filter((p: any) => p.checkoutId === id)).toEqual(
      expect.arrayContaining([
        { checkoutId: id, exception: null },
        { checkoutId: id, exception: 'ALREADY_PAID' },
      ]),
    );
  });

  it('is paid through the sandbox bank ("Pay (test)") and expires on time', async () => {
    const paid = await issueVoucher(2_000);
    const pay = await server.gql(`mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result userErrors { code } } }`, {
      input: { checkoutId: paid, method: 'CARD_SUCCESS' },
    });
    expect(pay.body.data.payCheckoutInSandbox).toEqual({ result: 'SUCCEEDED', userErrors: [] });
    expect(await voucherStatus(paid)).toBe('REDEEMED');

    const lapsing = await issueVoucher(2_000, 60_000);
    server.clock.advance(61_000);
    expect((await expireDueCheckouts(platformJob(server.orm.em, server.clock))).VOUCHER).toEqual([lapsing]);
    expect(await voucherStatus(lapsing)).toBe('LAPSED');
  });
});

describe("a kind's own callback URL", () => {
  let hooks: TestServer;
  let hooksKey: string;
  let hooksBusinessId: string;
  beforeAll(async () => {
    // The real webhook queue, delivering to a receiver on loopback.
    hooks = await startTestServer({ config: { webhookDelivery: true, allowPrivateWebhookTargets: true, maintenanceIntervalMs: 200 } });
    ({ testKey: hooksKey, businessId: hooksBusinessId } = await onboardBusiness(hooks));
    await createVoucherTable(hooks.orm.em.fork());
  });
  afterAll(() => hooks.close());

  it('hears its payments and its own events, signed with the app secret, with no shared-code edit', async () => {
    const receiver = await startReceiver();
    try {
      const registered = await hooks.gql(
        `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { webhookSecret userErrors { code } } }`,
        { input: { appId: 'VOUCHERS', name: 'Vouchers', callbackUrl: `${receiver.url}/app` } },
        { key: hooksKey },
      );
      expect(registered.body.data.registerApp.userErrors).toEqual([]);
      const secret = registered.body.data.registerApp.webhookSecret as string;
      const on = { server: hooks, businessId: hooksBusinessId, callbackUrl: `${receiver.url}/voucher` };

      const paid = await issueVoucher(3_000, 3_600_000, on);
      expect((await deliverWebhook(hooks, partnerPayload(hooks, { paymentLinkId: paid, amountKobo: 3_000 }))).status).toBe(200);
      const lapsing = await issueVoucher(3_000, 60_000, on);
      await issueVoucher(3_000, 60_000, { ...on, callbackUrl: null });
      hooks.clock.advance(61_000);
      await expireDueCheckouts(platformJob(hooks.orm.em, hooks.clock));

      const got = await receiver.waitFor((r) => r.filter((w) => w.path === '/voucher').length >= 2 && r.filter((w) => w.path === '/app').length >= 3);
      const heard = got.filter((w) => w.path === '/voucher');
      expect(heard.map((w) => JSON.parse(w.body)).map((body) => [body.type, body.data.checkoutId])).toEqual(
        expect.arrayContaining([
          ['payment.received', paid],
          ['voucher.lapsed', lapsing],
        ]),
      );
      for (const webhook of heard) {
        expect(verifyWebhook({ secret, headers: webhook.headers as Record<string, string>, rawBody: webhook.body, now: hooks.clock.now() }).ok).toBe(true);
      }
      // Nothing else reached the voucher's URL, however long the app's own deliveries take.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received.filter((w) => w.path === '/voucher')).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });
});
