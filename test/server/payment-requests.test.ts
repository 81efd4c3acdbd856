import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../../server/domain/clock.ts';
import { expireDueCheckouts } from '../../server/modules/checkouts/expiry.service.ts';
import { FinancedPayment, PaymentRequest } from '../../server/modules/kinds/payment-request/payment-request.entities.ts';
import { OutboxEvent } from '../../server/modules/outbox/outbox-event.entity.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import { CHECKOUT_FINANCING, codesOf, CREATE_PAYMENT_REQUEST, createRequest, freeRequest, PAYMENT_REQUEST } from '../support/financing.ts';
import { CREATE_INVOICE } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  // 10:00 in São Paulo on 2 December 2026.
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' }, clock: new ManualClock('2026-12-02T13:00:00Z') });
  ({ testKey: key, businessId } = await onboardBusiness(server, { name: 'Loja Exemplo Ltda', country: 'BR', defaultCurrency: 'BRL' }));
});
afterAll(() => server.close());

const create = (input: Record<string, unknown>, as = key) => server.gql(CREATE_PAYMENT_REQUEST, { input: freeRequest(input) }, { key: as });
const counts = async () => [await server.orm.em.fork().count(PaymentRequest, {}), await server.orm.em.fork().count(FinancedPayment, {})];
const sum = (schedule: Array<{ amount: { amountMinor: number } }>) => schedule.reduce((total, s) => total + s.amount.amountMinor, 0);

