import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentNumber } from '../../server/domain/document-numbers.ts';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { OutboxEvent } from '../../server/modules/outbox/outbox-event.entity.ts';
import { Payment } from '../../server/modules/payments/payment.entities.ts';
import { deliverWebhook, INVOICE, invoiceWithLink, moneyRowCounts, partnerPayload, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, TEST_PARTNER_SECRET, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key, businessId } = await onboardBusiness(server));
});
afterAll(() => server.close());

const invoice = async (id: string) => (await server.gql(INVOICE, { id }, { key })).body.data.invoice;
const eventsFor = async (paymentId?: string) =>
  (await server.orm.em.fork().find(OutboxEvent, { business: businessId }, { orderBy: { id: 'asc' } }))
    .filter((e) => !paymentId || JSON.stringify(e.payload).includes(paymentId))
    .map((e) => e.type);
const JOURNAL = `query ($id: ID!) { journalEntry(id: $id) { id lines { account { code name } debitMinor creditMinor currency } } }`;
const paymentByPartnerId = (partnerPaymentId: string) => server.orm.em.fork().findOneOrFail(Payment, { partnerPaymentId });

describe('a correctly signed payment', () => {
  it('answers the seed body, pays the invoice, issues a receipt and posts a balanced journal', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key);
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 53_750_000, paymentId: 'pay_xyz789' });
    const delivery = await deliverWebhook(server, payload);

    expect(delivery.status).toBe(200);
    expect(delivery.body).toEqual({
      success: true,
      data: {
        received: true,
        receiptId: expect.stringMatching(/^rec_/),
        receiptNumber: `REC-${server.clock.now().getUTCFullYear()}-001`,
        invoiceStatus: 'paid',
        glJournalEntryId: expect.stringMatching(/^je_/),
      },
    });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 53_750_000 }, amountDue: { amountMinor: 0 } });
    const link = await server.gql(`query ($id: ID!) { paymentLink(id: $id) { status } }`, { id: linkId }, { key });
    expect(link.body.data.paymentLink.status).toBe('PAID');

    const journal = (await server.gql(JOURNAL, { id: delivery.body.data.glJournalEntryId }, { key })).body.data.journalEntry;
    expect(journal.lines).toEqual([
      { account: { code: '1100', name: 'Partner clearing' }, debitMinor: 53_750_000, creditMinor: 0, currency: 'NGN' },
      { account: { code: '1200', name: 'Accounts receivable' }, debitMinor: 0, creditMinor: 53_750_000, currency: 'NGN' },
    ]);
    expect(await eventsFor('pay_xyz789')).toEqual(['payment.received']);
    expect(await eventsFor(invoiceId)).toContain('invoice.paid');
    expect(await unbalancedJournals(server)).toEqual([]);
  });

  it('answers a duplicate with the same body and writes nothing new but the raw delivery', async () => {
    const { linkId } = await invoiceWithLink(server, key);
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 53_750_000 });
    const first = await deliverWebhook(server, payload);
    const before = await moneyRowCounts(server);
    const again = await deliverWebhook(server, payload);
    expect(again).toEqual(first);
    expect(await moneyRowCounts(server)).toEqual({ ...before, deliveries: before.deliveries + 1 });
  });

  it('turns 50 concurrent copies of one payment into one receipt', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key);
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 53_750_000 });
    const before = await moneyRowCounts(server);
    const answers = await Promise.all(Array.from({ length: 50 }, () => deliverWebhook(server, payload)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const after = await moneyRowCounts(server);
    expect(after.payments - before.payments).toBe(1);
    expect(after.receipts - before.receipts).toBe(1);
    expect(after.deliveries - before.deliveries).toBe(50);
    expect((await invoice(invoiceId)).amountPaid.amountMinor).toBe(53_750_000);
  });

  it('reconciles a payment the partner delivers hours after the customer paid, recording when they paid', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key);
    const paidAt = new Date(server.clock.now().getTime() - 6 * 60 * 60 * 1000);
    const payload = { ...partnerPayload(server, { paymentLinkId: linkId, amountKobo: 53_750_000 }), timestamp: paidAt.toISOString() };
    const delivery = await deliverWebhook(server, payload);
    expect(delivery.status).toBe(200);
    expect(delivery.body.data.invoiceStatus).toBe('paid');
    expect((await paymentByPartnerId(payload.paymentId)).paidAt.toISOString()).toBe(paidAt.toISOString());
    expect((await invoice(invoiceId)).status).toBe('PAID');
    // Its retry a day later is a duplicate: the first answer, nothing applied twice.
    server.clock.advance(24 * 60 * 60 * 1000);
    expect(await deliverWebhook(server, payload)).toEqual(delivery);
    expect((await invoice(invoiceId)).amountPaid.amountMinor).toBe(53_750_000);
  });

  it('accepts emoji and right-to-left marks as text and keeps the raw bytes exactly', async () => {
    const { linkId } = await invoiceWithLink(server, key);
    const reference = 'Zawadi 🎁 \u200fمدفوع\u200e';
    const payload = { ...partnerPayload(server, { paymentLinkId: linkId, amountKobo: 53_750_000 }), reference };
    const raw = JSON.stringify(payload, null, 1);
    const delivery = await deliverWebhook(server, payload, { raw });
    expect(delivery.status).toBe(200);
    expect((await paymentByPartnerId(payload.paymentId)).reference).toBe(reference);
    const [stored] = await server.orm.em
      .getConnection()
      .execute<Array<{ raw_body: Buffer }>>(`select raw_body from partner_webhook_delivery where partner_payment_id = ?`, [payload.paymentId]);
    expect(Buffer.compare(stored!.raw_body, Buffer.from(raw))).toBe(0);
  });
});

