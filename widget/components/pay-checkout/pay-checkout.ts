import { html, LitElement, nothing } from 'lit';
import { fetchCheckout, followCheckout, payInSandbox, type CheckoutView, type LiveCheckout, type SandboxMethod } from '../../checkout-api.ts';
import { PayErrorEvent, PayExpiredEvent, PayReadyEvent, PayStatusEvent, PaySuccessEvent } from '../../events.ts';
import { messagesFor, resolveLocale } from '../../i18n.ts';
import { formatMinorUnits } from '../../money/format.ts';
import { parseAmountInput } from '../../money/parse.ts';
import { payCheckoutStyles } from './pay-checkout.styles.ts';

type LoadState = 'loading' | 'ready' | 'not-found' | 'error';

/**
 * A checkout a customer pays: what is owed, and its status, kept live from the server.
 *
 * @event pay-ready - PayReadyEvent: loaded and shown.
 * @event pay-status - PayStatusEvent: status or amounts changed.
 * @event pay-success - PaySuccessEvent: paid.
 * @event pay-expired - PayExpiredEvent: expired unpaid.
 * @event pay-error - PayErrorEvent: could not be loaded.
 *
 * @csspart merchant - Who is being paid.
 * @csspart amount - The amount due (or paid).
 * @csspart status - The status line, with `data-status`.
 * @csspart connection - Shown while the live connection is being restored.
 * @csspart sandbox - The "Pay (test)" buttons (test mode only); each is a `button` part.
 * @csspart note - What the last action said (test payment, link copied).
 * @csspart amount-label, amount-input, amount-error - The partial amount field (where allowed).
 * @csspart qr-block, qr - The payment link's QR code and its copy-link button.
 * @csspart tap, countdown - Tap-to-pay instructions and the time left.
 *
 * @cssproperty --pay-background, --pay-color, --pay-border-color, --pay-radius, --pay-padding,
 *   --pay-font-family, --pay-max-width, --pay-min-height, --pay-success-color, --pay-danger-color
 */
export class PayCheckout extends LitElement {
  static override styles = payCheckoutStyles;

  static override properties = {
    checkout: { type: String },
    server: { type: String },
    locale: { type: String },
    transport: { type: String },
    view: { state: true },
    loadState: { state: true },
    connection: { state: true },
    sandboxNote: { state: true },
    amountText: { state: true },
    now: { state: true },
  };

  declare checkout: string;
  declare server: string;
  declare locale: string | undefined;
  /** `auto` (graphql-ws, polling where WebSockets fail) or `poll` (always poll, e.g. behind a proxy that blocks them). */
  declare transport: 'auto' | 'poll';
  declare view: CheckoutView | null;
  declare loadState: LoadState;
  declare connection: 'live' | 'reconnecting';
  /** What the last "Pay (test)" attempt said (declined, failed), shown until the next one. */
  declare sandboxNote: string | null;
  /** What the customer typed as a partial amount (only where partial payment is allowed). */
  declare amountText: string;
  /** Ticks every second while a tap-to-pay session counts down. */
  declare now: number;
  #ticker: ReturnType<typeof setInterval> | null = null;

  #live: LiveCheckout | null = null;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.checkout = '';
    this.server = '';
    this.locale = undefined;
    this.transport = 'auto';
    this.view = null;
    this.loadState = 'loading';
    this.connection = 'live';
    this.sandboxNote = null;
    this.amountText = '';
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  override updated(changed: Map<string, unknown>): void {
    if ((changed.has('checkout') && changed.get('checkout') !== undefined) || (changed.has('server') && changed.get('server') !== undefined)) {
      void this.#load();
    }
  }

