import { html, nothing } from 'lit';
import { formatDateTime, formatMoney, ListPage, MONEY, statusOptions, type Column, type FormValues, type Money, statusBadge } from '../ui/index.ts';
import { createInvoiceAndLink, defaultCurrency, invoiceFields, linkPanel, type CreatedLink } from './payment-link-panel.ts';

interface LinkRow {
  id: string;
  status: string;
  amount: Money;
  paymentUrl: string;
  qrCodeUrl: string;
  expiresAt: string;
  invoice: { number: string; customerName: string };
}

/** Payment links: each with its URL to copy and its QR; a new one makes its invoice too. */
export class PaymentLinksPage extends ListPage<LinkRow> {
  static override properties = { ...ListPage.properties, shown: { state: true }, currency: { state: true } };
  declare shown: CreatedLink | null;
  declare currency: string;
  readonly heading = 'Payment links';
  readonly listLabel = 'Payment links';
  override readonly filters = [{ variable: 'status', label: 'Status', options: statusOptions(['ACTIVE', 'PAID', 'EXPIRED', 'CANCELED']) }];
  override readonly emptyTitle = 'No payment links yet';
  override readonly emptyText = 'A payment link is a page where your customer pays an invoice: send it or show its QR code.';
  override readonly emptyActionLabel = 'New payment link';
  override readonly createScope = 'checkouts:write';
  readonly query = `query ($first: Int, $after: String, $status: PaymentLinkStatus) {
    paymentLinks(first: $first, after: $after, status: $status) {
      edges { node { id status amount { ${MONEY} } paymentUrl qrCodeUrl expiresAt invoice { number customerName } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.shown = null;
    this.currency = '';
  }
  connectionOf(data: unknown) {
    return (data as { paymentLinks: ReturnType<ListPage<LinkRow>['connectionOf']> }).paymentLinks;
  }
  columns(): Column<LinkRow>[] {
    return [
      { header: 'Invoice', cell: (r) => html`<span class="mono">${r.invoice.number}</span>` },
      { header: 'Customer', cell: (r) => r.invoice.customerName },
      { header: 'Status', cell: (r) => statusBadge(r.status) },
      { header: 'Amount', align: 'end', cell: (r) => formatMoney(r.amount) },
      { header: 'Expires', cell: (r) => formatDateTime(r.expiresAt) },
      {
        header: 'Link',
        cell: (r) =>
          html`<span class="row-actions"
            ><pc-copy-button .value=${r.paymentUrl} label="Copy link"></pc-copy-button
            ><button type="button" aria-label="QR code for ${r.invoice.number}" @click=${() => (this.shown = this.#asLink(r))}>QR</button></span
          >`,
      },
    ];
  }
  #asLink(r: LinkRow): CreatedLink {
    return { id: r.id, paymentUrl: r.paymentUrl, qrCodeUrl: r.qrCodeUrl, invoiceNumber: r.invoice.number };
  }
  async #openCreate() {
    if (!this.currency && this.client) this.currency = await defaultCurrency(this.client).catch(() => 'TZS');
    await this.dialog.open();
  }
  protected override emptyAction() {
    void this.#openCreate();
  }
  async #create(values: FormValues): Promise<string | null> {
    const result = await createInvoiceAndLink(this.client!, values, true);
    if ('error' in result) return result.error;
    this.shown = result.link;
    this.restart();
    return null;
  }
  protected override renderActions() {
    return html`<button type="button" class="primary" @click=${() => void this.#openCreate()}>New payment link</button>`;
  }
  protected override renderPanel() {
    return this.shown ? linkPanel(this.shown, () => (this.shown = null)) : nothing;
  }
  protected override renderExtras() {
    return html`<pc-form-dialog heading="New payment link" submit-label="Create link" .action=${(v: FormValues) => this.#create(v)}>
      ${invoiceFields(this.currency || 'TZS', false)}
    </pc-form-dialog>`;
  }
}
if (!customElements.get('pc-page-payment-links')) customElements.define('pc-page-payment-links', PaymentLinksPage);
