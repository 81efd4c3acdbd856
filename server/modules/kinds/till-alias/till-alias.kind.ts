import type { PipelinedTransaction, Statement } from '../../../db/pipelined-transaction.ts';
import type { Mode } from '../../../domain/api-keys.ts';
import { minorDigits } from '../../../domain/money.ts';
import {
  applyTillAliasPayment,
  feeShare,
  formatMajorAmount,
  tillAliasMachine,
  tillAliasStatusAfter,
  type PaymentMode,
  type TillAliasStatus,
  type TillAliasTerms,
} from '../../../domain/till-aliases.ts';
import { allowedStatus, type CheckoutKind, type CheckoutLock, type LockedCheckout } from '../../checkouts/checkout-kind.ts';
import { latestReceiptNumber } from '../../checkouts/kind-helpers.ts';
import type { KindPublicView } from '../../checkouts/public-view.ts';
import type { PaymentNotification } from '../../payments/payment-notification.ts';
import { Business } from '../../tenancy/business.entity.ts';
import { invoicePassThroughPosting } from '../../../domain/ledger.ts';
import { INVOICE_COLUMNS, invoiceOf, type InvoiceRow } from '../../checkouts/locked-invoice.ts';

const min = (a: bigint, b: bigint) => (a < b ? a : b);
import { TillAlias, TillAliasFailedAttempt } from './till-alias.entity.ts';
import { raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../../domain/ids.ts';
import { OutboxEvent } from '../../outbox/outbox-event.entity.ts';
import { scopeToTenant } from '../../tenancy/tenant-scope.ts';

const PREFIX = 'ta';

/** The event the app's callback hears for every TIPS notification: the seed's clean payload (webhooks/delivery.service.ts sends it flat). */
export const TIPS_CALLBACK_EVENT = 'till_alias.payment';

const utilityRefOf = (n: { names: PaymentNotification['names'] }): string | null => (n.names && 'utilityRef' in n.names ? n.names.utilityRef : null);

/**
 * A till alias (seed 002): a Lipa number a customer pays from a wallet or bank over TIPS, named by
 * the notification's `utilityref`. Customers also see it on `/p/<id>` (the number, the amount with
 * the fee broken out); it never expires.
 */
export const tillAliasKind: CheckoutKind = {
  name: 'TILL_ALIAS',
  idPrefix: PREFIX,
  machine: tillAliasMachine,
  hostedPage: true,
  isNamedBy: (n) => utilityRefOf(n) !== null,
  lock: (tx, n, afterLock) => lockTillAlias(tx, n, afterLock),
  publicView: (em, _now, id) => publicTillAlias(em, id),
  // Lipa numbers do not expire: an invoice's number stays payable (or, deactivated, keeps what it receives).
  expireDue: async () => [],
  partnerReference: (view) => ({ utilityRef: view.tillAlias!.alias }),
  qrPath: () => null,
  recordFailedAttempt: (em, n, reason, now) => recordFailedAttempt(em, n, reason, now),
};

/**
 * A TIPS result other than SUCCESS: one row per transid (a duplicate finds it and changes nothing),
 * the alias's count, and the app's callback with the result. No balance moves. Written as the
 * alias's business (its tenant scope).
 */
async function recordFailedAttempt(em: EntityManager, n: PaymentNotification, reason: string | null, now: Date): Promise<string | null> {
  const alias = await em.fork().findOne(TillAlias, { alias: utilityRefOf(n)! }, { populate: ['app'] });
  if (!alias) return null;
  const tenant = scopeToTenant(em, { businessId: alias.business.id, mode: alias.mode });
  try {
    await tenant.transactional(async (tx) => {
      tx.create(TillAliasFailedAttempt, {
        id: newId('taf', now),
        business: alias.business.id,
        mode: alias.mode,
        tillAlias: alias.id,
        partner: n.partner,
        partnerPaymentId: n.partnerPaymentId,
        result: (reason ?? 'FAILED').slice(0, 40),
        amountMinor: n.amountMinor,
        currency: n.currency,
        createdAt: now,
      });
      await tx.flush();
      await tx.nativeUpdate(TillAlias, { id: alias.id }, { failedAttemptCount: raw('failed_attempt_count + 1'), updatedAt: now });
      tx.create(OutboxEvent, {
        id: newId('evt', now),
        business: alias.business.id,
        mode: alias.mode,
        type: TIPS_CALLBACK_EVENT,
        payload: tipsCallbackPayload(n, {
          appId: alias.app.appId,
          memo: alias.memo ?? null,
          alias: alias.alias,
          amount: formatMajorAmount(n.amountMinor, minorDigits(n.currency)),
        }),
        createdAt: now,
        dispatchedAt: null,
      });
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return null; // recorded before: a duplicate changes nothing
    throw error;
  }
  return alias.id;
}

interface TillAliasRow {
  id: string;
  alias: string;
  business_id: string;
  mode: Mode;
  app_code: string;
  entity_id: string;
  settlement_entity_id: string;
  memo: string | null;
  currency: string;
  merchant_amount_minor: string;
  fee_minor: string;
  expected_total_minor: string;
  payment_mode: PaymentMode;
  status: TillAliasStatus;
  is_active: boolean;
  amount_paid_minor: string;
  payment_count: number;
}

/**
 * Locks the alias a TIPS notification names (payments to one alias queue on its row), then the
 * invoice its memo names, if that is an open invoice of the alias's own business and mode in its
 * currency (item 5: "invoice if the memo names one of ours").
 */
async function lockTillAlias(tx: PipelinedTransaction, n: PaymentNotification, afterLock: Statement): Promise<CheckoutLock> {
  const [[row], [invoiceRow], afterLockRows] = (await tx.batch([
    {
      sql: `select t.id, t.alias, t.business_id, t.mode, a.app_id as app_code, s.entity_id, t.settlement_entity_id, t.memo, t.currency,
                   t.merchant_amount_minor::text, t.fee_minor::text, t.expected_total_minor::text, t.payment_mode, t.status, t.is_active,
                   t.amount_paid_minor::text, t.payment_count
              from till_alias t join app a on a.id = t.app_id join settlement_entity s on s.id = t.settlement_entity_id
             where t.alias = ? for update of t`,
      params: [utilityRefOf(n)],
    },
    {
      // The alias's own business and mode are the invoice's tenant condition.
      sql: `select ${INVOICE_COLUMNS}
              from till_alias t join invoice i on i.business_id = t.business_id and i.mode = t.mode and i.number = t.memo and i.currency = t.currency
             where t.alias = ? and i.status in ('OPEN', 'PARTIALLY_PAID') for update of i`,
      params: [utilityRefOf(n)],
    },
    afterLock,
  ])) as [TillAliasRow[], InvoiceRow[], unknown[]];
  if (!row) return { checkout: null, afterLockRows };
  const terms: TillAliasTerms = {
    status: row.status,
    isActive: row.is_active,
    paymentMode: row.payment_mode,
    currency: row.currency,
    merchantAmountMinor: BigInt(row.merchant_amount_minor),
    feeMinor: BigInt(row.fee_minor),
    expectedTotalMinor: BigInt(row.expected_total_minor),
    amountPaidMinor: BigInt(row.amount_paid_minor),
  };
  const invoice = invoiceRow ? invoiceOf(invoiceRow) : null;
  // The invoice is paid by the merchant's share of a payment (the fee is not its), up to what it still owes.
  const invoiceShare = (applied: bigint) =>
    invoice && applied > 0n ? min(applied - feeShare(terms, terms.amountPaidMinor, applied), invoice.totalMinor - invoice.amountPaidMinor) : 0n;
  const checkout: LockedCheckout = {
    id: row.id,
    businessId: row.business_id,
    mode: row.mode,
    invoice,
    invoiceShare: (application) => invoiceShare(application.appliedMinor),
    metadata: { alias: row.alias, appId: row.app_code, entityId: row.entity_id, ...(row.memo ? { memo: row.memo } : {}) },
    apply: (payment) => applyTillAliasPayment(terms, payment),
    effects: (application, _invoiceStatus, now) => {
      const applied = application.appliedMinor;
      const paidAfter = terms.amountPaidMinor + applied;
      const next = applied > 0n ? tillAliasStatusAfter(terms, paidAfter) : row.status;
      const status = next === row.status ? row.status : allowedStatus(tillAliasMachine, row.status, next);
      const fee = applied > 0n ? feeShare(terms, terms.amountPaidMinor, applied) : 0n;
      const digits = minorDigits(row.currency);
      return {
        // Every payment counts (exceptions too).
        rowUpdate: (db) =>
          db
            .updateTable('till_alias')
            .set((eb) => ({ status, amount_paid_minor: paidAfter, payment_count: eb('payment_count', '+', 1), updated_at: now }))
            .where('id', '=', row.id),
        reportedStatus: status.toLowerCase(),
        // The merchant amount is owed to the entity; the fee's share is the platform's income.
        shares: applied - fee > 0n ? [{ party: row.settlement_entity_id, amountMinor: applied - fee }] : [],
        principalAccount: 'PLATFORM_FEE_INCOME',
        // The merchant amount stays the entity's payable; the invoice it pays is settled out of the revenue its issue booked.
        lines: invoicePassThroughPosting(row.currency, invoiceShare(applied)),
        events: [
          [
            TIPS_CALLBACK_EVENT,
            tipsCallbackPayload(n, { appId: row.app_code, memo: row.memo, alias: row.alias, amount: formatMajorAmount(n.amountMinor, digits) }),
          ],
        ],
        paymentRef: null,
      };
    },
  };
  return { checkout, afterLockRows };
}

/**
 * The seed's clean payload for the app's callback (`webhook_id` is added at delivery: the event's
 * id). Amounts are major units as TIPS writes them.
 */
export function tipsCallbackPayload(
  n: Pick<PaymentNotification, 'partnerPaymentId' | 'currency' | 'details'>,
  alias: { appId: string; memo: string | null; alias: string; amount: string },
): Record<string, unknown> {
  return {
    transid: n.partnerPaymentId,
    amount: alias.amount,
    currency: n.currency,
    phone: n.details?.phone ?? null,
    app_id: alias.appId,
    memo: alias.memo,
    utilityref: alias.alias,
    result: n.details?.result ?? 'SUCCESS',
    received_at: n.details?.receivedAt ?? null,
  };
}

async function publicTillAlias(em: EntityManager, id: string): Promise<KindPublicView | null> {
  const alias = await em.findOne(TillAlias, { id }, { populate: ['settlementEntity'] });
  if (!alias) return null;
  const business = await em.findOneOrFail(Business, { id: alias.business.id });
  const paid = alias.status === 'PAID';
  const open = alias.isActive && !paid;
  const due = paid ? 0n : alias.expectedTotalMinor - alias.amountPaidMinor;
  return {
    id,
    businessId: business.id,
    kind: 'TILL_ALIAS',
    merchantName: business.name,
    status: paid ? 'PAID' : alias.isActive ? 'ACTIVE' : 'CANCELED',
    currency: alias.currency,
    minorDigits: minorDigits(alias.currency),
    totalMinor: alias.expectedTotalMinor,
    amountPaidMinor: alias.amountPaidMinor,
    amountDueMinor: open ? due : 0n,
    allowPartialPayment: alias.paymentMode === 'PARTIAL_AND_OVER',
    minimumPaymentMinor: !open ? 0n : alias.paymentMode === 'EXACT' ? due : 1n,
    maximumPaymentMinor: !open ? 0n : alias.paymentMode === 'EXACT' ? due : null,
    expiresAt: null,
    invoiceNumber: null,
    receiptNumber: alias.paymentCount > 0 ? await latestReceiptNumber(em, { payment: { checkoutId: alias.id } }) : null,
    testMode: alias.mode === 'TEST',
    redirectUrl: null,
    bill: null,
    tillAlias: {
      alias: alias.alias,
      name: alias.name,
      payeeName: alias.settlementEntity.name,
      memo: alias.memo ?? null,
      merchantAmountMinor: alias.merchantAmountMinor,
      feeMinor: alias.feeMinor,
      expectedTotalMinor: alias.expectedTotalMinor,
      paymentMode: alias.paymentMode,
      isActive: alias.isActive,
    },
    lineItems: [],
    customerName: null,
    dueDate: null,
    // The alias's name says what it pays for ("F. Ngoiya — Term 1"); the memo is shown once, as its reference.
    description: alias.name,
  };
}
