// The widget's classes and helpers, free of side effects: importing this registers nothing.
// `widget/register.ts` defines the custom elements.
export { checkEnteredAmount, PayAmount } from './components/pay-amount/pay-amount.ts';
export { PayCheckout } from './components/pay-checkout/pay-checkout.ts';
export { fetchCheckout, followCheckout, type CheckoutKind, type CheckoutView } from './checkout-api.ts';
export {
  PayAmountInputEvent,
  PayErrorEvent,
  PayExpiredEvent,
  PayReadyEvent,
  PayRedirectEvent,
  PayStatusEvent,
  PaySuccessEvent,
  type PayErrorCode,
} from './events.ts';
export { formatMinorUnits } from './money/format.ts';
export { parseAmountInput } from './money/parse.ts';
export { messagesFor, registerLocale, resolveLocale, SUPPORTED_LOCALES, type Messages } from './i18n.ts';
