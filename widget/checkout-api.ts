import { createClient, type Client } from 'graphql-ws';

/** The customer-safe view of a checkout, as the public `checkout(id)` query returns it. */
export interface CheckoutView {
  id: string;
  kind: 'PAYMENT_LINK' | 'TAP_TO_PAY';
  merchantName: string;
  status: 'ACTIVE' | 'PAID' | 'EXPIRED' | 'CANCELED';
  currency: string;
  minorDigits: number;
  totalMinor: number;
  amountPaidMinor: number;
  amountDueMinor: number;
  allowPartialPayment: boolean;
  expiresAt: string;
  invoiceNumber: string | null;
  receiptNumber: string | null;
  testMode: boolean;
  qrCodeUrl: string | null;
  paymentUrl: string;
}

const CHECKOUT_FIELDS = `id kind merchantName status minorDigits allowPartialPayment expiresAt invoiceNumber receiptNumber testMode qrCodeUrl paymentUrl
  total { amountMinor currency } amountPaid { amountMinor } amountDue { amountMinor }`;

interface CheckoutPayload {
  id: string;
  kind: CheckoutView['kind'];
  merchantName: string;
  status: CheckoutView['status'];
  minorDigits: number;
  allowPartialPayment: boolean;
  expiresAt: string;
  invoiceNumber: string | null;
  receiptNumber: string | null;
  testMode: boolean;
  qrCodeUrl: string | null;
  paymentUrl: string;
  total: { amountMinor: number; currency: string };
  amountPaid: { amountMinor: number };
  amountDue: { amountMinor: number };
}

const toView = (c: CheckoutPayload): CheckoutView => ({
  id: c.id,
  kind: c.kind,
  merchantName: c.merchantName,
  status: c.status,
  currency: c.total.currency,
  minorDigits: c.minorDigits,
  totalMinor: c.total.amountMinor,
  amountPaidMinor: c.amountPaid.amountMinor,
  amountDueMinor: c.amountDue.amountMinor,
  allowPartialPayment: c.allowPartialPayment,
  expiresAt: c.expiresAt,
  invoiceNumber: c.invoiceNumber,
  receiptNumber: c.receiptNumber,
  testMode: c.testMode,
  qrCodeUrl: c.qrCodeUrl,
  paymentUrl: c.paymentUrl,
});

const graphqlUrl = (server: string) => `${server.replace(/\/+$/, '')}/graphql`;

/** Reads a checkout; null when the server has none with this id. */
export async function fetchCheckout(server: string, id: string, signal?: AbortSignal): Promise<CheckoutView | null> {
  const response = await fetch(graphqlUrl(server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `query ($id: ID!) { checkout(id: $id) { ${CHECKOUT_FIELDS} } }`, variables: { id } }),
    signal,
  });
  if (!response.ok) throw new Error(`The payment service answered ${response.status}.`);
  const body = (await response.json()) as { data?: { checkout: CheckoutPayload | null }; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors[0]!.message);
  return body.data?.checkout ? toView(body.data.checkout) : null;
}

export interface LiveCheckout {
  close(): void;
}

/**
 * Follows a checkout over graphql-ws: every change arrives as a fresh view. The socket reconnects
 * with backoff; after a reconnect the checkout is read again, since updates may have been missed.
 */
export function followCheckout(
  server: string,
  id: string,
  handlers: { update(view: CheckoutView): void; connection(state: 'live' | 'reconnecting'): void },
): LiveCheckout {
  let connectedBefore = false;
  const client: Client = createClient({
    url: graphqlUrl(server).replace(/^http/, 'ws'),
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.8 + Math.random() * 0.4))),
    on: {
      connected: () => {
        handlers.connection('live');
        if (connectedBefore) void fetchCheckout(server, id).then((view) => view && handlers.update(view), () => {});
        connectedBefore = true;
      },
      closed: () => handlers.connection('reconnecting'),
    },
  });
  const unsubscribe = client.subscribe<{ checkoutUpdated: CheckoutPayload | null }>(
    { query: `subscription ($id: ID!) { checkoutUpdated(id: $id) { ${CHECKOUT_FIELDS} } }`, variables: { id } },
    { next: (result) => result.data?.checkoutUpdated && handlers.update(toView(result.data.checkoutUpdated)), error: () => {}, complete: () => {} },
  );
  return {
    close() {
      unsubscribe();
      void client.dispose();
    },
  };
}

export type SandboxMethod = 'CARD_SUCCESS' | 'CARD_DECLINED' | 'BANK_TRANSFER';

/** Test mode only: asks the sandbox bank to pay the checkout (a declined card pays nothing). */
export async function payInSandbox(server: string, checkoutId: string, method: SandboxMethod, amountMinor?: number): Promise<'SUCCEEDED' | 'DECLINED'> {
  const response = await fetch(graphqlUrl(server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation ($input: PayCheckoutInSandboxInput!) { payCheckoutInSandbox(input: $input) { result userErrors { message } } }`,
      variables: { input: { checkoutId, method, ...(amountMinor === undefined ? {} : { amountMinor }) } },
    }),
  });
  const body = (await response.json()) as { data?: { payCheckoutInSandbox: { result: 'SUCCEEDED' | 'DECLINED' | null; userErrors: Array<{ message: string }> } }; errors?: Array<{ message: string }> };
  const payload = body.data?.payCheckoutInSandbox;
  const problem = body.errors?.[0]?.message ?? payload?.userErrors[0]?.message;
  if (problem || !payload?.result) throw new Error(problem ?? 'The sandbox payment failed.');
  return payload.result;
}
