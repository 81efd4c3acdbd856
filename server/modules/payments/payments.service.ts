import { tenantOf } from '../tenancy/tenant-scope.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { Payment, Receipt } from './payment.entities.ts';

/** `search` is an ILIKE pattern (domain/search.ts) over our payment id, the partner's id and reference, and a bill payment's reference. */
export function listPayments(ctx: RequestContext, page: PageRequest, search: string | null = null): Promise<Payment[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  const matching = search
    ? { $or: [{ id: { $ilike: search } }, { partnerPaymentId: { $ilike: search } }, { reference: { $ilike: search } }, { billPaymentRef: { $ilike: search } }] }
    : {};
  return ctx.em.find(Payment, { ...matching, ...where }, { orderBy, limit });
}

export function listReceipts(ctx: RequestContext, page: PageRequest): Promise<Receipt[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(Receipt, { ...where }, { orderBy, limit });
}
