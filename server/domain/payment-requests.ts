import { defineMachine } from './state-machine.ts';
import { errorCodes } from './user-error.ts';

/**
 * Installment financing (issue 14, seeds 001 and 004): a merchant's payment request, which a
 * business customer finances with a lender in installments; the financed payment it becomes.
 */

/** A payment request: open for seven days, financed once a lender authorizes a payment for it. */
export const paymentRequestMachine = defineMachine('payment request', {
  OPEN: ['FINANCED', 'EXPIRED', 'CANCELED'],
  FINANCED: [],
  EXPIRED: [],
  CANCELED: [],
});
export type PaymentRequestStatus = (typeof paymentRequestMachine.statuses)[number];

/**
 * A financed payment (seed 004): started by the customer, authorized (or refused) by the lender,
 * captured once the lender approves the merchant's invoices, settled when the lender pays out.
 */
export const financedPaymentMachine = defineMachine('financed payment', {
  INITIALIZED: ['AUTHORIZED', 'CANCELED'],
  AUTHORIZED: ['CAPTURED', 'CANCELED'],
  CAPTURED: ['SETTLED'],
  SETTLED: [],
  CANCELED: [],
});
export type FinancedPaymentStatus = (typeof financedPaymentMachine.statuses)[number];

/** The merchant's invoices for a financed payment: none yet, uploaded, approved by the lender. */
export const invoiceStatusMachine = defineMachine('financed payment invoice', {
  AWAITING: ['SUBMITTED'],
  SUBMITTED: ['COMPLETED'],
  COMPLETED: [],
});
export type FinancingInvoiceStatus = (typeof invoiceStatusMachine.statuses)[number];

/** Payment requests live seven days (seed 001). */
export const PAYMENT_REQUEST_LIFETIME_DAYS = 7;

/** What createPaymentRequest and cancelPaymentRequest may answer (GraphQL `PaymentRequestErrorCode`). */
export const PAYMENT_REQUEST_ERROR_CODES = errorCodes(
  'UNSUPPORTED_CURRENCY',
  'INVALID_AMOUNT',
  'INVALID_INSTALLMENTS_COUNT',
  'INVALID_TAX_ID',
  'INVALID_META',
  'INVALID_SUBSIDY_RATE',
  'INVALID_SUBSIDY_AMOUNT',
  'INVALID_FIRST_INSTALLMENT_DATE',
  'NOT_FOUND',
  'INVOICE_NOT_PAYABLE',
  'INVOICE_MISMATCH',
  'INVALID_STATE',
  'LENDER_NOT_CONFIGURED',
);
export type PaymentRequestErrorCode = (typeof PAYMENT_REQUEST_ERROR_CODES)[number];

/** What requestFinancing may answer (GraphQL `RequestFinancingErrorCode`). */
export const REQUEST_FINANCING_ERROR_CODES = errorCodes(
  'NOT_FOUND',
  'INVALID_TAX_ID',
  'TAX_ID_MISMATCH',
  'INVALID_INSTALLMENTS_COUNT',
  'NOT_OPEN',
  'FINANCING_IN_PROGRESS',
  'LENDER_NOT_CONFIGURED',
);
export type RequestFinancingErrorCode = (typeof REQUEST_FINANCING_ERROR_CODES)[number];

/** What cancelFinancedPayment and uploadFinancedPaymentInvoices may answer (GraphQL `FinancedPaymentErrorCode`). */
export const FINANCED_PAYMENT_ERROR_CODES = errorCodes(
  'NOT_FOUND',
  'INVALID_STATE',
  'INVALID_INVOICE',
  'INVOICE_TOO_LARGE',
  'TOO_MANY_INVOICES',
  'LENDER_NOT_CONFIGURED',
);
export type FinancedPaymentErrorCode = (typeof FINANCED_PAYMENT_ERROR_CODES)[number];

/** `meta` is an object of one level: its values are scalars (seed 001). */
export function isFlatMeta(meta: unknown): meta is Record<string, string | number | boolean | null> {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false;
  return Object.values(meta).every((value) => value === null || ['string', 'number', 'boolean'].includes(typeof value));
}

/** The São Paulo calendar date of an instant (Brazil has had no daylight saving time since 2019). */
export function saoPauloDate(at: Date): string {
  return new Date(at.getTime() - 3 * 3_600_000).toISOString().slice(0, 10);
}

/** `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The first instant after a São Paulo date has ended: a request expiring on D is open through D. */
export function endOfSaoPauloDate(date: string): Date {
  return new Date(new Date(`${addDays(date, 1)}T00:00:00Z`).getTime() + 3 * 3_600_000);
}

/** What the lender reports about a financed payment, ordered: applying one brings the payment to its stage. */
export const LENDER_UPDATES = ['APPROVED', 'REFUSED', 'INVOICES_APPROVED', 'DISBURSED'] as const;
export type LenderUpdate = (typeof LENDER_UPDATES)[number];

/**
 * The status changes a lender's update asks of a payment in its current state, in order: an update
 * the payment is already at or past asks none (a duplicate or a late one), and one that skips a
 * stage (a payout reported before the invoices' approval) brings it through that stage too. Null:
 * not yet possible (the invoices are not uploaded), so the lender should deliver it again later.
 */
export function lenderUpdateSteps(
  current: { status: FinancedPaymentStatus; invoiceStatus: FinancingInvoiceStatus },
  update: LenderUpdate,
): Array<{ status?: FinancedPaymentStatus; invoiceStatus?: FinancingInvoiceStatus }> | null {
  const { status, invoiceStatus } = current;
  if (status === 'CANCELED' || status === 'SETTLED') return [];
  switch (update) {
    case 'REFUSED':
      return status === 'INITIALIZED' ? [{ status: 'CANCELED' }] : [];
    case 'APPROVED':
      return status === 'INITIALIZED' ? [{ status: 'AUTHORIZED' }] : [];
    case 'INVOICES_APPROVED':
    case 'DISBURSED': {
      if (invoiceStatus === 'AWAITING') return null;
      const steps: Array<{ status?: FinancedPaymentStatus; invoiceStatus?: FinancingInvoiceStatus }> = [];
      if (status === 'INITIALIZED') return null;
      if (status === 'AUTHORIZED') steps.push({ status: 'CAPTURED', invoiceStatus: 'COMPLETED' });
      if (update === 'DISBURSED') steps.push({ status: 'SETTLED' });
      return steps;
    }
  }
}

/** What an uploaded invoice is, by its bytes: a PDF, an NF-e (its XML root `nfeProc` or `NFe`), or neither. */
export function invoiceDocumentKind(bytes: Uint8Array): 'PDF' | 'NFE_XML' | null {
  const head = Buffer.from(bytes.subarray(0, 4096));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'PDF';
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Past the XML declaration, comments and processing instructions, the root element's name.
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<\?[\s\S]*?\?>\s*)*<(?:[\w-]+:)?([\w-]+)[\s>/]/.exec(text);
  return root && (root[1] === 'nfeProc' || root[1] === 'NFe') ? 'NFE_XML' : null;
}
