import type { EntityManager } from '@mikro-orm/postgresql';
import type { PipelinedTransaction, Statement } from '../../../db/pipelined-transaction.ts';
import type { Mode } from '../../../domain/api-keys.ts';
import {
  applyBillPayment,
  billMachine,
  billOutstanding,
  billStatusAfter,
  dynamicPaymentBounds,
  isOpen,
  splitPayment,
  type BillStatus,
  type BillTerms,
  type BillType,
  type SplitShare,
} from '../../../domain/bills.ts';
import { minorDigits } from '../../../domain/money.ts';
import type { KindPublicView } from '../../checkouts/public-view.ts';
import { allowedStatus, type CheckoutKind, type CheckoutLock, type LockedCheckout } from '../../checkouts/checkout-kind.ts';
import { latestReceiptNumber, writeTenantEvents } from '../../checkouts/kind-helpers.ts';
import type { PaymentNotification } from '../../payments/payment-notification.ts';
import { Bill, type StoredShare } from './bill.entities.ts';
import { billTermsOf } from './bills.service.ts';
import { Business } from '../../tenancy/business.entity.ts';
import type { PlatformJob } from '../../tenancy/job-context.ts';

/**
 * A payment bill (seed 003): regular or dynamic, named by its payment reference or, for a bank
 * transfer, by its virtual account number.
 */
export const billKind: CheckoutKind = {
  name: 'BILL',
  idPrefix: 'bill',
  machine: billMachine,
  hostedPage: true,
  // A bill is named by its payment reference or by the virtual account paid into.
  isNamedBy: (n) => billReferenceOf(n) !== null,
  lock: (tx, n, afterLock) => lockBill(tx, billReferenceOf(n)!, afterLock),
  publicView: (em, now, id) => publicBill(em, now, id),
  expireDue: (tx, now, limit) => expireBills(tx, now, limit),
  // A transfer to a bill with a virtual account goes to that account; anything else quotes its reference.
  partnerReference: (view, method) =>
    method === 'BANK_TRANSFER' && view.bill?.virtualAccount ? { accountNumber: view.bill.virtualAccount.accountNumber } : { paymentRef: view.bill!.paymentRef },
  qrPath: (view) => (view.bill?.showQrCode ? `/v1/bills/${view.id}/qr.png` : null),
  callback: {
    table: 'bill',
    urlColumn: 'callback_url',
    events: ['bill.payment_received', 'bill.paid', 'bill.completed', 'bill.expired'],
    eventIdField: 'billId',
  },
};

interface BillRow {
  id: string;
  payment_ref: string;
  business_id: string;
  mode: Mode;
  type: BillType;
  status: BillStatus;
  currency: string;
  amount_minor: string | null;
  amount_paid_minor: string;
  payment_count: number;
  is_flexible: boolean;
  minimum_amount_minor: string | null;
  maximum_amount_minor: string | null;
  target_amount_minor: string | null;
  split: boolean;
  subaccounts: StoredShare[];
  external_ref: string | null;
  expires_at: Date | null;
}

const big = (value: string | null) => (value === null ? null : BigInt(value));

/**
 * Locks a bill for one payment, by its payment reference or its virtual account number. Payments to
 * one bill queue on its row; each sees the amount paid before it, so a target is never over-applied.
 */
type BillReference = { paymentRef: string } | { accountNumber: string };
const billReferenceOf = (n: PaymentNotification): BillReference | null => (n.names && ('paymentRef' in n.names || 'accountNumber' in n.names) ? n.names : null);

