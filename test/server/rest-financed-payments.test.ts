import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock.ts';
import { issueLiveKey } from '../support/kyc.ts';
import { codesOf, createRequest, FINANCED_PAYMENT, PAYMENT_REQUEST, REQUEST_FINANCING, SAMPLE_PDF } from '../support/financing.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

// Seed 004's list and get payments over REST, over the services GraphQL's financing resolvers call.
const CNPJ = '11222333000181';
let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer({ clock: new ManualClock('2026-12-02T13:00:00Z') });
  ({ testKey: key, businessId } = await onboardBusiness(server, { name: 'Loja Exemplo Ltda' }));
});
afterAll(() => server.close());

async function call(path: string, k = key) {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${k}` } });
  return { status: response.status, body: await response.json() };
}

/** A request financed and approved by the sandbox lender; its financed payment's id. */
async function authorized(): Promise<string> {
  const request = await createRequest(server, key, { customerTaxId: CNPJ });
  expect(
    codesOf(
      (await server.gql(REQUEST_FINANCING, { input: { paymentRequestId: request.code, customerTaxId: CNPJ, installmentsCount: 6 } })).body.data
        .requestFinancing,
    ),
  ).toEqual([]);
  await server.sandboxLender.idle();
  const financed = (await server.gql(PAYMENT_REQUEST, { id: request.id }, { key })).body.data.paymentRequest.financedPayment;
  expect(financed.status).toBe('AUTHORIZED');
  return financed.id;
}

// Seed 004's Payment Object, attribute by attribute, with its documented types (dates are ISO strings on the wire).
const SEED_004_PAYMENT_FIELDS: Record<string, 'string' | 'number'> = {
  id: 'string',
  currency: 'string',
  orderId: 'string',
  orderDescription: 'string',
  customerId: 'string',
  'customer.id': 'string',
  'customer.legalName': 'string',
  'customer.cnpj': 'string',
  amount: 'number',
  merchantSubsidyAmount: 'number',
  merchantSubsidyRate: 'number',
  merchantTotalAmount: 'number',
  paymentType: 'string',
  invoiceStatus: 'string',
  monthsUntilFirstPayment: 'number',
  firstInstallmentDate: 'string',
  'paymentMeta.lenderPaidAt': 'string',
  merchantRecourseRate: 'number',
  createdAt: 'string',
  updatedAt: 'string',
  status: 'string',
};
const at = (object: any, path: string) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);

describe('seed 004 payments over REST', () => {
  let id: string;
  let second: string;
  beforeAll(async () => {
    id = await authorized();
    second = await authorized();
  });

  it('GET /api/v1/merchant/payments/{id}: every seed attribute with its type, equal to GraphQL financedPayment', async () => {
    const answer = await call(`/api/v1/merchant/payments/${id}`);
    expect(answer.status).toBe(200);
    const problems = Object.entries(SEED_004_PAYMENT_FIELDS).flatMap(([path, type]) => {
      const value = at(answer.body, path);
      // Nullable until it happens (lender paid, say): present, and null or of its type.
      return value === undefined || (value !== null && typeof value !== type) ? [`${path}: ${JSON.stringify(value)}`] : [];
    });
    expect(problems).toEqual([]);
    const graphql = (await server.gql(FINANCED_PAYMENT, { id }, { key })).body.data.financedPayment;
    expect(answer.body).toEqual({
      id: graphql.id,
      status: 'authorized',
      currency: 'BRL',
      orderId: graphql.orderId,
      orderDescription: graphql.orderDescription,
      customerId: graphql.customerId,
      customer: graphql.customer,
      amount: graphql.amount.amountMinor,
      merchantSubsidyAmount: graphql.merchantSubsidyAmount.amountMinor,
      merchantSubsidyRate: Number(graphql.merchantSubsidyRate),
      merchantTotalAmount: graphql.merchantTotalAmount.amountMinor,
      paymentType: 'bank_transfer',
      invoiceStatus: 'awaiting',
      monthsUntilFirstPayment: graphql.monthsUntilFirstPayment,
      firstInstallmentDate: graphql.firstInstallmentDate,
      paymentMeta: { lenderPaidAt: null },
      merchantRecourseRate: Number(graphql.merchantRecourseRate),
      createdAt: graphql.createdAt,
      updatedAt: graphql.updatedAt,
    });
    expect(answer.body.amount).toBe(graphql.amount.amountMinor);
    const missing = await call('/api/v1/merchant/payments/fp_nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) }, requestId: expect.any(String) });
  });

  it('GET /api/v1/merchant/payments lists newest first, pages by nextCursor, filters by status', async () => {
    const all = await call('/api/v1/merchant/payments');
    expect(all.status).toBe(200);
    expect(all.body.data.map((p: any) => p.id)).toEqual([second, id]);
    expect(all.body.nextCursor).toBeNull();
    const first = await call('/api/v1/merchant/payments?limit=1');
    expect(first.body.data.map((p: any) => p.id)).toEqual([second]);
    const rest = await call(`/api/v1/merchant/payments?limit=1&cursor=${first.body.nextCursor}`);
    expect(rest.body.data.map((p: any) => p.id)).toEqual([id]);
    expect(rest.body.nextCursor).toBeNull();
    expect((await call('/api/v1/merchant/payments?status=settled')).body.data).toEqual([]);
    expect((await call('/api/v1/merchant/payments?status=authorized')).body.data).toHaveLength(2);
    expect((await call('/api/v1/merchant/payments?status=lost')).status).toBe(400);
    expect((await call('/api/v1/merchant/payments?limit=0')).status).toBe(400);
  });

  it("another business's payment is 404 and its list empty; a key without checkouts:read is 403; no key is 401", async () => {
    const { testKey: other } = await onboardBusiness(server, { name: 'Intruso' });
    expect((await call(`/api/v1/merchant/payments/${id}`, other)).status).toBe(404);
    expect((await call('/api/v1/merchant/payments', other)).body.data).toEqual([]);
    const narrow = await issueLiveKey(server, businessId, ['ledger:read']);
    for (const path of ['/api/v1/merchant/payments', `/api/v1/merchant/payments/${id}`]) {
      const denied = await call(path, narrow);
      expect([path, denied.status, denied.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
      expect((await fetch(`${server.url}${path}`)).status).toBe(401);
    }
  });

  it('POST /api/v1/merchant/payments/{id}/invoices (multipart): submits, replays once, refuses bad files, other tenants and narrow keys', async () => {
    const paymentId = await authorized();
    type Files = Array<{ number?: string; bytes: Uint8Array; name: string; type?: string }>;
    const encode = async (files: Files) => {
      const form = new FormData();
      for (const f of files) {
        if (f.number !== undefined) form.append('number', f.number);
        form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/pdf' }), f.name);
      }
      const encoded = new Response(form);
      return { body: await encoded.arrayBuffer(), type: encoded.headers.get('content-type')! };
    };
    // A client's retry resends the same bytes (the same boundary): `send` the same encoding twice.
    const send = async (encoded: { body: ArrayBuffer; type: string }, k = key, headers: Record<string, string> = {}, target = paymentId) => {
      const r = await fetch(`${server.url}/api/v1/merchant/payments/${target}/invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k}`, 'content-type': encoded.type, ...headers },
        body: encoded.body,
      });
      return { status: r.status, headers: r.headers, body: await r.json() };
    };
    const upload = async (files: Files, k = key, headers: Record<string, string> = {}, target = paymentId) => send(await encode(files), k, headers, target);
    const { testKey: other } = await onboardBusiness(server, { name: 'Intruso 2' });
    const readOnly = await issueLiveKey(server, businessId, ['checkouts:read']);
    // Refusals first: none of them submits anything.
    expect((await upload([{ number: 'NF-1', bytes: Buffer.from('not a pdf'), name: 'x.txt', type: 'text/plain' }])).body.error.code).toBe('INVALID_INVOICE');
    const unpaired = await upload([{ bytes: SAMPLE_PDF, name: 'a.pdf' }]);
    expect([unpaired.status, unpaired.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    expect((await upload([{ number: 'NF-1', bytes: SAMPLE_PDF, name: 'a.pdf' }], other)).status).toBe(404);
    const denied = await upload([{ number: 'NF-1', bytes: SAMPLE_PDF, name: 'a.pdf' }], readOnly);
    expect([denied.status, denied.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await upload([{ number: 'NF-1', bytes: SAMPLE_PDF, name: 'a.pdf' }], key, {}, 'fp_nope')).status).toBe(404);
    expect((await call(`/api/v1/merchant/payments/${paymentId}`)).body.invoiceStatus).toBe('awaiting');

    const headers = { 'idempotency-key': `invoices-${paymentId}` };
    const encoded = await encode([{ number: 'NF-2026-1', bytes: SAMPLE_PDF, name: 'nf.pdf' }]);
    const submitted = await send(encoded, key, headers);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ id: paymentId, invoiceStatus: 'submitted' });
    const replay = await send(encoded, key, headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(submitted.body);
    await server.sandboxLender.idle();
    const graphql = (await server.gql(FINANCED_PAYMENT, { id: paymentId }, { key })).body.data.financedPayment;
    expect(graphql.invoices.map((i: any) => i.number)).toEqual(['NF-2026-1']);
    const rest = (await call(`/api/v1/merchant/payments/${paymentId}`)).body;
    expect([rest.status, rest.invoiceStatus]).toEqual([graphql.status.toLowerCase(), graphql.invoiceStatus.toLowerCase()]);
  });
});
