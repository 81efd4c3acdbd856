import { css } from 'lit';

/**
 * The dashboard's palette and base controls, shared by every ui/ element and page. Light or dark by
 * the system's `prefers-color-scheme` (color-scheme + light-dark()); the dark status colours are
 * lighter, to keep their contrast (checked by axe in both schemes).
 */
export const baseStyles = css`
  :host {
    color-scheme: light dark;
    --pc-bg: light-dark(#fff, #101828);
    --pc-fg: light-dark(#101828, #f2f4f7);
    --pc-muted: light-dark(#475467, #d0d5dd);
    --pc-border: light-dark(#d0d5dd, #475467);
    --pc-surface: light-dark(#f2f4f7, #1d2939);
    --pc-accent: light-dark(#1849a9, #84adff);
    --pc-accent-text: light-dark(#fff, #101828);
    --pc-success: light-dark(#067647, #75e0a7);
    --pc-warning: light-dark(#93370d, #fec84b);
    --pc-danger: light-dark(#b42318, #fda29b);
    --pc-focus: light-dark(#1849a9, #b2ccff);
    color: var(--pc-fg);
    font-family: system-ui, sans-serif;
    line-height: 1.45;
  }
  * {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 2px solid var(--pc-focus);
    outline-offset: 2px;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0;
  }
  h2 {
    font-size: 1.125rem;
    margin: 0;
  }
  button,
  .button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    min-height: 2.5rem;
    padding: 0.5rem 0.875rem;
    border-radius: 0.5rem;
    border: 1px solid var(--pc-border);
    background: var(--pc-bg);
    color: var(--pc-fg);
    cursor: pointer;
    text-decoration: none;
  }
  button.primary {
    background: var(--pc-accent);
    border-color: var(--pc-accent);
    color: var(--pc-accent-text);
    font-weight: 600;
  }
  button.danger {
    color: var(--pc-danger);
    border-color: currentColor;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input,
  select,
  textarea {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.4rem 0.6rem;
    border-radius: 0.5rem;
    border: 1px solid var(--pc-border);
    background: var(--pc-bg);
    color: var(--pc-fg);
    max-width: 100%;
  }
  label {
    font-weight: 500;
  }
  .muted {
    color: var(--pc-muted);
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  /* A group of buttons: at the end of a row or header, or (.start) where the text starts. */
  .row-actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    justify-content: flex-end;
  }
  .row-actions.start {
    justify-content: flex-start;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .badge {
    display: inline-block;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.8125rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .badge.success {
    color: var(--pc-success);
  }
  .badge.warning {
    color: var(--pc-warning);
  }
  .badge.danger {
    color: var(--pc-danger);
  }
  .badge.info {
    color: var(--pc-accent);
  }
  .badge.neutral {
    color: var(--pc-muted);
  }
  .banner {
    padding: 0.75rem 1rem;
    border-radius: 0.5rem;
    border: 1px solid currentColor;
  }
  .banner.error {
    color: var(--pc-danger);
  }
  .banner.success {
    color: var(--pc-success);
  }
`;