async function lockBill(tx: PipelinedTransaction, ref: BillReference, afterLock: Statement): Promise<CheckoutLock> {
  const [column, value] = 'paymentRef' in ref ? ['payment_ref', ref.paymentRef] : ['virtual_account_number', ref.accountNumber];
  const [[row], afterLockRows] = (await tx.batch([
    {
      sql: `select id, payment_ref, business_id, mode, type, status, currency, amount_minor::text, amount_paid_minor::text, payment_count, is_flexible,
                   minimum_amount_minor::text, maximum_amount_minor::text, target_amount_minor::text, split, subaccounts, external_ref, expires_at
              from bill where ${column} = ? for update`,
      params: [value],
    },
    afterLock,
  ])) as [BillRow[], unknown[]];
  if (!row) return { checkout: null, afterLockRows };
  const terms: BillTerms = {
    type: row.type,
    status: row.status,
    currency: row.currency,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    amountMinor: big(row.amount_minor),
    amountPaidMinor: BigInt(row.amount_paid_minor),
    isFlexible: row.is_flexible,
    minimumMinor: big(row.minimum_amount_minor),
    maximumMinor: big(row.maximum_amount_minor),
    targetMinor: big(row.target_amount_minor),
  };
  const shares: SplitShare[] = row.split
    ? row.subaccounts.map((share) =>
        share.amountMinor != null
          ? { entityId: share.settlementEntityId, amountMinor: BigInt(share.amountMinor) }
          : { entityId: share.settlementEntityId, basisPoints: share.basisPoints! },
      )
    : [];
  const entityIdOf = new Map(row.subaccounts.map((share) => [share.settlementEntityId, share.entityId]));

  const checkout: LockedCheckout = {
    id: row.id,
    businessId: row.business_id,
    mode: row.mode,
    invoice: null,
    metadata: { paymentRef: row.payment_ref, ...(row.external_ref ? { externalRef: row.external_ref } : {}) },
    apply: (payment) => applyBillPayment(terms, payment),
    effects: (application, _invoiceStatus, now, payment) => {
      const statusAfter = billStatusAfter(terms, application.appliedMinor, now);
      if (statusAfter) allowedStatus(billMachine, row.status, statusAfter);
      const status = statusAfter ?? row.status;
      const paidAfter = terms.amountPaidMinor + application.appliedMinor;
      const split = splitPayment(application.appliedMinor, shares);
      const paymentRef = `${row.payment_ref}-${row.payment_count + 1}`;
      const outstanding = billOutstanding({ ...terms, amountPaidMinor: paidAfter });
      const about = {
        billId: row.id,
        paymentRef: row.payment_ref,
        type: row.type,
        status,
        currency: row.currency,
        amountPaidMinor: Number(paidAfter),
        outstandingMinor: outstanding === null ? null : Number(outstanding),
        targetAmountMinor: terms.targetMinor === null ? null : Number(terms.targetMinor),
        externalRef: row.external_ref,
      };
      const events: Array<[string, Record<string, unknown>]> = [];
      if (application.appliedMinor > 0n) {
        events.push([
          'bill.payment_received',
          {
            ...about,
            paymentId: payment.paymentId,
            billPaymentRef: paymentRef,
            amountMinor: Number(application.appliedMinor),
            shares: split.shares.map((share) => ({ entityId: entityIdOf.get(share.entityId), amountMinor: Number(share.amountMinor) })),
            principalMinor: Number(split.principalMinor),
          },
        ]);
      }
      if (statusAfter === 'PAID') events.push(['bill.paid', about]);
      if (statusAfter === 'COMPLETED') events.push(['bill.completed', about]);
      if (statusAfter === 'EXPIRED') events.push(['bill.expired', { ...about, expiresAt: terms.expiresAt!.toISOString() }]);
      return {
        // Every payment counts (exceptions too), so the next one gets the next reference.
        rowUpdate: (db) =>
          db
            .updateTable('bill')
            .set((eb) => ({ status, amount_paid_minor: paidAfter, payment_count: eb('payment_count', '+', 1), updated_at: now }))
            .where('id', '=', row.id),
        reportedStatus: status.toLowerCase(),
        shares: split.shares.map((share) => ({ party: share.entityId, amountMinor: share.amountMinor })),
        events,
        paymentRef,
      };
    },
  };
  return { checkout, afterLockRows };
}

/**
 * A bill as its payer sees it. A regular bill asks for what it still owes; a dynamic one for the next
 * payment, within its bounds: "total" is then its target (or the fixed amount when it has none).
 */
