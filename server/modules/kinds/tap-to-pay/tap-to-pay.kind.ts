import type { Mode } from '../../../domain/api-keys.ts';
import { minorDigits } from '../../../domain/money.ts';
import { applyPayment, type CheckoutState } from '../../../domain/payment-application.ts';
import { tapToPayMachine, type TapToPayStatus } from '../../../domain/tap-to-pay.ts';
import { allowedStatus, type CheckoutKind, type LockedCheckout } from '../../checkouts/checkout-kind.ts';
import { expireByStatus, latestReceiptNumber, namedByCheckoutId } from '../../checkouts/kind-helpers.ts';
import { INVOICE_COLUMNS, invoiceOf, statusOnly, type InvoiceRow } from '../../checkouts/locked-invoice.ts';
import { TapToPaySession } from './tap-to-pay-session.entity.ts';
import { effectiveSessionStatus } from './tap-to-pay.service.ts';
import { Business } from '../../tenancy/business.entity.ts';

const PREFIX = 'nfc_sess';

/** The public status a session shows its payer. */
const PUBLIC_STATUS = { AWAITING_TAP: 'ACTIVE', COMPLETED: 'PAID', EXPIRED: 'EXPIRED' } as const;

/** An NFC terminal asking for one exact amount, for five minutes (seed 000). */
export const tapToPayKind: CheckoutKind = {
  name: 'TAP_TO_PAY',
  idPrefix: PREFIX,
  machine: tapToPayMachine,
  hostedPage: false,

  isNamedBy: namedByCheckoutId(PREFIX),

  async lock(tx, n, afterLock) {
    const id = n.checkoutId!;
    const [session] = await tx.execute<
      Array<{
        business_id: string;
        mode: Mode;
        status: TapToPayStatus;
        amount_minor: string;
        currency: string;
        invoice_id: string | null;
        customer_id: string | null;
        device_id: string;
        expires_at: Date;
      }>
    >(
      `select business_id, mode, status, amount_minor::text, currency, invoice_id, customer_id, device_id, expires_at
         from tap_to_pay_session where id = ? for update`,
      [id],
    );
    if (!session) return { checkout: null, afterLockRows: (await tx.batch([afterLock]))[0]! };
    const [[invoiceRow], afterLockRows] = (
      session.invoice_id
        ? await tx.batch([{ sql: `select ${INVOICE_COLUMNS} from invoice i where i.id = ? for update`, params: [session.invoice_id] }, afterLock])
        : [[], ...(await tx.batch([afterLock]))]
    ) as [InvoiceRow[], unknown[]];
    const invoice = invoiceRow ? invoiceOf(invoiceRow) : null;
    const amount = BigInt(session.amount_minor);
    const invoiceDue = invoice ? invoice.totalMinor - invoice.amountPaidMinor : null;
    const expiresAt = new Date(session.expires_at);
    const state: CheckoutState = {
      status: PUBLIC_STATUS[session.status],
      expiresAt,
      // The device asked for an exact amount.
      allowPartialPayment: false,
      currency: session.currency,
      amountDueMinor: invoiceDue !== null && invoiceDue < amount ? invoiceDue : amount,
    };
    const checkout: LockedCheckout = {
      id,
      businessId: session.business_id,
      mode: session.mode,
      invoice,
      metadata: { deviceId: session.device_id, ...(session.customer_id ? { customerId: session.customer_id } : {}) },
      apply: (payment) => applyPayment(state, payment),
      effects: (application, _invoiceStatus, now) => {
        if (session.status !== 'AWAITING_TAP') return statusOnly(null);
        const next = application.appliedMinor > 0n ? 'COMPLETED' : expiresAt <= now ? 'EXPIRED' : null;
        if (!next) return statusOnly(null);
        const status = allowedStatus(tapToPayMachine, session.status, next);
        return statusOnly((db) => db.updateTable('tap_to_pay_session').set({ status }).where('id', '=', id));
      },
    };
    return { checkout, afterLockRows };
  },

  async publicView(em, now, id) {
    const session = await em.findOne(TapToPaySession, { id });
    if (!session) return null;
    const business = await em.findOneOrFail(Business, { id: session.business.id });
    const status = effectiveSessionStatus(session, now);
    const paid = status === 'COMPLETED';
    return {
      id,
      businessId: business.id,
      kind: 'TAP_TO_PAY',
      merchantName: business.name,
      status: PUBLIC_STATUS[status],
      currency: session.currency,
      minorDigits: minorDigits(session.currency),
      totalMinor: session.amountMinor,
      amountPaidMinor: paid ? session.amountMinor : 0n,
      amountDueMinor: paid ? 0n : session.amountMinor,
      allowPartialPayment: false,
      minimumPaymentMinor: session.amountMinor,
      maximumPaymentMinor: session.amountMinor,
      expiresAt: session.expiresAt,
      invoiceNumber: null,
      receiptNumber: paid ? await latestReceiptNumber(em, { payment: { checkoutId: id } }) : null,
      testMode: session.mode === 'TEST',
      redirectUrl: null,
      bill: null,
      lineItems: [],
      customerName: null,
      dueDate: null,
      description: session.description,
    };
  },

  expireDue: (tx, now, limit) =>
    expireByStatus(tx, now, limit, { machine: tapToPayMachine, table: 'tap_to_pay_session', from: 'AWAITING_TAP', to: 'EXPIRED', event: 'tap_to_pay.expired' }),

  partnerReference: (view) => ({ checkoutId: view.id }),
  qrPath: () => null,
};
