import { html } from 'lit';
import { formatDateTime, formatMoney, ListPage, MONEY, statusOptions, type Column, type Money, statusBadge } from '../ui/index.ts';

interface BillRow {
  id: string;
  paymentRef: string;
  email: string;
  type: string;
  status: string;
  amount: Money | null;
  amountPaid: Money;
  paymentUrl: string;
  createdAt: string;
}

/** Bills (seed 003's pay-by-reference bills): filter by status, copy a bill's payment page. */
export class BillsPage extends ListPage<BillRow> {
  readonly heading = 'Bills';
  readonly listLabel = 'Bills';
  override readonly filters = [
    { variable: 'status', label: 'Status', options: statusOptions(['PENDING', 'ACTIVE', 'PAID', 'COMPLETED', 'EXPIRED', 'CANCELED']) },
  ];
  override readonly emptyTitle = 'No bills yet';
  override readonly emptyText = 'Bills are created through the API (createBill); each has a reference your customer pays by.';
  readonly query = `query ($first: Int, $after: String, $status: BillStatus) {
    bills(first: $first, after: $after, status: $status) {
      edges { node { id paymentRef email type status amount { ${MONEY} } amountPaid { ${MONEY} } paymentUrl createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  connectionOf(data: unknown) {
    return (data as { bills: ReturnType<ListPage<BillRow>['connectionOf']> }).bills;
  }
  columns(): Column<BillRow>[] {
    return [
      { header: 'Reference', cell: (r) => html`<span class="mono">${r.paymentRef}</span>` },
      { header: 'Payer', cell: (r) => r.email },
      { header: 'Type', cell: (r) => (r.type === 'DYNAMIC' ? 'Dynamic' : 'Regular') },
      { header: 'Status', cell: (r) => statusBadge(r.status) },
      { header: 'Amount', align: 'end', cell: (r) => (r.amount ? formatMoney(r.amount) : 'Any') },
      { header: 'Paid', align: 'end', cell: (r) => formatMoney(r.amountPaid) },
      { header: 'Created', cell: (r) => formatDateTime(r.createdAt) },
      { header: 'Link', cell: (r) => html`<pc-copy-button .value=${r.paymentUrl} label="Copy link"></pc-copy-button>` },
    ];
  }
}
if (!customElements.get('pc-page-bills')) customElements.define('pc-page-bills', BillsPage);
