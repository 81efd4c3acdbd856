import { html, nothing } from 'lit';
import type { BillDetails } from '../../../checkout-api.ts';
import { amountField, countdown, qrBlock, type KindView, type ViewContext } from './view.ts';

/** A bill: its narration, progress and expiry, the amount field, QR code and virtual account. */
export const billView: KindView = (context) => {
  const bill = context.view.bill;
  // Transfer before the QR code: a customer on a phone cannot scan their own screen.
  return html`${bill ? summary(context, bill) : nothing} ${amountField(context)} ${context.sandbox}
  ${bill?.virtualAccount ? transfer(context, bill, bill.virtualAccount) : nothing} ${qrBlock(context)}`;
};

/** The narration, the progress toward a target and the time left. */
function summary({ view, text, money, now }: ViewContext, bill: BillDetails) {
  const clock = countdown(view.expiresAt, now);
  return html`
    ${bill.narration ? html`<p part="narration">${bill.narration}</p>` : nothing}
    ${
      bill.targetAmountMinor !== null
        ? html`<p part="progress-label" id="progress-label">${text.raised(money(view.amountPaidMinor), money(bill.targetAmountMinor))}</p>
            <progress part="progress" max=${bill.targetAmountMinor} .value=${view.amountPaidMinor} aria-labelledby="progress-label"></progress>`
        : nothing
    }
    ${clock ? html`<p part="countdown">${text.expiresIn(clock)}</p>` : nothing}
  `;
}

/** The virtual account: how much to send, where, and copy buttons ("Copy", named in full for screen readers) for what must be typed. */
function transfer({ view, text, money, copy }: ViewContext, bill: BillDetails, account: NonNullable<BillDetails['virtualAccount']>) {
  const most = view.maximumPaymentMinor === null ? null : money(view.maximumPaymentMinor);
  const instruction = view.allowPartialPayment ? text.transferRange(money(view.minimumPaymentMinor), most) : text.transferExactly(money(view.amountDueMinor));
  return html`<section part="transfer" aria-labelledby="transfer-title">
    <h2 part="transfer-title" id="transfer-title">${text.transferTitle}</h2>
    <p>${instruction}</p>
    <dl part="account">
      <dt>${text.bankName}</dt>
      <dd>${account.bankName}</dd>
      <dt>${text.accountNumber}</dt>
      <dd>
        <span part="account-number">${account.accountNumber}</span>
        <button
          part="button"
          class=${view.testMode ? nothing : 'primary'}
          type="button"
          aria-label=${text.copy(text.accountNumber)}
          @click=${() => copy(account.accountNumber, text.copiedValue(text.accountNumber))}
        >
          ${text.copyShort}
        </button>
      </dd>
      <dt>${text.accountName}</dt>
      <dd>${account.accountName}</dd>
      <dt>${text.reference}</dt>
      <dd>
        <span part="reference">${bill.paymentRef}</span>
        <button part="button" type="button" aria-label=${text.copy(text.reference)} @click=${() => copy(bill.paymentRef, text.copiedValue(text.reference))}>
          ${text.copyShort}
        </button>
      </dd>
    </dl>
  </section>`;
}
