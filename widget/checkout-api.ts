import { createClient, type Client } from 'graphql-ws';

/** The customer-safe view of a checkout, as the public `checkout(id)` query returns it. */
export interface CheckoutView {
  id: string;
  kind: 'PAYMENT_LINK' | 'TAP_TO_PAY' | 'BILL';
  merchantName: string;
  status: 'ACTIVE' | 'PAID' | 'EXPIRED' | 'CANCELED';
  currency: string;
  minorDigits: number;
  totalMinor: number;
  amountPaidMinor: number;
  amountDueMinor: number;
  allowPartialPayment: boolean;
  /** The least and most one payment may bring (null: no upper limit). */
  minimumPaymentMinor: number;
  maximumPaymentMinor: number | null;
  /** Null when the checkout never expires. */
  expiresAt: string | null;
  invoiceNumber: string | null;
  receiptNumber: string | null;
  testMode: boolean;
  qrCodeUrl: string | null;
  paymentUrl: string;
  /** Where the hosted page sends the customer once paid, if the merchant set it. */
  redirectUrl: string | null;
  /** Bills only. */
  bill: BillDetails | null;
}

export interface BillDetails {
  paymentRef: string;
  type: 'REGULAR' | 'DYNAMIC';
  isFlexible: boolean;
  narration: string | null;
  targetAmountMinor: number | null;
  virtualAccount: { accountNumber: string; bankName: string; accountName: string } | null;
}

const CHECKOUT_FIELDS = `id kind merchantName status minorDigits allowPartialPayment expiresAt invoiceNumber receiptNumber testMode qrCodeUrl paymentUrl redirectUrl
  total { amountMinor currency } amountPaid { amountMinor } amountDue { amountMinor } minimumPayment { amountMinor } maximumPayment { amountMinor }
  bill { paymentRef type isFlexible narration targetAmount { amountMinor } virtualAccount { accountNumber bankName accountName } }`;

/** The view as the query returns it: the amounts as Money objects. */
type CheckoutPayload = Omit<
  CheckoutView,
  'currency' | 'totalMinor' | 'amountPaidMinor' | 'amountDueMinor' | 'minimumPaymentMinor' | 'maximumPaymentMinor' | 'bill'
> & {
  total: { amountMinor: number; currency: string };
  amountPaid: { amountMinor: number };
  amountDue: { amountMinor: number };
  minimumPayment: { amountMinor: number };
  maximumPayment: { amountMinor: number } | null;
  bill: (Omit<BillDetails, 'targetAmountMinor'> & { targetAmount: { amountMinor: number } | null }) | null;
};

const toView = ({ total, amountPaid, amountDue, minimumPayment, maximumPayment, bill, ...rest }: CheckoutPayload): CheckoutView => ({
  ...rest,
  currency: total.currency,
  totalMinor: total.amountMinor,
  amountPaidMinor: amountPaid.amountMinor,
  amountDueMinor: amountDue.amountMinor,
  minimumPaymentMinor: minimumPayment.amountMinor,
  maximumPaymentMinor: maximumPayment?.amountMinor ?? null,
  bill: bill && (({ targetAmount, ...details }) => ({ ...details, targetAmountMinor: targetAmount?.amountMinor ?? null }))(bill),
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

/** How often a checkout is re-read when WebSockets are unavailable. */
export const POLL_INTERVAL_MS = 2_000;
/** Failed WebSocket attempts (never connected) before polling stands in. */
const FAILURES_BEFORE_POLLING = 3;

/**
 * Follows a checkout: over graphql-ws by default (every change arrives as a fresh view; the socket
 * reconnects with backoff and the checkout is re-read after a reconnect, since updates may have
 * been missed). Where WebSockets are blocked, or with `transport: 'poll'`, it re-reads the checkout
 * every POLL_INTERVAL_MS instead and reports only changes.
 */
export function followCheckout(
  server: string,
  id: string,
  handlers: { update(view: CheckoutView): void; connection(state: 'live' | 'reconnecting'): void },
  options: { transport?: 'auto' | 'poll'; initial?: CheckoutView } = {},
): LiveCheckout {
  let last = options.initial ? JSON.stringify(options.initial) : '';
  const report = (view: CheckoutView) => {
    const snapshot = JSON.stringify(view);
    if (snapshot === last) return;
    last = snapshot;
    handlers.update(view);
  };

  let poller: ReturnType<typeof setInterval> | null = null;
  const startPolling = () => {
    poller ??= setInterval(
      () =>
        void fetchCheckout(server, id).then(
          (view) => view && report(view),
          () => {},
        ),
      POLL_INTERVAL_MS,
    );
  };
  const stopPolling = () => {
    if (poller) clearInterval(poller);
    poller = null;
  };
  if (options.transport === 'poll') {
    startPolling();
    return { close: stopPolling };
  }

  let connectedBefore = false;
  let failures = 0;
  const client: Client = createClient({
    url: graphqlUrl(server).replace(/^http/, 'ws'),
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.8 + Math.random() * 0.4))),
    on: {
      connected: () => {
        failures = 0;
        stopPolling();
        handlers.connection('live');
        if (connectedBefore)
          void fetchCheckout(server, id).then(
            (view) => view && report(view),
            () => {},
          );
        connectedBefore = true;
      },
      closed: () => {
        handlers.connection('reconnecting');
        if (++failures >= FAILURES_BEFORE_POLLING) startPolling();
      },
    },
  });
  const unsubscribe = client.subscribe<{ checkoutUpdated: CheckoutPayload | null }>(
    { query: `subscription ($id: ID!) { checkoutUpdated(id: $id) { ${CHECKOUT_FIELDS} } }`, variables: { id } },
    { next: (result) => result.data?.checkoutUpdated && report(toView(result.data.checkoutUpdated)), error: () => {}, complete: () => {} },
  );
  return {
    close() {
      stopPolling();
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
  const body = (await response.json()) as {
    data?: { payCheckoutInSandbox: { result: 'SUCCEEDED' | 'DECLINED' | null; userErrors: Array<{ message: string }> } };
    errors?: Array<{ message: string }>;
  };
  const payload = body.data?.payCheckoutInSandbox;
  const problem = body.errors?.[0]?.message ?? payload?.userErrors[0]?.message;
  if (problem || !payload?.result) throw new Error(problem ?? 'The sandbox payment failed.');
  return payload.result;
}