  #stop(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
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
        this.dispatchEvent(new PayErrorEvent('This checkout does not exist.'));
        return;
      }
      this.view = view;
      this.loadState = 'ready';
      this.dispatchEvent(new PayReadyEvent(view));
      this.#announceOutcome(null, view);
      if (view.status === 'ACTIVE' && view.kind === 'TAP_TO_PAY') this.#ticker = setInterval(() => (this.now = Date.now()), 1000);
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
      this.dispatchEvent(new PayErrorEvent(error instanceof Error ? error.message : String(error)));
    }
  }

  #apply(next: CheckoutView): void {
    const previous = this.view;
    this.view = next;
    this.dispatchEvent(new PayStatusEvent(next));
    this.#announceOutcome(previous, next);
    if (next.status !== 'ACTIVE') this.#live?.close();
  }

  #announceOutcome(previous: CheckoutView | null, next: CheckoutView): void {
    if (previous?.status === next.status) return;
    if (next.status === 'PAID') this.dispatchEvent(new PaySuccessEvent(next));
    if (next.status === 'EXPIRED') this.dispatchEvent(new PayExpiredEvent(next));
  }

  /** The `locale` attribute, else the nearest `lang` on the page, else the browser's language. */
  get #locale(): string {
    return resolveLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  get #text() {
    return messagesFor(this.#locale);
  }

  /** The partial amount typed, checked: minor units, or why it cannot be paid. Null when none was typed. */
  #partialAmount(): { amountMinor: number } | { error: string } | null {
    const view = this.view;
    if (!view?.allowPartialPayment || !this.amountText.trim()) return null;
    const amountMinor = parseAmountInput(this.amountText, view.minorDigits, this.#locale);
    if (amountMinor === null) return { error: this.#text.amountInvalid };
    if (amountMinor <= 0) return { error: this.#text.amountTooLow };
    if (amountMinor > view.amountDueMinor) return { error: this.#text.amountTooHigh(this.#money(view.amountDueMinor)) };
    return { amountMinor };
  }

  async #copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.view!.paymentUrl);
      this.sandboxNote = this.#text.copied;
    } catch {
      this.sandboxNote = this.view!.paymentUrl;
    }
  }

  async #payInSandbox(method: SandboxMethod): Promise<void> {
    const partial = this.#partialAmount();
    if (partial && 'error' in partial) return;
    this.sandboxNote = this.#text.processing;
    try {
      const result = await payInSandbox(this.#serverUrl, this.checkout, method, partial?.amountMinor);
      // Success arrives as a live update once the payment is reconciled.
      this.sandboxNote = result === 'DECLINED' ? this.#text.declined : null;
      if (result === 'DECLINED') this.dispatchEvent(new PayErrorEvent('Payment declined'));
    } catch (error) {
      this.sandboxNote = error instanceof Error ? error.message : String(error);
    }
  }

  #sandboxControls() {
    return html`
      <div part="sandbox" role="group" aria-label=${this.#text.payTest}>
        <button part="button" type="button" @click=${() => this.#payInSandbox('CARD_SUCCESS')}>${this.#text.payTestCard}</button>
        <button part="button" type="button" @click=${() => this.#payInSandbox('BANK_TRANSFER')}>${this.#text.payTestTransfer}</button>
        <button part="button" type="button" @click=${() => this.#payInSandbox('CARD_DECLINED')}>${this.#text.payTestDeclined}</button>
      </div>
    `;
  }

  #note() {
    return this.sandboxNote ? html`<p part="note" role="status" aria-live="polite">${this.sandboxNote}</p>` : nothing;
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
    const statusText = {
      ACTIVE: text.amountDue(view.invoiceNumber),
      PAID: text.paid(view.receiptNumber),
      EXPIRED: text.expired,
      CANCELED: text.canceled,
    }[view.status];
    return html`
      <p part="merchant">${view.merchantName}${view.testMode ? ` (${text.testMode})` : nothing}</p>
      <p part="amount">${this.#money(view.status === 'PAID' ? view.amountPaidMinor : view.amountDueMinor)}</p>
      <p part="status" data-status=${view.status} role="status" aria-live="polite">${statusText}</p>
      ${this.connection === 'reconnecting' && view.status === 'ACTIVE' ? html`<p part="connection">${text.reconnecting}</p>` : nothing}
      ${view.status === 'ACTIVE' ? this.#payable(view) : nothing} ${this.#note()}
    `;
  }

  #payable(view: CheckoutView) {
    const text = this.#text;
    const partial = this.#partialAmount();
    const error = partial && 'error' in partial ? partial.error : null;
    const secondsLeft = Math.max(0, Math.ceil((new Date(view.expiresAt).getTime() - this.now) / 1000));
    const clock = `${Math.floor(secondsLeft / 60)}:${String(secondsLeft % 60).padStart(2, '0')}`;
    return html`
      ${view.kind === 'TAP_TO_PAY'
        ? html`<p part="tap">${text.holdCard}</p><p part="countdown">${text.timeLeft(clock)}</p>`
        : nothing}
      ${view.allowPartialPayment
        ? html`<label part="amount-label" for="amount">${text.amountLabel}</label>
            <input
              part="amount-input"
              id="amount"
              inputmode="decimal"
              autocomplete="off"
              .value=${this.amountText}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${error ? 'amount-error' : nothing}
              @input=${(event: Event) => (this.amountText = (event.target as HTMLInputElement).value)}
            />
            ${error ? html`<p part="amount-error" id="amount-error" role="alert">${error}</p>` : nothing}`
        : nothing}
      ${view.qrCodeUrl
        ? html`<div part="qr-block">
            <img part="qr" src=${view.qrCodeUrl} width="160" height="160" alt=${text.qrAlt(this.#money(view.amountDueMinor))} />
            <button part="button" type="button" @click=${() => this.#copyLink()}>${text.copyLink}</button>
          </div>`
        : nothing}
      ${view.testMode ? this.#sandboxControls() : nothing}
    `;
  }
}
