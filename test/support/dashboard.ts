import type { TestServer } from './server.ts';
import { TEST_ADMIN_KEY } from './server.ts';

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * A browser as far as the dashboard's API can tell: it keeps the session cookie it is given and
 * sends the CSRF token the session answers with.
 */
export class DashboardClient {
  readonly server: TestServer;
  cookie: string | undefined;
  csrfToken: string | undefined;
  /** The last Set-Cookie seen, raw (tests read its attributes). */
  lastSetCookie: string | undefined;

  constructor(server: TestServer) {
    this.server = server;
  }

  async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<JsonAnswer> {
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    const response = await fetch(`${this.server.url}/dashboard/api/${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(csrf && method === 'POST' ? { 'x-csrf-token': csrf } : {}),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      this.lastSetCookie = setCookie;
      const [pair] = setCookie.split(';');
      this.cookie = /Max-Age=0/i.test(setCookie) ? undefined : pair;
    }
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (parsed?.csrfToken) this.csrfToken = parsed.csrfToken;
    return { status: response.status, headers: response.headers, body: parsed };
  }

  auth(path: string, body: unknown = {}, options: { csrf?: string | null } = {}): Promise<JsonAnswer> {
    return this.call('POST', `auth/${path}`, body, options);
  }

  async session(): Promise<JsonAnswer> {
    return this.call('GET', 'auth/session');
  }

  /** POST /graphql with the session (cookie, CSRF token, X-Pay-Mode). */
  async gql(query: string, variables?: Record<string, unknown>, options: { mode?: string; csrf?: string | null; headers?: Record<string, string> } = {}) {
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    return this.server.gql(query, variables, {
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        'x-pay-mode': options.mode ?? 'test',
        ...options.headers,
      },
    });
  }

  async signIn(email: string, password: string): Promise<JsonAnswer> {
    return this.auth('sign-in', { email, password });
  }
}

export async function smsOutbox(server: TestServer, to: string): Promise<{ to: string; body: string; sentAt: string }[]> {
  const response = await fetch(`${server.url}/dashboard/api/dev/sms-outbox?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as { messages: { to: string; body: string; sentAt: string }[] }).messages;
}

/** The code in the newest SMS to `to`. */
export async function latestCode(server: TestServer, to: string): Promise<string> {
  const [message] = await smsOutbox(server, to);
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
  if (!code) throw new Error(`no code sent to ${to}`);
  return code;
}

export const CREATE_MERCHANT_USER = /* GraphQL */ `
  mutation ($input: CreateMerchantUserInput!) {
    createMerchantUser(input: $input) {
      user {
        id
        email
        role
        businessId
      }
      temporaryPassword
      userErrors {
        code
        field
        message
      }
    }
  }
`;

/** The operator creates a merchant user; returns its id and temporary password. */
export async function createMerchantUser(
  server: TestServer,
  input: { businessId: string; email: string; role?: string },
): Promise<{ id: string; temporaryPassword: string }> {
  const result = await server.gql(CREATE_MERCHANT_USER, { input: { role: 'OWNER', ...input } }, { key: TEST_ADMIN_KEY });
  const payload = result.body.data?.createMerchantUser;
  if (!payload?.user) throw new Error(`createMerchantUser failed: ${JSON.stringify(result.body)}`);
  return { id: payload.user.id, temporaryPassword: payload.temporaryPassword };
}

/**
 * The whole first sign-in: temporary password → new password → SMS enrolment with the code from the
 * sandbox outbox. Returns the signed-in client.
 */
export async function signedInUser(
  server: TestServer,
  input: { businessId: string; email: string; role?: string; phone?: string; password?: string },
): Promise<DashboardClient & { userId: string; password: string; phone: string }> {
  const { id, temporaryPassword } = await createMerchantUser(server, input);
  const client = new DashboardClient(server);
  const password = input.password ?? 'correct horse battery staple 19';
  const phone = input.phone ?? `+2557871${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
  const steps = [
    await client.signIn(input.email, temporaryPassword),
    await client.auth('change-password', { newPassword: password }),
    await client.auth('sms/enrol', { phone }),
    await client.auth('sms/confirm', { code: await latestCode(server, phone) }),
  ];
  const failed = steps.find((step) => step.status !== 200);
  if (failed) throw new Error(`first sign-in failed: ${failed.status} ${JSON.stringify(failed.body)}`);
  return Object.assign(client, { userId: id, password, phone });
}
