import { createApp, type App } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { openDatabase } from '../../server/db/orm.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import type { VirtualAccountProvider } from '../../server/modules/kinds/bill/virtual-accounts.ts';
import type { SettlementMachine } from '../../server/modules/settlements/settlement-machine.ts';
import type { LenderPort } from '../../server/modules/kinds/payment-request/lender-port.ts';
import type { SandboxLender } from '../../server/providers/sandbox-lender/sandbox-lender.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from './database.ts';
import { catalogueDrift } from './event-catalogue.ts';

export const TEST_ADMIN_KEY = 'pk_admin_test-operator-key-0123456789abcdef';
export const TEST_PARTNER_SECRET = 'partner-secret-for-tests';
export const TEST_TIPS_SECRET = 'tips-secret-for-tests';
export const TEST_SECRETS_KEY = '11'.repeat(32);
export const TEST_SETTLEMENT_SECRET = 'settlement-machine-secret-for-tests';
export const TEST_LENDER_SECRET = 'lender-secret-for-tests';

export interface GraphQLResult<T = any> {
  status: number;
  headers: Headers;
  // Tests read whatever the server sent; assertions check its shape.
  body: { data?: T; errors?: any } & Record<string, any>;
}

export interface TestServer {
  url: string;
  orm: MikroORM;
  clock: ManualClock;
  databaseUrl: string;
  /** Test mode's lender: `idle()` waits for the notices it is about to send. */
  sandboxLender: SandboxLender;
  /** POST /graphql as the given key (none: anonymous). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { key?: string; headers?: Record<string, string> }): Promise<GraphQLResult<T>>;
  /** Stops the HTTP server, keeps the database (to start another server on it). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a real database, listening on a free loopback port; time is a manual clock. */
export async function startTestServer(
  options: {
    config?: Partial<Config>;
    databaseUrl?: string;
    clock?: ManualClock;
    liveVirtualAccounts?: VirtualAccountProvider;
    sandboxSettlementMachine?: SettlementMachine;
    liveSettlementMachine?: SettlementMachine;
    liveLender?: LenderPort;
  } = {},
): Promise<TestServer> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const config: Config = {
    ...loadConfig({}),
    rateLimit: { points: 10_000, windowSeconds: 1 },
    partnerWebhookSecret: TEST_PARTNER_SECRET,
    tipsWebhookSecret: TEST_TIPS_SECRET,
    // Tests run maintenance and webhook delivery themselves unless a test turns them on.
    maintenanceIntervalMs: 0,
    webhookDelivery: false,
    webhookSecretsKey: TEST_SECRETS_KEY,
    // The settlement pass runs when a test says (or turns the cron on).
    settlementCron: null,
    settlementMachineSecret: TEST_SETTLEMENT_SECRET,
    // The sandbox lender answers at once (tests wait for it with sandboxLender.idle()).
    financing: { ...loadConfig({}).financing, lenderWebhookSecret: TEST_LENDER_SECRET, sandboxLenderDelayMs: 0 },
    ...options.config,
  };
  const orm = await openDatabase(databaseUrl, { poolMax: 5 });
  const clock = options.clock ?? new ManualClock(new Date());
  const app: App = await createApp({
    config,
    orm,
    clock,
    platformAdminKey: TEST_ADMIN_KEY,
    liveVirtualAccounts: options.liveVirtualAccounts,
    sandboxSettlementMachine: options.sandboxSettlementMachine,
    liveSettlementMachine: options.liveSettlementMachine,
    liveLender: options.liveLender,
  });
  const address = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Every event this file's run wrote must match the event catalogue (docs/events.md): a new type
    // or a changed payload without its entry fails the file.
    const drift = await catalogueDrift(orm).catch((error: Error) => [`could not read outbox_event: ${error.message}`]);
    await app.close(1000);
    await orm.close();
    if (drift.length) throw new Error(`Events differ from the event catalogue:\n${[...new Set(drift)].join('\n')}`);
  };
  return {
    url,
    orm,
    clock,
    databaseUrl,
    sandboxLender: app.sandboxLender,
    async gql(query, variables, { key, headers } = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
    stop,
    close: stop,
  };
}

export const CREATE_BUSINESS = /* GraphQL */ `
  mutation ($input: CreateBusinessInput!) {
    createBusiness(input: $input) {
      business {
        id
        name
        plan
      }
      testSecretKey
      userErrors {
        code
        field
        message
      }
    }
  }
`;

/** Onboards a business through the API, as the operator would; returns its id and test key. */
export async function onboardBusiness(
  server: TestServer,
  input: Partial<{ name: string; plan: 'RETAIL' | 'ENTERPRISE'; country: string; defaultCurrency: string }> = {},
): Promise<{ businessId: string; testKey: string }> {
  const result = await server.gql(
    CREATE_BUSINESS,
    { input: { name: 'Acme Ltd', plan: 'ENTERPRISE', country: 'NG', defaultCurrency: 'NGN', ...input } },
    { key: TEST_ADMIN_KEY },
  );
  const payload = result.body.data?.createBusiness;
  if (!payload?.business) throw new Error(`onboarding failed: ${JSON.stringify(result.body)}`);
  return { businessId: payload.business.id, testKey: payload.testSecretKey };
}

/** A live key of the business (the operator creates it), for what only live keys may do. */
export async function liveKeyFor(server: TestServer, businessId: string, scopes: string[] = ['checkouts:write', 'invoices:write']): Promise<string> {
  const result = await server.gql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { businessId, name: 'live', mode: 'LIVE', scopes } },
    { key: TEST_ADMIN_KEY },
  );
  const secret = result.body.data?.createApiKey?.secret;
  if (!secret) throw new Error(`live key not created: ${JSON.stringify(result.body)}`);
  return secret;
}