describe('createPaymentRequest', () => {
  it('R$ 10.000,00 FREE 3–6×: a url, expiresOn seven days out, plans that sum to their totals, 6× costing the merchant R$ 664,28', async () => {
    const request = await createRequest(server, key, { customerTaxId: '11.222.333/0001-81' });
    expect(request).toMatchObject({
      code: expect.stringMatching(/^preq_[\w-]{32}$/),
      url: `https://pay.example.com/p/${request.code}`,
      amount: { amountMinor: 1_000_000, currency: 'BRL' },
      currency: 'BRL',
      installmentsCountMin: 3,
      installmentsCountMax: 6,
      customerTaxId: '11222333000181',
      orderId: 'ORDER-91',
      meta: { internal_id: 12345 },
      merchantSubsidyType: 'FREE',
      expiresOn: '2026-12-09',
      // Open through the 9th in São Paulo (UTC−3).
      expiresAt: '2026-12-10T03:00:00.000Z',
      financingStatus: 'OPEN',
      existingBorrower: false,
    });
    expect(request.id).toMatch(/^preq_/);
    const options = request.installmentOptions;
    expect(options.map((o: any) => o.installmentsCount)).toEqual([3, 4, 5, 6]);
    for (const option of options) {
      expect(sum(option.schedule)).toBe(option.customerTotal.amountMinor);
      expect(option.interestFree).toBe(true);
      expect(option.customerTotal.amountMinor).toBe(1_000_000);
      expect(option.merchantTotalAmount.amountMinor + option.merchantFee.amountMinor).toBe(1_000_000);
    }
    const six = options.find((o: any) => o.installmentsCount === 6);
    expect(six.merchantSubsidyAmount.amountMinor).toBe(66_428);
    expect(six.schedule[0].dueDate).toBe('2027-01-02');
  });

  it('NONE 6× at 2 %: R$ 1.785,26 a month, R$ 10.711,56 in all', async () => {
    const request = await createRequest(server, key, { merchantSubsidyType: 'NONE', installmentsCountMin: 6, installmentsCountMax: 6 });
    const [six] = request.installmentOptions;
    expect(six).toMatchObject({
      installmentAmount: { amountMinor: 178_526 },
      customerTotal: { amountMinor: 1_071_156 },
      interestFree: false,
      monthlyRate: '0.02',
    });
    expect(sum(six.schedule)).toBe(1_071_156);
  });

  it('refuses a bad CNPJ, RATE without a rate, a nested meta and more with their codes, and writes nothing', async () => {
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ customerTaxId: '11222333000182' }, ['INVALID_TAX_ID:input.customerTaxId']],
      [{ merchantSubsidyType: 'RATE' }, ['INVALID_SUBSIDY_RATE:input.merchantSubsidyRate']],
      [{ merchantSubsidyType: 'RATE', merchantSubsidyRate: '1.5' }, ['INVALID_SUBSIDY_RATE:input.merchantSubsidyRate']],
      [{ merchantSubsidyType: 'AMOUNT' }, ['INVALID_SUBSIDY_AMOUNT:input.merchantSubsidyAmountMinor']],
      [{ merchantSubsidyType: 'AMOUNT', merchantSubsidyAmount: 1_000_001 }, ['INVALID_SUBSIDY_AMOUNT:input.merchantSubsidyAmountMinor']],
      [{ meta: { customer: { id: 1 } } }, ['INVALID_META:input.meta']],
      [{ meta: { list: [1, 2] } }, ['INVALID_META:input.meta']],
      [{ currency: 'USD' }, ['UNSUPPORTED_CURRENCY:input.currency']],
      [{ installmentsCountMin: 7, installmentsCountMax: 6 }, ['INVALID_INSTALLMENTS_COUNT:input.installmentsCountMin']],
      [{ installmentsCountMin: 0 }, ['INVALID_INSTALLMENTS_COUNT:input.installmentsCountMin']],
      [{ installmentsCountMax: 49 }, ['INVALID_INSTALLMENTS_COUNT:input.installmentsCountMax']],
      [{ firstInstallmentDate: '2026-02-30' }, ['INVALID_FIRST_INSTALLMENT_DATE:input.firstInstallmentDate']],
      [{ firstInstallmentDate: '2026-11-01' }, ['INVALID_FIRST_INSTALLMENT_DATE:input.firstInstallmentDate']],
      [{ invoiceId: 'inv_nope' }, ['NOT_FOUND:input.invoiceId']],
    ];
    for (const [input, expected] of cases) {
      const result = await create(input);
      expect(result.body.errors, JSON.stringify(input)).toBeUndefined();
      expect(codesOf(result.body.data.createPaymentRequest), JSON.stringify(input)).toEqual(expected);
    }
    const nul = await create({ orderDescription: 'a\u0000b' });
    expect(codesOf(nul.body.data.createPaymentRequest)).toEqual(['INVALID_TEXT:input.orderDescription']);
    const huge = await create({ orderDescription: 'x'.repeat(1001) });
    expect(codesOf(huge.body.data.createPaymentRequest)).toEqual(['INVALID_INPUT:input.orderDescription']);
    expect(await counts()).toEqual(before);
  });

  it('accepts the alphanumeric CNPJ of July 2026, normalized', async () => {
    const request = await createRequest(server, key, { customerTaxId: '12.abc.345/01de-35' });
    expect(request.customerTaxId).toBe('12ABC34501DE35');
  });

  it('links one of the merchant’s invoices owing the same amount in BRL', async () => {
    const invoice = (
      await server.gql(
        CREATE_INVOICE,
        {
          input: {
            customer: { name: 'Cliente SA', email: 'financeiro@cliente.example' },
            currency: 'BRL',
            lineItems: [{ description: 'Máquina', quantity: 1, unitAmountMinor: 1_000_000 }],
            dueDate: '2026-12-31',
          },
        },
        { key },
      )
    ).body.data.createInvoice.invoice;
    const mismatch = await create({ invoiceId: invoice.id, amountMinor: 999_999 });
    expect(codesOf(mismatch.body.data.createPaymentRequest)).toEqual(['INVOICE_MISMATCH:input.invoiceId']);
    const linked = await server.gql(
      `mutation ($input: CreatePaymentRequestInput!) { createPaymentRequest(input: $input) { paymentRequest { invoice { id number } } userErrors { code } } }`,
      { input: freeRequest({ invoiceId: invoice.id }) },
      { key },
    );
    expect(linked.body.data.createPaymentRequest.paymentRequest.invoice).toEqual({ id: invoice.id, number: invoice.number });
  });
});

