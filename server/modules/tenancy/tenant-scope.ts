import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import type { ApiKeyPrincipal, Principal } from './principal.ts';

export const TENANT_FILTER = 'tenant';

/**
 * Every entity with a `business` and a `mode` is a tenant row: read from the metadata, so a new
 * entity is scoped without anyone remembering to list it.
 */
export function tenantEntities(em: EntityManager): EntityClass<object>[] {
  return [...em.getMetadata().getAll().values()]
    .filter((meta) => !meta.embeddable && meta.properties.business && meta.properties.mode)
    .map((meta) => meta.class as EntityClass<object>);
}

/**
 * An EntityManager (a fork of `em`, in its transaction if it has one) that sees only one business's
 * rows of one mode: every find, count, update and delete of a tenant entity (relations populated
 * through it too) carries `business = … and mode = …`, and so does every fork of it (transactions
 * included); a flush that would write a tenant row of another business or mode throws instead. The
 * one place tenants are kept apart; services do not write these conditions by hand. Raw SQL
 * (`em.execute`) is not covered: it takes its condition from `tenantCondition` (tenant-sql.ts), and
 * a test holds it to that.
 */
export function scopeToTenant(em: EntityManager, tenant: { businessId: string; mode: string }): EntityManager {
  // Its own event manager (inherited by its forks), so the write check below stays with this scope.
  const scoped = em.fork({ cloneEventManager: true, keepTransactionContext: true });
  scoped.addFilter({ name: TENANT_FILTER, entity: tenantEntities(scoped), cond: { business: tenant.businessId, mode: tenant.mode }, default: true });
  scoped.getEventManager().registerSubscriber({
    onFlush({ uow }) {
      for (const change of uow.getChangeSets()) {
        if (!change.meta.properties.business || !change.meta.properties.mode) continue;
        // A created row names both; an update names them only if it changes them (loads were filtered).
        const payload = change.payload as { business?: unknown; mode?: unknown };
        const business = 'business' in payload ? payload.business : tenant.businessId;
        const mode = 'mode' in payload ? payload.mode : tenant.mode;
        if (business !== tenant.businessId || mode !== tenant.mode) {
          throw new Error(
            `A ${change.meta.className} of ${String(business)} (${String(mode)}) was written through the scope of ${tenant.businessId} (${tenant.mode})`,
          );
        }
      }
    },
  });
  return scoped;
}

/**
 * The business key a tenant service acts for. Resolvers reach such services only behind a scope
 * check, so a caller without one is a programming error, not a cast that hides it.
 */
export function tenantOf(ctx: { principal: Principal | null }): ApiKeyPrincipal {
  if (ctx.principal?.kind !== 'API_KEY') throw new Error('A tenant service was called without a business key');
  return ctx.principal;
}
