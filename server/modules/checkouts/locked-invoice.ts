import type { InvoiceStatus } from '../../domain/payment-application.ts';
import type { CheckoutEffects, LockedInvoice, RowUpdate } from './checkout-kind.ts';

/** An invoice's columns as a kind's lock statement selects them (aliased `i`). */
export const INVOICE_COLUMNS = `i.id as invoice_id, i.number as invoice_number, i.currency as invoice_currency, i.total_minor::text, i.amount_paid_minor::text, i.status as invoice_status`;

export interface InvoiceRow {
  invoice_id: string | null;
  invoice_number: string | null;
  invoice_currency: string | null;
  total_minor: string | null;
  amount_paid_minor: string | null;
  invoice_status: InvoiceStatus | null;
}

export const invoiceOf = (row: InvoiceRow): LockedInvoice | null =>
  row.invoice_id
    ? {
        id: row.invoice_id,
        number: row.invoice_number!,
        currency: row.invoice_currency!,
        totalMinor: BigInt(row.total_minor!),
        amountPaidMinor: BigInt(row.amount_paid_minor!),
        status: row.invoice_status!,
      }
    : null;

/** The effects of a payment on a checkout that only ever changes its status (the kind's update of it, or null). */
export const statusOnly = (rowUpdate: RowUpdate | null): CheckoutEffects => ({
  rowUpdate,
  reportedStatus: null,
  shares: [],
  events: [],
  paymentRef: null,
});
