import type { CheckoutView } from './checkout-api.ts';

/** Events the element sends its host page; all bubble and cross shadow roots. */
const options = { bubbles: true, composed: true } as const;

/** The shape of every event that carries the checkout as it now is. */
abstract class CheckoutEvent extends Event {
  readonly checkout: CheckoutView;
  constructor(type: string, checkout: CheckoutView, extra: EventInit = {}) {
    super(type, { ...options, ...extra });
    this.checkout = checkout;
  }
}

/** The checkout has loaded and is shown. */
export class PayReadyEvent extends CheckoutEvent {
  constructor(checkout: CheckoutView) {
    super('pay-ready', checkout);
  }
}

/** The checkout's status or amounts changed. */
export class PayStatusEvent extends CheckoutEvent {
  constructor(checkout: CheckoutView) {
    super('pay-status', checkout);
  }
}

/** The checkout was paid. */
export class PaySuccessEvent extends CheckoutEvent {
  constructor(checkout: CheckoutView) {
    super('pay-success', checkout);
  }
}

/** The checkout expired before it was paid. */
export class PayExpiredEvent extends CheckoutEvent {
  constructor(checkout: CheckoutView) {
    super('pay-expired', checkout);
  }
}

/** Why a `pay-error` was sent. */
export type PayErrorCode = 'NOT_FOUND' | 'LOAD_FAILED' | 'PAYMENT_FAILED';

/**
 * Something went wrong: the checkout does not exist or could not be loaded, or a payment attempt
 * failed (declined, refused); after PAYMENT_FAILED the checkout is still payable and may be retried.
 */
export class PayErrorEvent extends Event {
  readonly code: PayErrorCode;
  readonly message: string;
  constructor(code: PayErrorCode, message: string) {
    super('pay-error', options);
    this.code = code;
    this.message = message;
  }
}

/**
 * With the `redirect` attribute: the checkout was paid while open and the element is about to
 * send the browser to `url`. Cancel it to stay (the iframe page does, and tells its parent instead).
 */
export class PayRedirectEvent extends CheckoutEvent {
  readonly url: string;
  constructor(checkout: CheckoutView, url: string) {
    super('pay-redirect', checkout, { cancelable: true });
    this.url = url;
  }
}

/**
 * A customer typed in an editable `<pay-amount>`: `value` is the text as it now is. It bubbles but
 * stays inside the shadow root that holds the field (`<pay-checkout>` keeps it to itself).
 */
export class PayAmountInputEvent extends Event {
  readonly value: string;
  constructor(value: string) {
    super('pay-amount-input', { bubbles: true });
    this.value = value;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pay-ready': PayReadyEvent;
    'pay-status': PayStatusEvent;
    'pay-success': PaySuccessEvent;
    'pay-expired': PayExpiredEvent;
    'pay-error': PayErrorEvent;
    'pay-redirect': PayRedirectEvent;
    'pay-amount-input': PayAmountInputEvent;
  }
}
