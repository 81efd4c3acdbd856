import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { graphqlAt, startServerProcess, type ServerProcess } from '../support/process.ts';
import { startReceiver } from '../support/receiver.ts';

const ADMIN_KEY = 'pk_admin_crash-operator-0123456789abcdefg';
const PARTNER_SECRET = 'crash-partner-secret';

let cluster: EmbeddedDatabase;
let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pay-whcrash-'));
  cluster = await startEmbeddedPostgres(scratch);
  await cluster.createDatabase('crash');
});
afterAll(async () => {
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const startServer = (port: number): Promise<ServerProcess> =>
  startServerProcess(
    {
      PORT: String(port),
      DATABASE_URL: cluster.urlFor('crash'),
      PLATFORM_ADMIN_KEY: ADMIN_KEY,
      PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
      WEBHOOK_SECRETS_KEY: '22'.repeat(32),
      ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE_MS: '0,2000,2000,2000,2000',
      MAINTENANCE_INTERVAL_MS: '500',
    },
    /Health:/,
  );

describe('a server killed while a webhook waits for its retry', () => {
  it('delivers every event after the restart, with the same event ids', async () => {
    // The receiver is down (503) until the test says otherwise.
    let healthy = false;
    const receiver = await startReceiver(() => ({ status: healthy ? 200 : 503 }));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await startServer(port);
    try {
      const key = (
        await graphqlAt(
          url,
          ADMIN_KEY,
          `mutation { createBusiness(input: { name: "Crash", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`,
        )
      ).createBusiness.testSecretKey;
      await graphqlAt(url, key, `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { userErrors { code } } }`, {
        input: { appId: 'SHOP', name: 'Shop', callbackUrl: `${receiver.url}/hooks` },
      });
      const invoiceId = (
        await graphqlAt(url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
          input: {
            customer: { name: 'A', email: 'a@example.com' },
            currency: 'NGN',
            lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 5_000 }],
            dueDate: '2026-12-31',
          },
        })
      ).createInvoice.invoice.id;
      const linkId = (
        await graphqlAt(url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
          input: { invoiceId },
        })
      ).createPaymentLink.paymentLink.id;

      const raw = JSON.stringify({
        event: 'payment.completed',
        paymentId: 'crash-1',
        paymentLinkId: linkId,
        sessionId: null,
        amountKobo: 5_000,
        currency: 'NGN',
        reference: null,
        timestamp: new Date().toISOString(),
        metadata: {},
      });
      const delivered = await fetch(`${url}/v1/webhooks/alat-payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(PARTNER_SECRET, raw) },
        body: raw,
      });
      expect(delivered.status).toBe(200);

      // Both events fail their first attempt; the server dies before their retries.
      await receiver.waitFor((r) => new Set(r.map((w) => w.headers['x-webhook-id'])).size >= 2);
      const eventIds = new Set(receiver.received.map((w) => w.headers['x-webhook-id'] as string));
      await new Promise((resolve) => setTimeout(resolve, 300));
      server.child.kill('SIGKILL');
      await server.exited;

      healthy = true;
      const beforeRestart = receiver.received.length;
      server = await startServer(port);
      const afterRestart = (await receiver.waitFor((r) => new Set(r.slice(beforeRestart).map((w) => w.headers['x-webhook-id'])).size >= 2, 30_000)).slice(
        beforeRestart,
      );
      expect(new Set(afterRestart.map((w) => w.headers['x-webhook-id']))).toEqual(eventIds);

      const deliveries = (
        await graphqlAt(url, key, `{ webhookDeliveries(appId: "SHOP", first: 10) { edges { node { eventId status attempts { statusCode } } } } }`)
      ).webhookDeliveries.edges.map((e: any) => e.node);
      expect(deliveries.map((d: any) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      expect(new Set(deliveries.map((d: any) => d.eventId))).toEqual(eventIds);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await receiver.close();
    }
  });
});