describe('tenancy and scopes', () => {
  it('another business sees nothing of a request, cannot cancel it, and a key without checkouts:read is FORBIDDEN (nested too)', async () => {
    const request = await createRequest(server, key);
    const { testKey: otherKey } = await onboardBusiness(server, { name: 'Outra Ltda' });
    expect((await server.gql(PAYMENT_REQUEST, { id: request.id }, { key: otherKey })).body.data.paymentRequest).toBeNull();
    const cancel = await server.gql(
      `mutation ($id: ID!) { cancelPaymentRequest(input: { id: $id }) { userErrors { code } } }`,
      { id: request.id },
      { key: otherKey },
    );
    expect(cancel.body.data.cancelPaymentRequest.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    const list = await server.gql(`{ paymentRequests(first: 50) { edges { node { id } } } }`, {}, { key: otherKey });
    expect(list.body.data.paymentRequests.edges).toEqual([]);

    const limited = (
      await server.gql(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        { input: { businessId, name: 'ledger only', mode: 'TEST', scopes: ['ledger:read'] } },
        { key: TEST_ADMIN_KEY },
      )
    ).body.data.createApiKey.secret;
    const read = await server.gql(PAYMENT_REQUEST, { id: request.id }, { key: limited });
    expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const write = await create({}, limited);
    expect(write.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nested = await server.gql(`{ financedPayments(first: 1) { edges { node { paymentRequest { id } } } } }`, {}, { key: limited });
    expect(nested.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists by status, newest first, with EXPIRED read before the sweep marks it', async () => {
    const { testKey } = await onboardBusiness(server, { name: 'Lista Ltda' });
    const first = await createRequest(server, testKey);
    const second = await createRequest(server, testKey);
    const ids = async (status?: string) =>
      (
        await server.gql(`query ($s: FinancingStatus) { paymentRequests(first: 10, status: $s) { edges { node { id } } } }`, { s: status }, { key: testKey })
      ).body.data.paymentRequests.edges.map((e: any) => e.node.id);
    expect(await ids()).toEqual([second.id, first.id]);
    expect(await ids('OPEN')).toEqual([second.id, first.id]);
    expect(await ids('EXPIRED')).toEqual([]);
  });
});

describe('cancel and expiry', () => {
  it('cancels an open request once; canceling again is INVALID_STATE', async () => {
    const request = await createRequest(server, key);
    const CANCEL = `mutation ($id: ID!) { cancelPaymentRequest(input: { id: $id }) { paymentRequest { financingStatus installmentOptions { installmentsCount } } userErrors { code } } }`;
    const first = (await server.gql(CANCEL, { id: request.id }, { key })).body.data.cancelPaymentRequest;
    expect(first).toEqual({ paymentRequest: { financingStatus: 'CANCELED', installmentOptions: [] }, userErrors: [] });
    const again = (await server.gql(CANCEL, { id: request.id }, { key })).body.data.cancelPaymentRequest;
    expect(again.userErrors.map((e: any) => e.code)).toEqual(['INVALID_STATE']);
    expect((await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout.status).toBe('CANCELED');
  });

  it('expires on time with no traffic through the sweep, with payment_request.expired, once', async () => {
    const { testKey, businessId: owner } = await onboardBusiness(server, { name: 'Expira Ltda' });
    const request = await createRequest(server, testKey);
    const start = server.clock.now();
    try {
      // Still open at the last moment of its expiresOn (23:59 in São Paulo).
      server.clock.set(new Date(new Date(request.expiresAt).getTime() - 60_000));
      expect((await expireDueCheckouts(platformJob(server.orm.em, server.clock))).PAYMENT_REQUEST).not.toContain(request.code);
      server.clock.set(request.expiresAt);
      expect((await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout.status).toBe('EXPIRED');
      const swept = await expireDueCheckouts(platformJob(server.orm.em, server.clock));
      expect(swept.PAYMENT_REQUEST).toContain(request.code);
      expect((await expireDueCheckouts(platformJob(server.orm.em, server.clock))).PAYMENT_REQUEST).not.toContain(request.code);
      const events = await server.orm.em.fork().find(OutboxEvent, { business: owner, type: 'payment_request.expired' });
      expect(events.map((e) => e.payload)).toEqual([
        { paymentRequestId: request.id, checkoutId: request.id, orderId: 'ORDER-91', expiresOn: request.expiresOn },
      ]);
      const row = await server.orm.em.fork().findOneOrFail(PaymentRequest, { id: request.id });
      expect(row.status).toBe('EXPIRED');
    } finally {
      server.clock.set(start);
    }
  });
});

describe('the public checkout', () => {
  it('shows the plans and what the customer sees, nothing of the merchant’s cost', async () => {
    const request = await createRequest(server, key, { customerTaxId: '11222333000181' });
    const checkout = (await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout;
    expect(checkout).toMatchObject({
      kind: 'PAYMENT_REQUEST',
      status: 'ACTIVE',
      testMode: true,
      amountDue: { amountMinor: 1_000_000 },
      description: 'Product A; Product B;',
      paymentRequest: { customerTaxId: '11222333000181', financingStatus: 'OPEN', installmentsCountMin: 3, installmentsCountMax: 6, financing: null },
    });
    expect(checkout.paymentRequest.plans.map((p: any) => p.installmentsCount)).toEqual([3, 4, 5, 6]);
    const introspect = await server.gql(`{ __type(name: "CheckoutInstallmentPlan") { fields { name } } }`, {}, { key });
    expect(introspect.body.data.__type.fields.map((f: any) => f.name)).not.toContain('merchantSubsidyAmount');
  });
});

describe('the checkout answers only to its unguessable code', () => {
  const SAMPLE_INVOICE = `mutation ($id: ID!) { sendSampleInvoiceInSandbox(input: { paymentRequestId: $id }) { userErrors { code } } }`;

  it('192 random bits per request; by the request’s (time-ordered) id nothing is readable: no checkout, no page, no plans, no financing', async () => {
    const request = await createRequest(server, key, { customerTaxId: '11222333000181', orderDescription: 'Pedido secreto' });
    const other = await createRequest(server, key);
    expect(request.code).toMatch(/^preq_[\w-]{32}$/);
    expect(Buffer.from(request.code.slice('preq_'.length), 'base64url')).toHaveLength(24);
    expect(request.code).not.toContain(request.id.slice('preq_'.length));
    expect(other.code).not.toBe(request.code);

    // The code opens the checkout and its page…
    expect((await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout).toMatchObject({ id: request.code });
    const page = await fetch(`${server.url}/p/${request.code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`checkout="${request.code}"`);
    // …the id (or a neighbour's, or one with a wrong character) opens nothing.
    const before = await counts();
    for (const id of [request.id, other.id, `${request.code.slice(0, -1)}${request.code.endsWith('A') ? 'B' : 'A'}`, `preq_${'A'.repeat(32)}`]) {
      expect((await server.gql(CHECKOUT_FINANCING, { id })).body.data.checkout, id).toBeNull();
      const html = await fetch(`${server.url}/p/${id}`);
      expect(html.status, id).toBe(404);
      expect(await html.text()).not.toMatch(/11222333000181|Pedido secreto/);
      const accepted = await server.gql(`mutation ($input: RequestFinancingInput!) { requestFinancing(input: $input) { status userErrors { code } } }`, {
        input: { paymentRequestId: id, customerTaxId: '11222333000181', installmentsCount: 6 },
      });
      expect(accepted.body.data.requestFinancing).toEqual({ status: null, userErrors: [{ code: 'NOT_FOUND' }] });
      expect((await server.gql(SAMPLE_INVOICE, { id })).body.data.sendSampleInvoiceInSandbox.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
    }
    expect(await counts()).toEqual(before);
    // A NUL byte is refused as such; a huge id is nobody's checkout (neither a server error).
    const nul = await server.gql(CHECKOUT_FINANCING, { id: `${request.code}\u0000` });
    expect([nul.body.data?.checkout ?? null, nul.body.errors.map((e: any) => e.extensions.code)]).toEqual([null, ['INVALID_TEXT']]);
    const huge = await server.gql(CHECKOUT_FINANCING, { id: `preq_${'x'.repeat(50_000)}` });
    expect([huge.status, huge.body.errors, huge.body.data.checkout]).toEqual([200, undefined, null]);
  });

  it('live updates follow the code: a subscriber by the request’s id hears nothing', async () => {
    const request = await createRequest(server, key);
    const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const heard: Record<string, unknown[]> = { code: [], id: [] };
    const query = `subscription ($id: ID!) { checkoutUpdated(id: $id) { id status } }`;
    const stops = (['code', 'id'] as const).map((by) =>
      client.subscribe({ query, variables: { id: request[by] } }, { next: (value) => void heard[by]!.push(value.data), error: () => {}, complete: () => {} }),
    );
    try {
      // Both subscriptions are registered once the server answers an operation on the same socket after them.
      await new Promise<void>((resolve, reject) => client.subscribe({ query: '{ __typename }' }, { next: () => {}, error: reject, complete: () => resolve() }));
      const CANCEL = `mutation ($id: ID!) { cancelPaymentRequest(input: { id: $id }) { userErrors { code } } }`;
      expect((await server.gql(CANCEL, { id: request.id }, { key })).body.data.cancelPaymentRequest.userErrors).toEqual([]);
      for (let tries = 0; tries < 100 && heard.code!.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heard.code).toEqual([{ checkoutUpdated: { id: request.code, status: 'CANCELED' } }]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard.id).toEqual([]);
    } finally {
      for (const stop of stops) stop();
      await client.dispose();
    }
  });
});
