import type { EntityManager } from '@mikro-orm/postgresql';
import { textColorOn } from '../../domain/contrast.ts';
import { Receipt } from '../payments/payment.entities.ts';
import { Business } from '../tenancy/business.entity.ts';
import type { PublicCheckout, PublicMerchant, PublicPayment } from './public-view.ts';
import { kindOfId } from './registry.ts';

/** What `securedBy` says when the business shows the line. */
export const SECURED_BY = 'pay-checkout';

export function publicMerchant(business: Business): PublicMerchant {
  return {
    name: business.name,
    logoUrl: business.logoUrl ?? null,
    brandColor: business.brandColor ?? null,
    brandTextColor: business.brandColor ? textColorOn(business.brandColor) : null,
    supportEmail: business.supportEmail ?? null,
    supportPhone: business.supportPhone ?? null,
    securedBy: business.showSecuredBy ? SECURED_BY : null,
  };
}

/** The checkout's latest receipt (one per recorded payment), by its time-ordered id. */
async function lastPaymentOf(em: EntityManager, checkoutId: string): Promise<PublicPayment | null> {
  const receipt = await em.findOne(Receipt, { payment: { checkoutId } }, { orderBy: { id: 'desc' }, populate: ['payment'] });
  if (!receipt) return null;
  const payment = receipt.payment;
  return {
    amountMinor: payment.amountMinor,
    paidAt: payment.paidAt,
    method: payment.method ?? null,
    receiptNumber: receipt.number,
    receiptToken: receipt.token,
  };
}

/** Where a checkout's QR image is served (PNG; `.svg` too), or null when it has none. */
export function checkoutQrPath(checkout: PublicCheckout): string | null {
  return kindOfId(checkout.id)?.qrPath(checkout) ?? null;
}

/** The public view of any checkout, by id alone; null when there is none. */
export async function findPublicCheckout(em: EntityManager, now: Date, id: string): Promise<PublicCheckout | null> {
  const view = await kindOfId(id)?.publicView(em, now, id);
  if (!view) return null;
  // The kind has loaded the business already: this one comes from the identity map.
  const [business, lastPayment] = await Promise.all([em.findOneOrFail(Business, { id: view.businessId }), lastPaymentOf(em, id)]);
  return { ...view, merchant: publicMerchant(business), lastPayment };
}

/** Whether customers pay this checkout on a hosted page. */
export const hasHostedPage = (checkout: PublicCheckout): boolean => kindOfId(checkout.id)?.hostedPage ?? false;