describe('receipt numbers', () => {
  it('are drawn in SQL as documentNumber formats them, past 999 too, and the same in the answer, the receipt, a replayed answer and the event', async () => {
    const year = server.clock.now().getUTCFullYear();
    const em = server.orm.em.fork();
    await deliverWebhook(server, partnerPayload(server, { paymentLinkId: (await invoiceWithLink(server, key)).linkId, amountKobo: 1_000 }));
    await em.execute(`update document_sequence set last_value = 998 where business_id = ? and prefix = 'REC'`, [businessId]);
    for (const sequence of [999, 1000]) {
      const { linkId } = await invoiceWithLink(server, key);
      const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 1_000 });
      const delivery = await deliverWebhook(server, payload);
      expect(delivery.body.data.receiptNumber).toBe(documentNumber('REC', year, sequence));
      const [row] = await em.execute(
        `select r.number, e.payload->>'receiptNumber' as event_number
           from payment p join receipt r on r.payment_id = p.id join outbox_event e on e.payload->>'paymentId' = p.id and e.type = 'payment.received'
          where p.partner_payment_id = ?`,
        [payload.paymentId],
      );
      expect(row).toEqual({ number: documentNumber('REC', year, sequence), event_number: documentNumber('REC', year, sequence) });
      expect(JSON.stringify((await deliverWebhook(server, payload)).body)).toBe(JSON.stringify(delivery.body));
    }
  });
});

