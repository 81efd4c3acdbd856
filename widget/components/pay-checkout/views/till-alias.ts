import { html, nothing } from 'lit';
import type { TillAliasDetails } from '../../../checkout-api.ts';
import { lipaMessagesFor, type LipaMessages } from '../../../locales/lipa.ts';
import type { Messages } from '../../../locales/en.ts';
import type { ViewContext, KindView } from './view.ts';

/**
 * A Lipa number (seed 002): the number large and copyable, who is paid and for what, the amount
 * with the fee broken out, and how to pay a Lipa number from a wallet or bank app. It turns to paid
 * live when TIPS reports the payment.
 */
export const tillAliasView: KindView = (context) => {
  const alias = context.view.tillAlias;
  if (!alias) return html``;
  const { view, money } = context;
  const text = lipaMessagesFor(context.locale, context.text);
  const exact = alias.exactAmountOnly ? { amount: money(view.amountDueMinor), typed: keyed(view.amountDueMinor, view.minorDigits) } : null;
  // The test buttons right below the number, so a phone shows them without scrolling; the steps after.
  return html`${lipa(context, text, alias)} ${context.sandbox}
    <ol part="steps">
      ${text.lipaSteps(alias.alias, exact).map((step) => html`<li>${step}</li>`)}
    </ol>`;
};

/** An amount as a customer keys it into a wallet: no grouping, and no cents when there are none (502500, not 502,500.00). */
function keyed(amountMinor: number, digits: number): string {
  const scale = 10 ** digits;
  const major = Math.floor(amountMinor / scale);
  const minor = amountMinor % scale;
  return minor ? `${major}.${String(minor).padStart(digits, '0')}` : String(major);
}

function lipa({ view, money, copy }: ViewContext, text: Messages & LipaMessages, alias: TillAliasDetails) {
  return html`<section part="transfer" aria-labelledby="lipa-title">
    <h2 part="transfer-title" id="lipa-title">${text.lipaTitle}</h2>
    <p part="lipa-number">
      <span>${alias.alias.replace(/^(\d{4})(\d{4})$/, '$1 $2')}</span>
      <button part="button" class=${view.testMode ? nothing : 'primary'} type="button" @click=${() => copy(alias.alias, text.copiedValue(text.lipaNumber))}>
        ${text.copyLipa}
      </button>
    </p>
    <dl class="details">
      <dt>${text.lipaPayee}</dt>
      <dd>${alias.payeeName}</dd>
      ${
        alias.memo
          ? html`<dt>${text.reference}</dt>
              <dd>${alias.memo}</dd>`
          : nothing
      }
      <dt>${text.lipaAmount}</dt>
      <dd>${money(alias.merchantAmountMinor)}</dd>
      <dt>${text.lipaFee}</dt>
      <dd>${money(alias.feeMinor)}</dd>
      <dt>${text.lipaTotal}</dt>
      <dd><strong>${money(alias.expectedTotalMinor)}</strong></dd>
    </dl>
  </section>`;
}
