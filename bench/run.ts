// `npm run bench`: every benchmark, each printing its figure as a ratio against a baseline run here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { benchGraphQLThroughput } from './graphql-throughput.ts';
import { benchHotBill } from './hot-bill.ts';
import { benchCheckoutLatency } from './checkout-latency.ts';
import { benchDashboardSize } from './dashboard-size.ts';
import { benchDashboardList } from './dashboard-list.ts';
import { benchReceiptPage } from './receipt-page.ts';
import { benchRestGenerateLink } from './rest-generate-link.ts';
import { benchSettlements } from './settlements.ts';
import { benchSubscriptionFanout } from './subscription-fanout.ts';
import { benchTillAliases } from './till-aliases.ts';
import { benchWebhookDelivery } from './webhook-delivery.ts';
import { benchWebhookIngestion } from './webhook-ingestion.ts';
import { benchWidgetSize } from './widget-size.ts';

const scratch = mkdtempSync(join(tmpdir(), 'pay-bench-'));
const cluster = await startEmbeddedPostgres(scratch);
try {
  const databaseUrlFor = async (name: string) => {
    await cluster.createDatabase(name);
    return cluster.urlFor(name);
  };
  const only = process.argv[2];
  if (!only || only === 'graphql') await benchGraphQLThroughput(await databaseUrlFor('bench'));
  if (!only || only === 'webhooks') await benchWebhookIngestion(databaseUrlFor);
  if (!only || only === 'deliveries') await benchWebhookDelivery(databaseUrlFor);
  if (!only || only === 'widget') benchWidgetSize();
  if (!only || only === 'dashboard') benchDashboardSize();
  if (!only || only === 'dashboard-list') await benchDashboardList();
  if (!only || only === 'fanout') await benchSubscriptionFanout(databaseUrlFor);
  if (!only || only === 'latency') await benchCheckoutLatency(databaseUrlFor);
  if (!only || only === 'bills') await benchHotBill(await databaseUrlFor('bench_bills'));
  if (!only || only === 'receipt') await benchReceiptPage(databaseUrlFor);
  if (!only || only === 'lipa') await benchTillAliases(databaseUrlFor);
  if (!only || only === 'rest') await benchRestGenerateLink(await databaseUrlFor('bench_rest'));
  if (!only || only === 'settlements')
    await benchSettlements(async (name, template) => {
      await cluster.createDatabase(name, template);
      return cluster.urlFor(name);
    });
} catch (error) {
  console.error('benchmark failed:', error);
  process.exitCode = 1;
} finally {
  await cluster.stop();
  rmSync(scratch, { recursive: true, force: true });
}
