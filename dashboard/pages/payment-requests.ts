import { html } from 'lit';
import { formatDateTime, formatMoney, ListPage, MONEY, statusOptions, type Column, type Money, statusBadge } from '../ui/index.ts';

interface RequestRow {
  id: string;
  orderId: string | null;
  orderDescription: string | null;
  amount: Money;
  financingStatus: string;
  installmentsCountMin: number;
  installmentsCountMax: number;
  expiresAt: string;
  url: string;
}

/** Payment requests (installment financing): filter by financing status, copy the page to send the customer. */
export class PaymentRequestsPage extends ListPage<RequestRow> {
  readonly heading = 'Payment requests';
  readonly listLabel = 'Payment requests';
  override readonly filters = [{ variable: 'status', label: 'Financing', options: statusOptions(['OPEN', 'FINANCED', 'EXPIRED', 'CANCELED']) }];
  override readonly emptyTitle = 'No payment requests yet';
  override readonly emptyText = 'A payment request lets a business customer pay in installments that a lender finances.';
  readonly query = `query ($first: Int, $after: String, $status: FinancingStatus) {
    paymentRequests(first: $first, after: $after, status: $status) {
      edges { node { id orderId orderDescription amount { ${MONEY} } financingStatus installmentsCountMin installmentsCountMax expiresAt url } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  connectionOf(data: unknown) {
    return (data as { paymentRequests: ReturnType<ListPage<RequestRow>['connectionOf']> }).paymentRequests;
  }
  columns(): Column<RequestRow>[] {
    return [
      { header: 'Order', cell: (r) => html`<span class="mono">${r.orderId ?? '—'}</span><br /><span class="muted">${r.orderDescription ?? ''}</span>` },
      { header: 'Financing', cell: (r) => statusBadge(r.financingStatus) },
      { header: 'Amount', align: 'end', cell: (r) => formatMoney(r.amount) },
      { header: 'Installments', cell: (r) => `${r.installmentsCountMin}–${r.installmentsCountMax}` },
      { header: 'Expires', cell: (r) => formatDateTime(r.expiresAt) },
      { header: 'Link', cell: (r) => html`<pc-copy-button .value=${r.url} label="Copy link"></pc-copy-button>` },
    ];
  }
}
if (!customElements.get('pc-page-payment-requests')) customElements.define('pc-page-payment-requests', PaymentRequestsPage);
