import type { Mode } from '../../../domain/api-keys.ts';
import { minorDigits } from '../../../domain/money.ts';
import { financedPaymentMachine, paymentRequestMachine } from '../../../domain/payment-requests.ts';
import { allowedStatus, type CheckoutKind } from '../../checkouts/checkout-kind.ts';
import { publicLineItems, writeTenantEvents } from '../../checkouts/kind-helpers.ts';
import type { KindPublicView, PublicCheckout } from '../../checkouts/public-view.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { Business } from '../../tenancy/business.entity.ts';
import type { PlatformJob } from '../../tenancy/job-context.ts';
import { latestFinancingOf } from './financing.service.ts';
import type { FinancedPayment, PaymentRequest } from './payment-request.entities.ts';
import { effectiveRequestStatus, findByCheckoutId } from './payment-requests.service.ts';

const PREFIX = 'preq';

/**
 * A payment request (issue 14, seed 001): a business customer finances the purchase with a lender
 * in installments on its hosted page. No bank partner ever pays it (the lender pays the merchant,
 * on its own webhook), so no notification names it; it expires after seven days and its
 * authorized-but-not-captured financings are canceled on time by the same sweep.
 *
 * Its checkout goes by `checkoutId` (`preq_` and 192 random bits), never by the request's id:
 * the page shows the customer's CNPJ and order, and ids are time-ordered. Its live updates
 * and the ids its sweep returns are checkout ids too.
 */
export const paymentRequestKind: CheckoutKind = {
  name: 'PAYMENT_REQUEST',
  idPrefix: PREFIX,
  machine: paymentRequestMachine,
  hostedPage: true,
  isNamedBy: () => false,
  lock: () => Promise.reject(new Error('No partner payment names a payment request')),
  publicView: (em, now, checkoutId) => publicPaymentRequest(em, now, checkoutId),
  expireDue: async (sweep, now, limit) => [...new Set([...(await expireRequests(sweep, now, limit)), ...(await cancelUncaptured(sweep, now, limit))])],
  partnerReference: (view) => ({ checkoutId: view.id }),
  qrPath: () => null,
};

/** How the checkout reads: payable (the plans, then the financing's progress) until paid out, expired or canceled. */
function checkoutStatus(request: PaymentRequest, financing: FinancedPayment | null, now: Date): PublicCheckout['status'] {
  const status = effectiveRequestStatus(request, now);
  if (status === 'OPEN') return 'ACTIVE';
  if (status !== 'FINANCED') return status;
  if (financing?.status === 'SETTLED') return 'PAID';
  return financing?.status === 'CANCELED' ? 'CANCELED' : 'ACTIVE';
}

async function publicPaymentRequest(em: Parameters<CheckoutKind['publicView']>[0], now: Date, checkoutId: string): Promise<KindPublicView | null> {
  const request = await findByCheckoutId(em, checkoutId);
  if (!request) return null;
  const [business, invoice, financing] = await Promise.all([
    em.findOneOrFail(Business, { id: request.business.id }),
    request.invoice ? em.findOneOrFail(Invoice, { id: request.invoice.id }) : null,
    latestFinancingOf(em, request.id),
  ]);
  const status = checkoutStatus(request, financing, now);
  const paid = status === 'PAID';
  return {
    id: checkoutId,
    businessId: business.id,
    kind: 'PAYMENT_REQUEST',
    merchantName: business.name,
    status,
    currency: request.currency,
    minorDigits: minorDigits(request.currency),
    totalMinor: request.amountMinor,
    amountPaidMinor: paid ? request.amountMinor : 0n,
    amountDueMinor: paid ? 0n : request.amountMinor,
    allowPartialPayment: false,
    minimumPaymentMinor: request.amountMinor,
    maximumPaymentMinor: request.amountMinor,
    expiresAt: request.expiresAt,
    invoiceNumber: invoice?.number ?? null,
    receiptNumber: null,
    testMode: request.mode === 'TEST',
    redirectUrl: null,
    bill: null,
    lineItems: invoice ? publicLineItems(invoice.lineItems) : [],
    customerName: invoice?.customerName ?? null,
    dueDate: null,
    description: request.orderDescription ?? null,
    paymentRequest: {
      orderId: request.orderId ?? null,
      orderDescription: request.orderDescription ?? null,
      customerTaxId: request.customerTaxId ?? null,
      financingStatus: effectiveRequestStatus(request, now),
      expiresOn: request.expiresOn,
      installmentsCountMin: request.installmentsCountMin,
      installmentsCountMax: request.installmentsCountMax,
      financing: financing && {
        status: financing.status,
        installmentsCount: financing.installmentsCount,
        installmentAmountMinor: BigInt(financing.quote.installmentAmountMinor),
        customerTotalMinor: BigInt(financing.quote.customerTotalMinor),
        firstInstallmentDate: financing.firstInstallmentDate,
        cetMonthly: financing.quote.cetMonthly,
        interestFree: financing.quote.interestFree,
        cancelReason: financing.cancelReason ?? null,
        lenderPaidAt: financing.lenderPaidAt ?? null,
      },
    },
  };
}