describe('deliveries that fail verification write nothing', () => {
  it.each([
    ['no signature', { signature: null }],
    ['a forged signature', { secret: 'not-the-partner-secret' }],
    ['a signature over a different body', { signature: 'sha256=' + '0'.repeat(64) }],
  ])('401 for %s', async (_label, options) => {
    const { linkId } = await invoiceWithLink(server, key);
    const before = await moneyRowCounts(server);
    const delivery = await deliverWebhook(server, partnerPayload(server, { paymentLinkId: linkId, amountKobo: 100 }), options);
    expect(delivery.status).toBe(401);
    expect(delivery.body.error.code).toBe('INVALID_SIGNATURE');
    expect(await moneyRowCounts(server)).toEqual(before);
  });

  it('400 INVALID_TEXT, permanently and with nothing written, for text PostgreSQL cannot hold', async () => {
    const { linkId } = await invoiceWithLink(server, key);
    const before = await moneyRowCounts(server);
    const base = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 100 });
    const unstorable = [
      { ...base, paymentId: 'pay_nul\u0000' },
      { ...base, reference: 'REF\u0000' },
      { ...base, reference: 'REF\ud800' },
      { ...base, paymentId: '\udfff' },
      { ...base, metadata: { note: 'a\u0000b' } },
    ];
    for (const payload of unstorable) {
      // Every retry gets the same permanent answer, and none stores another raw row.
      for (let attempt = 0; attempt < 2; attempt++) {
        const delivery = await deliverWebhook(server, payload);
        expect(delivery.status).toBe(400);
        expect(delivery.body.error.code).toBe('INVALID_TEXT');
      }
    }
    expect(await moneyRowCounts(server)).toEqual(before);
  });

  it('400 INVALID_ENCODING for a body that is not UTF-8, nothing written', async () => {
    const before = await moneyRowCounts(server);
    const json = Buffer.from(JSON.stringify({ ...partnerPayload(server, { amountKobo: 100 }), reference: 'R-X' }));
    const invalid = Buffer.concat([json.subarray(0, json.indexOf('R-X')), Buffer.from([0xff, 0xfe]), json.subarray(json.indexOf('R-X'))]);
    const delivery = await deliverWebhook(server, null, { raw: invalid });
    expect(delivery.status).toBe(400);
    expect(delivery.body.error.code).toBe('INVALID_ENCODING');
    expect(await moneyRowCounts(server)).toEqual(before);
  });

  it('400 for malformed bodies', async () => {
    const before = await moneyRowCounts(server);
    const bad = [
      '{"event": "payment.completed", "paymentId": ',
      JSON.stringify({ ...partnerPayload(server, { amountKobo: 100 }), amountKobo: 10.5 }),
      JSON.stringify({ ...partnerPayload(server, { amountKobo: 100 }), amountKobo: -100 }),
      JSON.stringify({ ...partnerPayload(server, { amountKobo: 100 }), paymentId: undefined }),
      JSON.stringify({ ...partnerPayload(server, { amountKobo: 100 }), amountKobo: 2 ** 53 }),
    ];
    for (const raw of bad) {
      const delivery = await deliverWebhook(server, null, { raw });
      expect(delivery.status, raw).toBe(400);
      expect(delivery.body.error.code).toBe('MALFORMED_BODY');
    }
    expect(await moneyRowCounts(server)).toEqual(before);
  });

  it('404 for an unknown partner, and for anything but POST on a partner path', async () => {
    const unknown = await fetch(`${server.url}/v1/webhooks/unknown-partner`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${server.url}/v1/webhooks/alat-payment`)).status).toBe(404);
  });

  it('413 for a huge body', async () => {
    const before = await moneyRowCounts(server);
    const raw = JSON.stringify({ ...partnerPayload(server, { amountKobo: 100 }), metadata: { padding: 'x'.repeat(100_000) } });
    expect((await deliverWebhook(server, null, { raw })).status).toBe(413);
    // The same body streamed without a declared length is cut off as it arrives.
    const streamed = await fetch(`${server.url}/v1/webhooks/alat-payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(TEST_PARTNER_SECRET, raw) },
      body: new Blob([raw]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await moneyRowCounts(server)).toEqual(before);
  });
});

/** Runs `work` while `table` is renamed away, so statements that use it fail. */
async function whileTableIsAway<T>(table: string, work: () => Promise<T>): Promise<T> {
  const connection = server.orm.em.getConnection();
  await connection.execute(`alter table ${table} rename to ${table}_away`);
  try {
    return await work();
  } finally {
    await connection.execute(`alter table ${table}_away rename to ${table}`);
  }
}

describe('when the raw payload cannot be stored', () => {
  it('answers 500 NOT_PERSISTED, so the partner retries, and reconciles nothing; the retry then lands once', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key, { amountMinor: 4_000 });
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 4_000 });
    const before = await moneyRowCounts(server);
    const failed = await whileTableIsAway('partner_webhook_delivery', () => deliverWebhook(server, payload));
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ success: false, error: { code: 'NOT_PERSISTED' } });
    expect(await moneyRowCounts(server)).toEqual(before);
    expect((await invoice(invoiceId)).status).toBe('OPEN');
    const retried = await deliverWebhook(server, payload);
    expect(retried.status).toBe(200);
    expect((await invoice(invoiceId)).status).toBe('PAID');
  });
});

