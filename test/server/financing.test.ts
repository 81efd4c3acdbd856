import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../server/config.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { DEFAULT_IOF, DEFAULT_LENDER_RATES } from '../../server/domain/installment-quotes.ts';
import { verifyWebhook } from '../../server/domain/webhook-signature.ts';
import { expireDueCheckouts } from '../../server/modules/checkouts/expiry.service.ts';
import type { FinancingApplication, InvoiceSubmission, LenderPort } from '../../server/modules/kinds/payment-request/lender-port.ts';
import {
  FinancedPayment,
  FinancedPaymentInvoice,
  PaymentRequest,
  StoredDocument,
} from '../../server/modules/kinds/payment-request/payment-request.entities.ts';
import { JournalEntry } from '../../server/modules/ledger/ledger.entities.ts';
import { OutboxEvent } from '../../server/modules/outbox/outbox-event.entity.ts';
import { PartnerWebhookDelivery } from '../../server/modules/payments/payment.entities.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import { SANDBOX_REFUSED_CNPJ } from '../../server/providers/sandbox-lender/sandbox-lender.ts';
import {
  CANCEL_FINANCED,
  CHECKOUT_FINANCING,
  codesOf,
  CREATE_PAYMENT_REQUEST,
  createRequest,
  deliverLenderNotice,
  FINANCED_PAYMENT,
  freeRequest,
  PAYMENT_REQUEST,
  REQUEST_FINANCING,
  SAMPLE_NFE,
  SAMPLE_PDF,
  uploadInvoices,
} from '../support/financing.ts';
import { CREATE_INVOICE } from '../support/money-path.ts';
import { startReceiver } from '../support/receiver.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

const CNPJ = '11222333000181';

/** A live-mode lender that answers only when the test delivers its notices (to replay, duplicate and reorder them). */
function manualLender() {
  const decided: FinancingApplication[] = [];
  const submitted: InvoiceSubmission[] = [];
  const lender: LenderPort = {
    name: 'sandbox-lender',
    rates: () => ({ lenderRates: DEFAULT_LENDER_RATES, iof: DEFAULT_IOF }),
    decide: async (application) => void decided.push(application),
    submitInvoices: async (submission) => void submitted.push(submission),
  };
  return { lender, decided, submitted };
}

const manual = manualLender();
let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer({ clock: new ManualClock('2026-12-02T13:00:00Z'), liveLender: manual.lender });
  ({ testKey: key, businessId } = await onboardBusiness(server, { name: 'Loja Exemplo Ltda' }));
});
afterAll(() => server.close());

const accept = (paymentRequestId: string, customerTaxId = CNPJ, installmentsCount = 6, headers: Record<string, string> = {}) =>
  server.gql(REQUEST_FINANCING, { input: { paymentRequestId, customerTaxId, installmentsCount } }, { headers });
const financedOf = async (requestId: string, as = key) =>
  (await server.gql(PAYMENT_REQUEST, { id: requestId }, { key: as })).body.data.paymentRequest.financedPayment;
const payment = async (id: string, as = key) => (await server.gql(FINANCED_PAYMENT, { id }, { key: as })).body.data.financedPayment;
const eventsOf = async (financedPaymentId: string) =>
  (await server.orm.em.fork().find(OutboxEvent, { type: { $like: 'financing.%' } }, { orderBy: { id: 'asc' } }))
    .filter((e) => e.payload.financedPaymentId === financedPaymentId)
    .map((e) => e.type);

async function brlInvoice(as: string, totalMinor = 1_000_000) {
  const result = await server.gql(
    CREATE_INVOICE,
    {
      input: {
        customer: { name: 'Cliente SA', email: 'fin@cliente.example' },
        currency: 'BRL',
        lineItems: [{ description: 'Máquina', quantity: 1, unitAmountMinor: totalMinor }],
        dueDate: '2026-12-31',
      },
    },
    { key: as },
  );
  return result.body.data.createInvoice.invoice;
}

/** A request financed and approved by the sandbox lender. */
async function authorized(as = key, overrides: Record<string, unknown> = {}) {
  const request = await createRequest(server, as, overrides);
  expect(codesOf((await accept(request.code)).body.data.requestFinancing)).toEqual([]);
  await server.sandboxLender.idle();
  const financed = await financedOf(request.id, as);
  expect(financed.status).toBe('AUTHORIZED');
  return { request, paymentId: financed.id as string };
}