/**
 * Open requests past their time become EXPIRED, each with `payment_request.expired`; one whose
 * financing the lender is deciding right now waits for the decision (an approval finances it).
 */
async function expireRequests(sweep: PlatformJob, now: Date, limit: number): Promise<string[]> {
  const to = allowedStatus(paymentRequestMachine, 'OPEN', 'EXPIRED');
  const rows = await sweep.em.execute<Array<{ id: string; checkout_id: string; business_id: string; mode: Mode; expires_on: string; order_id: string | null }>>(
    `update payment_request set status = ?, updated_at = ? where id in (
       select r.id from payment_request r
        where r.status = 'OPEN' and r.expires_at <= ?
          and not exists (select 1 from financed_payment f where f.payment_request_id = r.id and f.status = 'INITIALIZED')
        order by r.expires_at limit ? for update of r skip locked
     ) returning id, checkout_id, business_id, mode, expires_on, order_id`,
    [to, now, now, limit],
  );
  await writeTenantEvents(
    sweep,
    now,
    rows.map((row) => ({
      businessId: row.business_id,
      mode: row.mode,
      type: 'payment_request.expired',
      payload: { paymentRequestId: row.id, checkoutId: row.id, orderId: row.order_id, expiresOn: row.expires_on },
    })),
  );
  return rows.map((row) => row.checkout_id);
}

/** Authorized financings the merchant did not capture (invoice) in time are canceled, each with `financing.canceled`. */
async function cancelUncaptured(sweep: PlatformJob, now: Date, limit: number): Promise<string[]> {
  const to = allowedStatus(financedPaymentMachine, 'AUTHORIZED', 'CANCELED');
  const reason = 'Canceled: the merchant did not send the invoices in time.';
  const rows = await sweep.em.execute<
    Array<{
      id: string;
      checkout_id: string;
      business_id: string;
      mode: Mode;
      payment_request_id: string;
      amount_minor: string;
      merchant_total_amount_minor: string;
      currency: string;
    }>
  >(
    `update financed_payment f set status = ?, cancel_reason = ?, updated_at = ? from payment_request r where r.id = f.payment_request_id and f.id in (
       select id from financed_payment where status = 'AUTHORIZED' and capture_by <= ? order by capture_by limit ? for update skip locked
     ) returning f.id, r.checkout_id, f.business_id, f.mode, f.payment_request_id, f.amount_minor, f.merchant_total_amount_minor, f.currency`,
    [to, reason, now, now, limit],
  );
  await writeTenantEvents(
    sweep,
    now,
    rows.map((row) => ({
      businessId: row.business_id,
      mode: row.mode,
      type: 'financing.canceled',
      payload: {
        financedPaymentId: row.id,
        checkoutId: row.payment_request_id,
        paymentRequestId: row.payment_request_id,
        status: to,
        amountMinor: Number(row.amount_minor),
        merchantTotalAmountMinor: Number(row.merchant_total_amount_minor),
        currency: row.currency,
        reason,
      },
    })),
  );
  return rows.map((row) => row.checkout_id);
}
