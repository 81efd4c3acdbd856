import { html, LitElement, nothing } from 'lit';
import { fetchCheckout, followCheckout, payInSandbox, type CheckoutView, type LiveCheckout, type SandboxMethod } from '../../checkout-api.ts';
import { PayErrorEvent, PayExpiredEvent, PayReadyEvent, PayRedirectEvent, PayStatusEvent, PaySuccessEvent } from '../../events.ts';
import { messagesFor, onLocalesChanged, resolveLocale, type Messages } from '../../i18n.ts';
import { formatMinorUnits } from '../../money/format.ts';
import { checkEnteredAmount, PayAmount } from '../pay-amount/pay-amount.ts';
import { payCheckoutStyles } from './pay-checkout.styles.ts';
import { prepareView, viewFor, type ViewContext } from './views/index.ts';

/** The paid state's check mark, beside the amount so nothing moves (decorative: the status line says it). */
const checkMark = html`<svg
  part="check"
  viewBox="0 0 48 48"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="4"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <circle cx="24" cy="24" r="21" />
  <path d="M14 24.5l7 7 13-14" />
</svg>`;

/** A text with its document numbers kept on one line ("INV-2026-001" never breaks at a hyphen). */
function unbroken(text: string, ...numbers: Array<string | null>) {
  const number = numbers.find((candidate) => candidate && text.includes(candidate));
  if (!number) return text;
  const [before, ...after] = text.split(number);
  return html`${before}<span class="nowrap">${number}</span>${after.join(number)}`;
}

type LoadState = 'loading' | 'ready' | 'not-found' | 'error';

/** How long "Paid — redirecting" stays on screen before the browser goes to the redirect URL. */
export const REDIRECT_DELAY_MS = 2_500;

