import { html } from 'lit';
import { formatDateTime, formatMoney, ListPage, MONEY, type Column, type Money } from '../ui/index.ts';

interface ReceiptRow {
  id: string;
  number: string;
  amount: Money;
  paymentId: string;
  invoiceId: string | null;
  createdAt: string;
  url: string;
}

/** Receipts issued for payments. */
export class ReceiptsPage extends ListPage<ReceiptRow> {
  readonly heading = 'Receipts';
  readonly listLabel = 'Receipts';
  override readonly emptyTitle = 'No receipts yet';
  override readonly emptyText = 'Every payment gets a numbered receipt; they show here.';
  readonly query = `query ($first: Int, $after: String) {
    receipts(first: $first, after: $after) {
      edges { node { id number amount { ${MONEY} } paymentId invoiceId createdAt url } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  connectionOf(data: unknown) {
    return (data as { receipts: ReturnType<ListPage<ReceiptRow>['connectionOf']> }).receipts;
  }
  columns(): Column<ReceiptRow>[] {
    return [
      { header: 'Number', cell: (r) => html`<span class="mono">${r.number}</span>` },
      { header: 'Issued', cell: (r) => formatDateTime(r.createdAt) },
      { header: 'Payment', cell: (r) => html`<span class="mono">${r.paymentId}</span>` },
      { header: 'Invoice', cell: (r) => html`<span class="mono">${r.invoiceId ?? '—'}</span>` },
      { header: 'Amount', align: 'end', cell: (r) => formatMoney(r.amount) },
      {
        header: 'Receipt',
        cell: (r) =>
          html`<span class="row-actions"
            ><a class="button" href=${r.url} target="_blank" rel="noopener" aria-label="Open receipt ${r.number}">Open</a
            ><pc-copy-button .value=${r.url} label="Copy link"></pc-copy-button
          ></span>`,
      },
    ];
  }
}
if (!customElements.get('pc-page-receipts')) customElements.define('pc-page-receipts', ReceiptsPage);
