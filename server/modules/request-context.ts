import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import type { Principal } from './tenancy/principal.ts';
import { scopeToTenant } from './tenancy/tenant-scope.ts';

// The caller's types live with tenancy (tenant-scope.ts needs them); most code imports them from here.
export type { ApiKeyPrincipal, BusinessView, Principal } from './tenancy/principal.ts';

/**
 * What every service call receives first: who is calling, and state of this request only (its own
 * EntityManager forks, its id, the clock). The app's shared parts (pubsub, queues, the sandbox bank,
 * settings) are not here: a service that needs one takes it as a parameter (modules/app-services.ts).
 */
export interface RequestContext {
  /** For a business key: sees only that business and mode. */
  em: EntityManager;
  /** Unscoped, for customer-facing reads by checkout id (public views expose nothing private). */
  publicEm: EntityManager;
  principal: Principal | null;
  clock: Clock;
  requestId: string;
}

/**
 * A request's context: its caller, and an EntityManager forked on first use (many requests never
 * need one). A business key's EntityManager sees only its business and mode (tenant-scope.ts);
 * `publicEm` reads what customers may see by a checkout's id alone, whoever asks.
 */
export function requestContextFor(app: { orm: MikroORM; clock: Clock }, principal: Principal | null, requestId: string): RequestContext {
  let em: EntityManager | undefined;
  return {
    get em() {
      return (em ??= principal?.kind === 'API_KEY' ? scopeToTenant(app.orm.em, principal) : app.orm.em.fork());
    },
    get publicEm() {
      return app.orm.em.fork();
    },
    principal,
    requestId,
    clock: app.clock,
  };
}
