import { css } from 'lit';

export const payCheckoutStyles = css`
  :host {
    /* The palette, light or dark by the host's color-scheme: light unless theme="dark", or theme="auto"
       and the customer's system is dark. The dark status colours are lighter, to keep their contrast. */
    color-scheme: light;
    --_bg: light-dark(#fff, #101828);
    --_fg: light-dark(#101828, #f2f4f7);
    --_border: light-dark(#d0d5dd, #344054);
    --_muted: light-dark(#475467, #d0d5dd);
    --_surface: light-dark(#f2f4f7, #1d2939);
    --_accent: light-dark(#1849a9, #84adff);
    --_accent-text: light-dark(#fff, #101828);
    --_pay-success: light-dark(#067647, #75e0a7);
    --_pay-danger: light-dark(#b42318, #fda29b);
    /* A column, so the footer keeps to the bottom of the room kept for the tallest state. */
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    max-width: var(--pay-max-width, 28rem);
    /* Room for a payable checkout (live mode, QR code) before it loads, and (--pay-reserved-height, set by the element)
       for the tallest state shown since, so the host page does not jump when the state changes. */
    min-height: max(var(--pay-min-height, 36rem), var(--pay-reserved-height, 0px));
    padding: var(--pay-padding, clamp(1rem, 4vw, 1.5rem));
    border-radius: var(--pay-radius, 0.75rem);
    border: 1px solid var(--pay-border-color, var(--_border));
    background: var(--pay-background, var(--_bg));
    color: var(--pay-color, var(--_fg));
    font-family: var(--pay-font-family, system-ui, sans-serif);
    line-height: 1.4;
    overflow-wrap: anywhere;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  [part='header'] {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin-bottom: 1rem;
  }
  [part='logo'] {
    height: 2.5rem;
    width: auto;
    max-width: 8rem;
    object-fit: contain;
    border-radius: 0.375rem;
  }
  [part='monogram'] {
    display: grid;
    place-items: center;
    flex: none;
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 0.5rem;
    background: var(--pay-accent-color, var(--_brand, var(--_accent)));
    color: var(--pay-accent-text-color, var(--_brand-text, var(--_accent-text)));
    font-weight: 700;
  }
  [part='merchant'] {
    margin: 0;
    font-weight: 600;
  }
  [part='amount'] {
    margin: 0 0 0.25rem;
    font-size: 2rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    /* An amount is one word: never "502,500.0" over "0". */
    overflow-wrap: normal;
  }
  [part='status'] {
    margin: 0;
    font-weight: 600;
  }
  [part='status'][data-status='PAID'] {
    color: var(--pay-success-color, var(--_pay-success));
  }
  [part='status']:is([data-status='FAILED'], [data-status='EXPIRED'], [data-status='CANCELED'], [data-status='ERROR']) {
    color: var(--pay-danger-color, var(--_pay-danger));
  }
  [part='sandbox'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1.25rem;
  }
  [part='sandbox'] [part='button']:not(.primary) {
    flex: 1 1 10rem;
  }
  [part='button'] {
    min-height: 2.5rem;
    padding: 0.5rem 0.9rem;
    border-radius: 0.5rem;
    border: 1px solid var(--_border);
    background: var(--pay-button-background, transparent);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  [part='button']:hover {
    border-color: currentColor;
  }
  /* The one primary action: filled in the merchant's colour (its text colour derived by the server), else ours. */
  [part='button'].primary {
    width: 100%;
    min-height: 3rem;
    border: 0;
    font-weight: 600;
    background: var(--pay-accent-color, var(--_brand, var(--_accent)));
    color: var(--pay-accent-text-color, var(--_brand-text, var(--_accent-text)));
  }
  [part='button'].primary:hover {
    background: color-mix(in srgb, var(--pay-accent-color, var(--_brand, var(--_accent))) 88%, #000);
  }
  [part='button'].link {
    min-height: 2.75rem;
    border: 0;
    padding-inline: 0.25rem;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  [part='button']:focus-visible,
  [part='amount-input']:focus-visible,
  [part='redirect'] a:focus-visible,
  a:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--pay-focus-color, #2e90fa);
    outline-offset: 2px;
  }
  pay-amount[editable] {
    /* The field's label, input and error are its light-DOM children, laid out as if they were ours. */
    display: block;
  }
  [part='amount-label'] {
    display: block;
    margin-top: 0.75rem;
    font-weight: 600;
  }
  [part='amount-input'] {
    min-height: 2.5rem;
    margin-top: 0.25rem;
    padding: 0.4rem 0.6rem;
    border-radius: 0.5rem;
    border: 0;
    font: inherit;
    font-size: 1.125rem;
    font-variant-numeric: tabular-nums;
    width: 100%;
    min-width: 0;
    background: transparent;
    color: inherit;
    outline: 0;
  }
  /* The field's frame carries the currency sign and the focus ring, the input inside it none. */
  .amount-box {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    margin-top: 0.25rem;
    padding-inline: 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: 0.5rem;
    background: var(--pay-background, var(--_bg));
  }
  .amount-box:focus-within {
    outline: 3px solid var(--pay-focus-color, #2e90fa);
    outline-offset: 2px;
  }
  [part='amount-currency'] {
    font-size: 1.125rem;
    font-weight: 600;
    color: var(--_muted);
  }
  .field-message {
    /* A line kept for the amount's error, so it appears without pushing anything down. */
    min-height: 1.4em;
    padding-top: 0.25rem;
    line-height: 1.4;
  }
  [part='amount-error'] {
    color: var(--pay-danger-color, var(--_pay-danger));
    margin: 0;
  }
  [part='qr-block'] {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    margin-top: 1rem;
    padding-top: 1rem;
    border-top: 1px solid var(--_border);
  }
  [part='qr'] {
    flex: none;
    width: 7.5rem;
    height: 7.5rem;
    background: #fff;
    border-radius: 0.5rem;
    border: 1px solid var(--_border);
  }
  .qr-text {
    flex: 1 1 9rem;
  }
  .qr-text p {
    margin: 0 0 0.5rem;
    color: var(--_muted);
  }
  .qr-text .link {
    padding-inline: 0;
  }
  [part='redirecting'] {
    display: block;
    margin-top: 0.25rem;
    font-weight: 400;
  }
  [part='redirect'] a {
    color: inherit;
    font-weight: 600;
  }
  [part='messages'] {
    margin: 0.5rem 0 0.75rem;
  }
  [part='messages'][data-active] {
    /* While payable, two lines kept free for passing messages, whether or not one is showing. */
    min-height: calc(2 * 1.4em);
    line-height: 1.4;
  }
  [part='messages'] p {
    margin: 0;
  }
  [part='failure'] {
    color: var(--pay-danger-color, var(--_pay-danger));
  }
  [part='narration'],
  [part='progress-label'],
  [part='countdown'] {
    margin: 0.5rem 0 0;
  }
  [part='progress'] {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--pay-success-color, var(--_pay-success));
  }
  [part='transfer'] {
    /* Narrow (a phone), each label goes above its value, so a value and its copy button share a line. */
    container-type: inline-size;
    margin-top: 1.25rem;
    padding: 0.875rem 1rem;
    border-radius: 0.5rem;
    background: var(--_surface);
  }
  [part='transfer-title'] {
    margin: 0 0 0.25rem;
    font-size: 1rem;
  }
  [part='transfer'] p {
    margin: 0 0 0.5rem;
  }
  [part='account'],
  .details {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.5rem 0.75rem;
    /* A label sits on its value's first line, even when the value wraps under a copy button. */
    align-items: baseline;
    margin: 0;
  }
  [part='account'] dt,
  .details dt {
    color: var(--_muted);
  }
  [part='account'] dd,
  .details dd {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25rem 0.5rem;
  }
  @container (max-width: 24rem) {
    [part='account'] {
      grid-template-columns: minmax(0, 1fr);
      gap: 0 0;
    }
    [part='account'] dd {
      margin-bottom: 0.5rem;
    }
  }
  [part='account'] dd [part='button'] {
    white-space: nowrap;
    min-height: 2rem;
    padding: 0.2rem 0.6rem;
    font-size: 0.875rem;
  }
  [part='account-number'],
  [part='reference'] {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    letter-spacing: 0.03em;
  }
  [part='lipa-number'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin: 0.25rem 0 0.75rem;
    font-size: 2rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.06em;
  }
  [part='lipa-number'] [part='button'] {
    font-size: 0.875rem;
    letter-spacing: normal;
  }
  [part='steps'] {
    margin: 0.75rem 0 0;
    padding-left: 1.25rem;
  }
  [part='unsupported'] {
    margin: 1rem 0 0;
  }
  [part='connection'] {
    font-size: 0.85rem;
    opacity: 0.75;
  }
  [part='status'][data-status='ACTIVE'] {
    font-weight: 400;
    color: var(--_muted);
  }
  [part='amount']:has([part='check']) {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
    /* Beside the check mark a long amount (TSh 502,500.00) still fits a phone's width. */
    font-size: clamp(1.5rem, 7.5vw, 2rem);
  }
  [part='check'] {
    flex: none;
    width: 2.5rem;
    height: 2.5rem;
    color: var(--pay-success-color, var(--_pay-success));
  }
  [part='order'],
  [part='payment-details'],
  [part='partial'] {
    margin-top: 1rem;
    padding: 0.75rem 1rem;
    border-radius: 0.5rem;
    background: var(--_surface);
  }
  [part='order'] summary {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
    min-height: 1.75rem;
    align-items: center;
    cursor: pointer;
    font-weight: 600;
  }
  [part='line-items'] {
    list-style: none;
    margin: 0.5rem 0 0;
    padding: 0;
  }
  [part='line-item'] {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    padding: 0.4rem 0;
    border-top: 1px solid var(--_border);
  }
  [part='line-item'] small {
    display: block;
    color: var(--_muted);
  }
  [part='line-item'] > span:last-child,
  .nowrap {
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  [part='description'],
  [part='invoice-meta'] {
    margin: 0.5rem 0 0;
    color: var(--_muted);
  }
  [part='partial'] {
    margin-bottom: 0;
  }
  [part='partial'] strong {
    color: var(--pay-success-color, var(--_pay-success));
  }
  [part='receipt-link'] {
    display: flex;
    align-items: center;
    justify-content: center;
    box-sizing: border-box;
    min-height: 2.75rem;
    margin-top: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    color: inherit;
    font-weight: 600;
    text-decoration: none;
  }
  [part='partial'] [part='receipt-link'] {
    display: inline;
    border: 0;
    margin: 0;
    text-decoration: underline;
  }
  [part='footer'] {
    margin-top: auto;
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25rem 1rem;
    padding-top: 0.75rem;
    border-top: 1px solid var(--_border);
    font-size: 0.875rem;
    color: var(--_muted);
  }
  [part='footer'] a {
    color: inherit;
  }
  [part='button']:disabled {
    opacity: 0.6;
    cursor: default;
  }
`;
