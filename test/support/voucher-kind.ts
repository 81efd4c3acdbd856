// A checkout kind that exists only in the tests: a prepaid voucher paid once for its exact amount.
// It is registered before the schema is built (import this module first) and touches no shared
// code: it proves docs/adding-a-checkout-kind.md. Its table is made by `createVoucherTable`.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../server/domain/api-keys.ts';
import { minorDigits } from '../../server/domain/money.ts';
import { applyPayment } from '../../server/domain/payment-application.ts';
import { defineMachine } from '../../server/domain/state-machine.ts';
import { allowedStatus, type CheckoutKind, type LockedCheckout } from '../../server/modules/checkouts/checkout-kind.ts';
import { expireByStatus, namedByCheckoutId } from '../../server/modules/checkouts/kind-helpers.ts';
import { statusOnly } from '../../server/modules/checkouts/locked-invoice.ts';
import { registerCheckoutKind } from '../../server/modules/checkouts/registry.ts';

export const voucherMachine = defineMachine('voucher', { ISSUED: ['REDEEMED', 'LAPSED'], REDEEMED: [], LAPSED: [] });
type VoucherStatus = (typeof voucherMachine.statuses)[number];
const PUBLIC_STATUS = { ISSUED: 'ACTIVE', REDEEMED: 'PAID', LAPSED: 'EXPIRED' } as const;

/** The kind's table as the typed builder sees it (the columns it updates). */
interface VoucherTable {
  id: string;
  status: VoucherStatus;
}

interface VoucherRow {
  id: string;
  business_id: string;
  mode: Mode;
  status: VoucherStatus;
  amount_minor: string;
  currency: string;
  expires_at: Date;
}

export const voucherKind: CheckoutKind = {
  name: 'VOUCHER',
  idPrefix: 'vch',
  machine: voucherMachine,
  hostedPage: true,
  isNamedBy: namedByCheckoutId('vch'),

  async lock(tx, n, afterLock) {
    const [[row], afterLockRows] = (await tx.batch([
      {
        sql: `select id, business_id, mode, status, amount_minor::text, currency, expires_at from test_voucher where id = ? for update`,
        params: [n.checkoutId],
      },
      afterLock,
    ])) as [VoucherRow[], unknown[]];
    if (!row) return { checkout: null, afterLockRows };
    const checkout: LockedCheckout = {
      id: row.id,
      businessId: row.business_id,
      mode: row.mode,
      invoice: null,
      metadata: { voucher: true },
      apply: (payment) =>
        applyPayment(
          {
            status: PUBLIC_STATUS[row.status],
            expiresAt: new Date(row.expires_at),
            allowPartialPayment: false,
            currency: row.currency,
            amountDueMinor: BigInt(row.amount_minor),
          },
          payment,
        ),
      effects: (application) => {
        if (row.status !== 'ISSUED' || application.appliedMinor <= 0n) return statusOnly(null);
        const status = allowedStatus(voucherMachine, row.status, 'REDEEMED');
        // Its table is its own (no entity), so it tells the typed builder about it.
        return statusOnly((db) => db.withTables<{ test_voucher: VoucherTable }>().updateTable('test_voucher').set({ status }).where('id', '=', row.id));
      },
    };
    return { checkout, afterLockRows };
  },

  async publicView(em: EntityManager, now, id) {
    const [row] = await em.execute<Array<VoucherRow & { merchant_name: string }>>(
      `select v.id, v.business_id, v.mode, v.status, v.amount_minor::text, v.currency, v.expires_at, b.name as merchant_name
         from test_voucher v join business b on b.id = v.business_id where v.id = ?`,
      [id],
    );
    if (!row) return null;
    const expiresAt = new Date(row.expires_at);
    const status = row.status === 'ISSUED' && expiresAt <= now ? 'LAPSED' : row.status;
    const amount = BigInt(row.amount_minor);
    const paid = status === 'REDEEMED';
    return {
      id,
      businessId: row.business_id,
      kind: 'VOUCHER',
      merchantName: row.merchant_name,
      status: PUBLIC_STATUS[status],
      currency: row.currency,
      minorDigits: minorDigits(row.currency),
      totalMinor: amount,
      amountPaidMinor: paid ? amount : 0n,
      amountDueMinor: paid ? 0n : amount,
      allowPartialPayment: false,
      minimumPaymentMinor: amount,
      maximumPaymentMinor: amount,
      expiresAt,
      invoiceNumber: null,
      receiptNumber: null,
      testMode: row.mode === 'TEST',
      redirectUrl: null,
      bill: null,
      lineItems: [],
      customerName: null,
      dueDate: null,
      description: null,
    };
  },

  expireDue: (tx, now, limit) =>
    expireByStatus(tx, now, limit, { machine: voucherMachine, table: 'test_voucher', from: 'ISSUED', to: 'LAPSED', event: 'voucher.lapsed' }),
  partnerReference: (view) => ({ checkoutId: view.id }),
  qrPath: () => null,
  callback: { table: 'test_voucher', urlColumn: 'callback_url', events: ['voucher.lapsed'] },
};

registerCheckoutKind(voucherKind);

/** The kind's own table, in a test's database. */
export async function createVoucherTable(em: EntityManager): Promise<void> {
  await em.execute(`create table if not exists test_voucher (
    id varchar(40) primary key, business_id varchar(40) not null, mode text not null, status text not null,
    amount_minor bigint not null, currency varchar(3) not null, invoice_id varchar(40) null, expires_at timestamptz not null,
    callback_url varchar(2048) null)`);
}
