import { css } from 'lit';

export const payCheckoutStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    max-width: var(--pay-max-width, 28rem);
    /* Room for a payable checkout (live mode, QR code) before it loads, and (--pay-reserved-height, set by the element)
       for the tallest state shown since, so the host page does not jump when the state changes. */
    min-height: max(var(--pay-min-height, 24rem), var(--pay-reserved-height, 0px));
    padding: var(--pay-padding, 1.25rem);
    border-radius: var(--pay-radius, 0.75rem);
    border: 1px solid var(--pay-border-color, #d0d5dd);
    background: var(--pay-background, #ffffff);
    color: var(--pay-color, #101828);
    font-family: var(--pay-font-family, system-ui, sans-serif);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      background: var(--pay-background, #101828);
      color: var(--pay-color, #f2f4f7);
      border-color: var(--pay-border-color, #344054);
      /* Lighter status colours: the light theme's would fail contrast on the dark background. */
      --_pay-success: #75e0a7;
      --_pay-danger: #fda29b;
    }
  }
  [part='merchant'] {
    margin: 0 0 0.25rem;
    font-size: 0.95rem;
    opacity: 0.8;
  }
  [part='amount'] {
    margin: 0.25rem 0 1rem;
    font-size: 2rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  [part='status'] {
    margin: 0;
    font-weight: 600;
  }
  [part='status'][data-status='PAID'] {
    color: var(--pay-success-color, var(--_pay-success, #067647));
  }
  [part='status'][data-status='FAILED'],
  [part='status'][data-status='EXPIRED'],
  [part='status'][data-status='CANCELED'],
  [part='status'][data-status='ERROR'] {
    color: var(--pay-danger-color, var(--_pay-danger, #b42318));
  }
  [part='sandbox'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  [part='button'] {
    min-height: 2.5rem;
    padding: 0.5rem 0.9rem;
    border-radius: 0.5rem;
    border: 1px solid currentColor;
    background: var(--pay-button-background, transparent);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  [part='button']:focus-visible,
  [part='amount-input']:focus-visible,
  [part='redirect'] a:focus-visible {
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
    border: 1px solid currentColor;
    font: inherit;
    width: 100%;
    box-sizing: border-box;
  }
  .field-message {
    /* A line kept for the amount's error, so it appears without pushing anything down. */
    min-height: 1.4em;
    padding-top: 0.25rem;
    line-height: 1.4;
  }
  [part='amount-error'] {
    color: var(--pay-danger-color, var(--_pay-danger, #b42318));
    margin: 0;
  }
  [part='qr-block'] {
    display: flex;
    align-items: center;
    gap: 1rem;
    margin-top: 1rem;
  }
  [part='qr'] {
    background: #fff;
    border-radius: 0.5rem;
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
    /* Two lines kept free for passing messages, whether or not one is showing. */
    min-height: calc(2 * 1.4em);
    margin: 0.25rem 0 0;
    line-height: 1.4;
  }
  [part='messages'] p {
    margin: 0;
  }
  [part='failure'] {
    color: var(--pay-danger-color, var(--_pay-danger, #b42318));
  }
  [part='narration'],
  [part='bounds'],
  [part='progress-label'],
  [part='countdown'] {
    margin: 0.5rem 0 0;
  }
  [part='progress'] {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--pay-success-color, var(--_pay-success, #067647));
  }
  [part='transfer'] {
    margin-top: 1rem;
  }
  [part='transfer-title'] {
    margin: 0 0 0.25rem;
    font-size: 1rem;
  }
  [part='transfer'] p {
    margin: 0 0 0.5rem;
  }
  [part='account'] {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.35rem 0.75rem;
    align-items: center;
    margin: 0;
  }
  [part='account'] dt {
    opacity: 0.8;
  }
  [part='account'] dd {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  [part='account-number'],
  [part='reference'] {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    letter-spacing: 0.03em;
  }
  [part='unsupported'] {
    margin: 1rem 0 0;
  }
  [part='connection'] {
    font-size: 0.85rem;
    opacity: 0.75;
  }
`;
