import type { Mode } from '../../domain/api-keys.ts';

/** The business and mode a statement acts for: a business key (`tenantOf(ctx)`) or a job's context. */
export interface Tenant {
  businessId: string;
  mode: Mode;
}

/**
 * The tenant condition of a raw SQL statement on a tenant table: `a.business_id = ? and a.mode = ?`
 * with its parameters, in that order. The one place raw SQL names its tenant, as the MikroORM
 * filter is for queries (tenant-scope.ts); test/server/tenant-sql.test.ts fails on a raw statement
 * that reads or changes a tenant table without it, unless its file is on the platform allow-list.
 */
export function tenantCondition(tenant: Tenant, alias?: string): { sql: string; params: [string, Mode] } {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return { sql: `${column('business_id')} = ? and ${column('mode')} = ?`, params: [tenant.businessId, tenant.mode] };
}