async function publicBill(em: EntityManager, now: Date, id: string): Promise<KindPublicView | null> {
  const bill = await em.findOne(Bill, { id });
  if (!bill) return null;
  const business = await em.findOneOrFail(Business, { id: bill.business.id });
  const terms = billTermsOf(bill, now);
  const status = terms.status;
  const open = isOpen(status);
  const outstanding = billOutstanding(terms);
  const bounds = bill.type === 'REGULAR' ? { leastMinor: outstanding!, mostMinor: outstanding } : dynamicPaymentBounds(terms);
  // What "Pay" offers by default: the amount due, or for a flexible bill its suggestion within the bounds.
  const suggested = bill.amountMinor ?? bounds.leastMinor;
  const due = !open
    ? 0n
    : bounds.mostMinor !== null && suggested > bounds.mostMinor
      ? bounds.mostMinor
      : suggested < bounds.leastMinor
        ? bounds.leastMinor
        : suggested;
  const done = status === 'PAID' || status === 'COMPLETED';
  return {
    id,
    businessId: business.id,
    kind: 'BILL',
    merchantName: business.name,
    status: open ? 'ACTIVE' : done ? 'PAID' : status === 'CANCELED' ? 'CANCELED' : 'EXPIRED',
    currency: bill.currency,
    minorDigits: minorDigits(bill.currency),
    totalMinor: bill.type === 'REGULAR' ? bill.amountMinor! : (bill.targetAmountMinor ?? bill.amountMinor ?? 0n),
    amountPaidMinor: bill.amountPaidMinor,
    amountDueMinor: due,
    allowPartialPayment: bill.type === 'DYNAMIC' && bill.isFlexible,
    minimumPaymentMinor: open ? bounds.leastMinor : 0n,
    maximumPaymentMinor: open ? bounds.mostMinor : 0n,
    expiresAt: bill.expiresAt ?? null,
    invoiceNumber: null,
    receiptNumber: bill.paymentCount > 0 ? await latestReceiptNumber(em, { payment: { checkoutId: bill.id } }) : null,
    testMode: bill.mode === 'TEST',
    redirectUrl: bill.redirectUrl ?? null,
    bill: {
      paymentRef: bill.paymentRef,
      type: bill.type,
      status,
      isFlexible: bill.isFlexible,
      targetAmountMinor: bill.targetAmountMinor ?? null,
      narration: bill.narration ?? null,
      showQrCode: bill.qrcode,
      virtualAccount: bill.virtualAccountNumber
        ? { accountNumber: bill.virtualAccountNumber, bankName: bill.virtualBankName!, accountName: bill.virtualAccountName! }
        : null,
    },
    lineItems: [],
    customerName: null,
    dueDate: null,
    description: bill.narration ?? null,
  };
}

/** Open bills past their time, with the bill.expired event (what they collected stays theirs). */
async function expireBills(sweep: PlatformJob, now: Date, limit: number): Promise<string[]> {
  const rows = await sweep.em.execute<
    Array<{
      id: string;
      business_id: string;
      mode: 'TEST' | 'LIVE';
      payment_ref: string;
      type: string;
      currency: string;
      amount_paid_minor: string;
      external_ref: string | null;
      expires_at: Date;
    }>
  >(
    `update bill set status = 'EXPIRED', updated_at = ? where id in (
       select id from bill where status in ('PENDING', 'ACTIVE') and expires_at <= ? order by expires_at limit ? for update skip locked
     ) returning id, business_id, mode, payment_ref, type, currency, amount_paid_minor::text, external_ref, expires_at`,
    [now, now, limit],
  );
  await writeTenantEvents(
    sweep,
    now,
    rows.map((row) => ({
      businessId: row.business_id,
      mode: row.mode,
      type: 'bill.expired',
      payload: {
        billId: row.id,
        paymentRef: row.payment_ref,
        type: row.type,
        status: 'EXPIRED',
        currency: row.currency,
        amountPaidMinor: Number(row.amount_paid_minor),
        externalRef: row.external_ref,
        expiresAt: new Date(row.expires_at).toISOString(),
      },
    })),
  );
  return rows.map((row) => row.id);
}
