import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueCheckouts } from '../../server/modules/checkouts/expiry.service.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import { OutboxEvent } from '../../server/modules/outbox/outbox-event.entity.ts';
import { PaymentLink } from '../../server/modules/kinds/payment-link/payment-link.entity.ts';
import { TapToPaySession } from '../../server/modules/kinds/tap-to-pay/tap-to-pay-session.entity.ts';
import { Payment } from '../../server/modules/payments/payment.entities.ts';
import { CREATE_INVOICE, deliverWebhook, INVOICE, invoiceWithLink, partnerPayload, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key, businessId } = await onboardBusiness(server, { defaultCurrency: 'NGN' }));
});
afterAll(() => server.close());

const CREATE_SESSION = `mutation ($input: CreateTapToPaySessionInput!) {
  createTapToPaySession(input: $input) { session { id amount { amountMinor currency } status expiresAt deviceId invoiceId } userErrors { code field message } }
}`;
const SESSION = `query ($id: ID!) { tapToPaySession(id: $id) { id status } }`;
const sessionCount = () => server.orm.em.fork().count(TapToPaySession, {});

async function newInvoice(amountMinor: number) {
  const result = await server.gql(
    CREATE_INVOICE,
    {
      input: {
        customer: { name: 'Bola', email: 'bola@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'Shoes', quantity: 1, unitAmountMinor: amountMinor }],
        dueDate: '2026-12-31',
      },
    },
    { key },
  );
  return result.body.data.createInvoice.invoice.id as string;
}

describe('tap-to-pay sessions', () => {
  it('waits five minutes for a tap, in the business currency by default', async () => {
    const result = await server.gql(CREATE_SESSION, { input: { amountMinor: 5_375_000, description: 'Table 4', deviceId: 'dev_001' } }, { key });
    const session = result.body.data.createTapToPaySession.session;
    expect(session).toMatchObject({
      id: expect.stringMatching(/^nfc_sess_/),
      amount: { amountMinor: 5_375_000, currency: 'NGN' },
      status: 'AWAITING_TAP',
      deviceId: 'dev_001',
    });
    expect(new Date(session.expiresAt).getTime() - server.clock.now().getTime()).toBe(5 * 60_000);
  });

  it('refuses bad sessions with userErrors and writes nothing', async () => {
    const small = await newInvoice(1_000);
    const other = await onboardBusiness(server, { name: 'Elsewhere' });
    const foreign = (
      await server.gql(
        CREATE_INVOICE,
        {
          input: {
            customer: { name: 'X', email: 'x@example.com' },
            currency: 'NGN',
            lineItems: [{ description: 'x', quantity: 1, unitAmountMinor: 100 }],
            dueDate: '2026-12-31',
          },
        },
        { key: other.testKey },
      )
    ).body.data.createInvoice.invoice.id;
    const before = await sessionCount();
    const attempt = async (input: Record<string, unknown>) =>
      (
        await server.gql(CREATE_SESSION, { input: { amountMinor: 500, description: 'x', deviceId: 'dev', ...input } }, { key })
      ).body.data.createTapToPaySession.userErrors.map((e: any) => e.code);
    expect(await attempt({ amountMinor: 0 })).toEqual(['INVALID_AMOUNT']);
    expect(await attempt({ deviceId: '  ' })).toEqual(['INVALID_INPUT']);
    expect(await attempt({ currency: 'ABC' })).toEqual(['UNSUPPORTED_CURRENCY']);
    expect(await attempt({ invoiceId: foreign })).toEqual(['NOT_FOUND']);
    expect(await attempt({ invoiceId: small, amountMinor: 1_001 })).toEqual(['AMOUNT_EXCEEDS_DUE']);
    expect(await attempt({ invoiceId: small, currency: 'USD' })).toEqual(['CURRENCY_MISMATCH']);
    expect(await sessionCount()).toBe(before);
  });

  it('is ENTERPRISE_ONLY', async () => {
    const retail = await onboardBusiness(server, { name: 'Kiosk', plan: 'RETAIL' });
    const result = await server.gql(CREATE_SESSION, { input: { amountMinor: 500, description: 'x', deviceId: 'dev' } }, { key: retail.testKey });
    expect(result.body.errors[0].extensions.code).toBe('ENTERPRISE_ONLY');
  });

  it('is completed by the partner webhook naming its sessionId, reconciling its invoice', async () => {
    const invoiceId = await newInvoice(5_375_000);
    const session = (await server.gql(CREATE_SESSION, { input: { amountMinor: 5_375_000, description: 'Till', deviceId: 'dev_001', invoiceId } }, { key })).body
      .data.createTapToPaySession.session;
    const payload = { ...partnerPayload(server, { amountKobo: 5_375_000 }), sessionId: session.id };
    const delivery = await deliverWebhook(server, payload);
    expect(delivery.body.data.invoiceStatus).toBe('paid');
    expect((await server.gql(SESSION, { id: session.id }, { key })).body.data.tapToPaySession.status).toBe('COMPLETED');
    expect((await server.gql(INVOICE, { id: invoiceId }, { key })).body.data.invoice.status).toBe('PAID');
  });

  it('books a session with no invoice straight to revenue', async () => {
    const revenueBefore = await balance('4000');
    const session = (await server.gql(CREATE_SESSION, { input: { amountMinor: 2_500, description: 'Coffee', deviceId: 'dev_002' } }, { key })).body.data
      .createTapToPaySession.session;
    const delivery = await deliverWebhook(server, { ...partnerPayload(server, { amountKobo: 2_500 }), sessionId: session.id });
    expect(delivery.body.data).toMatchObject({ invoiceStatus: null, receiptId: expect.stringMatching(/^rec_/) });
    expect((await balance('4000')) - revenueBefore).toBe(2_500);
    expect(await unbalancedJournals(server)).toEqual([]);
  });
});

async function balance(code: string): Promise<number> {
  const accounts = (await server.gql('{ ledgerAccounts { code balance { amountMinor currency } } }', {}, { key })).body.data.ledgerAccounts;
  return accounts.filter((a: any) => a.code === code && a.balance.currency === 'NGN').reduce((s: number, a: any) => s + a.balance.amountMinor, 0);
}

describe('expiry', () => {
  it('expires overdue links and sessions once, with events, and keeps later money in suspense', async () => {
    const { linkId } = await invoiceWithLink(server, key, { expiresInHours: 1 });
    const session = (await server.gql(CREATE_SESSION, { input: { amountMinor: 900, description: 'x', deviceId: 'dev' } }, { key })).body.data
      .createTapToPaySession.session;
    server.clock.advance(5 * 60_000);
    expect((await server.gql(SESSION, { id: session.id }, { key })).body.data.tapToPaySession.status).toBe('EXPIRED');

    const firstSweep = await expireDueCheckouts(platformJob(server.orm.em, server.clock));
    expect(firstSweep.TAP_TO_PAY).toContain(session.id);
    server.clock.advance(55 * 60_000);
    await expireDueCheckouts(platformJob(server.orm.em, server.clock));
    // A third sweep finds nothing left to expire, in any kind.
    const thirdSweep = await expireDueCheckouts(platformJob(server.orm.em, server.clock));
    expect(Object.keys(thirdSweep)).toEqual(expect.arrayContaining(['PAYMENT_LINK', 'TAP_TO_PAY', 'BILL']));
    expect(Object.values(thirdSweep).flat()).toEqual([]);

    const em = server.orm.em.fork();
    expect((await em.findOneOrFail(PaymentLink, { id: linkId })).status).toBe('EXPIRED');
    expect((await em.findOneOrFail(TapToPaySession, { id: session.id })).status).toBe('EXPIRED');
    const events = await em.find(OutboxEvent, { business: businessId, type: { $in: ['payment_link.expired', 'tap_to_pay.expired'] } });
    expect(events.filter((e) => e.payload.checkoutId === linkId).map((e) => e.type)).toEqual(['payment_link.expired']);
    expect(events.filter((e) => e.payload.checkoutId === session.id).map((e) => e.type)).toEqual(['tap_to_pay.expired']);

    const late = { ...partnerPayload(server, { amountKobo: 900 }), sessionId: session.id };
    expect((await deliverWebhook(server, late)).status).toBe(200);
    expect(await em.fork().findOneOrFail(Payment, { partnerPaymentId: late.paymentId })).toMatchObject({ exception: 'CHECKOUT_EXPIRED', suspenseMinor: 900n });
    server.clock.advance(-60 * 60_000);
  });

  it('happens on time with no traffic: the sweeper job runs by itself', async () => {
    const swept = await startTestServer({ databaseUrl: server.databaseUrl, clock: server.clock, config: { maintenanceIntervalMs: 50 } });
    try {
      const { linkId } = await invoiceWithLink(swept, key, { expiresInHours: 2 });
      server.clock.advance(2 * 3_600_000);
      let status = 'ACTIVE';
      for (let i = 0; i < 60 && status !== 'EXPIRED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await swept.orm.em.fork().findOneOrFail(PaymentLink, { id: linkId })).status;
      }
      expect(status).toBe('EXPIRED');
    } finally {
      server.clock.advance(-2 * 3_600_000);
      await swept.stop();
    }
  });
});
