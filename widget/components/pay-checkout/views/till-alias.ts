import { html, nothing } from 'lit';
import type { TillAliasDetails } from '../../../checkout-api.ts';
import type { ViewContext, KindView } from './view.ts';

/**
 * A Lipa number (seed 002): the number large and copyable, what it pays with the fee broken out,
 * the memo, and how to pay a Lipa number from a wallet or bank app. It turns to paid live when TIPS
 * reports the payment.
 */
export const tillAliasView: KindView = (context) => {
  const alias = context.view.tillAlias;
  if (!alias) return html``;
  const { text, view, money } = context;
  // The test buttons right below the number, so a phone shows them without scrolling; the steps after.
  return html`${alias.memo ? html`<p part="narration">${alias.memo}</p>` : nothing} ${lipa(context, alias)} ${context.sandbox}
    <ol part="steps">
      ${text.lipaSteps(alias.alias, alias.exactAmountOnly ? money(view.amountDueMinor) : null).map((step) => html`<li>${step}</li>`)}
    </ol>`;
};

function lipa({ view, text, money, copy }: ViewContext, alias: TillAliasDetails) {
  return html`<section part="transfer" aria-labelledby="lipa-title">
    <h2 part="transfer-title" id="lipa-title">${text.lipaTitle}</h2>
    <p part="lipa-number">
      <span>${alias.alias.replace(/^(\d{4})(\d{4})$/, '$1 $2')}</span>
      <button part="button" class=${view.testMode ? nothing : 'primary'} type="button" @click=${() => copy(alias.alias, text.copiedValue(text.lipaNumber))}>
        ${text.copy(text.lipaNumber)}
      </button>
    </p>
    <dl class="details">
      <dt>${text.lipaAmount}</dt>
      <dd>${money(alias.merchantAmountMinor)}</dd>
      <dt>${text.lipaFee}</dt>
      <dd>${money(alias.feeMinor)}</dd>
      <dt>${text.lipaTotal}</dt>
      <dd><strong>${money(alias.expectedTotalMinor)}</strong></dd>
    </dl>
  </section>`;
}