/** The merchant's redirect URL, when it is one a browser may safely be sent to (http or https). */
function redirectTarget(url: string | null): URL | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * A checkout a customer pays: what is owed, and its status, kept live from the server. This is the
 * shell (loading, states, the live subscription, events, test payments); each kind's payable body
 * is drawn by its own view (`views/`), picked by the checkout's `kind`.
 *
 * @event pay-ready - PayReadyEvent: loaded and shown.
 * @event pay-status - PayStatusEvent: status or amounts changed.
 * @event pay-success - PaySuccessEvent: paid.
 * @event pay-expired - PayExpiredEvent: expired unpaid.
 * @event pay-error - PayErrorEvent: not found, could not be loaded, or a payment attempt failed (`code`).
 * @event pay-redirect - PayRedirectEvent (cancelable): with `redirect`, about to go to the redirect URL.
 *
 * @csspart merchant - Who is being paid.
 * @csspart amount - The amount due (or paid).
 * @csspart status - The status line, with `data-status` (`LOADING`, `ACTIVE`, `FAILED`, `PAID`, `EXPIRED`,
 *   `CANCELED`, `ERROR`).
 * @csspart redirect - With `redirect`, once paid: the link to the merchant's redirect URL.
 * @csspart connection - Shown while the live connection is being restored.
 * @csspart sandbox - The "Pay (test)" buttons (test mode only); each is a `button` part.
 * @csspart messages - The live region for passing messages: `connection`, `failure` and `note`.
 * @csspart failure - Why the last payment attempt failed (the failed state; the checkout stays payable).
 * @csspart note - What the last action said (test payment, link copied).
 * @csspart amount-label - The partial amount field's label (where a partial payment is allowed).
 * @csspart amount-input - The partial amount field, an editable `<pay-amount>`.
 * @csspart amount-currency - The currency sign beside the partial amount field.
 * @csspart amount-error - Why the typed partial amount cannot be paid.
 * @csspart qr-block - The payment link's QR code and its copy-link button.
 * @csspart qr - The payment link's QR code.
 * @csspart tap - Tap-to-pay instructions.
 * @csspart countdown - The time left (tap to pay, a bill with a duration).
 * @csspart narration - A bill's narration.
 * @csspart progress-label - A bill's progress toward its target, in words.
 * @csspart progress - A bill's progress bar.
 * @csspart transfer - A bill's virtual account and transfer instructions (copy buttons are `button` parts).
 * @csspart transfer-title - The transfer instructions' title.
 * @csspart account - The virtual account's bank and name.
 * @csspart account-number - The virtual account's number.
 * @csspart reference - The transfer reference to quote.
 * @csspart unsupported - In place of the payable body, for a kind of checkout this element does not know.
 * @csspart header - Who is paid.
 * @csspart logo - The business's logo, where it has one.
 * @csspart monogram - The business's initial, where it has no logo.
 * @csspart order - What is paid for.
 * @csspart line-items - The order's lines.
 * @csspart line-item - One line of the order.
 * @csspart invoice-meta - The invoice's number and dates.
 * @csspart description - The checkout's description.
 * @csspart check - The paid confirmation's check mark.
 * @csspart payment-details - The paid confirmation's details.
 * @csspart receipt-link - The link to the receipt.
 * @csspart partial - A partial payment's confirmation.
 * @csspart button - Every button (test payments, copy buttons).
 * @csspart redirecting - "Paid — redirecting to …", with `redirect`, just before leaving.
 * @csspart steps - How to pay a Lipa number, step by step.
 * @csspart lipa-number - The Lipa (till) number to pay.
 * @csspart financing-status - A payment request's financing status line.
 * @csspart financing-note - What the financing waits for (the invoice).
 * @csspart financing-paid - A financed payment's paid confirmation (installments).
 * @csspart first-installment - The date of the first installment.
 * @csspart financing-form - The form to apply for financing.
 * @csspart tax-id-label - The tax id (CNPJ) field's label.
 * @csspart tax-id-input - The tax id (CNPJ) field.
 * @csspart tax-id-error - Why the typed tax id is refused.
 * @csspart plans - The installment plans offered.
 * @csspart plan - One installment plan.
 * @csspart footer - The support contact and "Secured by …".
 *
 * @attr theme - `light` (default), `dark` or `auto` (the customer's `prefers-color-scheme`).
 *
 * @cssproperty --pay-background - The background.
 * @cssproperty --pay-color - The text colour.
 * @cssproperty --pay-border-color - The border colour.
 * @cssproperty --pay-radius - The corner radius.
 * @cssproperty --pay-padding - The inner spacing.
 * @cssproperty --pay-font-family - The font.
 * @cssproperty --pay-max-width - The widest the checkout grows.
 * @cssproperty --pay-min-height - The least height.
 * @cssproperty --pay-success-color - The paid state's colour.
 * @cssproperty --pay-danger-color - Errors' colour.
 * @cssproperty --pay-accent-color - The primary action (the business's brand colour by default).
 * @cssproperty --pay-accent-text-color - Text on the primary action.
 */
export class PayCheckout extends LitElement {
  static override styles = payCheckoutStyles;

  static override properties = {
    checkout: { type: String },
    server: { type: String },
    locale: { type: String },
    transport: { type: String },
    redirect: { type: Boolean },
    theme: { type: String, reflect: true },
    messages: { attribute: false },
    view: { state: true },
    loadState: { state: true },
    connection: { state: true },
    sandboxNote: { state: true },
    amountText: { state: true },
    now: { state: true },
    failure: { state: true },
    redirectingTo: { state: true },
    partial: { state: true },
  };

  declare checkout: string;
  declare server: string;
  declare locale: string | undefined;
  /** `auto` (graphql-ws, polling where WebSockets fail) or `poll` (always poll, e.g. behind a proxy that blocks them). */
  declare transport: 'auto' | 'poll';
  /**
   * Follow the checkout's redirect URL once it is paid while open, after a short "redirecting"
   * moment (the hosted page sets it; a storefront embedding the element usually decides itself).
   */
  declare redirect: boolean;
  /**
   * `light` (the default: a light shop stays light whatever the customer's system says), `dark`, or
   * `auto` (follows the customer's colour-scheme preference; the hosted page uses it).
   */
  declare theme: 'light' | 'dark' | 'auto';
  /** A payment that arrived while the checkout stays open (partly paid): how much, and what remains. */
  declare partial: { paidMinor: number; remainingMinor: number } | null;
  /** Strings to say differently on this element, over its locale's (`registerLocale` changes them everywhere). */
  declare messages: Partial<Messages> | undefined;
  declare view: CheckoutView | null;
  declare loadState: LoadState;
  declare connection: 'live' | 'reconnecting';
  /** What the last "Pay (test)" attempt said (declined, failed), shown until the next one. */
  declare sandboxNote: string | null;
  /** What the customer typed as a partial amount (only where partial payment is allowed). */
  declare amountText: string;
  /** Ticks every second while a tap-to-pay session counts down. */
  declare now: number;
  /** Why the last payment attempt failed (the failed state); the checkout stays payable. */
  declare failure: string | null;
  /** The redirect URL, during the moment between paid and going there. */
  declare redirectingTo: URL | null;
  #redirectTimer: ReturnType<typeof setTimeout> | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;

  /** Wide enough to show an order's lines open (a phone starts with them folded). */
  #wide = window.matchMedia('(min-width: 40rem)').matches;
  #sizeWatch: ResizeObserver | null = null;
  #stopListening: (() => void) | null = null;
  #reserved = { width: 0, height: 0 };
  #live: LiveCheckout | null = null;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.checkout = '';
    this.server = '';
    this.locale = undefined;
    this.transport = 'auto';
    this.redirect = false;
    this.theme = 'light';
    this.partial = null;
    this.messages = undefined;
    this.failure = null;
    this.redirectingTo = null;
    this.view = null;
    this.loadState = 'loading';
    this.connection = 'live';
    this.sandboxNote = null;
    this.amountText = '';
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The amount field is a <pay-amount>: a page that defined only this element gets it too.
    if (!customElements.get('pay-amount')) customElements.define('pay-amount', PayAmount);
    // A locale registered (or changed) after this element was shown: say it again in the new words.
    this.#stopListening = onLocalesChanged(() => this.requestUpdate());
    this.#sizeWatch = new ResizeObserver(() => this.#reserveTallest());
    this.#sizeWatch.observe(this);
    void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#sizeWatch?.disconnect();
    this.#stopListening?.();
    this.#stop();
  }

  /**
   * Keeps the room of the tallest state shown so far (at this width), so that going from payable
   * to paid, expired or canceled does not pull the host page up under the customer.
   */
  #reserveTallest(): void {
    const { width, height } = this.getBoundingClientRect();
    if (Math.abs(width - this.#reserved.width) > 1) this.#reserved = { width, height: 0 };
    if (height <= this.#reserved.height) return;
    this.#reserved.height = height;
    this.style.setProperty('--pay-reserved-height', `${height}px`);
  }

  override updated(changed: Map<string, unknown>): void {
    // The merchant's colour fills the primary action (with the text colour the server derived for it).
    if (changed.has('view')) {
      const merchant = this.view?.merchant;
      for (const [name, value] of [
        ['--_brand', merchant?.brandTextColor ? merchant.brandColor : null],
        ['--_brand-text', merchant?.brandColor ? merchant.brandTextColor : null],
      ] as const)
        if (value) this.style.setProperty(name, value);
        else this.style.removeProperty(name);
    }
    if ((changed.has('checkout') && changed.get('checkout') !== undefined) || (changed.has('server') && changed.get('server') !== undefined)) {
      void this.#load();
    }
  }

  #stop(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    if (this.#redirectTimer) clearTimeout(this.#redirectTimer);
    this.#redirectTimer = null;
    this.#abort?.abort();
    this.#live?.close();
    this.#live = null;
  }

  /** The page's own origin when no server is named (the hosted page and iframe). */
  get #serverUrl(): string {
    return this.server || window.location.origin;
  }

  async #load(): Promise<void> {
    this.#stop();
    if (!this.checkout) return;
    this.loadState = 'loading';
    const abort = (this.#abort = new AbortController());
    try {
      const view = await fetchCheckout(this.#serverUrl, this.checkout, abort.signal);
      if (abort.signal.aborted) return;
      if (!view) {
        this.loadState = 'not-found';
        this.dispatchEvent(new PayErrorEvent('NOT_FOUND', 'This checkout does not exist.'));
        return;
      }
      await prepareView(view.kind);
      if (abort.signal.aborted) return;
      this.view = view;
      this.loadState = 'ready';
      this.dispatchEvent(new PayReadyEvent(view));
      this.#announceOutcome(null, view);
      // Tap-to-pay sessions and expiring bills count down.
      if (view.status === 'ACTIVE' && view.expiresAt && view.kind !== 'PAYMENT_LINK') this.#ticker = setInterval(() => (this.now = Date.now()), 1000);
      if (view.status === 'ACTIVE') {
        this.#live = followCheckout(
          this.#serverUrl,
          this.checkout,
          { update: (next) => this.#apply(next), connection: (state) => (this.connection = state) },
          { transport: this.transport, initial: view },
        );
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.loadState = 'error';
      this.dispatchEvent(new PayErrorEvent('LOAD_FAILED', error instanceof Error ? error.message : String(error)));
    }
  }

  #apply(next: CheckoutView): void {
    const previous = this.view;
    this.view = next;
    // Money arrived but some is still owed: say so, rather than letting the amount silently drop.
    if (previous && next.status === 'ACTIVE' && next.amountPaidMinor > previous.amountPaidMinor)
      this.partial = { paidMinor: next.lastPayment?.amountMinor ?? next.amountPaidMinor - previous.amountPaidMinor, remainingMinor: next.amountDueMinor };
    this.dispatchEvent(new PayStatusEvent(next));
    this.#announceOutcome(previous, next);
    if (next.status !== 'ACTIVE') {
      this.failure = null;
      this.#live?.close();
    }
    // Only a payment seen happening redirects: reopening a paid checkout (the back button) must not.
    if (previous?.status === 'ACTIVE' && next.status === 'PAID') this.#redirectSoon(next);
  }

  #redirectSoon(view: CheckoutView): void {
    const target = this.redirect ? redirectTarget(view.redirectUrl) : null;
    if (!target) return;
    this.redirectingTo = target;
    this.#redirectTimer = setTimeout(() => {
      const event = new PayRedirectEvent(view, target.href);
      this.dispatchEvent(event);
      // Canceled (the iframe's parent decides): stop saying "redirecting", keep the link.
      if (event.defaultPrevented) this.redirectingTo = null;
      else window.location.assign(target.href);
    }, REDIRECT_DELAY_MS);
  }

  #announceOutcome(previous: CheckoutView | null, next: CheckoutView): void {
    if (previous?.status === next.status) return;
    if (next.status === 'PAID') this.dispatchEvent(new PaySuccessEvent(next));
    if (next.status === 'EXPIRED') this.dispatchEvent(new PayExpiredEvent(next));
  }

  /** The `locale` attribute, else the nearest `lang` on the page, else Portuguese for a checkout in reais, else the browser's language. */
  get #locale(): string {
    return resolveLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || (this.view?.currency === 'BRL' ? 'pt-BR' : navigator.language));
  }

  get #text(): Messages {
    const messages = messagesFor(this.#locale);
    return this.messages ? { ...messages, ...this.messages } : messages;
  }

  /** The partial amount typed, checked: minor units, or why it cannot be paid. Null when none was typed. */
  #partialAmount(): { amountMinor: number } | { error: string } | null {
    const view = this.view;
    if (!view?.allowPartialPayment) return null;
    const bounds = { currency: view.currency, minorDigits: view.minorDigits, minimumMinor: view.minimumPaymentMinor, maximumMinor: view.maximumPaymentMinor };
    return checkEnteredAmount(this.amountText, { ...bounds, locale: this.#locale }, this.#text);
  }

  /** The field's own update, drawn from ours, is part of ours: `updateComplete` waits for both. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.renderRoot?.querySelector('pay-amount')?.updateComplete;
    return done;
  }

  /** Copies to the clipboard and says so; where the clipboard is refused, shows the value to copy by hand. */
  async #copy(value: string, copied: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.sandboxNote = copied;
    } catch {
      this.sandboxNote = value;
    }
  }

  async #payInSandbox(method: SandboxMethod): Promise<void> {
    const partial = this.#partialAmount();
    if (partial && 'error' in partial) return;
    this.failure = null;
    this.sandboxNote = this.#text.processing;
    let reason: string | null = null;
    try {
      // Success arrives as a live update once the payment is reconciled; only failure is handled here.
      if ((await payInSandbox(this.#serverUrl, this.checkout, method, partial?.amountMinor)) === 'DECLINED')
        reason = this.view?.kind === 'TILL_ALIAS' ? this.#text.walletFailed : this.#text.declined;
    } catch (error) {
      // fetch itself rejects with a TypeError when the server cannot be reached; otherwise it is the server's own message.
      reason = error instanceof TypeError ? this.#text.unreachable : error instanceof Error ? error.message : String(error);
    }
    this.sandboxNote = null;
    // The checkout may have been paid some other way meanwhile: then there is nothing to retry.
    if (reason && this.view?.status === 'ACTIVE') {
      this.failure = reason;
      this.dispatchEvent(new PayErrorEvent('PAYMENT_FAILED', reason));
    }
  }

  #sandboxControls() {
    // A Lipa number is paid from a wallet over TIPS: its buttons send a signed sandbox TIPS notification, paid or failed.
    if (this.view?.kind === 'TILL_ALIAS')
      return html`
        <div part="sandbox" role="group" aria-label=${this.#text.payTest}>
          <button part="button" class="primary" type="button" @click=${() => this.#payInSandbox('CARD_SUCCESS')}>${this.#text.payTestWallet}</button>
          <button part="button" type="button" @click=${() => this.#payInSandbox('CARD_DECLINED')}>${this.#text.payTestWalletFailed}</button>
        </div>
      `;
    return html`
      <div part="sandbox" role="group" aria-label=${this.#text.payTest}>
        <button part="button" class="primary" type="button" @click=${() => this.#payInSandbox('CARD_SUCCESS')}>${this.#text.payTestCard}</button>
        <button part="button" type="button" @click=${() => this.#payInSandbox('BANK_TRANSFER')}>${this.#text.payTestTransfer}</button>
        <button part="button" type="button" @click=${() => this.#payInSandbox('CARD_DECLINED')}>${this.#text.payTestDeclined}</button>
      </div>
    `;
  }

  /**
   * Passing messages (why a payment failed, processing, link copied, reconnecting) share one live
   * region that is always there, so they are announced, and with room kept for them, so they do not
   * push the page around when they come and go. Reconnecting comes and goes most, so it comes last.
   */
  #messages(view: CheckoutView) {
    const active = view.status === 'ACTIVE';
    return html`<div part="messages" role="status" aria-live="polite" ?data-active=${active}>
      ${this.failure && active ? html`<p part="failure">${this.failure}</p>` : nothing}
      ${this.sandboxNote ? html`<p part="note">${this.sandboxNote}</p>` : nothing}
      ${this.connection === 'reconnecting' && active ? html`<p part="connection">${this.#text.reconnecting}</p>` : nothing}
    </div>`;
  }

  #money(amountMinor: number): string {
    const view = this.view!;
    return formatMinorUnits(amountMinor, view.currency, view.minorDigits, this.#locale);
  }

  override render() {
    const text = this.#text;
    if (this.loadState === 'loading') return html`<p part="status" data-status="LOADING" role="status" aria-live="polite">${text.loading}</p>`;
    if (this.loadState === 'not-found') return html`<p part="status" data-status="ERROR" role="status" aria-live="polite">${text.notFound}</p>`;
    if (this.loadState === 'error' || !this.view) return html`<p part="status" data-status="ERROR" role="alert">${text.loadError}</p>`;
    const view = this.view;
    // The failed state is the payable one with the reason: the same buttons retry.
    const shown = view.status === 'ACTIVE' && this.failure ? 'FAILED' : view.status;
    const flexible = view.status === 'ACTIVE' && !!view.bill?.isFlexible;
    // A payment request is financed, not paid here: its amount is the purchase's, and once expired it needs a new link.
    const financed = view.kind === 'PAYMENT_REQUEST';
    const statusText = {
      ACTIVE: flexible ? text.chooseAmount : financed ? text.purchaseAmount : text.amountDue(view.invoiceNumber),
      FAILED: text.failed,
      PAID: text.paid(view.receiptNumber),
      EXPIRED: financed ? text.financingExpired : text.expired,
      CANCELED: text.canceled,
    }[shown];
    // One live region for every state change, so "Paid — redirecting" is announced as one message.
    const redirecting =
      this.redirectingTo && view.status === 'PAID' ? html`<span part="redirecting">${text.redirecting(this.redirectingTo.host)}</span>` : nothing;
    const paid = view.status === 'PAID';
    // A flexible bill has no single amount due: its header says what one payment may bring.
    const amount = flexible
      ? text.amountRange(this.#money(view.minimumPaymentMinor), this.#maybeMoney(view.maximumPaymentMinor))
      : this.#money(paid ? view.amountPaidMinor : view.amountDueMinor);
    return html`
      ${this.#header(view)}
      <p part="amount">${amount}${paid ? checkMark : nothing}</p>
      <p part="status" data-status=${shown} role="status" aria-live="polite">${unbroken(statusText, view.invoiceNumber, view.receiptNumber)}${redirecting}</p>
      ${this.#order(view)} ${paid ? this.#paymentDetails(view) : nothing} ${view.status === 'ACTIVE' ? this.#partialNote(view) : nothing}
      ${view.status === 'ACTIVE' ? this.#payable(view) : nothing} ${paid ? this.#redirectLink(view) : nothing} ${this.#messages(view)} ${this.#footer(view)}
    `;
  }

  #maybeMoney(amountMinor: number | null): string | null {
    return amountMinor === null ? null : this.#money(amountMinor);
  }

  #header(view: CheckoutView) {
    const name = view.merchantName;
    // The logo sits beside the name, which says who it is: decorative to a screen reader.
    const mark = view.merchant.logoUrl
      ? html`<img part="logo" src=${view.merchant.logoUrl} alt="" height="40" />`
      : html`<span part="monogram" aria-hidden="true">${name.trim().charAt(0).toUpperCase()}</span>`;
    return html`<header part="header">
      ${mark}
      <p part="merchant">${name}${view.testMode ? ` (${this.#text.testMode})` : nothing}</p>
    </header>`;
  }

  /** After a payment that leaves some owed (or on opening a partly paid checkout): what came in and what remains. */
  #partialNote(view: CheckoutView) {
    const text = this.#text;
    if (this.partial)
      return html`<p part="partial">
        <strong>${text.partialReceived(this.#money(this.partial.paidMinor))}</strong> ${text.remaining(this.#money(this.partial.remainingMinor))}
        ${this.#receiptLink(view.lastPayment?.receiptUrl)}
      </p>`;
    if (view.amountPaidMinor > 0 && !view.bill?.targetAmountMinor)
      return html`<p part="partial">${text.partialReceived(this.#money(view.amountPaidMinor))} ${text.remaining(this.#money(view.amountDueMinor))}</p>`;
    return nothing;
  }

  /** What is paid for: an invoice's lines (collapsed on a narrow screen, like an order summary), its customer and due date. */
  #order(view: CheckoutView) {
    const text = this.#text;
    const meta = [view.customerName && text.billedTo(view.customerName), view.dueDate && text.dueOn(this.#date(view.dueDate))].filter(Boolean);
    const description = view.kind !== 'BILL' && view.description ? html`<p part="description">${view.description}</p>` : nothing;
    if (!view.lineItems.length) return html`${description}${meta.length ? html`<p part="invoice-meta">${meta.join(' · ')}</p>` : nothing}`;
    return html`${description}
      <details part="order" ?open=${this.#wide}>
        <summary>
          <span>${text.orderSummary(view.lineItems.reduce((count, line) => count + line.quantity, 0))}</span>
          <span class="nowrap">${this.#money(view.totalMinor)}</span>
        </summary>
        <ul part="line-items">
          ${view.lineItems.map(
            (line) =>
              html`<li part="line-item">
                <span>${line.description}${line.quantity > 1 ? html`<small>${line.quantity} × ${this.#money(line.unitAmountMinor)}</small>` : nothing}</span>
                <span>${this.#money(line.amountMinor)}</span>
              </li>`,
          )}
        </ul>
        ${meta.length ? html`<p part="invoice-meta">${meta.join(' · ')}</p>` : nothing}
      </details>`;
  }

  /** A YYYY-MM-DD day, in the customer's words (the day itself: no time zone moves it). */
  #date(day: string): string {
    return new Intl.DateTimeFormat(this.#locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  }

  /** The paid state's confirmation: when, how, the receipt's number, and the receipt to keep. */
  #paymentDetails(view: CheckoutView) {
    const payment = view.lastPayment;
    const text = this.#text;
    // The status line already says the checkout's receipt number; a different latest one is said here.
    const receipt = payment?.receiptNumber ?? view.receiptNumber;
    // A financed checkout is paid by its lender, in the plan the customer chose: no receipt of ours.
    const financing = view.paymentRequest?.financing;
    if (financing)
      return html`<p part="financing-paid">${text.financedPaidOut(financing.installmentsCount, this.#money(financing.installmentAmountMinor))}</p>`;
    if (!payment && !(receipt && receipt !== view.receiptNumber)) return nothing;
    return html`<dl part="payment-details" class="details">
        ${
          payment
            ? html`<dt>${text.paidOn}</dt>
                <dd>${new Intl.DateTimeFormat(this.#locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(payment.paidAt))}</dd>`
            : nothing
        }
        ${
          payment?.method
            ? html`<dt>${text.paymentMethod}</dt>
                <dd>${text.methods[payment.method] ?? payment.method}</dd>`
            : nothing
        }
        ${
          receipt && receipt !== view.receiptNumber
            ? html`<dt>${text.receipt}</dt>
                <dd class="nowrap">${receipt}</dd>`
            : nothing
        }
      </dl>
      ${this.#receiptLink(payment?.receiptUrl)}`;
  }

  #receiptLink(url: string | null | undefined) {
    return url ? html`<a part="receipt-link" href=${url} target="_blank" rel="noopener">${this.#text.viewReceipt}</a>` : nothing;
  }

  /** Who to ask, and (when the merchant shows it) who secures the payment. */
  #footer(view: CheckoutView) {
    const { supportEmail, supportPhone, securedBy } = view.merchant;
    if (!supportEmail && !supportPhone && !securedBy) return nothing;
    const contacts = [
      supportEmail && html`<a href=${`mailto:${supportEmail}`}>${supportEmail}</a>`,
      supportPhone && html`<a class="nowrap" href=${`tel:${supportPhone.replace(/[^\d+]/g, '')}`}>${supportPhone}</a>`,
    ].filter(Boolean);
    return html`<footer part="footer">
      ${contacts.length ? html`<span>${this.#text.questions} ${contacts.map((contact, i) => html`${i ? ' · ' : ''}${contact}`)}</span>` : nothing}
      ${securedBy ? html`<span>${this.#text.securedBy(securedBy)}</span>` : nothing}
    </footer>`;
  }

  #redirectLink(view: CheckoutView) {
    const target = this.redirect ? redirectTarget(view.redirectUrl) : null;
    if (!target) return nothing;
    // _top: from inside an iframe, the customer's click leaves the frame rather than loading the shop in it.
    return html`<p part="redirect">
      <a href=${target.href} target="_top">${this.redirectingTo ? this.#text.continueNow : this.#text.returnTo(target.host)}</a>
    </p>`;
  }

  /** The kind's own body, then the test payment buttons every kind shares. */
  #payable(view: CheckoutView) {
    const context: ViewContext = {
      view,
      text: this.#text,
      locale: this.#locale,
      now: this.now,
      money: (amountMinor) => this.#money(amountMinor),
      amountText: this.amountText,
      onAmountInput: (text) => (this.amountText = text),
      copy: (value, copied) => void this.#copy(value, copied),
      server: this.#serverUrl,
      sandbox: view.testMode ? this.#sandboxControls() : nothing,
    };
    return viewFor(view.kind)(context);
  }
}
