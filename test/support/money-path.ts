import { randomUUID } from 'node:crypto';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { TEST_PARTNER_SECRET, type TestServer } from './server.ts';

export const CREATE_INVOICE = /* GraphQL */ `
  mutation ($input: CreateInvoiceInput!) {
    createInvoice(input: $input) {
      invoice {
        id
        number
        status
        total {
          amountMinor
          currency
        }
        amountPaid {
          amountMinor
        }
        amountDue {
          amountMinor
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const CREATE_LINK = /* GraphQL */ `
  mutation ($input: CreatePaymentLinkInput!) {
    createPaymentLink(input: $input) {
      paymentLink {
        id
        invoice {
          id
          number
        }
        amount {
          amountMinor
          currency
        }
        paymentUrl
        shortUrl
        qrCodeUrl
        expiresAt
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const INVOICE = `query ($id: ID!) { invoice(id: $id) { id number status total { amountMinor } amountPaid { amountMinor } amountDue { amountMinor } } }`;

/** An invoice of `amountMinor` NGN with a payment link, through the API as a merchant would. */
export async function invoiceWithLink(
  server: TestServer,
  key: string,
  options: { amountMinor?: number; currency?: string; allowPartialPayment?: boolean; expiresInHours?: number } = {},
) {
  const invoice = await server.gql(
    CREATE_INVOICE,
    {
      input: {
        customer: { name: 'Ada Obi', email: 'ada@example.com' },
        currency: options.currency ?? 'NGN',
        lineItems: [{ description: 'Consulting', quantity: 1, unitAmountMinor: options.amountMinor ?? 53_750_000 }],
        dueDate: '2026-12-31',
      },
    },
    { key },
  );
  const invoiceId = invoice.body.data.createInvoice.invoice.id as string;
  const link = await server.gql(
    CREATE_LINK,
    { input: { invoiceId, allowPartialPayment: options.allowPartialPayment ?? false, expiresInHours: options.expiresInHours ?? 24 } },
    { key },
  );
  const paymentLink = link.body.data.createPaymentLink.paymentLink;
  if (!paymentLink) throw new Error(JSON.stringify(link.body));
  return { invoiceId, linkId: paymentLink.id as string, paymentLink };
}

/** The bank partner's webhook body (seed 000). */
export function partnerPayload(
  server: TestServer,
  fields: { paymentLinkId?: string | null; amountKobo: number; paymentId?: string; currency?: string; metadata?: Record<string, unknown> },
) {
  return {
    event: 'payment.completed',
    paymentId: fields.paymentId ?? `pay_partner_${randomUUID()}`,
    paymentLinkId: fields.paymentLinkId ?? null,
    sessionId: null,
    amountKobo: fields.amountKobo,
    currency: fields.currency ?? 'NGN',
    reference: `PAY-${Date.now()}`,
    timestamp: server.clock.now().toISOString(),
    metadata: fields.metadata ?? {},
    signature: 'sha256=ignored-by-the-server',
  };
}

/** POSTs a delivery the way the partner does: X-Signature over the exact raw body. */
export async function deliverWebhook(
  server: TestServer,
  payload: unknown,
  options: { secret?: string; signature?: string | null; raw?: string | Buffer } = {},
) {
  const raw = options.raw ?? JSON.stringify(payload);
  const signature = options.signature === undefined ? signPartnerBody(options.secret ?? TEST_PARTNER_SECRET, raw) : options.signature;
  const response = await fetch(`${server.url}/v1/webhooks/alat-payment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Row counts of everything a payment writes, to prove that something wrote nothing. */
export async function moneyRowCounts(server: TestServer) {
  const rows = await server.orm.em.getConnection().execute(
    `select (select count(*) from payment) as payments, (select count(*) from receipt) as receipts,
            (select count(*) from journal_entry) as journals, (select count(*) from journal_line) as lines,
            (select count(*) from outbox_event) as events, (select count(*) from partner_webhook_delivery) as deliveries`,
  );
  const counts = rows[0] as Record<string, string>;
  return {
    payments: Number(counts.payments),
    receipts: Number(counts.receipts),
    journals: Number(counts.journals),
    lines: Number(counts.lines),
    events: Number(counts.events),
    deliveries: Number(counts.deliveries),
  };
}

/** Journals whose debits and credits differ in some currency (must always be none). */
export async function unbalancedJournals(server: TestServer): Promise<unknown[]> {
  return server.orm.em.getConnection().execute(
    `select entry_id, currency, sum(debit_minor) as debits, sum(credit_minor) as credits
       from journal_line group by entry_id, currency having sum(debit_minor) <> sum(credit_minor)`,
  );
}

/** The largest amount a single payment, input or checkout total may be: 2^53 − 1. */
export const MAX_MINOR = 9_007_199_254_740_991;

/**
 * JSON with every integer read from its digits as a bigint, so amounts near and beyond 2^53 − 1
 * compare exactly (JSON.parse's reviver sees each number's source text, Node ≥ 21).
 */
export function parseExactJson(text: string): any {
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === 'number' && context?.source !== undefined && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value,
  );
}

/** POST /graphql and read the answer exactly: its raw text, and its body with integers as bigints. */
export async function gqlExact(server: TestServer, query: string, variables: Record<string, unknown> = {}, key?: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: parseExactJson(text) as { data?: any; errors?: any[] } };
}

/** Every ledger account's balance, exactly, by code (accounts of one code summed: 2200 has one per entity). */
export async function exactBalances(server: TestServer, key: string): Promise<Record<string, bigint>> {
  const result = await gqlExact(server, '{ ledgerAccounts { code balance { amountMinor } } }', {}, key);
  if (result.status !== 200 || result.body.errors) throw new Error(`ledgerAccounts failed: ${result.text}`);
  const balances: Record<string, bigint> = {};
  for (const account of result.body.data.ledgerAccounts) balances[account.code] = (balances[account.code] ?? 0n) + account.balance.amountMinor;
  return balances;
}