describe('when reconciliation fails after the raw payload is stored', () => {
  it('answers 500, keeps the raw payload and writes no money; the retry then lands once', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key, { amountMinor: 4_500 });
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 4_500 });
    const before = await moneyRowCounts(server);
    // The checkout cannot be locked: the delivery's first round trip fails after its raw insert.
    const failed = await whileTableIsAway('payment_link', () => deliverWebhook(server, payload));
    expect(failed.status).toBe(500);
    expect(failed.body.error?.code).not.toBe('NOT_PERSISTED');
    const after = await moneyRowCounts(server);
    expect({ ...after, deliveries: before.deliveries }).toEqual(before);
    const [kept] = await server.orm.em
      .getConnection()
      .execute<Array<{ count: string }>>(`select count(*) from partner_webhook_delivery where partner_payment_id = ?`, [payload.paymentId]);
    expect(Number(kept!.count)).toBeGreaterThanOrEqual(1);
    expect((await invoice(invoiceId)).status).toBe('OPEN');

    const retried = await deliverWebhook(server, payload);
    expect(retried.status).toBe(200);
    expect((await invoice(invoiceId)).status).toBe('PAID');
    expect((await moneyRowCounts(server)).payments).toBe(before.payments + 1);
  });
});

describe('partial payments and exceptions', () => {
  it('moves an invoice through PARTIALLY_PAID to PAID when partial payment is allowed', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key, { amountMinor: 10_000, allowPartialPayment: true });
    const first = await deliverWebhook(server, partnerPayload(server, { paymentLinkId: linkId, amountKobo: 4_000 }));
    expect(first.body.data.invoiceStatus).toBe('partially_paid');
    expect(await invoice(invoiceId)).toMatchObject({ status: 'PARTIALLY_PAID', amountPaid: { amountMinor: 4_000 }, amountDue: { amountMinor: 6_000 } });
    const second = await deliverWebhook(server, partnerPayload(server, { paymentLinkId: linkId, amountKobo: 6_000 }));
    expect(second.body.data.invoiceStatus).toBe('paid');
    expect(await eventsFor(invoiceId)).toEqual(expect.arrayContaining(['invoice.partially_paid', 'invoice.paid']));
  });

  it('holds an underpayment as customer credit when partial payment is off', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key, { amountMinor: 10_000 });
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 4_000 });
    const delivery = await deliverWebhook(server, payload);
    expect(delivery.status).toBe(200);
    expect(delivery.body.data.invoiceStatus).toBe('open');
    expect((await invoice(invoiceId)).amountPaid.amountMinor).toBe(0);
    const payment = await paymentByPartnerId(payload.paymentId);
    expect(payment).toMatchObject({ exception: 'UNDERPAYMENT', appliedMinor: 0n, customerCreditMinor: 4_000n, suspenseMinor: 0n });
    expect(await eventsFor(payload.paymentId)).toEqual(['payment.received', 'payment.exception']);
  });

  it('applies what is due of an overpayment and credits the rest to the customer', async () => {
    const { invoiceId, linkId } = await invoiceWithLink(server, key, { amountMinor: 10_000 });
    const payload = partnerPayload(server, { paymentLinkId: linkId, amountKobo: 12_500 });
    expect((await deliverWebhook(server, payload)).body.data.invoiceStatus).toBe('paid');
    expect((await invoice(invoiceId)).amountPaid.amountMinor).toBe(10_000);
    expect(await paymentByPartnerId(payload.paymentId)).toMatchObject({ exception: 'OVERPAYMENT', appliedMinor: 10_000n, customerCreditMinor: 2_500n });
  });

  it('keeps money for an expired, canceled, unknown or wrong-currency checkout in suspense', async () => {
    const expired = await invoiceWithLink(server, key, { expiresInHours: 1 });
    const canceled = await invoiceWithLink(server, key);
    await server.gql(`mutation ($id: ID!) { cancelPaymentLink(input: { id: $id }) { userErrors { code } } }`, { id: canceled.linkId }, { key });
    const mismatch = await invoiceWithLink(server, key);

    server.clock.advance(3_600_000);
    const cases = [
      [partnerPayload(server, { paymentLinkId: expired.linkId, amountKobo: 53_750_000 }), 'CHECKOUT_EXPIRED', expired.invoiceId],
      [partnerPayload(server, { paymentLinkId: canceled.linkId, amountKobo: 53_750_000 }), 'CHECKOUT_CANCELED', canceled.invoiceId],
      [partnerPayload(server, { paymentLinkId: mismatch.linkId, amountKobo: 53_750_000, currency: 'USD' }), 'CURRENCY_MISMATCH', mismatch.invoiceId],
      [partnerPayload(server, { paymentLinkId: 'pl_nobody', amountKobo: 700, metadata: { businessId, mode: 'TEST' } }), 'UNKNOWN_CHECKOUT', null],
    ] as const;
    for (const [payload, reason, invoiceId] of cases) {
      const delivery = await deliverWebhook(server, payload);
      expect(delivery.status, reason).toBe(200);
      expect(delivery.body.data.receiptId, reason).toMatch(/^rec_/);
      const payment = await paymentByPartnerId(payload.paymentId);
      expect(payment, reason).toMatchObject({ exception: reason, appliedMinor: 0n, suspenseMinor: BigInt(payload.amountKobo) });
      if (invoiceId) expect((await invoice(invoiceId)).status).toBe('OPEN');
      expect(await eventsFor(payload.paymentId)).toEqual(['payment.received', 'payment.exception']);
    }
    expect(await unbalancedJournals(server)).toEqual([]);
    const accounts = (await server.gql('{ ledgerAccounts { code currency: balance { currency } balance { amountMinor } } }', {}, { key })).body.data
      .ledgerAccounts;
    const usdSuspense = accounts.find((a: any) => a.code === '2900' && a.currency.currency === 'USD');
    expect(usdSuspense.balance.amountMinor).toBe(53_750_000);
    server.clock.advance(-3_600_000);
  });
});

