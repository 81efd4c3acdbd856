import { PayAmount } from './components/pay-amount/pay-amount.ts';
import { PayCheckout } from './components/pay-checkout/pay-checkout.ts';

// Registration lives apart from the classes so they can be imported (and extended) without it.
if (!customElements.get('pay-amount')) customElements.define('pay-amount', PayAmount);
if (!customElements.get('pay-checkout')) customElements.define('pay-checkout', PayCheckout);

// For pages that load the classic `embed.js`: `PayCheckoutEmbed.registerLocale(tag, messages)`.
export { registerLocale } from './i18n.ts';

declare global {
  interface HTMLElementTagNameMap {
    'pay-amount': PayAmount;
    'pay-checkout': PayCheckout;
  }
}
