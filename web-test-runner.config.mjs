import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startWidgetBackend } from './test/widget/backend.ts';
import { dashboardCommands } from './test/dashboard/backend.ts';

let backend;
/** Down: the forwarding answers 502, as a gateway with no backend would (the dashboard's error-and-retry tests). */
let dashboardApiUp = true;

/**
 * Dashboard pages call /graphql on their own origin, as in the app: the test server forwards it to
 * the real backend (which, rightly, answers no cross-origin request carrying Authorization). The body
 * goes through as bytes, so multipart uploads arrive as the browser sent them.
 */
async function proxyGraphql(context, next) {
  if (context.path !== '/graphql' || context.method !== 'POST') return next();
  if (!dashboardApiUp) {
    context.status = 502;
    context.body = 'Bad gateway';
    return;
  }
  const chunks = [];
  for await (const chunk of context.req) chunks.push(chunk);
  const headers = {};
  for (const name of ['content-type', 'authorization', 'accept', 'x-graphql-yoga-csrf', 'idempotency-key']) {
    if (context.get(name)) headers[name] = context.get(name);
  }
  const response = await fetch(`${backend.url}/graphql`, { method: 'POST', headers, body: Buffer.concat(chunks) });
  context.status = response.status;
  context.type = response.headers.get('content-type') ?? 'application/json';
  context.body = Buffer.from(await response.arrayBuffer());
}

/** The real server, started once for the widget tests; tests reach it through server commands. */
function backendPlugin() {
  let dashboard;
  return {
    name: 'pay-backend',
    async serverStart() {
      backend = await startWidgetBackend();
      dashboard = dashboardCommands(backend);
    },
    async serverStop() {
      await backend?.stop();
    },
    async executeCommand({ command, payload }) {
      if (command === 'create-checkout') return backend.createCheckout(payload);
      if (command === 'partner-pays') return backend.pay(payload);
      if (command === 'cancel-checkout') return backend.cancel(payload);
      if (command === 'create-tap-to-pay') return backend.createTapToPay(payload);
      if (command === 'create-bill') return backend.createBill(payload);
      if (command === 'partner-pays-bill') return backend.payBill(payload);
      if (command === 'create-payment-request') return backend.createPaymentRequest(payload);
      // A command that answers undefined counts as unknown to the runner, hence the `true`s.
      if (command === 'expire-checkout') return backend.expire(payload).then(() => true);
      if (command === 'set-network') return (backend.setNetwork(payload), true);
      if (command === 'flaky-server-url') return backend.flakyUrl;
      if (command === 'dashboard-business') return dashboard.business(payload);
      if (command === 'dashboard-failed-settlement') return dashboard.failedSettlement(payload);
      if (command === 'dashboard-payable-entity') return dashboard.payableEntity(payload);
      if (command === 'dashboard-authorized-financing') return dashboard.authorizedFinancing(payload);
      if (command === 'dashboard-pending-kyc') return dashboard.pendingKyc(payload);
      if (command === 'dashboard-operator-key') return dashboard.operatorKey();
      if (command === 'dashboard-api') return ((dashboardApiUp = payload.up), true);
      return undefined;
    },
  };
}

// Widget tests run in real Chromium: Debian's, or the one CHROME_PATH names.
export default {
  files: ['test/widget/**/*.test.ts', 'test/dashboard/**/*.test.ts'],
  middleware: [proxyGraphql],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), backendPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
  testFramework: { config: { timeout: 15000 } },
};
