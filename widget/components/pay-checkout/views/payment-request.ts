import { html, LitElement, nothing } from 'lit';
import { formatCnpj, isValidCnpj, normalizeCnpj } from '../../../../server/domain/cnpj.ts';
import { requestFinancing, sendSampleInvoice, type FinancingDetails, type FinancingPlan } from '../../../checkout-api.ts';
import { financingMessagesFor } from '../../../locales/financing.ts';
import { payFinancingStyles } from './payment-request.styles.ts';
import type { ViewContext } from './view.ts';

/** The sandbox lender's documented CNPJs (server/providers/sandbox-lender): one it approves, the one it refuses. */
const SANDBOX_APPROVED_CNPJ = '11222333000181';
const SANDBOX_REFUSED_CNPJ = '11444777000161';

/** "2,0 %" in the customer's words, from a decimal rate ('0.0200'). */
const percent = (rate: string, locale: string) =>
  `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(rate) * 100)} %`;
const day = (date: string, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/**
 * A payment request's body: the CNPJ (masked, checked as typed; locked when the merchant named the
 * company), the plans as a radio group, the first due date and "request financing"; then the
 * lender's answer as it arrives live. Its state (what was typed and picked) is its own element's,
 * drawn in the shell's shadow root so the shell's styles and parts apply.
 */
export class PayFinancing extends LitElement {
  static override properties = {
    context: { attribute: false },
    cnpj: { state: true },
    plan: { state: true },
    touched: { state: true },
    busy: { state: true },
    problem: { state: true },
  };
  declare context: ViewContext;
  declare cnpj: string;
  declare plan: number | null;
  declare touched: boolean;
  declare busy: boolean;
  declare problem: string | null;

  constructor() {
    super();
    this.cnpj = '';
    this.plan = null;
    this.touched = false;
    this.busy = false;
    this.problem = null;
  }

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Drawn in the shell's shadow root: its own rules join the shell's there, once.
    const root = this.getRootNode();
    const sheet = payFinancingStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** The shell's words and this view's own (its chunk's locale strings). */
  get #text() {
    return financingMessagesFor(this.context.locale, this.context.text);
  }

  get #details(): FinancingDetails {
    return this.context.view.paymentRequest!;
  }

  /** The CNPJ in play: the one the merchant named, else what the customer typed. */
  get #taxId(): string {
    return this.#details.customerTaxId ?? normalizeCnpj(this.cnpj);
  }

  #planText(plan: FinancingPlan): string {
    const { money, locale } = this.context;
    const text = this.#text;
    return text.plan(
      plan.installmentsCount,
      money(plan.installmentAmountMinor),
      money(plan.customerTotalMinor),
      plan.interestFree ? null : percent(plan.cetMonthly, locale),
    );
  }

  /** "6× R$ 1.785,26" first, then the total and CET, each kept on one line (the words are the locale's, split at its " · "). */
  #planLabel(plan: FinancingPlan) {
    const [main, ...rest] = this.#planText(plan).split(' · ');
    return html`<span class="plan-text"
      ><strong>${main}</strong>${
        rest.length
          ? html` <span class="plan-detail">${rest.map((segment, i) => html`${i ? ' · ' : ''}<span class="nowrap">${segment}</span>`)}</span>`
          : nothing
      }</span
    >`;
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    this.touched = true;
    const plans = this.#details.plans;
    const chosen = this.plan ?? (plans.length === 1 ? plans[0]!.installmentsCount : null);
    if (!isValidCnpj(this.#taxId) || chosen === null) return;
    this.busy = true;
    this.problem = null;
    try {
      const code = await requestFinancing(this.context.server, this.context.view.id, this.#taxId, chosen);
      if (code) this.problem = this.#text.financingProblem[code] ?? code;
    } catch (error) {
      this.problem = error instanceof TypeError ? this.#text.unreachable : error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  async #sendInvoice(): Promise<void> {
    this.busy = true;
    try {
      this.problem = await sendSampleInvoice(this.context.server, this.context.view.id);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const { money, locale, view } = this.context;
    const text = this.#text;
    const details = this.#details;
    const financing = details.financing;
    const under = financing && financing.status !== 'CANCELED' ? financing : null;
    const statusLine = !financing
      ? ''
      : financing.status === 'INITIALIZED'
        ? text.analysing
        : financing.status === 'AUTHORIZED'
          ? text.approved(financing.installmentsCount, money(financing.installmentAmountMinor))
          : financing.status === 'CAPTURED'
            ? text.capturing
            : // The lender's own reason is in its language (the merchant sees it on the API); the customer reads ours.
              financing.status === 'CANCELED' && details.financingStatus === 'OPEN'
              ? text.refused
              : '';
    // One live region, always there: the lender's answer is announced when it arrives.
    const status = html`<p part="financing-status" role="status" aria-live="polite" data-financing=${financing?.status ?? 'NONE'}>${statusLine}</p>`;
    if (under) {
      return html`${status} ${under.status === 'AUTHORIZED' ? html`<p part="financing-note">${text.awaitingInvoice}</p>` : nothing}
        <p part="first-installment">${text.firstInstallment(day(under.firstInstallmentDate, locale))}</p>
        ${
          view.testMode && under.status === 'AUTHORIZED'
            ? html`<div part="sandbox" role="group" aria-label=${text.payTest}>
                <button part="button" class="primary" type="button" ?disabled=${this.busy} @click=${() => this.#sendInvoice()}>${text.testSendInvoice}</button>
              </div>`
            : nothing
        }
        ${this.problem ? html`<p part="failure">${this.problem}</p>` : nothing}`;
    }
    const locked = details.customerTaxId !== null;
    const shown = locked ? formatCnpj(details.customerTaxId!) : this.cnpj;
    const invalid = this.touched && !isValidCnpj(this.#taxId);
    const chosen = details.plans.find((plan) => plan.installmentsCount === this.plan) ?? null;
    // Every plan starts on the same day unless the lender's table says otherwise: show it before one is picked.
    const firstDate = (chosen ?? details.plans[0])?.firstInstallmentDate;
    return html`${status}
      <form part="financing-form" novalidate @submit=${(event: Event) => this.#submit(event)}>
        <label part="tax-id-label" for="tax-id">${text.taxIdLabel}</label>
        <input
          part="tax-id-input"
          id="tax-id"
          name="cnpj"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="18"
          placeholder="00.000.000/0000-00"
          .value=${shown}
          ?readonly=${locked}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${invalid ? 'tax-id-error' : nothing}
          @input=${(event: InputEvent) => {
            const input = event.target as HTMLInputElement;
            this.cnpj = formatCnpj(input.value);
            input.value = this.cnpj;
          }}
          @blur=${() => (this.touched = this.cnpj.length > 0 || this.touched)}
        />
        ${invalid ? html`<p part="tax-id-error" id="tax-id-error">${text.taxIdInvalid}</p>` : nothing}
        <fieldset part="plans">
          <legend>${text.plansLegend}</legend>
          ${details.plans.map(
            (plan) =>
              html`<label part="plan">
                <input
                  type="radio"
                  name="plan"
                  .value=${String(plan.installmentsCount)}
                  .checked=${plan.installmentsCount === this.plan}
                  @change=${() => (this.plan = plan.installmentsCount)}
                />
                ${this.#planLabel(plan)}
              </label>`,
          )}
        </fieldset>
        ${firstDate ? html`<p part="first-installment">${text.firstInstallment(day(firstDate, locale))}</p>` : nothing}
        <button part="button" class="primary" type="submit" ?disabled=${this.busy || !chosen}>${this.busy ? text.sending : text.requestFinancing}</button>
        ${
          view.testMode && !locked
            ? html`<div part="sandbox" role="group" aria-label=${text.payTest}>
                <button part="button" type="button" @click=${() => ((this.cnpj = formatCnpj(SANDBOX_APPROVED_CNPJ)), (this.touched = true))}>
                  ${text.testApprovedCnpj}
                </button>
                <button part="button" type="button" @click=${() => ((this.cnpj = formatCnpj(SANDBOX_REFUSED_CNPJ)), (this.touched = true))}>
                  ${text.testRefusedCnpj}
                </button>
              </div>`
            : nothing
        }
        ${this.problem ? html`<p part="failure">${this.problem}</p>` : nothing}
      </form>`;
  }
}

/** Defines `<pay-financing>`, the payment request's view (views/index.ts draws it once this chunk is loaded). */
export function definePayFinancing(): void {
  if (!customElements.get('pay-financing')) customElements.define('pay-financing', PayFinancing);
}
