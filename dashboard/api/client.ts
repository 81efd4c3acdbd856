/**
 * How every dashboard page reaches the API: one function, so a page does not care whether it runs
 * in the signed-in app (session cookie + CSRF token + the test/live switch) or in a component test
 * (a test key against a real test server).
 */
export type GraphQLClient = <T = unknown>(query: string, variables?: Record<string, unknown>) => Promise<T>;

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

async function post<T>(url: string, headers: Record<string, string>, init: RequestInit, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    ...init,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  const first = body?.errors?.[0];
  if (first || !body?.data) {
    throw new GraphQLRequestError(first?.message ?? `Request failed (${response.status})`, first?.extensions?.code, response.status);
  }
  return body.data;
}

/** The signed-in dashboard's client: the session cookie rides along; the CSRF token and mode are headers. */
export function sessionClient(options: { csrfToken: string; mode: () => DashboardMode; endpoint?: string }): GraphQLClient {
  return (query, variables) =>
    post(options.endpoint ?? '/graphql', { 'x-csrf-token': options.csrfToken, 'x-pay-mode': options.mode() }, { credentials: 'same-origin' }, query, variables);
}

/** A client with a secret key: component tests against a real test server (never shipped in a page). */
export function keyClient(options: { endpoint: string; secretKey: string }): GraphQLClient {
  return (query, variables) => post(options.endpoint, { authorization: `Bearer ${options.secretKey}` }, {}, query, variables);
}
