import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startWidgetBackend } from './test/widget/backend.ts';

/** The real server, started once for the widget tests; tests reach it through server commands. */
function backendPlugin() {
  let backend;
  return {
    name: 'pay-backend',
    async serverStart() {
      backend = await startWidgetBackend();
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
      return undefined;
    },
  };
}

// Widget tests run in real Chromium: Debian's, or the one CHROME_PATH names.
export default {
  files: ['test/widget/**/*.test.ts'],
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
