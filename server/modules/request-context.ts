import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { PubSub } from 'graphql-yoga';
import type { Clock } from '../domain/clock.ts';
import type { Mode, Scope } from '../domain/api-keys.ts';
import type { Plan } from './tenancy/business.entity.ts';
import type { ApiKeyRevocations } from './tenancy/key-revocations.ts';
import { scopeToTenant } from './tenancy/tenant-scope.ts';
import type { WebhookSettings } from './webhooks/callback-targets.ts';
import type { DeliveryDeps } from './webhooks/delivery.service.ts';
import type { SandboxBank } from '../providers/sandbox-bank/sandbox-bank.ts';
import type { VirtualAccountProviders } from './kinds/bill/virtual-accounts.ts';

/** What a request knows of its business without a query (it may be a few seconds old). */
export interface BusinessView {
  id: string;
  name: string;
  plan: Plan;
  country: string;
  defaultCurrency: string;
  createdAt: Date;
}

/** Who is calling: a business's API key (one business, one mode) or the platform operator. */
export type Principal =
  { kind: 'API_KEY'; apiKeyId: string; business: BusinessView; businessId: string; mode: Mode; scopes: readonly Scope[] } | { kind: 'PLATFORM_ADMIN' };

export type ApiKeyPrincipal = Extract<Principal, { kind: 'API_KEY' }>;

/** What every service call receives first: its own EntityManager fork, the caller and the time. */
export interface RequestContext {
  /** For a business key: sees only that business and mode. */
  em: EntityManager;
  /** Unscoped, for customer-facing reads by checkout id (public views expose nothing private). */
  publicEm: EntityManager;
  principal: Principal | null;
  clock: Clock;
  requestId: string;
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
}

export type AppPubSub = PubSub<{ checkoutUpdated: [checkoutId: string, update: { checkoutId: string }] }>;

/** What every request of one server process shares. */
export interface AppServices {
  orm: MikroORM;
  clock: Clock;
  publicUrl: string;
  webhooks: WebhookSettings;
  webhookDelivery: DeliveryDeps | null;
  pubsub: AppPubSub;
  apiKeyRevocations: ApiKeyRevocations;
  sandbox: SandboxBank;
  virtualAccounts: VirtualAccountProviders;
}

/**
 * A request's context: its caller, and an EntityManager forked on first use (many requests never
 * need one). A business key's EntityManager sees only its business and mode (tenant-scope.ts);
 * `publicEm` reads what customers may see by a checkout's id alone, whoever asks.
 */
export function requestContextFor(services: AppServices, principal: Principal | null, requestId: string): RequestContext {
  let em: EntityManager | undefined;
  return {
    get em() {
      return (em ??= principal?.kind === 'API_KEY' ? scopeToTenant(services.orm.em.fork(), principal) : services.orm.em.fork());
    },
    get publicEm() {
      return services.orm.em.fork();
    },
    principal,
    requestId,
    clock: services.clock,
    publicUrl: services.publicUrl,
    webhooks: services.webhooks,
    webhookDelivery: services.webhookDelivery,
    pubsub: services.pubsub,
    apiKeyRevocations: services.apiKeyRevocations,
    sandbox: services.sandbox,
    virtualAccounts: services.virtualAccounts,
  };
}
