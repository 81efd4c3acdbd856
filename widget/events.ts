import type { CheckoutView } from './checkout-api.ts';

/** Events the element sends its host page; all bubble and cross shadow roots. */
const options = { bubbles: true, composed: true } as const;

/** The shape of every event that carries the checkout as it now is. */
abstract class CheckoutEvent extends Event {
  readonly checkout: CheckoutView;
  constructor(type: string, checkout: CheckoutView) {
    super(type, options);
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
