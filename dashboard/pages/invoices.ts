import { html, nothing } from 'lit';
import { formatMoney, ListPage, MONEY, statusOptions, type Column, type FormValues, type Money, statusBadge } from '../ui/index.ts';
import { createInvoiceAndLink, createLinkFor, defaultCurrency, invoiceFields, linkPanel, type CreatedLink } from './payment-link-panel.ts';

interface InvoiceRow {
  id: string;
  number: string;
  status: string;
  customerName: string;
  customerEmail: string;
  dueDate: string;
  total: Money;
  amountDue: Money;
}

/** Invoices: search by number or customer, filter by status, create one (with its payment link), make a link for an open one. */
export class InvoicesPage extends ListPage<InvoiceRow> {
  static override properties = { ...ListPage.properties, created: { state: true }, currency: { state: true }, notice: { state: true } };
  declare created: CreatedLink | null;
  declare currency: string;
  declare notice: string;
  readonly heading = 'Invoices';
  readonly listLabel = 'Invoices';
  override readonly searchLabel = 'Search number, customer or email';
  override readonly filters = [{ variable: 'status', label: 'Status', options: statusOptions(['OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID']) }];
  override readonly emptyTitle = 'No invoices yet';
  override readonly emptyText = 'Create an invoice and send its payment link to your customer.';
  override readonly emptyActionLabel = 'New invoice';
  override readonly createScope = 'invoices:write';
  readonly query = `query ($first: Int, $after: String, $search: String, $status: InvoiceStatus) {
    invoices(first: $first, after: $after, search: $search, status: $status) {
      edges { node { id number status customerName customerEmail dueDate total { ${MONEY} } amountDue { ${MONEY} } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.created = null;
    this.currency = '';
    this.notice = '';
  }
  connectionOf(data: unknown) {
    return (data as { invoices: ReturnType<ListPage<InvoiceRow>['connectionOf']> }).invoices;
  }
  columns(): Column<InvoiceRow>[] {
    return [
      { header: 'Number', cell: (r) => html`<span class="mono">${r.number}</span>` },
      { header: 'Customer', cell: (r) => html`${r.customerName}<br /><span class="muted">${r.customerEmail}</span>` },
      { header: 'Status', cell: (r) => statusBadge(r.status) },
      { header: 'Total', align: 'end', cell: (r) => formatMoney(r.total) },
      { header: 'Amount due', align: 'end', cell: (r) => formatMoney(r.amountDue) },
      { header: 'Due date', cell: (r) => r.dueDate },
      {
        header: 'Actions',
        cell: (r) =>
          (r.status === 'OPEN' || r.status === 'PARTIALLY_PAID') && this.can('checkouts:write')
            ? html`<button type="button" aria-label="Payment link for ${r.number}" @click=${() => this.#linkFor(r)}>Payment link</button>`
            : html`<span class="muted">—</span>`,
      },
    ];
  }
  async #openCreate() {
    if (!this.currency && this.client) this.currency = await defaultCurrency(this.client).catch(() => 'TZS');
    await this.dialog.open();
  }
  protected override emptyAction() {
    void this.#openCreate();
  }
  async #create(values: FormValues): Promise<string | null> {
    const result = await createInvoiceAndLink(this.client!, values, values.withLink === true);
    if ('error' in result) return result.error;
    this.created = result.link;
    this.notice = `Invoice ${result.invoiceNumber} created.`;
    this.restart();
    return null;
  }
  async #linkFor(row: InvoiceRow) {
    const link = await createLinkFor(this.client!, row.id).catch((error: Error) => ({ error: error.message }));
    if ('error' in link) this.notice = link.error;
    else {
      this.created = link;
      this.notice = '';
    }
  }
  protected override renderActions() {
    return html`<button type="button" class="primary" @click=${() => void this.#openCreate()}>New invoice</button>`;
  }
  protected override renderPanel() {
    return html`${this.notice ? html`<p role="status" class="banner ${this.created ? 'success' : 'error'}">${this.notice}</p>` : nothing}
    ${this.created ? linkPanel(this.created, () => ((this.created = null), (this.notice = ''))) : nothing}`;
  }
  protected override renderExtras() {
    return html`<pc-form-dialog heading="New invoice" submit-label="Create invoice" .action=${(v: FormValues) => this.#create(v)}>
      ${invoiceFields(this.currency || 'TZS', true)}
    </pc-form-dialog>`;
  }
}
if (!customElements.get('pc-page-invoices')) customElements.define('pc-page-invoices', InvoicesPage);
