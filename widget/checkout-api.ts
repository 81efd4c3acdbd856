import {
  CHECKOUT_QUERY,
  CHECKOUT_SUBSCRIPTION,
  PAY_IN_SANDBOX_MUTATION,
  REQUEST_FINANCING_MUTATION,
  SEND_SAMPLE_INVOICE_MUTATION,
} from './checkout-documents.ts';
import type { Result, Variables } from './graphql-types.ts';

/** The checkout as the public `checkout(id)` query returns it (typed from schema/schema.graphql). */
type CheckoutPayload = NonNullable<Result<typeof CHECKOUT_QUERY>['checkout']>;
type BillPayload = NonNullable<CheckoutPayload['bill']>;
type TillAliasPayload = NonNullable<CheckoutPayload['tillAlias']>;
type PaymentRequestPayload = NonNullable<CheckoutPayload['paymentRequest']>;
type PlanPayload = PaymentRequestPayload['plans'][number];
type FinancingPayload = NonNullable<PaymentRequestPayload['financing']>;
type SandboxPayload = Result<typeof PAY_IN_SANDBOX_MUTATION>['payCheckoutInSandbox'];

/**
 * The customer-safe view of a checkout: the query's fields with its Money objects flattened to
 * minor units (and one currency), which is what the element and its events carry.
 */
type LineItemPayload = CheckoutPayload['lineItems'][number];
type PaymentPayload = NonNullable<CheckoutPayload['lastPayment']>;

export type CheckoutView = Omit<
  CheckoutPayload,
  'total' | 'amountPaid' | 'amountDue' | 'minimumPayment' | 'maximumPayment' | 'bill' | 'tillAlias' | 'lineItems' | 'lastPayment' | 'paymentRequest'
> & {
  /** The merchant's name (also `merchant.name`), as events have always carried it. */
  merchantName: string;
  currency: string;
  totalMinor: number;
  amountPaidMinor: number;
  amountDueMinor: number;
  /** The least and most one payment may bring (null: no upper limit). */
  minimumPaymentMinor: number;
  maximumPaymentMinor: number | null;
  /** Bills only. */
  bill: BillDetails | null;
  /** Till aliases (Lipa numbers) only. */
  tillAlias: TillAliasDetails | null;
  /** Payment requests (installment financing) only. */
  paymentRequest: FinancingDetails | null;
  /** An invoice's lines; [] without an invoice. */
  lineItems: Array<Omit<LineItemPayload, 'unitAmount' | 'amount'> & { unitAmountMinor: number; amountMinor: number }>;
  /** The most recent payment received; null before the first. */
  lastPayment: (Omit<PaymentPayload, 'amount'> & { amountMinor: number }) | null;
};

export type TillAliasDetails = Omit<TillAliasPayload, 'merchantAmount' | 'fee' | 'expectedTotal'> & {
  merchantAmountMinor: number;
  feeMinor: number;
  expectedTotalMinor: number;
};

export type BillDetails = Omit<BillPayload, 'targetAmount'> & { targetAmountMinor: number | null };

/** An installment plan, in minor units. */
export type FinancingPlan = Omit<PlanPayload, 'installmentAmount' | 'customerTotal'> & { installmentAmountMinor: number; customerTotalMinor: number };
export type FinancingProgress = Omit<FinancingPayload, 'installmentAmount' | 'customerTotal'> & { installmentAmountMinor: number; customerTotalMinor: number };
export type FinancingDetails = Omit<PaymentRequestPayload, 'plans' | 'financing'> & { plans: FinancingPlan[]; financing: FinancingProgress | null };

const flatPlan = <T extends { installmentAmount: { amountMinor: number }; customerTotal: { amountMinor: number } }>({
  installmentAmount,
  customerTotal,
  ...rest
}: T) => ({
  ...rest,
  installmentAmountMinor: installmentAmount.amountMinor,
  customerTotalMinor: customerTotal.amountMinor,
});

/** A checkout's kind, as the schema names them. */
export type CheckoutKind = CheckoutView['kind'];

const toView = ({
  total,
  amountPaid,
  amountDue,
  minimumPayment,
  maximumPayment,
  bill,
  tillAlias,
  lineItems,
  lastPayment,
  paymentRequest,
  ...rest
}: CheckoutPayload): CheckoutView => ({
  ...rest,
  merchantName: rest.merchant.name,
  lineItems: lineItems.map(({ unitAmount, amount, ...line }) => ({ ...line, unitAmountMinor: unitAmount.amountMinor, amountMinor: amount.amountMinor })),
  lastPayment: lastPayment && (({ amount, ...payment }) => ({ ...payment, amountMinor: amount.amountMinor }))(lastPayment),
  currency: total.currency,
  totalMinor: total.amountMinor,
  amountPaidMinor: amountPaid.amountMinor,
  amountDueMinor: amountDue.amountMinor,
  minimumPaymentMinor: minimumPayment.amountMinor,
  maximumPaymentMinor: maximumPayment?.amountMinor ?? null,
  bill: bill && (({ targetAmount, ...details }) => ({ ...details, targetAmountMinor: targetAmount?.amountMinor ?? null }))(bill),
  tillAlias: tillAlias && {
    alias: tillAlias.alias,
    payeeName: tillAlias.payeeName,
    memo: tillAlias.memo,
    merchantAmountMinor: tillAlias.merchantAmount.amountMinor,
    feeMinor: tillAlias.fee.amountMinor,
    expectedTotalMinor: tillAlias.expectedTotal.amountMinor,
    exactAmountOnly: tillAlias.exactAmountOnly,
  },
  paymentRequest: paymentRequest && {
    ...paymentRequest,
    plans: paymentRequest.plans.map(flatPlan),
    financing: paymentRequest.financing && (flatPlan(paymentRequest.financing) as FinancingProgress),
  },
});

