import { billOutstanding } from '../../../domain/bills.ts';
import { exactJsonInteger } from '../../../domain/money.ts';
import type { Payment } from '../../payments/payment.entities.ts';
import type { Bill } from './bill.entities.ts';
import { billTermsOf, effectiveBillStatus } from './bills.service.ts';

// Exact whatever the size: a bill written before amounts paid were capped must still read true.
const minor = (value: bigint | null | undefined) => (value == null ? null : exactJsonInteger(value));

/**
 * A bill as the re-query route answers it (seed 003's shape: lower-case type and status, amounts as
 * integers of minor units, subaccounts by `accountRef`), with each payment made to it.
 */
export function billStatement(bill: Bill, payments: Payment[], now: Date, publicUrl: string) {
  const outstanding = billOutstanding(billTermsOf(bill, now));
  return {
    id: bill.id,
    paymentRef: bill.paymentRef,
    merchantId: bill.business.id,
    type: bill.type.toLowerCase(),
    status: effectiveBillStatus(bill, now).toLowerCase(),
    currency: bill.currency,
    amount: minor(bill.amountMinor),
    amountPaid: minor(bill.amountPaidMinor),
    outstanding: minor(outstanding),
    isFlexible: bill.isFlexible,
    minimumAmount: minor(bill.minimumAmountMinor),
    maximumAmount: minor(bill.maximumAmountMinor),
    targetAmount: minor(bill.targetAmountMinor),
    transactionCharge: 0,
    email: bill.email,
    narration: bill.narration ?? null,
    externalRef: bill.externalRef ?? null,
    split: bill.split,
    subaccounts: bill.subaccounts.map((share) =>
      share.amountMinor != null
        ? { accountRef: share.entityId, amount: Number(share.amountMinor) }
        : { accountRef: share.entityId, percentage: share.basisPoints! / 100 },
    ),
    expiry: bill.expiresAt != null,
    expiresAt: bill.expiresAt?.toISOString() ?? null,
    virtual: bill.virtualAccountNumber != null,
    virtualAccount: bill.virtualAccountNumber
      ? { accountNumber: bill.virtualAccountNumber, bankName: bill.virtualBankName, accountName: bill.virtualAccountName }
      : null,
    paymentUrl: `${publicUrl}/p/${bill.id}`,
    qrCode: bill.qrcode ? `${publicUrl}/v1/bills/${bill.id}/qr.png` : null,
    payments: payments.map((payment) => ({
      paymentRef: payment.billPaymentRef ?? null,
      partnerPaymentId: payment.partnerPaymentId,
      amount: minor(payment.amountMinor),
      applied: minor(payment.appliedMinor),
      exception: payment.exception ?? null,
      paidAt: payment.paidAt.toISOString(),
    })),
    createdAt: bill.createdAt.toISOString(),
    updatedAt: bill.updatedAt.toISOString(),
  };
}
