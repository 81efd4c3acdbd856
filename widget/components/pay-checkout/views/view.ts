import { html, nothing, type TemplateResult } from 'lit';
import type { CheckoutKind, CheckoutView } from '../../../checkout-api.ts';
import type { Messages } from '../../../i18n.ts';

/** What a kind's view draws from: the checkout, the words, and the shell's few services. */
export interface ViewContext {
  view: CheckoutView;
  text: Messages;
  /** The resolved locale, for amounts. */
  locale: string;
  /** Ticks every second while the checkout counts down. */
  now: number;
  money(amountMinor: number): string;
  /** What the customer typed as a partial amount, and where to report typing. */
  amountText: string;
  onAmountInput(text: string): void;
  /** Copies to the clipboard and says so in the shell's messages. */
  copy(value: string, copied: string): void;
  /** The payment service's base URL, for a view's own calls (accepting a financing plan). */
  server: string;
  /** The test payment buttons (test mode), for the view to place right after the amount field. */
  sandbox: TemplateResult | typeof nothing;
}

/** Draws the payable body of one kind of checkout (below its amount and status, above the test buttons). */
export type KindView = (context: ViewContext) => TemplateResult;

/** One view per kind the schema names; a kind missing here fails the type check. */
export type KindViews = Record<CheckoutKind, KindView>;

/** Time left as m:ss, h:mm:ss, or days and h:mm:ss for long-lived bills; null when it never expires. */
export function countdown(expiresAt: string | null, now: number): string | null {
  if (!expiresAt) return null;
  const total = Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 1000));
  const [days, hours, minutes, seconds] = [Math.floor(total / 86_400), Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days) return `${days}d ${hours}:${pad(minutes)}:${pad(seconds)}`;
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** The partial amount field, where the checkout allows paying part. */
export function amountField({ view, text, locale, amountText, onAmountInput }: ViewContext) {
  if (!view.allowPartialPayment) return nothing;
  return html`<pay-amount
    editable
    .value=${amountText}
    .currency=${view.currency}
    .minorDigits=${view.minorDigits}
    .minimumMinor=${view.minimumPaymentMinor}
    .maximumMinor=${view.maximumPaymentMinor}
    .locale=${locale}
    .messages=${text}
    @pay-amount-input=${(event: HTMLElementEventMap['pay-amount-input']) => onAmountInput(event.value)}
  ></pay-amount>`;
}

/**
 * The QR code to scan, and the payment link to copy: the primary action in live mode when nothing
 * else is (test mode's is the card button, a bill's the account number), a link-styled one otherwise.
 */
export function qrBlock({ view, text, money, copy }: ViewContext) {
  if (!view.qrCodeUrl) return nothing;
  const primary = !view.testMode && !view.bill?.virtualAccount;
  return html`<div part="qr-block">
    <img part="qr" src=${view.qrCodeUrl} width="160" height="160" alt=${text.qrAlt(money(view.amountDueMinor))} />
    <div class="qr-text">
      <p>${text.scanToPay}</p>
      <button part="button" class=${primary ? 'primary' : 'link'} type="button" @click=${() => copy(view.paymentUrl, text.copied)}>${text.copyLink}</button>
    </div>
  </div>`;
}

/** A kind this element does not know (a server newer than the element): said plainly, nothing to pay here. */
export const unsupportedView: KindView = ({ text }) => html`<p part="unsupported">${text.unsupportedKind}</p>`;
