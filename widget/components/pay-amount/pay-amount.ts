import { html, LitElement } from 'lit';
import { formatMinorUnits } from '../../money/format.ts';
import { payAmountStyles } from './pay-amount.styles.ts';

/**
 * An exact amount of money, formatted for the reader's locale.
 *
 * @csspart amount - The formatted amount.
 * @cssproperty --pay-amount-color - Text colour.
 * @cssproperty --pay-amount-font-weight - Font weight.
 *
 * The locale is the `locale` attribute, else the nearest `lang` on the page, else the browser's.
 */
export class PayAmount extends LitElement {
  static override styles = payAmountStyles;

  static override properties = {
    amountMinor: { type: Number, attribute: 'amount-minor' },
    currency: { type: String },
    minorDigits: { type: Number, attribute: 'minor-digits' },
    locale: { type: String },
  };

  declare amountMinor: number;
  declare currency: string;
  declare minorDigits: number;
  declare locale: string | undefined;

  constructor() {
    super();
    this.amountMinor = 0;
    this.currency = 'USD';
    this.minorDigits = 2;
    this.locale = undefined;
  }

  override render() {
    const locale = this.locale || this.closest('[lang]')?.getAttribute('lang') || undefined;
    let text: string;
    try {
      text = formatMinorUnits(this.amountMinor, this.currency, this.minorDigits, locale);
    } catch {
      text = '—';
    }
    return html`<span part="amount">${text}</span>`;
  }
}
