import { css } from 'lit';

/**
 * The dashboard's look, shared by the shell, the sign-in flow and the pages `dash` owns: system
 * fonts, one accent, light and dark by the reader's colour scheme. Every text/background pair
 * here passes WCAG AA (4.5:1) in both schemes.
 */
export const theme = css`
  :host {
    color-scheme: light dark;
    --bg: #f6f7f9;
    --surface: #ffffff;
    --text: #101828;
    --muted: #475467;
    --border: #d0d5dd;
    --accent: #3538cd;
    --accent-text: #ffffff;
    --danger: #b42318;
    --danger-bg: #fef3f2;
    --success: #067647;
    --success-bg: #ecfdf3;
    --success-border: #75e0a7;
    --warn-bg: #fffaeb;
    --warn-text: #93370d;
    --test: #b54708;
    --focus: #3538cd;
    font-family:
      system-ui,
      -apple-system,
      'Segoe UI',
      sans-serif;
    color: var(--text);
    line-height: 1.5;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --bg: #0c111d;
      --surface: #161b26;
      --text: #f5f5f6;
      --muted: #b0b7c3;
      --border: #333741;
      --accent: #a4bcfd;
      --accent-text: #0c111d;
      --danger: #fda29b;
      --danger-bg: #2d1414;
      --success: #75e0a7;
      --success-bg: #0d2a1c;
      --success-border: #067647;
      --warn-bg: #2b1e08;
      --warn-text: #fec84b;
      --test: #f79009;
      --focus: #a4bcfd;
    }
  }
  * {
    box-sizing: border-box;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0 0 1rem;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.125rem;
    margin: 1.5rem 0 0.75rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  a {
    color: var(--accent);
  }
  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }
  .card {
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: 12px;
    padding: 1.25rem;
  }
  .card > h2:first-child {
    margin-top: 0;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0 0 0.25rem;
  }
  .field {
    margin: 0 0 1rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: 8px;
    padding: 0.55rem 0.7rem;
    width: 100%;
    min-height: 44px;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    min-height: 0;
    accent-color: var(--accent);
  }
  input[aria-invalid='true'] {
    border-color: var(--danger);
  }
  .error {
    color: var(--danger);
    font-size: 0.875rem;
    margin: 0.25rem 0 0;
  }
  .hint {
    color: var(--muted);
    font-size: 0.875rem;
    margin: 0.25rem 0 0;
  }
  button,
  .button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    border-radius: 8px;
    padding: 0.55rem 1rem;
    min-height: 44px;
    border: 1px solid var(--accent);
    background: var(--accent);
    color: var(--accent-text);
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4rem;
  }
  button.secondary,
  .button.secondary {
    background: transparent;
    color: var(--accent);
    border-color: var(--border);
  }
  button.danger {
    background: transparent;
    color: var(--danger);
    border-color: var(--danger);
  }
  button.link {
    background: none;
    border: none;
    color: var(--accent);
    padding: 0;
    min-height: 0;
    text-decoration: underline;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .banner {
    border-radius: 10px;
    padding: 0.9rem 1rem;
    margin: 0 0 1rem;
    border: 1px solid var(--border);
  }
  .banner.success {
    background: var(--success-bg);
    border-color: var(--success-border);
    color: var(--text);
  }
  .banner.danger {
    background: var(--danger-bg);
    border-color: var(--danger);
  }
  .banner.warn {
    background: var(--warn-bg);
    color: var(--warn-text);
    border-color: currentColor;
  }
  code,
  .mono {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    background: var(--surface);
  }
  th,
  td {
    text-align: left;
    padding: 0.6rem 0.75rem;
    border-bottom: 1px solid var(--border);
    vertical-align: top;
  }
  th {
    font-size: 0.8125rem;
    color: var(--muted);
    font-weight: 600;
  }
  .table-wrap {
    /* The containing block of any .sr-only text in the table, so the scroll box clips it too. */
    position: relative;
    overflow-x: auto;
    border: 1px solid var(--border);
    border-radius: 12px;
  }
  .row {
    display: flex;
    gap: 0.75rem;
    flex-wrap: wrap;
    align-items: center;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .empty {
    color: var(--muted);
    padding: 1.5rem;
    text-align: center;
  }
`;

/** Copies text, and says so where a screen reader hears it. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** "12 Dec 2026, 14:05" in the reader's locale; an em dash for none. */
export const formatDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—';

/** Minor units as money in the reader's locale, exact (from the digits, never through a float). */
export function formatMoney(amountMinor: string | number | bigint, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const minor = BigInt(amountMinor);
  const negative = minor < 0n;
  const text = String(negative ? -minor : minor).padStart(digits + 1, '0');
  const decimal = `${negative ? '-' : ''}${text.slice(0, text.length - digits)}${digits ? `.${text.slice(text.length - digits)}` : ''}`;
  return new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(decimal as unknown as number);
}
