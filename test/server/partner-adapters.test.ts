import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { ALAT_WEBHOOK_PATH, alatWebhook } from '../../server/providers/alat/alat-webhook.ts';
import { deliverWebhook, invoiceWithLink, moneyRowCounts, partnerPayload } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

const SECRET = 'alat-secret-for-adapter-tests';
const alat = alatWebhook({ secret: SECRET });

/** Seed 000's example delivery, byte for byte as Alat sends it (pretty-printed, its own signature field). */
const RECORDED_COMPLETED = `{
  "event": "payment.completed",
  "paymentId": "pay_xyz789",
  "paymentLinkId": "pl_abc123",
  "sessionId": null,
  "amountKobo": 53750000,
  "currency": "NGN",
  "reference": "PAY-20260417-001",
  "timestamp": "2026-04-17T10:30:00.000Z",
  "metadata": {
    "businessId": "biz_001",
    "invoiceId": "inv_abc123"
  },
  "signature": "sha256=a1b2c3d4..."
}`;
const RECORDED_REVERSED = `{"event":"payment.reversed","paymentId":"pay_xyz789","reason":"customer dispute","timestamp":"2026-04-18T08:00:00.000Z"}`;
const RECORDED_FAILED = `{"event":"payment.failed","paymentId":"pay_fail_1"}`;

const headers = (values: Record<string, string>) => (name: string) => values[name.toLowerCase()];

describe('the Alat adapter', () => {
  it('is delivered to its own path', () => {
    expect(alat.path).toBe('/v1/webhooks/alat-payment');
    expect(ALAT_WEBHOOK_PATH).toBe(alat.path);
  });

  it('verifies X-Signature: sha256=<hex> over the raw bytes with its own secret', () => {
    const signature = signPartnerBody(SECRET, RECORDED_COMPLETED);
    expect(alat.verify(Buffer.from(RECORDED_COMPLETED), headers({ 'x-signature': signature }))).toEqual({ signature });
    expect(alat.verify(Buffer.from(RECORDED_COMPLETED), headers({ 'x-signature': signPartnerBody('another-partner', RECORDED_COMPLETED) }))).toBeNull();
    expect(alat.verify(Buffer.from(RECORDED_COMPLETED + ' '), headers({ 'x-signature': signature }))).toBeNull();
    expect(alat.verify(Buffer.from(RECORDED_COMPLETED), headers({}))).toBeNull();
    // No secret configured: nothing verifies.
    expect(alatWebhook({ secret: undefined }).verify(Buffer.from(RECORDED_COMPLETED), headers({ 'x-signature': signature }))).toBeNull();
  });

  it('parses the recorded payment.completed into our payment', () => {
    expect(alat.parse(RECORDED_COMPLETED)).toEqual({
      ok: true,
      event: {
        kind: 'PAYMENT_COMPLETED',
        payment: {
          partner: 'alat',
          partnerPaymentId: 'pay_xyz789',
          names: { checkoutId: 'pl_abc123' },
          businessId: 'biz_001',
          mode: null,
          amountMinor: 53_750_000n,
          currency: 'NGN',
          reference: 'PAY-20260417-001',
          paidAt: new Date('2026-04-17T10:30:00.000Z'),
        },
      },
    });
  });

  it('keeps the method a delivery says (a transfer into a virtual account is one), and never refuses for it', () => {
    const withMetadata = (metadata: Record<string, unknown>) =>
      alat.parse(JSON.stringify({ ...JSON.parse(RECORDED_COMPLETED), metadata: { businessId: 'biz_001', ...metadata } }));
    const methodIn = (parsed: ReturnType<typeof alat.parse>) =>
      parsed.ok && parsed.event.kind === 'PAYMENT_COMPLETED' ? parsed.event.payment.method : 'refused';
    expect(methodIn(withMetadata({ method: 'CARD_SUCCESS' }))).toBe('CARD');
    expect(methodIn(withMetadata({ method: 'card' }))).toBe('CARD');
    expect(methodIn(withMetadata({ method: 'BANK_TRANSFER' }))).toBe('BANK_TRANSFER');
    expect(methodIn(withMetadata({ accountNumber: '9900000001' }))).toBe('BANK_TRANSFER');
    expect(methodIn(withMetadata({ method: 'USSD' }))).toBeUndefined();
    expect(methodIn(withMetadata({ method: 42 }))).toBeUndefined();
    expect(methodIn(withMetadata({ method: { nested: true } }))).toBeUndefined();
  });

  it('parses failed and reversed payments into their event kinds', () => {
    expect(alat.parse(RECORDED_REVERSED)).toEqual({
      ok: true,
      event: { kind: 'PAYMENT_REVERSED', partnerPaymentId: 'pay_xyz789', reason: 'customer dispute' },
    });
    expect(alat.parse(RECORDED_FAILED)).toEqual({ ok: true, event: { kind: 'PAYMENT_FAILED', partnerPaymentId: 'pay_fail_1', reason: null } });
  });

  it('refuses what it cannot read with its own codes', () => {
    expect(alat.parse('{')).toMatchObject({ ok: false, code: 'MALFORMED_BODY' });
    expect(alat.parse('{"event":"payment.refunded","paymentId":"p"}')).toMatchObject({ ok: false, code: 'MALFORMED_BODY' });
    expect(alat.parse(RECORDED_COMPLETED.replace('"NGN"', '"N\\u0000GN"'))).toMatchObject({ ok: false, code: 'INVALID_TEXT' });
  });

  it('answers in the seed 000 shape, from our neutral outcome', () => {
    const reconciled = alat.answer({ outcome: 'RECONCILED', receiptId: 'rec_1', receiptNumber: 'REC-2026-045', invoiceStatus: 'paid', journalEntryId: 'je_1' });
    expect(reconciled.status).toBe(200);
    expect(reconciled.contentType).toBe('application/json');
    expect(reconciled.body).toBe(
      '{"success":true,"data":{"received":true,"receiptId":"rec_1","receiptNumber":"REC-2026-045","invoiceStatus":"paid","glJournalEntryId":"je_1"}}',
    );
    expect(JSON.parse(alat.answer({ outcome: 'RECORDED' }).body)).toEqual({
      success: true,
      data: { received: true, receiptId: null, receiptNumber: null, invoiceStatus: null, glJournalEntryId: null },
    });
    const refused = alat.refuse({ status: 401, code: 'INVALID_SIGNATURE', message: 'Missing or invalid signature.' });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ success: false, error: { code: 'INVALID_SIGNATURE', message: 'Missing or invalid signature.' } });
  });
});

