import { css, html, LitElement } from 'lit';
import { baseStyles } from './styles.ts';

type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'info';

// What each status means to the merchant: done, waiting on someone, went wrong, or over.
const TONES: Record<string, Tone> = {
  PAID: 'success',
  COMPLETED: 'success',
  CAPTURED: 'success',
  SETTLED: 'success',
  FINANCED: 'success',
  APPROVED: 'success',
  ACTIVE: 'info',
  AUTHORIZED: 'info',
  OPEN: 'info',
  PROCESSING: 'info',
  SUBMITTED: 'info',
  AWAITING: 'warning',
  PARTIALLY_PAID: 'warning',
  PENDING: 'warning',
  INITIALIZED: 'warning',
  UNKNOWN: 'warning',
  FAILED: 'danger',
  REJECTED: 'danger',
  CANCELLED: 'neutral',
  CANCELED: 'neutral',
  EXPIRED: 'neutral',
  VOID: 'neutral',
  INACTIVE: 'neutral',
};

/** A status as a labelled pill: colour and text (never colour alone). `<pc-status-badge status="PAID">`. */
export class StatusBadge extends LitElement {
  static override properties = { status: { type: String } };
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      span {
        display: inline-block;
        padding: 0.125rem 0.5rem;
        border-radius: 999px;
        border: 1px solid currentColor;
        font-size: 0.8125rem;
        font-weight: 600;
        white-space: nowrap;
      }
      .success {
        color: var(--pc-success);
      }
      .warning {
        color: var(--pc-warning);
      }
      .danger {
        color: var(--pc-danger);
      }
      .info {
        color: var(--pc-accent);
      }
      .neutral {
        color: var(--pc-muted);
      }
    `,
  ];
  declare status: string;
  constructor() {
    super();
    this.status = '';
  }
  override render() {
    const label = this.status.charAt(0) + this.status.slice(1).toLowerCase().replaceAll('_', ' ');
    return html`<span class=${TONES[this.status] ?? 'neutral'} data-status=${this.status}>${label}</span>`;
  }
}
if (!customElements.get('pc-status-badge')) customElements.define('pc-status-badge', StatusBadge);
