import type { CheckoutKind } from '../../../checkout-api.ts';
import { billView } from './bill.ts';
import { paymentLinkView } from './payment-link.ts';
import { paymentRequestView } from './payment-request.ts';
import { tapToPayView } from './tap-to-pay.ts';
import { tillAliasView } from './till-alias.ts';
import { unsupportedView, type KindView, type KindViews } from './view.ts';

export type { ViewContext } from './view.ts';

/** Which view draws each kind: one line per kind. */
const views: KindViews = {
  PAYMENT_LINK: paymentLinkView,
  TAP_TO_PAY: tapToPayView,
  BILL: billView,
  TILL_ALIAS: tillAliasView,
  PAYMENT_REQUEST: paymentRequestView,
};

/** The view for a kind; a kind the element does not know gets a plain "cannot be shown here". */
export const viewFor = (kind: CheckoutKind | string): KindView => (Object.hasOwn(views, kind) ? views[kind as CheckoutKind] : unsupportedView);
