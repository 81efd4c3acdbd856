import { html } from 'lit';
import type { CheckoutKind } from '../../../checkout-api.ts';
import { billView } from './bill.ts';
import { paymentLinkView } from './payment-link.ts';
import { tapToPayView } from './tap-to-pay.ts';
import { unsupportedView, type KindView, type KindViews } from './view.ts';

export type { ViewContext } from './view.ts';

/**
 * Views most pages never show are their own chunks, fetched when a checkout of that kind loads
 * (prepareView, before it first draws): a payment request's (the CNPJ field, its check digits, the
 * plans) and a Lipa number's. The element stays within its 20 KB budget (`npm run bench -- widget`).
 */
const lazyViews: Partial<Record<CheckoutKind, () => Promise<KindView>>> = {
  PAYMENT_REQUEST: () =>
    import('./payment-request.ts').then(({ definePayFinancing }) => {
      definePayFinancing();
      return (context) => html`<pay-financing .context=${context}></pay-financing>`;
    }),
  TILL_ALIAS: () => import('./till-alias.ts').then(({ tillAliasView }) => tillAliasView),
};
const loadedViews = new Map<string, KindView>();
const loadingViews = new Map<string, Promise<unknown>>();

/** Fetches what a kind's view needs before it first draws (nothing for most kinds), so it draws complete, without a shift. */
export function prepareView(kind: CheckoutKind | string): Promise<unknown> {
  const load = Object.hasOwn(lazyViews, kind) ? lazyViews[kind as CheckoutKind] : undefined;
  if (!load || loadedViews.has(kind)) return Promise.resolve();
  let loading = loadingViews.get(kind);
  if (!loading) {
    loading = load().then(
      (view) => void loadedViews.set(kind, view),
      (error: unknown) => {
        loadingViews.delete(kind); // a later load tries again
        throw error;
      },
    );
    loadingViews.set(kind, loading);
  }
  return loading;
}

/** Which view draws each kind: one line per kind. */
const views: Partial<KindViews> = {
  PAYMENT_LINK: paymentLinkView,
  TAP_TO_PAY: tapToPayView,
  BILL: billView,
};

/** The view for a kind; a kind the element does not know gets a plain "cannot be shown here". */
export const viewFor = (kind: CheckoutKind | string): KindView =>
  (Object.hasOwn(views, kind) ? views[kind as CheckoutKind] : loadedViews.get(kind)) ?? unsupportedView;
