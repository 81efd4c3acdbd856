import { html } from 'lit';
import { formatDateTime, formatMoney, ListPage, MONEY, type Column, type Money } from '../ui/index.ts';

interface PaymentRow {
  id: string;
  paidAt: string;
  partner: string;
  partnerPaymentId: string;
  amount: Money;
  applied: Money;
  customerCredit: Money;
  suspense: Money;
  invoiceId: string | null;
  billPaymentRef: string | null;
  exception: string | null;
}

/** Why not all of a payment applied (the API's exception codes), in words. */
const EXCEPTION_WORDS: Record<string, string> = {
  UNKNOWN_CHECKOUT: 'Names no checkout we know',
  CURRENCY_MISMATCH: 'In another currency',
  CHECKOUT_EXPIRED: 'Paid after the checkout expired',
  CHECKOUT_CANCELED: 'Paid after the checkout was canceled',
  UNDERPAYMENT: 'Less than was due',
  OVERPAYMENT: 'More than was due',
  ALREADY_PAID: 'Already paid',
  BELOW_MINIMUM: 'Below the bill’s minimum',
  ABOVE_MAXIMUM: 'Above the bill’s maximum',
  TARGET_REACHED: 'After the bill reached its target',
  AMOUNT_LIMIT: 'Past the amount limit',
  ALIAS_INACTIVE: 'To a deactivated Lipa number',
};

/** Payments as the partners reported them, and where each went (applied, the payer's credit, suspense). */
export class PaymentsPage extends ListPage<PaymentRow> {
  readonly heading = 'Payments';
  readonly listLabel = 'Payments';
  override readonly searchLabel = 'Search payment id or reference';
  override readonly emptyTitle = 'No payments yet';
  override readonly emptyText = 'Payments show here as soon as your customers pay a link, a bill or a Lipa number.';
  readonly query = `query ($first: Int, $after: String, $search: String) {
    payments(first: $first, after: $after, search: $search) {
      edges { node { id paidAt partner partnerPaymentId amount { ${MONEY} } applied { ${MONEY} } customerCredit { ${MONEY} } suspense { ${MONEY} } invoiceId billPaymentRef exception } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  connectionOf(data: unknown) {
    return (data as { payments: ReturnType<ListPage<PaymentRow>['connectionOf']> }).payments;
  }
  columns(): Column<PaymentRow>[] {
    return [
      { header: 'Paid', cell: (r) => formatDateTime(r.paidAt) },
      { header: 'Payment', cell: (r) => html`<span class="mono">${r.id}</span><br /><span class="muted">${r.partner} ${r.partnerPaymentId}</span>` },
      { header: 'For', cell: (r) => html`<span class="mono">${r.invoiceId ?? r.billPaymentRef ?? '—'}</span>` },
      { header: 'Amount', align: 'end', cell: (r) => formatMoney(r.amount) },
      { header: 'Applied', align: 'end', cell: (r) => formatMoney(r.applied) },
      {
        header: 'Credit / suspense',
        align: 'end',
        cell: (r) =>
          html`${formatMoney(r.customerCredit)} /
          ${formatMoney(r.suspense)}${r.exception ? html`<br /><span class="muted" title=${r.exception}>${EXCEPTION_WORDS[r.exception] ?? r.exception}</span>` : ''}`,
      },
    ];
  }
}
if (!customElements.get('pc-page-payments')) customElements.define('pc-page-payments', PaymentsPage);
