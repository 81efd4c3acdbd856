// The real server for widget tests: embedded PostgreSQL and the app on a loopback port, driven by
// @web/test-runner server commands (the browser cannot hold secret keys, so setup happens here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { freePort, startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { openDatabase } from '../../server/db/orm.ts';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';

const ADMIN_KEY = 'pk_admin_widget-tests';
const PARTNER_SECRET = 'widget-partner-secret';

export async function startWidgetBackend() {
  const scratch = mkdtempSync(join(tmpdir(), 'pay-widget-'));
  const cluster = await startEmbeddedPostgres(scratch);
  await cluster.createDatabase('widget');
  const orm = await openDatabase(cluster.urlFor('widget'));
  // Public URLs (QR, hosted page) must point at this very server, so its port is chosen first.
  const port = await freePort();
  const config = {
    ...loadConfig({}),
    publicUrl: `http://127.0.0.1:${port}`,
    partnerWebhookSecret: PARTNER_SECRET,
    webhookDelivery: false,
    maintenanceIntervalMs: 100,
    rateLimit: { points: 100_000, windowSeconds: 1 },
  };
  const app = await createApp({ config, orm, platformAdminKey: ADMIN_KEY });
  await app.listen(port, '127.0.0.1');
  const url = config.publicUrl;

  const graphql = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()).data;
  };
  const key = (await graphql(ADMIN_KEY, `mutation { createBusiness(input: { name: "Widget Shop", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`))
    .createBusiness.testSecretKey as string;

  return {
    url,
    async createCheckout(options: { amountMinor?: number; allowPartialPayment?: boolean; currency?: string } = {}) {
      const invoice = await graphql(key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number } } }`, {
        input: {
          customer: { name: 'Ada', email: 'ada@example.com' },
          currency: options.currency ?? 'NGN',
          lineItems: [{ description: 'Item', quantity: 1, unitAmountMinor: options.amountMinor ?? 53_750_000 }],
          dueDate: '2026-12-31',
        },
      });
      const link = await graphql(key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
        input: { invoiceId: invoice.createInvoice.invoice.id, allowPartialPayment: options.allowPartialPayment ?? false },
      });
      return { checkoutId: link.createPaymentLink.paymentLink.id as string, invoiceNumber: invoice.createInvoice.invoice.number as string, server: url };
    },
    async pay(options: { checkoutId: string; amountMinor: number }) {
      const raw = JSON.stringify({
        event: 'payment.completed', paymentId: `widget-${Math.random().toString(36).slice(2)}`, paymentLinkId: options.checkoutId, sessionId: null,
        amountKobo: options.amountMinor, currency: 'NGN', reference: null, timestamp: new Date().toISOString(), metadata: {},
      });
      const response = await fetch(`${url}/v1/webhooks/alat-payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(PARTNER_SECRET, raw) },
        body: raw,
      });
      return (await response.json()).data;
    },
    async cancel(options: { checkoutId: string }) {
      return graphql(key, `mutation ($id: ID!) { cancelPaymentLink(input: { id: $id }) { paymentLink { status } } }`, { id: options.checkoutId });
    },
    async stop() {
      await app.close(1000);
      await orm.close();
      await cluster.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
