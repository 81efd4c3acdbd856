import { html, LitElement, nothing } from 'lit';
import { PayAmountInputEvent } from '../../events.ts';
import { messagesFor, type Messages } from '../../i18n.ts';
import { formatMinorUnits } from '../../money/format.ts';
import { groupAsTyped, parseAmountInput } from '../../money/parse.ts';
import { payAmountStyles } from './pay-amount.styles.ts';

const currencyParts = (currency: string, locale: string | undefined) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);

/** What an amount field says about what was typed. */
export type AmountFieldMessages = Pick<Messages, 'amountLabel' | 'amountInvalid' | 'amountTooLow' | 'amountBelowMinimum' | 'amountTooHigh'>;

/** The bounds and formatting an entered amount is checked against. */
export interface AmountBounds {
  currency: string;
  minorDigits: number;
  minimumMinor: number;
  /** Null: no upper limit. */
  maximumMinor: number | null;
  locale: string | undefined;
}

/** An entered amount, checked: minor units, or why it cannot be paid. Null when nothing was typed. */
export function checkEnteredAmount(text: string, bounds: AmountBounds, messages: AmountFieldMessages): { amountMinor: number } | { error: string } | null {
  if (!text.trim()) return null;
  const money = (amountMinor: number) => formatMinorUnits(amountMinor, bounds.currency, bounds.minorDigits, bounds.locale);
  const amountMinor = parseAmountInput(text, bounds.minorDigits, bounds.locale);
  if (amountMinor === null) return { error: messages.amountInvalid };
  if (amountMinor <= 0) return { error: messages.amountTooLow };
  if (amountMinor < bounds.minimumMinor) return { error: messages.amountBelowMinimum(money(bounds.minimumMinor)) };
  if (bounds.maximumMinor !== null && amountMinor > bounds.maximumMinor) return { error: messages.amountTooHigh(money(bounds.maximumMinor)) };
  return { amountMinor };
}

/**
 * An exact amount of money, formatted for the reader's locale; with `editable`, a field where a
 * customer enters one, checked as they type against `minimum-minor` and `maximum-minor`.
 *
 * @csspart amount - The formatted amount.
 * @cssproperty --pay-amount-color - Text colour.
 * @cssproperty --pay-amount-font-weight - Font weight.
 * @event pay-amount-input - PayAmountInputEvent: the customer typed (editable only); `value` is the text as typed.
 *
 * The locale is the `locale` attribute, else the nearest `lang` on the page, else the browser's.
 *
 * Editable, it draws its label, input and error in the light DOM, in the tree of whoever holds it:
 * so the label, `aria-describedby` and the holder's styles (`amount-label`, `amount-input`,
 * `amount-error` parts, `.field-message`) reach them, as they would a field of the holder's own.
 * It sends `pay-amount-input` (PayAmountInputEvent) as the customer types.
 */
export class PayAmount extends LitElement {
  static override styles = payAmountStyles;

  static override properties = {
    amountMinor: { type: Number, attribute: 'amount-minor' },
    currency: { type: String },
    minorDigits: { type: Number, attribute: 'minor-digits' },
    locale: { type: String },
    editable: { type: Boolean },
    value: { type: String },
    minimumMinor: { type: Number, attribute: 'minimum-minor' },
    maximumMinor: { type: Number, attribute: 'maximum-minor' },
    fieldId: { type: String, attribute: 'field-id' },
    messages: { attribute: false },
  };

  declare amountMinor: number;
  declare currency: string;
  declare minorDigits: number;
  declare locale: string | undefined;
  /** A field to enter an amount rather than an amount shown. */
  declare editable: boolean;
  /** What was typed (editable). */
  declare value: string;
  declare minimumMinor: number;
  /** Null: no upper limit. */
  declare maximumMinor: number | null;
  /** The input's id; its error is `<field-id>-error`. */
  declare fieldId: string;
  /** The label and error texts (editable); the locale's own by default. */
  declare messages: AmountFieldMessages | undefined;

  constructor() {
    super();
    this.amountMinor = 0;
    this.currency = 'USD';
    this.minorDigits = 2;
    this.locale = undefined;
    this.editable = false;
    this.value = '';
    this.minimumMinor = 1;
    this.maximumMinor = null;
    this.fieldId = 'amount';
    this.messages = undefined;
  }

  protected override createRenderRoot() {
    return this.editable ? this : super.createRenderRoot();
  }

  get #locale(): string | undefined {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || undefined;
  }

  /** What was typed, checked: minor units, or why it cannot be paid. Null when nothing was typed. */
  get entered() {
    const { currency, minorDigits, minimumMinor, maximumMinor } = this;
    return checkEnteredAmount(
      this.value,
      { currency, minorDigits, minimumMinor, maximumMinor, locale: this.#locale },
      this.messages ?? messagesFor(this.#locale),
    );
  }

  override render() {
    return this.editable ? this.#field() : this.#shown();
  }

  #shown() {
    let text: string;
    try {
      text = formatMinorUnits(this.amountMinor, this.currency, this.minorDigits, this.#locale);
    } catch {
      text = '—';
    }
    return html`<span part="amount">${text}</span>`;
  }

  #field() {
    const entered = this.entered;
    const error = entered && 'error' in entered ? entered.error : null;
    const errorId = `${this.fieldId}-error`;
    const locale = this.#locale;
    // The currency's sign beside the field, and an example amount in the locale's own writing.
    const sign = currencyParts(this.currency, locale).find((part) => part.type === 'currency')?.value ?? this.currency;
    // The least one may pay, unless that is a single minor unit (a partial payment): then the most.
    const example = formatMinorUnits(
      this.minimumMinor > 1 || this.maximumMinor === null ? Math.max(this.minimumMinor, 0) : this.maximumMinor,
      this.currency,
      this.minorDigits,
      locale,
    )
      .replace(sign, '')
      .trim();
    return html`<label part="amount-label" for=${this.fieldId}>${(this.messages ?? messagesFor(locale)).amountLabel}</label>
      <div class="amount-box">
        <span part="amount-currency" aria-hidden="true">${sign}</span>
        <input
          part="amount-input"
          id=${this.fieldId}
          inputmode="decimal"
          autocomplete="off"
          placeholder=${example}
          .value=${this.value}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? errorId : nothing}
          @input=${(event: Event) => {
            const input = event.target as HTMLInputElement;
            // Grouped as typed; the caret keeps its distance from the end.
            const fromEnd = input.value.length - (input.selectionStart ?? input.value.length);
            const grouped = groupAsTyped(input.value, locale);
            if (grouped !== input.value) {
              input.value = grouped;
              input.setSelectionRange(grouped.length - fromEnd, grouped.length - fromEnd);
            }
            this.value = grouped;
            this.dispatchEvent(new PayAmountInputEvent(this.value));
          }}
        />
      </div>
      <div class="field-message">${error ? html`<p part="amount-error" id=${errorId} role="alert">${error}</p>` : nothing}</div>`;
  }
}
