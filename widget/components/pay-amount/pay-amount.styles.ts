import { css } from 'lit';

export const payAmountStyles = css`
  :host {
    display: inline;
    font-variant-numeric: tabular-nums;
    color: var(--pay-amount-color, inherit);
    font-weight: var(--pay-amount-font-weight, inherit);
  }
`;