describe('the lifecycle against the sandbox lender', () => {
  it('plans → 6× accepted → approved → PDF uploaded → captured → paid out: SETTLED, one balanced journal, invoice paid, events in order', async () => {
    const invoice = await brlInvoice(key);
    const request = await createRequest(server, key, { customerTaxId: CNPJ, invoiceId: invoice.id });

    const accepted = await accept(request.code);
    expect(accepted.body.data.requestFinancing).toEqual({ status: 'INITIALIZED', userErrors: [] });
    const analysing = (await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout;
    expect(analysing.status).toBe('ACTIVE');
    // The sandbox lender may have answered already (it is instant in tests); the widget test sees "analysing".
    expect(analysing.paymentRequest.financing).toMatchObject({ installmentsCount: 6, customerTotal: { amountMinor: 1_000_000 } });

    await server.sandboxLender.idle();
    const id = (await financedOf(request.id)).id;
    const approved = await payment(id);
    expect(approved).toMatchObject({
      status: 'AUTHORIZED',
      invoiceStatus: 'AWAITING',
      currency: 'BRL',
      orderId: 'ORDER-91',
      orderDescription: 'Product A; Product B;',
      customerId: `sbx_borrower_${CNPJ}`,
      customer: { id: `sbx_borrower_${CNPJ}`, legalName: 'Empresa Sandbox 11.222.333/0001-81 Ltda', cnpj: CNPJ },
      amount: { amountMinor: 1_000_000 },
      merchantSubsidyAmount: { amountMinor: 66_428 },
      paymentType: 'BANK_TRANSFER',
      installmentsCount: 6,
      monthsUntilFirstPayment: 1,
      firstInstallmentDate: '2027-01-02',
      paymentMeta: { lenderPaidAt: null },
      merchantRecourseRate: '0',
      paymentRequest: { id: request.id, financingStatus: 'FINANCED' },
    });
    expect(approved.merchantTotalAmount.amountMinor + approved.merchantFee.amountMinor).toBe(1_000_000);
    expect(approved.plan.schedule.reduce((sum: number, s: any) => sum + s.amount.amountMinor, 0)).toBe(approved.plan.customerTotal.amountMinor);
    // The customer's CNPJ is a borrower now: the next request for it says so.
    expect((await createRequest(server, key, { customerTaxId: CNPJ })).existingBorrower).toBe(true);

    const upload = await uploadInvoices(server, key, id, [{ number: 'NF-1001', name: 'nf-1001.pdf', bytes: SAMPLE_PDF, type: 'application/pdf' }]);
    expect(upload.status).toBe(200);
    expect(upload.body.data.uploadFinancedPaymentInvoices).toEqual({
      financedPayment: { id, status: 'AUTHORIZED', invoiceStatus: 'SUBMITTED', invoices: [{ number: 'NF-1001', kind: 'PDF', sizeBytes: SAMPLE_PDF.length }] },
      userErrors: [],
    });
    await server.sandboxLender.idle();

    const settled = await payment(id);
    expect(settled).toMatchObject({ status: 'SETTLED', invoiceStatus: 'COMPLETED', paymentMeta: { lenderPaidAt: expect.any(String) } });
    const checkout = (await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout;
    expect(checkout).toMatchObject({ status: 'PAID', paymentRequest: { financing: { status: 'SETTLED', lenderPaidAt: expect.any(String) } } });

    const journals = await server.orm.em.fork().find(JournalEntry, { source: `financing:${id}` }, { populate: ['lines', 'lines.account'] });
    expect(journals).toHaveLength(1);
    const lines = journals[0]!.lines.getItems().map((l) => [l.account.code, Number(l.debitMinor), Number(l.creditMinor)]);
    const fee = approved.merchantFee.amountMinor;
    expect(lines.sort()).toEqual(
      [
        ['1200', 0, 1_000_000],
        ['1300', 1_000_000 - fee, 0],
        ['5100', fee, 0],
      ].sort(),
    );
    expect(settled.journalEntryId).toBe(journals[0]!.id);
    const paidInvoice = (await server.gql(`query ($id: ID!) { invoice(id: $id) { status amountPaid { amountMinor } } }`, { id: invoice.id }, { key })).body.data
      .invoice;
    expect(paidInvoice).toEqual({ status: 'PAID', amountPaid: { amountMinor: 1_000_000 } });

    expect(await eventsOf(id)).toEqual(['financing.authorized', 'financing.invoices_submitted', 'financing.captured', 'financing.settled']);
    const raw = await server.orm.em.fork().count(PartnerWebhookDelivery, { partner: 'sandbox-lender' });
    expect(raw).toBeGreaterThanOrEqual(3);

    const cancel = (await server.gql(CANCEL_FINANCED, { id }, { key })).body.data.cancelFinancedPayment;
    expect(cancel.userErrors.map((e: any) => e.code)).toEqual(['INVALID_STATE']);
    expect((await payment(id)).status).toBe('SETTLED');
  });

  it('refuses the documented CNPJ: CANCELED with a reason the customer sees; the request stays open for another try', async () => {
    const request = await createRequest(server, key);
    await accept(request.code, SANDBOX_REFUSED_CNPJ, 3);
    await server.sandboxLender.idle();
    const checkout = (await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout;
    expect(checkout.status).toBe('ACTIVE');
    expect(checkout.paymentRequest.financingStatus).toBe('OPEN');
    expect(checkout.paymentRequest.financing).toMatchObject({ status: 'CANCELED', cancelReason: expect.stringMatching(/could not approve/) });
    const refusedId = (await financedOf(request.id)).id;
    expect(await eventsOf(refusedId)).toEqual(['financing.canceled']);

    expect(codesOf((await accept(request.code, CNPJ, 4)).body.data.requestFinancing)).toEqual([]);
    await server.sandboxLender.idle();
    expect((await financedOf(request.id)).status).toBe('AUTHORIZED');
  });

  it('refuses bad input to requestFinancing with its codes and writes nothing', async () => {
    const locked = await createRequest(server, key, { customerTaxId: CNPJ });
    const before = await server.orm.em.fork().count(FinancedPayment, {});
    const cases: Array<[string, string, number, string[]]> = [
      [locked.code, '11222333000182', 6, ['INVALID_TAX_ID:input.customerTaxId']],
      [locked.code, '12ABC34501DE35', 6, ['TAX_ID_MISMATCH:input.customerTaxId']],
      [locked.code, CNPJ, 2, ['INVALID_INSTALLMENTS_COUNT:input.installmentsCount']],
      [locked.code, CNPJ, 7, ['INVALID_INSTALLMENTS_COUNT:input.installmentsCount']],
      ['preq_nothing', CNPJ, 6, ['NOT_FOUND:input.paymentRequestId']],
      // The request's own id is not its checkout's: guessable, it names nothing public.
      [locked.id, CNPJ, 6, ['NOT_FOUND:input.paymentRequestId']],
      [`${locked.code.slice(0, -1)}\u0000`, CNPJ, 6, ['INVALID_TEXT:input.paymentRequestId']],
      [locked.code, 'a\u0000b', 6, ['INVALID_TEXT:input.customerTaxId']],
    ];
    for (const [id, cnpj, count, expected] of cases) {
      const result = await accept(id, cnpj, count);
      expect(codesOf(result.body.data.requestFinancing), `${cnpj} ${count}`).toEqual(expected);
    }
    expect(await server.orm.em.fork().count(FinancedPayment, {})).toBe(before);

    // Punctuation is the customer's to type; once financed, the request takes no other.
    expect(codesOf((await accept(locked.code, '11.222.333/0001-81', 5)).body.data.requestFinancing)).toEqual([]);
    await server.sandboxLender.idle();
    expect(codesOf((await accept(locked.code, CNPJ, 6)).body.data.requestFinancing)).toEqual(['NOT_OPEN:input.paymentRequestId']);
  });

  it('honours Idempotency-Key: a retry gets the first answer and starts no second financing', async () => {
    const request = await createRequest(server, key);
    const first = await accept(request.code, CNPJ, 3, { 'idempotency-key': `accept-${request.id}` });
    const retry = await accept(request.code, CNPJ, 3, { 'idempotency-key': `accept-${request.id}` });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await server.orm.em.fork().count(FinancedPayment, { paymentRequest: request.id })).toBe(1);
    await server.sandboxLender.idle();
  });

  it('takes an NF-e XML too; refuses what is neither, too large, not yet authorized, another tenant’s, or a key without the scope, writing nothing', async () => {
    const { paymentId } = await authorized();
    const before = [await server.orm.em.fork().count(StoredDocument, {}), await server.orm.em.fork().count(FinancedPaymentInvoice, {})];
    const codes = async (files: Parameters<typeof uploadInvoices>[3], as: string | undefined = key, id = paymentId) => {
      const result = await uploadInvoices(server, as, id, files);
      return result.body.errors ? result.body.errors[0].extensions.code : codesOf(result.body.data.uploadFinancedPaymentInvoices);
    };
    // Recognised by content, not by name or declared type.
    expect(await codes([{ number: 'NF-1', name: 'nf.pdf', bytes: Buffer.from('\x89PNG\r\n\x1a\n....'), type: 'application/pdf' }])).toEqual([
      'INVALID_INVOICE:input.invoices.0.file',
    ]);
    expect(await codes([{ number: 'NF-1', name: 'nf.xml', bytes: Buffer.from('<?xml version="1.0"?><html><body/></html>') }])).toEqual([
      'INVALID_INVOICE:input.invoices.0.file',
    ]);
    expect(await codes([{ number: 'NF-1', name: 'big.pdf', bytes: Buffer.concat([SAMPLE_PDF, Buffer.alloc(5 * 1024 * 1024)]) }])).toEqual([
      'INVOICE_TOO_LARGE:input.invoices.0.file',
    ]);
    expect(
      await codes([
        { number: 'NF-1', name: 'a.pdf', bytes: SAMPLE_PDF },
        { number: 'NF-1', name: 'b.pdf', bytes: SAMPLE_PDF },
      ]),
    ).toEqual(['INVALID_INVOICE:input.invoices.1.number']);
    const { testKey: otherKey } = await onboardBusiness(server, { name: 'Outra Ltda' });
    expect(await codes([{ number: 'NF-1', name: 'a.pdf', bytes: SAMPLE_PDF }], otherKey)).toEqual(['NOT_FOUND:input.paymentId']);
    const readOnly = (
      await server.gql(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        { input: { businessId, name: 'reader', mode: 'TEST', scopes: ['checkouts:read'] } },
        { key: TEST_ADMIN_KEY },
      )
    ).body.data.createApiKey.secret;
    expect(await codes([{ number: 'NF-1', name: 'a.pdf', bytes: SAMPLE_PDF }], readOnly)).toBe('FORBIDDEN');
    expect(await codes([{ number: 'NF-1', name: 'a.pdf', bytes: SAMPLE_PDF }], '')).toBe('UNAUTHENTICATED');
    expect([await server.orm.em.fork().count(StoredDocument, {}), await server.orm.em.fork().count(FinancedPaymentInvoice, {})]).toEqual(before);

    const nfe = await uploadInvoices(server, key, paymentId, [{ number: '35261234567890', name: 'nfe.xml', bytes: SAMPLE_NFE, type: 'text/xml' }]);
    expect(nfe.body.data.uploadFinancedPaymentInvoices.financedPayment.invoices).toEqual([
      { number: '35261234567890', kind: 'NFE_XML', sizeBytes: SAMPLE_NFE.length },
    ]);
    // Submitted once: a second upload is INVALID_STATE.
    expect(await codes([{ number: 'NF-2', name: 'a.pdf', bytes: SAMPLE_PDF }])).toEqual(['INVALID_STATE:input.paymentId']);
    await server.sandboxLender.idle();
    expect((await payment(paymentId)).status).toBe('SETTLED');
    // The bytes are kept as they came.
    const stored = await server.orm.em.fork().findOneOrFail(FinancedPaymentInvoice, { financedPayment: paymentId });
    const document = await server.orm.em.fork().findOneOrFail(StoredDocument, { key: stored.storageKey });
    expect(Buffer.from(document.bytes).equals(SAMPLE_NFE)).toBe(true);
  });

  it('the merchant cancels an authorized payment (financing.canceled); uploading then is INVALID_STATE; another tenant cannot cancel', async () => {
    const { request, paymentId } = await authorized();
    const { testKey: otherKey } = await onboardBusiness(server, { name: 'Terceira Ltda' });
    expect(
      (await server.gql(CANCEL_FINANCED, { id: paymentId }, { key: otherKey })).body.data.cancelFinancedPayment.userErrors.map((e: any) => e.code),
    ).toEqual(['NOT_FOUND']);
    expect(await payment(paymentId, otherKey)).toBeNull();
    const canceled = (await server.gql(CANCEL_FINANCED, { id: paymentId }, { key })).body.data.cancelFinancedPayment;
    expect(canceled).toEqual({ financedPayment: { id: paymentId, status: 'CANCELED', cancelReason: 'Canceled by the merchant.' }, userErrors: [] });
    expect((await server.gql(CANCEL_FINANCED, { id: paymentId }, { key })).body.data.cancelFinancedPayment.userErrors.map((e: any) => e.code)).toEqual([
      'INVALID_STATE',
    ]);
    const upload = await uploadInvoices(server, key, paymentId, [{ number: 'NF-1', name: 'a.pdf', bytes: SAMPLE_PDF }]);
    expect(codesOf(upload.body.data.uploadFinancedPaymentInvoices)).toEqual(['INVALID_STATE:input.paymentId']);
    expect((await server.gql(CHECKOUT_FINANCING, { id: request.code })).body.data.checkout.status).toBe('CANCELED');
    expect(await eventsOf(paymentId)).toEqual(['financing.authorized', 'financing.canceled']);
  });

  it('cancels an authorized payment not captured within 30 days, through the sweep, on the clock', async () => {
    const { paymentId } = await authorized();
    const start = server.clock.now();
    try {
      server.clock.advance(30 * 86_400_000 - 60_000);
      await expireDueCheckouts(platformJob(server.orm.em, server.clock));
      expect((await payment(paymentId)).status).toBe('AUTHORIZED');
      server.clock.advance(60_000);
      await expireDueCheckouts(platformJob(server.orm.em, server.clock));
      expect(await payment(paymentId)).toMatchObject({ status: 'CANCELED', cancelReason: expect.stringMatching(/in time/) });
      await expireDueCheckouts(platformJob(server.orm.em, server.clock));
      expect(await eventsOf(paymentId)).toEqual(['financing.authorized', 'financing.canceled']);
    } finally {
      server.clock.set(start);
    }
  });
});

describe("the lender's webhook: signed, raw bytes first, duplicates and reordering change nothing", () => {
  let liveKey: string;
  beforeAll(async () => {
    liveKey = (
      await server.gql(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        { input: { businessId, name: 'live', mode: 'LIVE', scopes: ['checkouts:read', 'checkouts:write', 'invoices:write'] } },
        { key: TEST_ADMIN_KEY },
      )
    ).body.data.createApiKey.secret;
  });

  const notice = (type: string, paymentId: string, extra: Record<string, unknown> = {}) => ({
    id: `ntc_${Math.random().toString(36).slice(2)}`,
    type: type as any,
    paymentId,
    occurredAt: '2026-12-03T12:00:00.000Z',
    ...extra,
  });

  it('refuses a bad signature (401) and an unknown payment (400), keeping nothing for the first', async () => {
    const before = await server.orm.em.fork().count(PartnerWebhookDelivery, {});
    expect((await deliverLenderNotice(server, notice('financing.approved', 'fp_x'), 'wrong-secret')).status).toBe(401);
    expect(await server.orm.em.fork().count(PartnerWebhookDelivery, {})).toBe(before);
    expect((await deliverLenderNotice(server, notice('financing.approved', 'fp_nothing'))).status).toBe(400);
    expect((await deliverLenderNotice(server, { ...notice('financing.approved', 'fp_x'), type: 'loan.exploded' as any })).status).toBe(400);
  });

  it('applies each stage once whatever the order: early payout 409, duplicates no-ops, payout before invoice approval captures too', async () => {
    const invoice = await brlInvoice(liveKey, 500_000);
    const created = await server.gql(
      CREATE_PAYMENT_REQUEST,
      { input: freeRequest({ amountMinor: 500_000, merchantSubsidyType: 'NONE', installmentsCountMin: 2, installmentsCountMax: 2, invoiceId: invoice.id }) },
      { key: liveKey },
    );
    const request = created.body.data.createPaymentRequest.paymentRequest;
    await accept(request.code, CNPJ, 2);
    const application = manual.decided.at(-1)!;
    expect(application).toMatchObject({ mode: 'LIVE', customerCnpj: CNPJ, installmentsCount: 2, amountMinor: 500_000n });
    const id = application.paymentId;
    // One at a time: while the lender decides, another acceptance (or canceling the request) is refused.
    expect(codesOf((await accept(request.code, CNPJ, 2)).body.data.requestFinancing)).toEqual(['FINANCING_IN_PROGRESS:input.paymentRequestId']);
    const cancelRequest = await server.gql(
      `mutation ($id: ID!) { cancelPaymentRequest(input: { id: $id }) { userErrors { code } } }`,
      { id: request.id },
      { key: liveKey },
    );
    expect(cancelRequest.body.data.cancelPaymentRequest.userErrors.map((e: any) => e.code)).toEqual(['INVALID_STATE']);

    // Before approval, a payout cannot apply yet: 409, the lender retries.
    const early = notice('disbursement.completed', id, { amount: 500_000, currency: 'BRL' });
    expect((await deliverLenderNotice(server, early)).status).toBe(409);
    const approval = notice('financing.approved', id, { borrower: { id: 'b-1', legalName: 'Cliente SA' } });
    expect((await deliverLenderNotice(server, approval)).status).toBe(200);
    expect((await deliverLenderNotice(server, approval)).status).toBe(200);
    // A late refusal of an approved payment changes nothing.
    expect((await deliverLenderNotice(server, notice('financing.refused', id, { reason: 'late' }))).status).toBe(200);
    expect(await payment(id, liveKey)).toMatchObject({ status: 'AUTHORIZED', customer: { legalName: 'Cliente SA' } });
    // Still no invoices: the payout waits.
    expect((await deliverLenderNotice(server, early)).status).toBe(409);

    await uploadInvoices(server, liveKey, id, [{ number: 'NF-9', name: 'nf.pdf', bytes: SAMPLE_PDF }]);
    expect(manual.submitted.at(-1)).toMatchObject({ paymentId: id, invoices: [{ number: 'NF-9', kind: 'PDF' }] });
    const fp = await payment(id, liveKey);
    // The wrong amount is refused.
    expect((await deliverLenderNotice(server, notice('disbursement.completed', id, { amount: 1, currency: 'BRL' }))).status).toBe(400);
    const payout = notice('disbursement.completed', id, {
      amount: fp.merchantTotalAmount.amountMinor,
      currency: 'BRL',
      occurredAt: '2026-12-04T15:00:00.000Z',
    });
    const deliveries = await Promise.all([deliverLenderNotice(server, payout), deliverLenderNotice(server, payout)]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect((await deliverLenderNotice(server, notice('invoices.approved', id))).status).toBe(200);
    expect((await deliverLenderNotice(server, payout)).status).toBe(200);

    expect(await payment(id, liveKey)).toMatchObject({
      status: 'SETTLED',
      invoiceStatus: 'COMPLETED',
      paymentMeta: { lenderPaidAt: '2026-12-04T15:00:00.000Z' },
    });
    expect(await server.orm.em.fork().count(JournalEntry, { source: `financing:${id}` })).toBe(1);
    expect(await eventsOf(id)).toEqual(['financing.authorized', 'financing.invoices_submitted', 'financing.captured', 'financing.settled']);
    // Every verified delivery's raw bytes were kept, duplicates included.
    const kept = await server.orm.em.fork().find(PartnerWebhookDelivery, { partner: 'sandbox-lender', partnerPaymentId: payout.id });
    expect(kept).toHaveLength(3);
    expect(Buffer.from(kept[0]!.rawBody).toString()).toBe(JSON.stringify(payout));
  });

  it('live mode without a lender answers LENDER_NOT_CONFIGURED', async () => {
    const bare = await startTestServer({ databaseUrl: server.databaseUrl, clock: server.clock });
    try {
      const result = await bare.gql(CREATE_PAYMENT_REQUEST, { input: freeRequest() }, { key: liveKey });
      expect(codesOf(result.body.data.createPaymentRequest)).toEqual(['LENDER_NOT_CONFIGURED:']);
    } finally {
      await bare.stop();
    }
  });
});

describe('merchant webhooks', () => {
  it('financing.* arrive signed through the existing outbox and queue', async () => {
    const delivering = await startTestServer({
      config: { webhookDelivery: true, allowPrivateWebhookTargets: true, webhookRetrySchedule: [0, 500], maintenanceIntervalMs: 100 },
    });
    const receiver = await startReceiver();
    try {
      const { testKey } = await onboardBusiness(delivering, { name: 'Webhooks Ltda' });
      const registered = await delivering.gql(
        `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { webhookSecret userErrors { code } } }`,
        { input: { appId: 'SHOP', name: 'Shop', callbackUrl: `${receiver.url}/shop` } },
        { key: testKey },
      );
      const secret = registered.body.data.registerApp.webhookSecret;
      const request = (await delivering.gql(CREATE_PAYMENT_REQUEST, { input: freeRequest() }, { key: testKey })).body.data.createPaymentRequest.paymentRequest;
      await delivering.gql(REQUEST_FINANCING, { input: { paymentRequestId: request.code, customerTaxId: CNPJ, installmentsCount: 3 } });
      await delivering.sandboxLender.idle();
      const id = (await delivering.gql(PAYMENT_REQUEST, { id: request.id }, { key: testKey })).body.data.paymentRequest.financedPayment.id;
      await uploadInvoices(delivering, testKey, id, [{ number: 'NF-1', name: 'a.pdf', bytes: SAMPLE_PDF }]);
      await delivering.sandboxLender.idle();
      const got = await receiver.waitFor((r) => r.filter((w) => JSON.parse(w.body).type.startsWith('financing.')).length >= 4);
      const financing = got.filter((w) => JSON.parse(w.body).type.startsWith('financing.'));
      expect(financing.map((w) => JSON.parse(w.body).type).sort()).toEqual([
        'financing.authorized',
        'financing.captured',
        'financing.invoices_submitted',
        'financing.settled',
      ]);
      for (const webhook of financing) {
        expect(verifyWebhook({ secret, headers: webhook.headers as Record<string, string>, rawBody: webhook.body, now: delivering.clock.now() }).ok).toBe(true);
        expect(JSON.parse(webhook.body).data).toMatchObject({ financedPaymentId: id, paymentRequestId: request.id, currency: 'BRL' });
      }
    } finally {
      await receiver.close();
      await delivering.close();
    }
  });
});

describe('on time with no traffic: the server’s own maintenance pass, on the clock port', () => {
  it('expires a request at the end of its expiresOn and cancels an approval not captured in FINANCING_CAPTURE_DAYS (here 3); the customer’s page hears it live', async () => {
    const clock = new ManualClock('2026-12-02T13:00:00Z');
    const busy = await startTestServer({
      clock,
      config: { maintenanceIntervalMs: 100, financing: { ...loadConfig({}).financing, lenderWebhookSecret: 'x', sandboxLenderDelayMs: 0, captureDays: 3 } },
    });
    const client = createClient({ url: `${busy.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const { testKey } = await onboardBusiness(busy, { name: 'Sem Tráfego Ltda' });
      const idle = await createRequest(busy, testKey);
      const financed = await createRequest(busy, testKey);
      const accepted = await busy.gql(REQUEST_FINANCING, { input: { paymentRequestId: financed.code, customerTaxId: CNPJ, installmentsCount: 3 } });
      expect(codesOf(accepted.body.data.requestFinancing)).toEqual([]);
      await busy.sandboxLender.idle();
      const fp = await busy.orm.em.fork().findOneOrFail(FinancedPayment, { paymentRequest: financed.id });
      expect([fp.status, fp.captureBy]).toEqual(['AUTHORIZED', new Date('2026-12-05T13:00:00Z')]);

      // The customer's page follows the idle request by its code.
      const heard: string[] = [];
      client.subscribe(
        { query: `subscription ($id: ID!) { checkoutUpdated(id: $id) { status } }`, variables: { id: idle.code } },
        { next: (value) => void heard.push((value.data as any).checkoutUpdated.status), error: () => {}, complete: () => {} },
      );
      await new Promise<void>((resolve, reject) => client.subscribe({ query: '{ __typename }' }, { next: () => {}, error: reject, complete: resolve }));

      const rowOf = (id: string) => busy.orm.em.fork().findOneOrFail(PaymentRequest, { id });
      const waitFor = async (what: string, done: () => Promise<boolean>) => {
        for (let tries = 0; tries < 100; tries++) {
          if (await done()) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`not ${what}`);
      };
      // A minute before the end of its expiresOn nothing happens, however many passes run.
      clock.set(new Date(new Date(idle.expiresAt).getTime() - 60_000));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await rowOf(idle.id)).status).toBe('OPEN');
      // Past the capture deadline (3 days) and then past expiresOn: no request comes in, the passes do it.
      clock.set(new Date('2026-12-05T13:00:01Z'));
      await waitFor('canceled', async () => (await busy.orm.em.fork().findOneOrFail(FinancedPayment, { id: fp.id })).status === 'CANCELED');
      expect((await rowOf(idle.id)).status).toBe('OPEN');
      clock.set(idle.expiresAt);
      await waitFor('expired', async () => (await rowOf(idle.id)).status === 'EXPIRED');
      await waitFor('heard', async () => heard.includes('EXPIRED'));

      const events = await busy.orm.em
        .fork()
        .find(OutboxEvent, { type: { $in: ['payment_request.expired', 'financing.canceled'] } }, { orderBy: { id: 'asc' } });
      expect(events.map((e) => [e.type, e.payload.paymentRequestId])).toEqual([
        ['financing.canceled', financed.id],
        ['payment_request.expired', idle.id],
      ]);
      // The financed request stays FINANCED (its financing is canceled, not the request's expiry).
      expect((await rowOf(financed.id)).status).toBe('FINANCED');
    } finally {
      await client.dispose();
      await busy.close();
    }
  });
});

describe('lender notices shuffled and duplicated over HTTP, concurrently', () => {
  /** A seeded shuffle, so a failing order can be replayed. */
  function shuffled<T>(items: T[], seed: number): T[] {
    const out = [...items];
    let state = seed;
    for (let i = out.length - 1; i > 0; i--) {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      const j = state % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it('any order, each notice twice: one SETTLED, one journal, each event once (notices not ready get 409 and are retried)', async () => {
    const liveKey = (
      await server.gql(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        { input: { businessId, name: 'live-shuffle', mode: 'LIVE', scopes: ['checkouts:read', 'checkouts:write'] } },
        { key: TEST_ADMIN_KEY },
      )
    ).body.data.createApiKey.secret;
    for (const seed of [1, 7, 42, 1234, 99_991]) {
      const request = (
        await server.gql(CREATE_PAYMENT_REQUEST, { input: freeRequest({ merchantSubsidyType: 'NONE', amountMinor: 300_000 }) }, { key: liveKey })
      ).body.data.createPaymentRequest.paymentRequest;
      expect(codesOf((await accept(request.code, CNPJ, 3)).body.data.requestFinancing)).toEqual([]);
      const id = manual.decided.at(-1)!.paymentId;
      const merchantTotal = (await payment(id, liveKey)).merchantTotalAmount.amountMinor;
      const base = { paymentId: id, occurredAt: '2026-12-04T15:00:00.000Z' };
      const notices = [
        { ...base, id: `ntc_a_${seed}`, type: 'financing.approved' as const },
        { ...base, id: `ntc_i_${seed}`, type: 'invoices.approved' as const },
        { ...base, id: `ntc_d_${seed}`, type: 'disbursement.completed' as const, amount: merchantTotal, currency: 'BRL' },
      ];
      let pending = shuffled([...notices, ...notices], seed);
      let uploaded = false;
      for (let round = 0; pending.length && round < 10; round++) {
        const statuses = await Promise.all(pending.map((n) => deliverLenderNotice(server, n as any).then((r) => r.status)));
        expect(
          statuses.every((s) => s === 200 || s === 409),
          `seed ${seed}: ${statuses}`,
        ).toBe(true);
        pending = shuffled(
          pending.filter((_, i) => statuses[i] === 409),
          seed + round,
        );
        // The merchant uploads once the lender has approved (its part of the story, at some point among the notices).
        if (!uploaded && (await payment(id, liveKey)).status === 'AUTHORIZED') {
          await uploadInvoices(server, liveKey, id, [{ number: `NF-${seed}`, name: 'nf.pdf', bytes: SAMPLE_PDF }]);
          uploaded = true;
        }
      }
      expect(pending, `seed ${seed}`).toEqual([]);
      expect(await payment(id, liveKey), `seed ${seed}`).toMatchObject({ status: 'SETTLED', invoiceStatus: 'COMPLETED' });
      expect(await server.orm.em.fork().count(JournalEntry, { source: `financing:${id}` })).toBe(1);
      expect(await eventsOf(id), `seed ${seed}`).toEqual(['financing.authorized', 'financing.invoices_submitted', 'financing.captured', 'financing.settled']);
    }
  });
});
