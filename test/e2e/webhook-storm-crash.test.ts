import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { graphqlAt, startServerProcess, type ServerProcess } from '../support/process.ts';

const ADMIN_KEY = 'pk_admin_storm-operator-0123456789abcdefg';
const PARTNER_SECRET = 'storm-partner-secret';
const PAYMENTS = 160;
const AMOUNT = 125;

let cluster: EmbeddedDatabase;
let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pay-storm-'));
  cluster = await startEmbeddedPostgres(scratch);
  await cluster.createDatabase('storm');
});
afterAll(async () => {
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function startServer(port: number): Promise<ServerProcess> {
  return startServerProcess(
    {
      PORT: String(port),
      DATABASE_URL: cluster.urlFor('storm'),
      PLATFORM_ADMIN_KEY: ADMIN_KEY,
      PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
      RATE_LIMIT_REQUESTS: '100000',
    },
    /Health:/,
  );
}

async function deliver(url: string, raw: string): Promise<number> {
  try {
    const response = await fetch(`${url}/v1/webhooks/alat-payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(PARTNER_SECRET, raw) },
      body: raw,
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0; // connection refused or reset: the partner will retry
  }
}

describe('a server killed in the middle of a webhook storm', () => {
  it('loses nothing and counts nothing twice once the partner retries', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await startServer(port);

    const business = await graphqlAt(
      url,
      ADMIN_KEY,
      `mutation { createBusiness(input: { name: "Storm", plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { business { id } testSecretKey } }`,
    );
    const key = business.createBusiness.testSecretKey;
    const invoice = await graphqlAt(url, key, `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }`, {
      input: {
        customer: { name: 'Many Payers', email: 'many@example.com' },
        currency: 'NGN',
        lineItems: [{ description: 'Fees', quantity: PAYMENTS, unitAmountMinor: AMOUNT }],
        dueDate: '2026-12-31',
      },
    });
    const invoiceId = invoice.createInvoice.invoice.id;
    const link = await graphqlAt(url, key, `mutation ($input: CreatePaymentLinkInput!) { createPaymentLink(input: $input) { paymentLink { id } } }`, {
      input: { invoiceId, allowPartialPayment: true },
    });
    const linkId = link.createPaymentLink.paymentLink.id;

    const bodies = Array.from({ length: PAYMENTS }, (_, i) =>
      JSON.stringify({
        event: 'payment.completed',
        paymentId: `storm-${i}`,
        paymentLinkId: linkId,
        sessionId: null,
        amountKobo: AMOUNT,
        currency: 'NGN',
        reference: `PAY-STORM-${i}`,
        timestamp: new Date().toISOString(),
        metadata: {},
      }),
    );

    // Eight partner workers; the server dies (SIGKILL, no goodbye) after the first forty answers.
    const acknowledged = new Set<number>();
    let next = 0;
    let answered = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const i = next++;
        const status = await deliver(url, bodies[i]!);
        if (status === 200) acknowledged.add(i);
        if (++answered === 40) server.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await server.exited;
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(PAYMENTS);

    // Restart; the partner retries every delivery it has (acknowledged ones too, as retries do).
    server = await startServer(port);
    try {
      const retries = await Promise.all(bodies.map((raw) => deliver(url, raw)));
      expect(retries.every((status) => status === 200)).toBe(true);

      const db = new pg.Client({ connectionString: cluster.urlFor('storm') });
      await db.connect();
      try {
        const payments = await db.query(
          `select count(*)::int as n, count(distinct partner_payment_id)::int as distinct_ids, sum(amount_minor)::bigint as total from payment`,
        );
        expect(payments.rows[0]).toEqual({ n: PAYMENTS, distinct_ids: PAYMENTS, total: String(PAYMENTS * AMOUNT) });
        expect((await db.query(`select count(*)::int as n from receipt`)).rows[0].n).toBe(PAYMENTS);
        const paid = await db.query(`select status, amount_paid_minor::bigint as paid from invoice where id = $1`, [invoiceId]);
        expect(paid.rows[0]).toEqual({ status: 'PAID', paid: String(PAYMENTS * AMOUNT) });
        const unbalanced = await db.query(`select entry_id from journal_line group by entry_id, currency having sum(debit_minor) <> sum(credit_minor)`);
        expect(unbalanced.rows).toEqual([]);
      } finally {
        await db.end();
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
