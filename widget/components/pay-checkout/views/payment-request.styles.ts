import { css } from 'lit';

/**
 * The payment request view's rules, in its own chunk with it: adopted into the shell's shadow root
 * (the view draws there, so the shell's palette variables and parts apply) when it first connects.
 */
export const payFinancingStyles = css`
  /* Installment financing: the CNPJ field, the plans as a radio group, the lender's answer. */
  pay-financing {
    display: block;
  }
  [part='tax-id-label'] {
    display: block;
    margin-top: 0.75rem;
    font-weight: 600;
  }
  [part='tax-id-input'] {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.75rem;
    margin-top: 0.25rem;
    padding: 0.4rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: 0.5rem;
    background: var(--pay-background, var(--_bg));
    color: inherit;
    font: inherit;
    font-size: 1.125rem;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
  }
  [part='tax-id-input'][readonly] {
    background: var(--_surface);
    border-style: dashed;
  }
  [part='tax-id-input'][aria-invalid='true'] {
    border-color: var(--pay-danger-color, var(--_pay-danger));
  }
  [part='tax-id-input']:focus-visible,
  [part='plan'] input:focus-visible {
    outline: 3px solid var(--pay-focus-color, #2e90fa);
    outline-offset: 2px;
  }
  [part='tax-id-error'] {
    margin: 0.25rem 0 0;
    color: var(--pay-danger-color, var(--_pay-danger));
  }
  [part='plans'] {
    margin: 0.75rem 0 0;
    padding: 0;
    border: 0;
    display: grid;
    gap: 0.4rem;
  }
  [part='plans'] legend {
    padding: 0;
    margin-bottom: 0.35rem;
    font-weight: 600;
  }
  [part='plan'] {
    display: flex;
    align-items: flex-start;
    gap: 0.6rem;
    padding: 0.45rem 0.75rem;
    line-height: 1.3;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    cursor: pointer;
    font-variant-numeric: tabular-nums;
  }
  [part='plan']:has(input:checked) {
    border-color: var(--pay-accent-color, var(--_brand, var(--_accent)));
    box-shadow: inset 0 0 0 1px var(--pay-accent-color, var(--_brand, var(--_accent)));
  }
  [part='plan'] input {
    margin: 0.2rem 0 0;
    accent-color: var(--pay-accent-color, var(--_brand, var(--_accent)));
    flex: none;
  }
  .plan-text {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.5rem;
  }
  .plan-detail {
    color: var(--_muted);
    font-size: 0.9rem;
  }
  [part='financing-note'] {
    margin: 0.25rem 0 0;
  }
  [part='financing-paid'] {
    margin: 0.25rem 0 0.75rem;
    color: var(--_muted);
  }
  [part='first-installment'] {
    margin: 0.5rem 0 0.6rem;
    color: var(--_muted);
  }
  [part='financing-status'] {
    margin: 0.5rem 0 0;
    font-weight: 600;
  }
  [part='financing-status']:empty {
    display: none;
  }
  [part='financing-status'][data-financing='CANCELED'] {
    color: var(--pay-danger-color, var(--_pay-danger));
  }
  [part='financing-status'][data-financing='AUTHORIZED'] {
    color: var(--pay-success-color, var(--_pay-success));
  }
  [part='financing-form'] [part='failure'] {
    margin: 0.5rem 0 0;
  }
`;
