import { tenantOf } from '../tenancy/tenant-scope.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { Payment, Receipt } from './payment.entities.ts';

export function listPayments(ctx: RequestContext, page: PageRequest): Promise<Payment[]> {
  const caller = tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(Payment, { business: caller.businessId, mode: caller.mode, ...where }, { orderBy, limit });
}

export function listReceipts(ctx: RequestContext, page: PageRequest): Promise<Receipt[]> {
  const caller = tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(Receipt, { business: caller.businessId, mode: caller.mode, ...where }, { orderBy, limit });
}
