// The real server for widget tests: embedded PostgreSQL and the app on a loopback port, driven by
// @web/test-runner server commands (the browser cannot hold secret keys, so setup happens here).
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { freePort, startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { openDatabase } from '../../server/db/orm.ts';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { PaymentLink } from '../../server/modules/kinds/payment-link/payment-link.entity.ts';
import { PaymentRequest } from '../../server/modules/kinds/payment-request/payment-request.entities.ts';
import { TapToPaySession } from '../../server/modules/kinds/tap-to-pay/tap-to-pay-session.entity.ts';
import { createSandboxSettlementMachine } from '../../server/providers/settlement-machine/sandbox-settlement-machine.ts';
import { SETTLEMENT_MACHINE_WEBHOOK_PATH } from '../../server/providers/settlement-machine/settlement-machine-webhook.ts';

const ADMIN_KEY = 'pk_admin_widget-tests-0123456789abcdefghi';
const PARTNER_SECRET = 'widget-partner-secret';
const SETTLEMENT_SECRET = 'widget-settlement-secret';

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
    // Seals apps' webhook secrets at rest: registerApp needs it (the dashboard's Lipa number form).
    webhookSecretsKey: '22'.repeat(32),
    webhookDelivery: false,
    maintenanceIntervalMs: 100,
    rateLimit: { points: 100_000, windowSeconds: 1 },
    // The sandbox lender takes a moment, so "analysing" shows before its answer arrives live.
    financing: { ...loadConfig({}).financing, sandboxLenderDelayMs: 400 },
  };
  // A sandbox settlement machine the dashboard tests can make fail (and pay again on retry).
  const settlementMachine = createSandboxSettlementMachine({
    secret: SETTLEMENT_SECRET,
    callbackUrl: () => `http://127.0.0.1:${port}${SETTLEMENT_MACHINE_WEBHOOK_PATH}`,
    now: () => new Date(),
    autoDeliver: true,
  });
  const app = await createApp({
    config: { ...config, settlementMachineSecret: SETTLEMENT_SECRET },
    orm,
    platformAdminKey: ADMIN_KEY,
    sandboxSettlementMachine: settlementMachine,
  });
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
  const onboarded = (
    await graphql(
      ADMIN_KEY,
      `
        mutation {
          createBusiness(input: { name: "Widget Shop", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) {
            business {
              id
            }
            testSecretKey
          }
        }
      `,
    )
  ).createBusiness;
  const key = onboarded.testSecretKey as string;
  // Live mode: what real customers see (no "Pay (test)").
  const liveKey = (
    await graphql(
      ADMIN_KEY,
      `
        mutation ($input: CreateApiKeyInput!) {
          createApiKey(input: $input) {
            secret
          }
        }
      `,
      {
        input: { businessId: onboarded.business.id, name: 'live', mode: 'LIVE', scopes: ['invoices:write', 'checkouts:write'] },
      },
    )
  ).createApiKey.secret as string;

  const network = await startCuttableProxy(port);

  return {
    url,
    adminKey: ADMIN_KEY,
    partnerSecret: PARTNER_SECRET,
    settlementMachine,
    graphql,
    /** The same server behind a TCP proxy whose connections the tests can cut, as a lost network would. */
    flakyUrl: network.url,
    setNetwork: (options: { up: boolean }) => network.set(options.up),
    async createCheckout(options: { amountMinor?: number; allowPartialPayment?: boolean; currency?: string; redirectUrl?: string; live?: boolean } = {}) {
      const as = options.live ? liveKey : key;
      const invoice = await graphql(
        as,
        `
          mutation ($input: CreateInvoiceInput!) {
            createInvoice(input: $input) {
              invoice {
                id
                number
              }
            }
          }
        `,
        {
          input: {
            customer: { name: 'Ada', email: 'ada@example.com' },
            currency: options.currency ?? 'NGN',
            lineItems: [{ description: 'Item', quantity: 1, unitAmountMinor: options.amountMinor ?? 53_750_000 }],
            dueDate: '2026-12-31',
          },
        },
      );
      const link = await graphql(
        as,
        `
          mutation ($input: CreatePaymentLinkInput!) {
            createPaymentLink(input: $input) {
              paymentLink {
                id
              }
            }
          }
        `,
        {
          input: { invoiceId: invoice.createInvoice.invoice.id, allowPartialPayment: options.allowPartialPayment ?? false, redirectUrl: options.redirectUrl },
        },
      );
      return { checkoutId: link.createPaymentLink.paymentLink.id as string, invoiceNumber: invoice.createInvoice.invoice.number as string, server: url };
    },
    async pay(options: { checkoutId: string; amountMinor: number }) {
      const raw = JSON.stringify({
        event: 'payment.completed',
        paymentId: `widget-${Math.random().toString(36).slice(2)}`,
        paymentLinkId: options.checkoutId,
        sessionId: null,
        amountKobo: options.amountMinor,
        currency: 'NGN',
        reference: null,
        timestamp: new Date().toISOString(),
        metadata: {},
      });
      const response = await fetch(`${url}/v1/webhooks/alat-payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(PARTNER_SECRET, raw) },
        body: raw,
      });
      return (await response.json()).data;
    },
    /** A bill, created through the API as a merchant would (any createBill input). */
    async createBill(input: Record<string, unknown>) {
      const created = await graphql(
        key,
        `
          mutation ($input: CreateBillInput!) {
            createBill(input: $input) {
              bill {
                id
                paymentRef
                virtualAccount {
                  accountNumber
                }
              }
              userErrors {
                code
                message
              }
            }
          }
        `,
        {
          input: { email: 'payer@example.com', ...input },
        },
      );
      if (!created.createBill.bill) throw new Error(JSON.stringify(created.createBill.userErrors));
      const bill = created.createBill.bill;
      return {
        checkoutId: bill.id as string,
        paymentRef: bill.paymentRef as string,
        accountNumber: (bill.virtualAccount?.accountNumber ?? null) as string | null,
        server: url,
      };
    },
    /** The partner reports a payment to a bill, by its reference. */
    async payBill(options: { paymentRef: string; amountMinor: number }) {
      const raw = JSON.stringify({
        event: 'payment.completed',
        paymentId: `widget-${Math.random().toString(36).slice(2)}`,
        amountKobo: options.amountMinor,
        currency: 'NGN',
        timestamp: new Date().toISOString(),
        metadata: { paymentRef: options.paymentRef },
      });
      const response = await fetch(`${url}/v1/webhooks/alat-payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(PARTNER_SECRET, raw) },
        body: raw,
      });
      return (await response.json()).data;
    },
    async createTapToPay(options: { amountMinor: number }) {
      const created = await graphql(
        key,
        `
          mutation ($input: CreateTapToPaySessionInput!) {
            createTapToPaySession(input: $input) {
              session {
                id
              }
            }
          }
        `,
        {
          input: { amountMinor: options.amountMinor, description: 'Counter sale', deviceId: 'till-1' },
        },
      );
      return { checkoutId: created.createTapToPaySession.session.id as string, server: url };
    },
    /** A payment request (installment financing), created as a merchant would (any createPaymentRequest input). */
    async createPaymentRequest(input: Record<string, unknown>) {
      const created = await graphql(
        key,
        `
          mutation ($input: CreatePaymentRequestInput!) {
            createPaymentRequest(input: $input) {
              paymentRequest {
                code
              }
              userErrors {
                code
                message
              }
            }
          }
        `,
        { input: { amountMinor: 1_000_000, currency: 'BRL', installmentsCountMin: 3, installmentsCountMax: 6, merchantSubsidyType: 'NONE', ...input } },
      );
      if (!created.createPaymentRequest.paymentRequest) throw new Error(JSON.stringify(created.createPaymentRequest.userErrors));
      // The checkout goes by the request's unguessable code, not by its id.
      return { checkoutId: created.createPaymentRequest.paymentRequest.code as string, server: url };
    },
    /** Moves a checkout's expiry into the past; the server's own maintenance pass then expires it. */
    async expire(options: { checkoutId: string }) {
      const past = { expiresAt: new Date(Date.now() - 1_000) };
      if (options.checkoutId.startsWith('pl_')) await orm.em.fork().nativeUpdate(PaymentLink, { id: options.checkoutId }, past);
      else if (options.checkoutId.startsWith('preq_')) await orm.em.fork().nativeUpdate(PaymentRequest, { checkoutId: options.checkoutId }, past);
      else await orm.em.fork().nativeUpdate(TapToPaySession, { id: options.checkoutId }, past);
    },
    async cancel(options: { checkoutId: string }) {
      return graphql(
        key,
        `
          mutation ($id: ID!) {
            cancelPaymentLink(input: { id: $id }) {
              paymentLink {
                status
              }
            }
          }
        `,
        { id: options.checkoutId },
      );
    },
    async stop() {
      network.close();
      await app.close(1000);
      await orm.close();
      await cluster.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A TCP proxy to the server; `set(false)` drops every connection and refuses new ones until `set(true)`. */
async function startCuttableProxy(targetPort: number) {
  let up = true;
  const open = new Set<Socket>();
  const proxy = createServer((client) => {
    if (!up) return void client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    set(next: boolean) {
      up = next;
      if (!up) for (const socket of open) socket.destroy();
    },
    close() {
      for (const socket of open) socket.destroy();
      proxy.close();
    },
  };
}