const graphqlUrl = (server: string) => `${server.replace(/\/+$/, '')}/graphql`;

/** Reads a checkout; null when the server has none with this id. */
export async function fetchCheckout(server: string, id: string, signal?: AbortSignal): Promise<CheckoutView | null> {
  const response = await fetch(graphqlUrl(server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: CHECKOUT_QUERY, variables: { id } satisfies Variables<typeof CHECKOUT_QUERY> }),
    signal,
  });
  if (!response.ok) throw new Error(`The payment service answered ${response.status}.`);
  const body = (await response.json()) as { data?: Result<typeof CHECKOUT_QUERY>; errors?: Array<{ message: string }> };
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
  const stop = subscribeOverSocket(
    graphqlUrl(server).replace(/^http/, 'ws'),
    { query: CHECKOUT_SUBSCRIPTION, variables: { id } satisfies Variables<typeof CHECKOUT_SUBSCRIPTION> },
    {
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
      next: (result: { data?: Result<typeof CHECKOUT_SUBSCRIPTION> }) => result.data?.checkoutUpdated && report(toView(result.data.checkoutUpdated)),
    },
  );
  return {
    close() {
      stopPolling();
      stop();
    },
  };
}

/**
 * One subscription over the graphql-transport-ws protocol (what the server's graphql-ws speaks):
 * init, subscribe once acknowledged, answer pings; a closed socket reconnects after a jittered
 * backoff (0.5 s doubling to 10 s) and subscribes again. The whole client is these few lines
 * rather than graphql-ws's, which kept the element over its size budget.
 */
function subscribeOverSocket<T>(
  url: string,
  payload: { query: string; variables: Record<string, unknown> },
  on: { connected(): void; closed(): void; next(result: T): void },
): () => void {
  let socket: WebSocket;
  let retries = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = (message: object) => socket.send(JSON.stringify(message));
  const open = () => {
    socket = new WebSocket(url, 'graphql-transport-ws');
    socket.onopen = () => send({ type: 'connection_init' });
    socket.onmessage = ({ data }) => {
      const message = JSON.parse(data as string) as { type: string; payload?: T };
      if (message.type === 'connection_ack') {
        retries = 0;
        on.connected();
        send({ id: '1', type: 'subscribe', payload });
      } else if (message.type === 'next') on.next(message.payload!);
      else if (message.type === 'ping') send({ type: 'pong' });
    };
    socket.onclose = () => {
      if (stopped) return;
      on.closed();
      timer = setTimeout(open, Math.min(10_000, 500 * 2 ** retries++) * (0.8 + Math.random() * 0.4));
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket.close(1000);
  };
}

export type SandboxMethod = Variables<typeof PAY_IN_SANDBOX_MUTATION>['input']['method'];

/** Test mode only: asks the sandbox bank to pay the checkout (a declined card pays nothing). */
export async function payInSandbox(
  server: string,
  checkoutId: string,
  method: SandboxMethod,
  amountMinor?: number,
): Promise<NonNullable<SandboxPayload['result']>> {
  const response = await fetch(graphqlUrl(server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: PAY_IN_SANDBOX_MUTATION,
      variables: { input: { checkoutId, method, ...(amountMinor === undefined ? {} : { amountMinor }) } } satisfies Variables<typeof PAY_IN_SANDBOX_MUTATION>,
    }),
  });
  const body = (await response.json()) as { data?: { payCheckoutInSandbox: SandboxPayload }; errors?: Array<{ message: string }> };
  const payload = body.data?.payCheckoutInSandbox;
  const problem = body.errors?.[0]?.message ?? payload?.userErrors[0]?.message;
  if (problem || !payload?.result) throw new Error(problem ?? 'The sandbox payment failed.');
  return payload.result;
}

/** Public GraphQL POST; the first error's message is thrown. */
async function publicMutation<T>(server: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(graphqlUrl(server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.[0]?.message ?? `The payment service answered ${response.status}.`);
  return body.data;
}

/** The customer accepts a plan; the answer (approved or refused) arrives on the checkout later. Resolves to the first userError's code, or null. */
export async function requestFinancing(server: string, paymentRequestId: string, customerTaxId: string, installmentsCount: number): Promise<string | null> {
  const data = await publicMutation<Result<typeof REQUEST_FINANCING_MUTATION>>(server, REQUEST_FINANCING_MUTATION, {
    input: { paymentRequestId, customerTaxId, installmentsCount },
  } satisfies Variables<typeof REQUEST_FINANCING_MUTATION>);
  return data.requestFinancing.userErrors[0]?.code ?? null;
}

/** Test mode: the merchant's invoice, sent for them, so the sandbox lender pays out. */
export async function sendSampleInvoice(server: string, paymentRequestId: string): Promise<string | null> {
  const data = await publicMutation<Result<typeof SEND_SAMPLE_INVOICE_MUTATION>>(server, SEND_SAMPLE_INVOICE_MUTATION, {
    input: { paymentRequestId },
  } satisfies Variables<typeof SEND_SAMPLE_INVOICE_MUTATION>);
  return data.sendSampleInvoiceInSandbox.userErrors[0]?.message ?? null;
}
