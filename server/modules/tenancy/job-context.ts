import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import type { Tenant } from './tenant-sql.ts';
import { scopeToTenant } from './tenant-scope.ts';

/**
 * A job that acts across businesses by design (an expiry sweep's claim, the outbox fan-out, the
 * delivery claim, the idempotency purge): its EntityManager is unscoped, and its type says so.
 */
export interface PlatformJob {
  platform: true;
  em: EntityManager;
  clock: Clock;
}

/**
 * A job acting for one business and mode, named by the row it acts on: its EntityManager sees and
 * writes only that tenant's rows (tenant-scope.ts), as a business key's request does.
 */
export interface TenantJob extends Tenant {
  platform: false;
  em: EntityManager;
  clock: Clock;
}

export function platformJob(em: EntityManager, clock: Clock): PlatformJob {
  return { platform: true, em, clock };
}

/** The job for one tenant, within the platform job's transaction (if it is in one). */
export function tenantJob(within: PlatformJob, tenant: Tenant): TenantJob {
  return { platform: false, businessId: tenant.businessId, mode: tenant.mode, em: scopeToTenant(within.em, tenant), clock: within.clock };
}

/** `rows` by the tenant each names, with that tenant's job: a sweep's per-business part. */
export function byTenant<T extends Tenant>(within: PlatformJob, rows: readonly T[]): Array<{ job: TenantJob; rows: T[] }> {
  const groups = Map.groupBy(rows, (row) => `${row.businessId}\u0000${row.mode}`);
  return [...groups.values()].map((group) => ({ job: tenantJob(within, group[0]!), rows: group }));
}
