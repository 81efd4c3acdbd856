import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import type { SandboxBank } from '../providers/sandbox-bank/sandbox-bank.ts';
import type { VirtualAccountProviders } from './kinds/bill/virtual-accounts.ts';
import type { DocumentStore } from './kinds/payment-request/document-store.ts';
import type { LenderPorts } from './kinds/payment-request/lender-port.ts';
import type { AppPubSub } from './checkouts/checkout-updates.ts';
import type { SettlementDeps } from './settlements/settlements.service.ts';
import type { ApiKeyRevocations } from './tenancy/key-revocations.ts';
import type { WebhookSettings } from './webhooks/callback-targets.ts';
import type { DeliveryDeps } from './webhooks/delivery.service.ts';

/**
 * What every request of one app shares, built once by `createApp` (two apps in one process have
 * two). Not part of the request context: resolvers pass a service the parts it needs, as a
 * parameter, so a service's signature says what it depends on.
 */
export interface AppServices {
  orm: MikroORM;
  clock: Clock;
  /** Base URL of customer-facing links (hosted pages, QR images). */
  publicUrl: string;
  webhooks: WebhookSettings;
  /** The webhook delivery queue, when this process runs one. */
  webhookDelivery: DeliveryDeps | null;
  /** Live updates shared by every server process (PostgreSQL NOTIFY underneath). */
  pubsub: AppPubSub;
  /** Tells every server process that a key is revoked, so none accepts it any longer. */
  apiKeyRevocations: ApiKeyRevocations;
  /** The test-mode bank partner behind "Pay (test)". */
  sandbox: SandboxBank;
  /** Who opens a bill's virtual account, per business and mode. */
  virtualAccounts: VirtualAccountProviders;
  /** The settlement machine per mode, and who hears of settlement events. */
  settlements: SettlementDeps;
  /** Who finances payment requests, per mode (the sandbox lender in test mode). */
  lenders: LenderPorts;
  /** Where uploaded invoices are kept (PostgreSQL by default). */
  documents: DocumentStore;
}
