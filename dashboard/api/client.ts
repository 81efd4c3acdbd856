/**
 * How every dashboard page reaches the API: one function, so a page does not care whether it runs
 * in the signed-in app (session cookie + CSRF token + the test/live switch) or in a component test
 * (a test key against a real test server).
 */
export type GraphQLClient = <T = unknown>(query: string, variables?: Record<string, unknown>, options?: RequestOptions) => Promise<T>;

/**
 * `idempotencyKey`: sent as `Idempotency-Key`, so a form submitted again after a lost answer (the
 * same key, the same input) gets the first answer instead of making a second thing.
 */
export interface RequestOptions {
  idempotencyKey?: string;
}

/** A fresh Idempotency-Key (128 random bits); getRandomValues works outside secure contexts too, unlike randomUUID. */
export function newIdempotencyKey(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const optionHeaders = (options: RequestOptions | undefined): Record<string, string> =>
  options?.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {};

export type DashboardMode = 'test' | 'live';

/** A GraphQL `errors` answer or a failed request; `code` is the extension code when there is one. */
export class GraphQLRequestError extends Error {
  readonly code: string | undefined;
  readonly status: number;
  constructor(message: string, code: string | undefined, status: number) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.code = code;
    this.status = status;
  }
}

/** Every File/Blob in the variables with its path (`variables.input.invoices.0.file`), for the multipart request spec. */
function filesIn(value: unknown, path: string, found: [string, Blob][] = []): [string, Blob][] {
  if (typeof Blob !== 'undefined' && value instanceof Blob) found.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => filesIn(item, `${path}.${i}`, found));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) filesIn(item, `${path}.${key}`, found);
  return found;
}

/**
 * JSON with integers beyond 2^53 kept exact (ledger balances can exceed it): such a number becomes a
 * bigint, read from its source text, so money never passes through a rounded float.
 */
function parseExact(text: string): unknown {
  return (JSON.parse as (text: string, reviver: (key: string, value: unknown, context?: { source?: string }) => unknown) => unknown)(
    text,
    (_key, value, context) =>
      typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value,
  );
}

async function post<T>(url: string, headers: Record<string, string>, init: RequestInit, query: string, variables?: Record<string, unknown>): Promise<T> {
  const files = filesIn(variables, 'variables');
  let body: BodyInit;
  let contentHeaders: Record<string, string>;
  if (files.length) {
    // A GraphQL multipart request (uploads): the browser sets the boundary; yoga wants its CSRF header on it.
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({ query, variables }, (_key, value: unknown) => (typeof Blob !== 'undefined' && value instanceof Blob ? null : value)),
    );
    form.set('map', JSON.stringify(Object.fromEntries(files.map(([path], i) => [String(i), [path]]))));
    files.forEach(([, file], i) => form.set(String(i), file));
    body = form;
    contentHeaders = { 'x-graphql-yoga-csrf': '1' };
  } else {
    body = JSON.stringify({ query, variables });
    contentHeaders = { 'content-type': 'application/json' };
  }
  const response = await fetch(url, { ...init, method: 'POST', headers: { ...contentHeaders, accept: 'application/json', ...headers }, body });
  const text = await response.text().catch(() => '');
  type Answer = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  const parsed = ((): Answer | null => {
    try {
      return parseExact(text) as Answer | null;
    } catch {
      return null;
    }
  })();
  const first = parsed?.errors?.[0];
  if (first || !parsed?.data) {
    throw new GraphQLRequestError(first?.message ?? `Request failed (${response.status})`, first?.extensions?.code, response.status);
  }
  return parsed.data;
}

/** The signed-in dashboard's client: the session cookie rides along; the CSRF token and mode are headers. */
export function sessionClient(options: { csrfToken: string; mode: () => DashboardMode; endpoint?: string }): GraphQLClient {
  return (query, variables, request) =>
    post(
      options.endpoint ?? '/graphql',
      { 'x-csrf-token': options.csrfToken, 'x-pay-mode': options.mode(), ...optionHeaders(request) },
      { credentials: 'same-origin' },
      query,
      variables,
    );
}

/** A client with a secret key: component tests against a real test server (never shipped in a page). */
export function keyClient(options: { endpoint: string; secretKey: string }): GraphQLClient {
  return (query, variables, request) =>
    post(options.endpoint, { authorization: `Bearer ${options.secretKey}`, ...optionHeaders(request) }, {}, query, variables);
}
