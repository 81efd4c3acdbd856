import type { PipelinedTransaction, Statement } from '../../db/pipelined-transaction.ts';
import type { Mode } from '../../domain/api-keys.ts';
import { applyBillPayment, billOutstanding, billStatusAfter, splitPayment, type BillStatus, type BillTerms, type BillType, type SplitShare } from '../../domain/bills.ts';
import type { CheckoutLock } from '../payments/checkouts.ts';
import type { StoredShare } from './bill.entities.ts';

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
export async function lockBill(tx: PipelinedTransaction, ref: { paymentRef: string } | { accountNumber: string }, afterLock: Statement): Promise<CheckoutLock> {
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

  const checkout: CheckoutLock['checkout'] = {
    id: row.id,
    table: 'bill',
    businessId: row.business_id,
    mode: row.mode,
    invoice: null,
    paymentLinkId: null,
    billId: row.id,
    metadata: { paymentRef: row.payment_ref, ...(row.external_ref ? { externalRef: row.external_ref } : {}) },
    apply: (payment) => applyBillPayment(terms, payment),
    effects: (application, _invoiceStatus, now, payment) => {
      const statusAfter = billStatusAfter(terms, application.appliedMinor, now);
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
        rowUpdate: { set: 'status = ?, amount_paid_minor = ?, payment_count = payment_count + 1, updated_at = ?', params: [status, paidAfter.toString(), now] },
        reportedStatus: status.toLowerCase(),
        shares: split.shares.map((share) => ({ party: share.entityId, amountMinor: share.amountMinor })),
        events,
        paymentRef,
      };
    },
  };
  return { checkout, afterLockRows };
}