describe('a failed or reversed payment delivered to the route', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each([
    ['reversed', RECORDED_REVERSED],
    ['failed', RECORDED_FAILED],
  ])('%s: the raw delivery is kept and acknowledged; no money moves', async (_label, raw) => {
    const before = await moneyRowCounts(server);
    const delivery = await deliverWebhook(server, null, { raw });
    expect(delivery.status).toBe(200);
    expect(delivery.body).toEqual({
      success: true,
      data: { received: true, receiptId: null, receiptNumber: null, invoiceStatus: null, glJournalEntryId: null },
    });
    expect(await moneyRowCounts(server)).toEqual({ ...before, deliveries: before.deliveries + 1 });
  });

  it('a duplicate of a payment stored before the adapters (with the Alat body in payment.response) gets the same answer', async () => {
    const { testKey } = await onboardBusiness(server);
    const { linkId } = await invoiceWithLink(server, testKey);
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 53_750_000 });
    const first = await deliverWebhook(server, payload);
    expect(first.status).toBe(200);
    const { receiptNumber: _drawnLater, ...stored } = first.body.data;
    await server.orm.em
      .getConnection()
      .execute(`update payment set response = ? where partner_payment_id = ?`, [
        JSON.stringify({ success: true, data: { ...stored, receiptNumber: null } }),
        payload.paymentId,
      ]);
    expect(await deliverWebhook(server, payload)).toEqual(first);
  });
});
