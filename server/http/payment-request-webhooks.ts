import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { applyLenderNotice } from '../modules/kinds/payment-request/financing.service.ts';
import type { LenderNotice } from '../modules/payments/partner-webhook.ts';

/**
 * Lenders' notices (issue 14) arrive through the partner-webhook route like every inbound partner
 * delivery (signature, raw bytes first); this applies one to its financed payment exactly once. A
 * notice the payment is not ready for (a payout before the invoices are uploaded) is 409: the lender retries.
 */
export function lenderNoticeHandler(deps: {
  orm: MikroORM;
  clock: Clock;
  captureDays: number;
  /** Told after a notice changed a payment (its checkout changed; its events wait to be delivered). */
  afterNotice?: (checkoutId: string) => void;
}) {
  return async (notice: LenderNotice) => {
    const result = await applyLenderNotice(deps.orm.em.fork(), deps.clock, { captureDays: deps.captureDays }, notice);
    if (result.applied && result.checkoutId) deps.afterNotice?.(result.checkoutId);
    return result;
  };
}
