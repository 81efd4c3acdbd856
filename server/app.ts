import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createPubSub } from 'graphql-yoga';
import { Hono } from 'hono';
import pg from 'pg';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { errorBody } from './graphql/errors.ts';
import { attachGraphQLWebSocket } from './graphql/websocket.ts';
import { createGraphQLServer } from './graphql/yoga.ts';
import { useAuthentication } from './http/graphql-gate/authenticate.ts';
import { useBodyLimit } from './http/graphql-gate/body-limit.ts';
import { useIdempotency } from './http/graphql-gate/idempotency.ts';
import { useRateLimit } from './http/graphql-gate/rate-limit.ts';
import { demoRoutes } from './http/demo-routes.ts';
import { healthRoutes } from './http/health.ts';
import { publicRateLimit } from './http/public-rate-limit.ts';
import { createRateLimiter } from './modules/rate-limits/rate-limiter.ts';
import { startMaintenance } from './jobs/maintenance.ts';
import { startWebhookDelivery } from './jobs/webhook-queue.ts';
import { TIPS_WEBHOOK_PATH, tipsWebhook } from './providers/tips/tips-webhook.ts';
import { partnerWebhookRoutes } from './http/partner-webhooks.ts';
import { paymentLinkRoutes } from './http/payment-link-routes.ts';
import { billRoutes } from './http/bill-routes.ts';
import { restRoutes } from './http/rest/routes.ts';
import { hostedCheckoutRoutes } from './http/hosted-checkout-routes.ts';
import { graphiqlAssetRoutes, renderLocalGraphiQL } from './http/graphiql-assets.ts';
import { logoRoutes } from './http/logo-routes.ts';
import { docsRoutes } from './http/docs-routes.ts';
import { dashboardRoutes } from './http/dashboard-routes.ts';
import { receiptRoutes } from './http/receipt-routes.ts';
import { ALAT_WEBHOOK_PATH, alatWebhook } from './providers/alat/alat-webhook.ts';
import { currentRequestId, requestScope } from './http/request-scope.ts';
import type { AppServices } from './modules/app-services.ts';
import type { AppPubSub } from './modules/checkouts/checkout-updates.ts';
import { virtualAccountProviders, type VirtualAccountProvider } from './modules/kinds/bill/virtual-accounts.ts';
import { createPostgresEventTarget } from './providers/postgres-event-target.ts';
import { createSandboxBank } from './providers/sandbox-bank/sandbox-bank.ts';
import { createSandboxLender, type SandboxLender } from './providers/sandbox-lender/sandbox-lender.ts';
import { SANDBOX_LENDER_WEBHOOK_PATH, sandboxLenderWebhook } from './providers/sandbox-lender/lender-webhook.ts';
import { lenderPorts, type LenderPort } from './modules/kinds/payment-request/lender-port.ts';
import { postgresDocumentStore } from './modules/kinds/payment-request/document-store.ts';
import { lenderNoticeHandler } from './http/payment-request-webhooks.ts';
import { Authenticator } from './modules/tenancy/authentication.ts';
import { ApiKeyRevocations } from './modules/tenancy/key-revocations.ts';
import type { WebhookSettings } from './modules/webhooks/callback-targets.ts';
import { parseSecretsKey } from './domain/secret-box.ts';
import { startSettlementJobs } from './jobs/settlement-jobs.ts';
import { createHmac } from 'node:crypto';
import { dashboardAuthRoutes } from './http/dashboard-auth-routes.ts';
import { authenticateSession } from './modules/accounts/session-principal.ts';
import type { AccountDeps } from './modules/accounts/sign-in.service.ts';
import { createSandboxSms } from './providers/sandbox-sms/sandbox-sms.ts';
import { platformJob } from './modules/tenancy/job-context.ts';
import type { SettlementMachine } from './modules/settlements/settlement-machine.ts';
import { applyMachineCallback, payoutBatchKnown, type SettlementDeps } from './modules/settlements/settlements.service.ts';
import { createSandboxSettlementMachine } from './providers/settlement-machine/sandbox-settlement-machine.ts';
import { SETTLEMENT_MACHINE_WEBHOOK_PATH, settlementMachineWebhook } from './providers/settlement-machine/settlement-machine-webhook.ts';

