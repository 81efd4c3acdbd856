import { html } from 'lit';
import type { CheckoutKind } from '../../../checkout-api.ts';
import { billView } from './bill.ts';
import { paymentLinkView } from './payment-link.ts';
import { tapToPayView } from './tap-to-pay.ts';
import { tillAliasView } from './till-alias.ts';
import { unsupportedView, type KindView, type KindViews } from './view.ts';

export type { ViewContext } from './view.ts';

/**
 * A payment request's view (the CNPJ field, its check digits, the plans) is its own chunk, fetched
 * when a checkout of that kind loads (see prepareView): most pages never show one, and the element
 * stays within its 20 KB budget (`npm run bench -- widget`).
 */
let financing: Promise<unknown> | null = null;
const paymentRequestView: KindView = (context) => html`<pay-financing .context=${context}></pay-financing>`;

/** Fetches what a kind's view needs before it first draws (nothing for most kinds), so it draws complete, without a shift. */
export function prepareView(kind: CheckoutKind | string): Promise<unknown> {
  if (kind !== 'PAYMENT_REQUEST') return Promise.resolve();
  financing ??= import('./payment-request.ts')
    .then(({ definePayFinancing }) => definePayFinancing())
    .catch((error: unknown) => {
      financing = null; // a later load tries again
      throw error;
    });
  return financing;
}

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
