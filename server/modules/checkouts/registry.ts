import { billKind } from '../kinds/bill/bill.kind.ts';
import { paymentRequestKind } from '../kinds/payment-request/payment-request.kind.ts';
import { paymentLinkKind } from '../kinds/payment-link/payment-link.kind.ts';
import { tapToPayKind } from '../kinds/tap-to-pay/tap-to-pay.kind.ts';
import { tillAliasKind } from '../kinds/till-alias/till-alias.kind.ts';
import type { PipelinedTransaction, Statement } from '../../db/pipelined-transaction.ts';
import type { CheckoutCallback, CheckoutKind, CheckoutLock } from './checkout-kind.ts';
import type { PaymentNotification } from '../payments/payment-notification.ts';

/** Every kind of checkout, in the order a notification is matched against them (bills first: a bill's reference wins). */
const kinds: CheckoutKind[] = [billKind, paymentLinkKind, tapToPayKind, tillAliasKind, paymentRequestKind];

/**
 * Adds a kind; the product's kinds are listed above. Tests register a kind of their own this way,
 * before the schema is built (the public `CheckoutKind` enum is read from the registry).
 */
export function registerCheckoutKind(kind: CheckoutKind): void {
  if (kinds.some((known) => known.name === kind.name || known.idPrefix === kind.idPrefix)) throw new Error(`Checkout kind ${kind.name} is registered twice`);
  kinds.push(kind);
}

export const checkoutKinds = (): readonly CheckoutKind[] => kinds;

/** Every kind's own callback, for merchant-webhook dispatch (see CheckoutCallback). */
export const checkoutCallbacks = (): CheckoutCallback[] => kinds.flatMap((kind) => (kind.callback ? [kind.callback] : []));

/** The kind a checkout id belongs to, by its prefix; undefined for an id of no kind. */
export const kindOfId = (id: string): CheckoutKind | undefined => kinds.find((kind) => id.startsWith(`${kind.idPrefix}_`));

/** The kind of checkout a partner's notification names, if any. */
export const kindNamedBy = (notification: PaymentNotification): CheckoutKind | undefined => kinds.find((kind) => kind.isNamedBy(notification));

/**
 * Locks the checkout a partner names, and its invoice: deliveries for one checkout or invoice queue
 * here, and each then sees the payments committed before it. `afterLock` runs once the locks are
 * held, in the same round trip, so it sees everything committed before them.
 */
export async function lockCheckout(tx: PipelinedTransaction, n: PaymentNotification, afterLock: Statement): Promise<CheckoutLock> {
  const kind = kindNamedBy(n);
  if (kind) return kind.lock(tx, n, afterLock);
  return { checkout: null, afterLockRows: (await tx.batch([afterLock]))[0]! };
}