export interface AppDependencies {
  config: Config;
  orm: MikroORM;
  /** The operator's key, when one is configured or was generated at start. */
  platformAdminKey: string | undefined;
  clock?: Clock;
  /** Live mode's virtual account provider, once a live bank partner is integrated (none yet). */
  liveVirtualAccounts?: VirtualAccountProvider;
  /** Test mode's settlement machine (default: the sandbox, delivering its callbacks itself). */
  sandboxSettlementMachine?: SettlementMachine;
  /** Live mode's settlement machine, once one is integrated (none yet: live batches wait, PENDING). */
  liveSettlementMachine?: SettlementMachine;
  /** Live mode's lender, once one is integrated (none yet: live financing answers LENDER_NOT_CONFIGURED). */
  liveLender?: LenderPort;
}

export interface App {
  server: Server;
  /** The test-mode lender (tests wait for its notices with `idle()`). */
  sandboxLender: SandboxLender;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops taking requests, lets in-flight ones finish (up to `graceMs`), then releases everything. */
  close(graceMs?: number): Promise<void>;
}

const demoRoot = fileURLToPath(new URL('../demo', import.meta.url));
const widgetRoot = fileURLToPath(new URL('../dist/widget', import.meta.url));

/** A caller's own X-Request-Id is kept when it is a sane token; otherwise we mint one. */
function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** Dashboard sign-in's parts (issue 19): SMS gateway, code key, session timeouts, attempt limits, passkeys. */
function accountDeps(
  config: Config,
  orm: MikroORM,
  clock: Clock,
  secretsKey: Buffer | null,
  pool: pg.Pool,
): AccountDeps & { sandboxSms: ReturnType<typeof createSandboxSms> | null } {
  const settings = config.dashboard;
  const sandboxSms = settings.smsProvider === 'sandbox' ? createSandboxSms(clock) : null;
  const attempts = (points: number, keyPrefix: string) => createRateLimiter({ pool, clock, points, windowSeconds: settings.attemptWindowSeconds, keyPrefix });
  const publicUrl = new URL(config.publicUrl);
  // WebAuthn refuses an IP address as its relying party: on 127.0.0.1 it is `localhost`.
  const rpId = settings.webauthnRpId ?? (/^[\d.]+$|^\[/.test(publicUrl.hostname) ? 'localhost' : publicUrl.hostname);
  return {
    orm,
    clock,
    sms: sandboxSms,
    sandboxSms,
    // One-time codes are keyed by a key derived from the secrets key; without one, a per-process key (codes live 5 minutes).
    codeKey: secretsKey ? createHmac('sha256', secretsKey).update('dashboard one-time codes').digest() : randomBytes(32),
    secretsKey,
    timeouts: { idleMs: settings.sessionIdleSeconds * 1000, absoluteMs: settings.sessionAbsoluteSeconds * 1000 },
    limits: { perAccount: attempts(settings.attemptsPerAccount, 'signin-account'), perAddress: attempts(settings.attemptsPerAddress, 'signin-address') },
    webauthn: { rpId, rpName: 'pay-checkout', production: config.production, publicOrigin: publicUrl.origin },
  };
}

export async function createApp(deps: AppDependencies): Promise<App> {
  const { config, orm } = deps;
  const clock = deps.clock ?? systemClock;
  const webhooks: WebhookSettings = {
    secretsKey: config.webhookSecretsKey ? parseSecretsKey(config.webhookSecretsKey) : null,
    allowPrivateTargets: config.allowPrivateWebhookTargets,
    retrySchedule: config.webhookRetrySchedule,
  };
  const webhookQueue = config.webhookDelivery ? await startWebhookDelivery({ databaseUrl: orm.config.get('clientUrl')!, clock, settings: webhooks }) : null;
  const events = await createPostgresEventTarget(orm.config.get('clientUrl')!);
  const pubsub: AppPubSub = createPubSub({ eventTarget: events });
  const checkoutChanged = (checkoutId: string) => pubsub.publish('checkoutUpdated', checkoutId, { checkoutId });
  // Each bank partner verifies with its own secret; PARTNER_WEBHOOK_SECRET is Alat's.
  const alatSecret = config.partnerWebhookSecret;
  // The sandbox bank is a sandbox of Alat: it signs Alat-format deliveries to Alat's route.
  const sandbox = createSandboxBank({
    inboundUrl: () => `${ownUrl()}${ALAT_WEBHOOK_PATH}`,
    secret: alatSecret,
    now: () => clock.now(),
    // Lipa numbers are paid over TIPS: the sandbox signs a TIPS notification with TIPS's secret instead.
    tips: { inboundUrl: () => `${ownUrl()}${TIPS_WEBHOOK_PATH}`, secret: config.tipsWebhookSecret },
  });
  const virtualAccounts = virtualAccountProviders({ test: sandbox, live: deps.liveVirtualAccounts ?? null });
  // The sandbox lender signs its notices with the lender secret; without one configured, a
  // process-local one (fine for one process: the sandbox and the route share it).
  const lenderSecret = config.financing.lenderWebhookSecret ?? randomUUID();
  const sandboxLender = createSandboxLender({
    inboundUrl: () => `${ownUrl()}${SANDBOX_LENDER_WEBHOOK_PATH}`,
    secret: lenderSecret,
    now: () => clock.now(),
    delayMs: config.financing.sandboxLenderDelayMs,
    rates: () => ({ lenderRates: config.financing.lenderRates, iof: config.financing.iof }),
  });
  const apiKeyRevocations = new ApiKeyRevocations(events);
  // The settlement machine signs with its own secret; the sandbox shares this process's when none is configured.
  const settlementSecret = config.settlementMachineSecret ?? randomBytes(32).toString('hex');
  const settlements: SettlementDeps = {
    machines: {
      test:
        deps.sandboxSettlementMachine ??
        createSandboxSettlementMachine({
          secret: settlementSecret,
          callbackUrl: () => `${ownUrl()}${SETTLEMENT_MACHINE_WEBHOOK_PATH}`,
          now: () => clock.now(),
          autoDeliver: true,
        }),
      live: deps.liveSettlementMachine ?? null,
    },
    eventsWritten: () => webhookQueue?.kick(),
  };
  const services: AppServices = {
    orm,
    clock,
    publicUrl: config.publicUrl,
    webhooks,
    webhookDelivery: webhookQueue?.deps ?? null,
    pubsub,
    apiKeyRevocations,
    sandbox,
    virtualAccounts,
    settlements,
    lenders: lenderPorts({ test: sandboxLender, live: deps.liveLender ?? null }),
    documents: postgresDocumentStore,
  };
  const pool = new pg.Pool({ connectionString: orm.config.get('clientUrl'), max: 4 });
  // An idle connection that the database drops (a restart, a failover, or shutdown racing `end()`,
  // which does not wait for connections to finish closing) must not take the process down.
  pool.on('error', (error) => console.error('[rate-limit] idle database connection failed', error.message));
  const apiLimiter = createRateLimiter({ pool, clock, ...config.rateLimit, keyPrefix: 'api' });
  const publicLimiter = createRateLimiter({ pool, clock, ...config.rateLimit, keyPrefix: 'public' });
  const accounts = accountDeps(config, orm, clock, webhooks.secretsKey, pool);
  const authenticator = new Authenticator({
    orm,
    clock,
    platformAdminKey: deps.platformAdminKey,
    revocations: apiKeyRevocations,
    sessions: (request) => authenticateSession(accounts, request),
  });

  // /graphql: yoga straight on node:http, behind its gate (order matters).
  const yoga = createGraphQLServer({
    production: config.production,
    services,
    renderGraphiQL: renderLocalGraphiQL,
    gate: [
      useBodyLimit(config.maxBodyBytes, config.maxUploadBodyBytes),
      useAuthentication(services, authenticator),
      useRateLimit(apiLimiter),
      useIdempotency({ clock, secretsKey: webhooks.secretsKey }),
    ],
  });

  // Partner webhooks: straight on node:http too.
  const partnerWebhooks = partnerWebhookRoutes({
    orm,
    clock,
    webhooks: [
      alatWebhook({ secret: alatSecret }),
      tipsWebhook({ secret: config.tipsWebhookSecret }),
      settlementMachineWebhook({ secret: settlementSecret, now: () => clock.now() }),
      sandboxLenderWebhook({ secret: lenderSecret }),
    ],
    afterReconcile: (checkoutId) => {
      webhookQueue?.kick();
      if (checkoutId) checkoutChanged(checkoutId);
    },
    payoutResult: (result) => applyMachineCallback(platformJob(orm.em.fork(), clock), settlements, result),
    payoutBatchKnown: (result) => payoutBatchKnown(platformJob(orm.em.fork(), clock), result),
    lenderNotice: lenderNoticeHandler({
      orm,
      clock,
      captureDays: config.financing.captureDays,
      afterNotice: (checkoutId) => {
        webhookQueue?.kick();
        checkoutChanged(checkoutId);
      },
    }),
  });

  // Everything else: REST routes, hosted pages, static files.
  const rest = new Hono();
  rest.route('/', healthRoutes(orm));
  if (!config.production) rest.route('/', graphiqlAssetRoutes());
  for (const path of ['/p/*', '/l/*', '/v1/payment-links/*', '/v1/bills/*', '/v1/logos/*', '/r/*']) rest.use(path, publicRateLimit(publicLimiter));
  rest.route('/', paymentLinkRoutes({ orm, clock, publicUrl: config.publicUrl }));
  rest.route('/', billRoutes({ orm, publicUrl: config.publicUrl }));
  // The seeds' REST API (keys, scopes, per-key limits, Idempotency-Key, like /graphql) and /openapi.json.
  rest.route(
    '/',
    restRoutes({ services, authenticator, limiter: apiLimiter, maxBodyBytes: config.maxBodyBytes, maxUploadBodyBytes: config.maxUploadBodyBytes }),
  );
  rest.route('/', dashboardAuthRoutes(accounts));
  rest.route('/', hostedCheckoutRoutes({ orm, clock, publicUrl: config.publicUrl }));
  rest.route('/', logoRoutes({ orm }));
  rest.route('/', receiptRoutes({ orm, clock, publicUrl: config.publicUrl }));
  rest.route('/', demoRoutes({ dataDir: config.dataDir, ownUrl: () => ownUrl() }));
  rest.route('/', docsRoutes());
  // The dashboard's pages and built files (its JSON API under /dashboard/api passes through).
  rest.route('/', dashboardRoutes());
  rest.get('/', (c) => c.redirect('/demo/'));
  rest.get('/demo', (c) => c.redirect('/demo/'));
  rest.use('/demo/*', serveStatic({ root: demoRoot, rewriteRequestPath: (path) => path.replace(/^\/demo/, '') }));
  // The widget bundle (`npm run build`, run by `npm start`), for hosted pages and for storefronts.
  // Storefronts load it from their own origin as a module script, which the browser fetches with CORS.
  rest.use('/widget/*', async (c, next) => {
    await next();
    c.header('Access-Control-Allow-Origin', '*');
  });
  rest.use('/widget/*', serveStatic({ root: widgetRoot, rewriteRequestPath: (path) => path.replace(/^\/widget/, '') }));
  rest.notFound((c) => c.json({ error: 'Not found' }, 404));
  rest.onError((error, c) => {
    console.error(`[${currentRequestId()}] unhandled error`, error);
    return c.body(errorBody('INTERNAL_SERVER_ERROR', 'Unexpected error.', currentRequestId()), 500, {
      'content-type': 'application/json; charset=utf-8',
    });
  });
  const handleRest = getRequestListener(rest.fetch);

  const server = createServer((request, response) => {
    const requestId = requestIdOf(request);
    response.setHeader('X-Request-Id', requestId);
    requestScope.run({ requestId }, () => {
      const path = request.url?.split('?')[0];
      const partnerWebhook = partnerWebhooks.match(request, path);
      if (path === '/graphql') void yoga.handle(request, response, { requestId });
      else if (partnerWebhook) void partnerWebhooks.handle(partnerWebhook, request, response);
      else void handleRest(request, response);
    });
  });
  const settlementJobs = config.settlementCron
    ? await startSettlementJobs({ orm, clock, settlements, cron: config.settlementCron, pollSeconds: config.settlementPollSeconds })
    : null;
  const maintenance = startMaintenance({ orm, clock, intervalMs: config.maintenanceIntervalMs, webhookQueue, checkoutChanged });
  const websocket = attachGraphQLWebSocket(server, yoga, { services, authenticator, limiter: apiLimiter });
  /** How this process reaches itself (the sandbox bank calls the real inbound route over HTTP). */
  function ownUrl(): string {
    const address = server.address() as AddressInfo;
    const host = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address;
    return `http://${address.family === 'IPv6' && host !== '127.0.0.1' ? `[${host}]` : host}:${address.port}`;
  }

  return {
    server,
    sandboxLender,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await maintenance.stop();
      await sandboxLender.idle();
      server.closeIdleConnections();
      await websocket.close();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await webhookQueue?.stop();
      await settlementJobs?.stop();
      authenticator.dispose();
      apiKeyRevocations.dispose();
      await events.close();
      await pool.end();
    },
  };
}
