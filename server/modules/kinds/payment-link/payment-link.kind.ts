import { minorDigits } from '../../../domain/money.ts';
import { applyPayment, type CheckoutState } from '../../../domain/payment-application.ts';
import { paymentLinkMachine, type PaymentLinkStatus } from '../../../domain/payment-links.ts';
import { allowedStatus, type CheckoutKind, type LockedCheckout } from '../../checkouts/checkout-kind.ts';
import { INVOICE_COLUMNS, invoiceOf, statusOnly, type InvoiceRow } from '../../checkouts/locked-invoice.ts';
import { expireByStatus, latestReceiptNumber, namedByCheckoutId, publicLineItems } from '../../checkouts/kind-helpers.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { effectiveLinkStatus } from './payment-links.service.ts';
import { PaymentLink } from './payment-link.entity.ts';
import { Business } from '../../tenancy/business.entity.ts';
import type { Mode } from '../../../domain/api-keys.ts';

const PREFIX = 'pl';

/** A hosted checkout for one invoice (seed 000): paid when its invoice is, partially if allowed. */
export const paymentLinkKind: CheckoutKind = {
  name: 'PAYMENT_LINK',
  idPrefix: PREFIX,
  machine: paymentLinkMachine,
  hostedPage: true,

  isNamedBy: namedByCheckoutId(PREFIX),

  async lock(tx, n, afterLock) {
    const id = n.checkoutId!;
    const [[row], afterLockRows] = (await tx.batch([
      {
        sql: `select l.business_id, l.mode, l.status, l.allow_partial_payment, l.expires_at, l.metadata, ${INVOICE_COLUMNS}
                from payment_link l join invoice i on i.id = l.invoice_id where l.id = ? for update of l, i`,
        params: [id],
      },
      afterLock,
    ])) as [
      Array<
        InvoiceRow & {
          business_id: string;
          mode: Mode;
          status: PaymentLinkStatus;
          allow_partial_payment: boolean;
          expires_at: Date;
          metadata: Record<string, unknown>;
        }
      >,
      unknown[],
    ];
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
      businessId: row.business_id,
      mode: row.mode,
      invoice,
      metadata: row.metadata,
      apply: (payment) => applyPayment(state, payment),
      effects: (_application, invoiceStatus, now) => {
        if (row.status !== 'ACTIVE') return statusOnly(null);
        const next = invoiceStatus === 'PAID' ? 'PAID' : expiresAt <= now ? 'EXPIRED' : null;
        if (!next) return statusOnly(null);
        const status = allowedStatus(paymentLinkMachine, row.status, next);
        return statusOnly((db) => db.updateTable('payment_link').set({ status }).where('id', '=', id));
      },
    };
    return { checkout, afterLockRows };
  },

  async publicView(em, now, id) {
    const link = await em.findOne(PaymentLink, { id });
    if (!link) return null;
    const [invoice, business] = await Promise.all([em.findOneOrFail(Invoice, { id: link.invoice.id }), em.findOneOrFail(Business, { id: link.business.id })]);
    const status = effectiveLinkStatus(link, now);
    const due = invoice.totalMinor - invoice.amountPaidMinor;
    return {
      id,
      businessId: business.id,
      kind: 'PAYMENT_LINK',
      merchantName: business.name,
      status,
      currency: invoice.currency,
      minorDigits: minorDigits(invoice.currency),
      totalMinor: invoice.totalMinor,
      amountPaidMinor: invoice.amountPaidMinor,
      amountDueMinor: due,
      allowPartialPayment: link.allowPartialPayment,
      minimumPaymentMinor: link.allowPartialPayment ? 1n : due,
      maximumPaymentMinor: due,
      expiresAt: link.expiresAt,
      invoiceNumber: invoice.number,
      receiptNumber: status === 'PAID' ? await latestReceiptNumber(em, { invoice: invoice.id }) : null,
      testMode: link.mode === 'TEST',
      redirectUrl: link.redirectUrl ?? null,
      bill: null,
      lineItems: publicLineItems(invoice.lineItems),
      customerName: invoice.customerName,
      dueDate: invoice.dueDate,
      description: null,
    };
  },

  expireDue: (tx, now, limit) =>
    expireByStatus(tx, now, limit, { machine: paymentLinkMachine, table: 'payment_link', from: 'ACTIVE', to: 'EXPIRED', event: 'payment_link.expired' }),

  partnerReference: (view) => ({ checkoutId: view.id }),
  qrPath: (view) => `/v1/payment-links/${view.id}/qr.png`,
  // Its URL hears the payment and invoice news only (not payment_link.expired).
  callback: { table: 'payment_link', urlColumn: 'callback_url', events: [] },
};
