import { PayAmount } from './components/pay-amount/pay-amount.ts';

// Registration lives apart from the classes so they can be imported (and extended) without it.
if (!customElements.get('pay-amount')) customElements.define('pay-amount', PayAmount);

declare global {
  interface HTMLElementTagNameMap {
    'pay-amount': PayAmount;
  }
}
