import { tenantOf } from '../tenancy/tenant-scope.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { Payment, Receipt } from './payment.entities.ts';

export function listPayments(ctx: RequestContext, page: PageRequest): Promise<Payment[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(Payment, { ...where }, { orderBy, limit });
}

export function listReceipts(ctx: RequestContext, page: PageRequest): Promise<Receipt[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(Receipt, { ...where }, { orderBy, limit });
}
