import type { CheckoutView } from './checkout-api.ts';

/** Events the element sends its host page; all bubble and cross shadow roots. */
const options = { bubbles: true, composed: true } as const;

/** The checkout has loaded and is shown. */
export class PayReadyEvent extends Event {
  readonly checkout: CheckoutView;
  constructor(checkout: CheckoutView) {
    super('pay-ready', options);
    this.checkout = checkout;
  }
}

/** The checkout's status or amounts changed. */
export class PayStatusEvent extends Event {
  readonly checkout: CheckoutView;
  constructor(checkout: CheckoutView) {
    super('pay-status', options);
    this.checkout = checkout;
  }
}

/** The checkout was paid. */
export class PaySuccessEvent extends Event {
  readonly checkout: CheckoutView;
  constructor(checkout: CheckoutView) {
    super('pay-success', options);
    this.checkout = checkout;
  }
}

/** The checkout expired before it was paid. */
export class PayExpiredEvent extends Event {
  readonly checkout: CheckoutView;
  constructor(checkout: CheckoutView) {
    super('pay-expired', options);
    this.checkout = checkout;
  }
}

/** The checkout could not be loaded. */
export class PayErrorEvent extends Event {
  readonly message: string;
  constructor(message: string) {
    super('pay-error', options);
    this.message = message;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pay-ready': PayReadyEvent;
    'pay-status': PayStatusEvent;
    'pay-success': PaySuccessEvent;
    'pay-expired': PayExpiredEvent;
    'pay-error': PayErrorEvent;
  }
}
