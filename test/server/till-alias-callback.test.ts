import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../server/domain/webhook-signature.ts';
import { startReceiver } from '../support/receiver.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';
import { deliverTips, newAlias, seedMerchant, tipsPayload } from '../support/till-aliases.ts';

describe("the app's callback for a TIPS payment", () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let key: string;
  let webhookSecret: string;
  beforeAll(async () => {
    receiver = await startReceiver((seen) => ({ status: seen === 1 ? 503 : 200 }));
    server = await startTestServer({
      config: { webhookDelivery: true, allowPrivateWebhookTargets: true, webhookRetrySchedule: [0, 200, 200, 200], maintenanceIntervalMs: 200 },
    });
    ({ testKey: key } = await onboardBusiness(server, { name: 'Callback School', country: 'TZ', defaultCurrency: 'TZS' }));
    ({ webhookSecret } = await seedMerchant(server, key, { callbackUrl: `${receiver.url}/webhooks/router` }));
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it("gets the seed's clean payload and headers, signed so it verifies, retried through the delivery queue", async () => {
    const alias = await newAlias(server, key);
    const payload = tipsPayload({ utilityref: alias.alias, amount: '502500', transid: '504-APCTZ-CALLBACK', phone: '255787123456' });
    expect((await deliverTips(server, payload)).status).toBe(200);
    expect((await deliverTips(server, payload)).status).toBe(200); // a duplicate: no second callback
    const isPayment = (r: { body: string }) => JSON.parse(r.body).transid === '504-APCTZ-CALLBACK';
    // The first attempt is answered 503; the retry succeeds.
    const received = (await receiver.waitFor((all) => all.filter(isPayment).length >= 2)).filter(isPayment);
    const delivered = received.at(-1)!;
    expect(delivered.path).toBe('/webhooks/router');
    const body = JSON.parse(delivered.body);
    expect(body).toEqual({
      webhook_id: delivered.headers['x-webhook-id'],
      transid: '504-APCTZ-CALLBACK',
      amount: '502500.00',
      currency: 'TZS',
      phone: '255787123456',
      app_id: 'SCHOOLFEES',
      memo: 'INV-2026-00481',
      utilityref: alias.alias,
      result: 'SUCCESS',
      received_at: '2026-12-02T10:00:00Z',
    });
    expect(delivered.headers['x-webhook-timestamp']).toMatch(/^\d+$/);
    expect(delivered.headers['x-webhook-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook({ secret: webhookSecret, headers: delivered.headers, rawBody: delivered.body, now: server.clock.now() })).toMatchObject({ ok: true });
    expect(
      verifyWebhook({ secret: webhookSecret, headers: delivered.headers, rawBody: delivered.body.replace('502500', '502501'), now: server.clock.now() }).ok,
    ).toBe(false);
    // Both attempts carried the same event id; the duplicate notification added none.
    expect(new Set(received.map((r) => r.headers['x-webhook-id'])).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received.filter(isPayment).length).toBe(2);
  });
});
