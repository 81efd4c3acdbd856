import { html } from 'lit';

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

/**
 * A status as a labelled pill: colour and text (never colour alone), styled by baseStyles' `.badge`.
 * A template, not an element: a list of 100 rows would otherwise build 100 shadow roots (issue 19's
 * 100 ms budget; bench/dashboard-list.ts).
 */
export function statusBadge(status: string) {
  const label = status.charAt(0) + status.slice(1).toLowerCase().replaceAll('_', ' ');
  return html`<span class="badge ${TONES[status] ?? 'neutral'}" data-status=${status}>${label}</span>`;
}
