// The real app (auth, rate limit, idempotency gate, limits, masking) on the database in DATABASE_URL.
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/orm.ts';

const config = {
  ...loadConfig(),
  production: true,
  rateLimit: { points: 1_000_000_000, windowSeconds: 1 },
  // Only the delivery benchmark runs the webhook queue and its catch-up pass.
  webhookDelivery: process.env.BENCH_WEBHOOK_DELIVERY === 'on',
  maintenanceIntervalMs: process.env.BENCH_WEBHOOK_DELIVERY === 'on' ? Number(process.env.MAINTENANCE_INTERVAL_MS) : 0,
};
const orm = await openDatabase(process.env.DATABASE_URL!);
const app = await createApp({ config, orm, platformAdminKey: process.env.PLATFORM_ADMIN_KEY });
const address = await app.listen(0, '127.0.0.1');
console.log(`LISTENING http://127.0.0.1:${address.port}/graphql`);
process.on('SIGTERM', async () => {
  await app.close(1000);
  await orm.close();
  process.exit(0);
});
