import type { Mode } from '../../domain/api-keys.ts';
import { applyPayment, type CheckoutState, type InvoiceStatus, type PaymentApplication } from '../../domain/payment-application.ts';
import type { PipelinedTransaction, Statement } from '../../db/pipelined-transaction.ts';
import { lockBill } from '../bills/bill-checkout.ts';
import type { PaymentNotification } from './payment-notification.ts';

/** The invoice a checkout collects for, as locked for one payment. */
export interface LockedInvoice {
  id: string;
  number: string;
  currency: string;
  totalMinor: bigint;
  amountPaidMinor: bigint;
  status: InvoiceStatus;
}

/** What a payment does to the checkout it names, beyond the invoice and the ledger's clearing line. */
export interface CheckoutEffects {
  /** The checkout row's new values as SQL assignments, or null when the row does not change. */
  rowUpdate: { set: string; params: unknown[] } | null;
  /** The status the partner's answer reports when the checkout has no invoice (a bill's), or null. */
  reportedStatus: string | null;
  /** Settlement entities' shares of the applied amount (split bills); the principal keeps the rest. */
  shares: Array<{ party: string; amountMinor: bigint }>;
  /** The checkout's own merchant events (bill.paid, bill.completed, …). */
  events: Array<[string, Record<string, unknown>]>;
  /** The payment's own reference, where a checkout gives each payment one (bills). */
  paymentRef: string | null;
}

/** A checkout of any kind, locked for one payment's transaction, in the terms reconciliation needs. */
export interface LockedCheckout {
  id: string;
  table: 'payment_link' | 'tap_to_pay_session' | 'bill';
  businessId: string;
  mode: Mode;
  invoice: LockedInvoice | null;
  paymentLinkId: string | null;
  billId: string | null;
  metadata: Record<string, unknown>;
  apply(payment: { amountMinor: bigint; currency: string; paidAt: Date }): PaymentApplication;
  effects(application: PaymentApplication, invoiceStatus: InvoiceStatus | null, now: Date, payment: { paymentId: string; amountMinor: bigint }): CheckoutEffects;
}

/** Links and sessions only ever change their status. */
const statusOnly = (status: string | null): CheckoutEffects => ({
  rowUpdate: status === null ? null : { set: 'status = ?', params: [status] },
  reportedStatus: null,
  shares: [],
  events: [],
  paymentRef: null,
});

interface InvoiceRow {
  invoice_id: string | null;
  invoice_number: string | null;
  invoice_currency: string | null;
  total_minor: string | null;
  amount_paid_minor: string | null;
  invoice_status: InvoiceStatus | null;
}

const invoiceOf = (row: InvoiceRow): LockedInvoice | null =>
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

const INVOICE_COLUMNS = `i.id as invoice_id, i.number as invoice_number, i.currency as invoice_currency, i.total_minor::text, i.amount_paid_minor::text, i.status as invoice_status`;

/** The locked checkout (null when the partner names none we know), and the rows of the statement run after the lock. */
export interface CheckoutLock {
  checkout: LockedCheckout | null;
  afterLockRows: unknown[];
}

/**
 * Locks the checkout a partner names, and its invoice: deliveries for one checkout or invoice queue
 * here, and each then sees the payments committed before it. A bill is named by its paymentRef or,
 * for a bank transfer, by its virtual account number. `afterLock` runs once the locks are held, in
 * the same round trip, so it sees everything committed before them.
 */
export async function lockCheckout(tx: PipelinedTransaction, n: PaymentNotification, afterLock: Statement): Promise<CheckoutLock> {
  if (n.billRef) return lockBill(tx, n.billRef, afterLock);
  const id = n.checkoutId;
  const unknown = async (): Promise<CheckoutLock> => ({ checkout: null, afterLockRows: (await tx.batch([afterLock]))[0]! });
  if (!id) return unknown();
  if (id.startsWith('pl_')) {
    const [[row], afterLockRows] = (await tx.batch([
      {
        sql: `select l.business_id, l.mode, l.status, l.allow_partial_payment, l.expires_at, l.metadata, ${INVOICE_COLUMNS}
                from payment_link l join invoice i on i.id = l.invoice_id where l.id = ? for update of l, i`,
        params: [id],
      },
      afterLock,
    ])) as [Array<InvoiceRow & { business_id: string; mode: Mode; status: CheckoutState['status']; allow_partial_payment: boolean; expires_at: Date; metadata: Record<string, unknown> }>, unknown[]];
    if (!row) return { checkout: null, afterLockRows };
    const invoice = invoiceOf(row)!;
    const expiresAt = new Date(row.expires_at);
    const state: CheckoutState = {
      status: row.status,
      expiresAt,
      allowPartialPayment: row.allow_partial_payment,
      currency: invoice.currency,
      amountDueMinor: invoice.totalMinor - invoice.amountPaidMinor,
    };
    const checkout: LockedCheckout = {
      id,
      table: 'payment_link',
      businessId: row.business_id,
      mode: row.mode,
      invoice,
      paymentLinkId: id,
      billId: null,
      metadata: row.metadata,
      apply: (payment) => applyPayment(state, payment),
      effects: (_application, invoiceStatus, now) =>
        statusOnly(row.status !== 'ACTIVE' ? null : invoiceStatus === 'PAID' ? 'PAID' : expiresAt <= now ? 'EXPIRED' : null),
    };
    return { checkout, afterLockRows };
  }
  if (id.startsWith('nfc_sess_')) {
    const [session] = await tx.execute<Array<{ business_id: string; mode: Mode; status: string; amount_minor: string; currency: string; invoice_id: string | null; customer_id: string | null; device_id: string; expires_at: Date }>>(
      `select business_id, mode, status, amount_minor::text, currency, invoice_id, customer_id, device_id, expires_at
         from tap_to_pay_session where id = ? for update`,
      [id],
    );
    if (!session) return unknown();
    const [[invoiceRow], afterLockRows] = (
      session.invoice_id ? await tx.batch([{ sql: `select ${INVOICE_COLUMNS} from invoice i where i.id = ? for update`, params: [session.invoice_id] }, afterLock]) : [[], ...(await tx.batch([afterLock]))]
    ) as [InvoiceRow[], unknown[]];
    const invoice = invoiceRow ? invoiceOf(invoiceRow) : null;
    const amount = BigInt(session.amount_minor);
    const invoiceDue = invoice ? invoice.totalMinor - invoice.amountPaidMinor : null;
    const expiresAt = new Date(session.expires_at);
    const state: CheckoutState = {
      status: session.status === 'AWAITING_TAP' ? 'ACTIVE' : session.status === 'COMPLETED' ? 'PAID' : 'EXPIRED',
      expiresAt,
      // The device asked for an exact amount.
      allowPartialPayment: false,
      currency: session.currency,
      amountDueMinor: invoiceDue !== null && invoiceDue < amount ? invoiceDue : amount,
    };
    const checkout: LockedCheckout = {
      id,
      table: 'tap_to_pay_session',
      businessId: session.business_id,
      mode: session.mode,
      invoice,
      paymentLinkId: null,
      billId: null,
      metadata: { deviceId: session.device_id, ...(session.customer_id ? { customerId: session.customer_id } : {}) },
      apply: (payment) => applyPayment(state, payment),
      effects: (application, _invoiceStatus, now) =>
        statusOnly(session.status !== 'AWAITING_TAP' ? null : application.appliedMinor > 0n ? 'COMPLETED' : expiresAt <= now ? 'EXPIRED' : null),
    };
    return { checkout, afterLockRows };
  }
  return unknown();
}