describe('the ledger in PostgreSQL', () => {
  it('refuses an unbalanced journal at commit, and any change to a posted one', async () => {
    const conn = server.orm.em.getConnection();
    const account = ((await conn.execute(`select id from ledger_account limit 1`)) as Array<{ id: string }>)[0]!.id;
    await expect(
      server.orm.em.fork().transactional(async (tx) => {
        await tx.execute(
          `insert into journal_entry (id, business_id, mode, description, source, created_at) values ('je_bad', ?, 'TEST', 'bad', 'test', now())`,
          [businessId],
        );
        await tx.execute(`insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor) values ('je_bad', ?, 'NGN', 100, 0)`, [account]);
        await tx.execute(`insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor) values ('je_bad', ?, 'NGN', 0, 99)`, [account]);
      }),
    ).rejects.toThrow(/unbalanced/);
    expect(await conn.execute(`select * from journal_entry where id = 'je_bad'`)).toEqual([]);

    await expect(conn.execute(`update journal_line set debit_minor = debit_minor + 1 where id = (select min(id) from journal_line)`)).rejects.toThrow(
      /immutable/,
    );
    await expect(conn.execute(`delete from journal_entry where id = (select min(id) from journal_entry)`)).rejects.toThrow(/immutable/);
    await expect(
      conn.execute(
        `insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor) values ((select min(id) from journal_entry), ?, 'NGN', -5, 0)`,
        [account],
      ),
    ).rejects.toThrow(/one_side/);
  });

  it('keeps one journal per source, whoever posts it twice', async () => {
    const conn = server.orm.em.getConnection();
    const [{ source }] = (await conn.execute(`select source from journal_entry where source like 'payment:%' limit 1`)) as [{ source: string }];
    const before = await moneyRowCounts(server);
    await expect(
      conn.execute(`insert into journal_entry (id, business_id, mode, description, source, created_at) values ('je_twice', ?, 'TEST', 'again', ?, now())`, [
        businessId,
        source,
      ]),
    ).rejects.toThrow(/journal_entry_source_unique/);
    expect(await moneyRowCounts(server)).toEqual(before);
  });
});
