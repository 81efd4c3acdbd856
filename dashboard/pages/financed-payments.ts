import { html, nothing } from 'lit';
import {
  formatDateTime,
  formatMoney,
  ListPage,
  MONEY,
  statusOptions,
  userErrorText,
  type Column,
  type FormValues,
  type Money,
  statusBadge,
} from '../ui/index.ts';

interface FinancedRow {
  id: string;
  status: string;
  invoiceStatus: string;
  orderId: string | null;
  amount: Money;
  installmentsCount: number;
  customer: { cnpj: string; legalName: string | null };
  invoices: { number: string; kind: string; sizeBytes: number }[];
  createdAt: string;
}

const UPLOAD = `mutation ($input: UploadFinancedPaymentInvoicesInput!) {
  uploadFinancedPaymentInvoices(input: $input) { financedPayment { id status invoiceStatus invoices { number kind } } userErrors { code field message } }
}`;

/** Financed payments: filter by status; an authorized one awaits its invoices (NF-e XML or PDF), uploaded here. */
export class FinancedPaymentsPage extends ListPage<FinancedRow> {
  static override properties = { ...ListPage.properties, uploading: { state: true }, notice: { state: true } };
  declare uploading: FinancedRow | null;
  declare notice: string;
  readonly heading = 'Financed payments';
  readonly listLabel = 'Financed payments';
  override readonly filters = [
    { variable: 'status', label: 'Status', options: statusOptions(['INITIALIZED', 'AUTHORIZED', 'CAPTURED', 'SETTLED', 'CANCELED']) },
  ];
  override readonly emptyTitle = 'No financed payments yet';
  override readonly emptyText = 'When a customer finances a payment request, the lender’s decision shows here.';
  readonly query = `query ($first: Int, $after: String, $status: FinancedPaymentStatus) {
    financedPayments(first: $first, after: $after, status: $status) {
      edges { node { id status invoiceStatus orderId amount { ${MONEY} } installmentsCount customer { cnpj legalName } invoices { number kind sizeBytes } createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.uploading = null;
    this.notice = '';
  }
  connectionOf(data: unknown) {
    return (data as { financedPayments: ReturnType<ListPage<FinancedRow>['connectionOf']> }).financedPayments;
  }
  columns(): Column<FinancedRow>[] {
    return [
      { header: 'Order', cell: (r) => html`<span class="mono">${r.orderId ?? r.id}</span>` },
      { header: 'Customer', cell: (r) => html`${r.customer.legalName ?? ''}<br /><span class="muted mono">${r.customer.cnpj}</span>` },
      { header: 'Status', cell: (r) => statusBadge(r.status) },
      { header: 'Invoices', cell: (r) => html`${statusBadge(r.invoiceStatus)} ${r.invoices.map((i) => i.number).join(', ')}` },
      { header: 'Amount', align: 'end', cell: (r) => html`${formatMoney(r.amount)}<br /><span class="muted">${r.installmentsCount}×</span>` },
      { header: 'Created', cell: (r) => formatDateTime(r.createdAt) },
      {
        header: 'Actions',
        cell: (r) =>
          r.status === 'AUTHORIZED' && r.invoiceStatus === 'AWAITING' && this.can('checkouts:write')
            ? html`<button type="button" aria-label="Upload invoices for ${r.orderId ?? r.id}" @click=${() => void this.#openUpload(r)}>
                Upload invoices
              </button>`
            : html`<span class="muted">—</span>`,
      },
    ];
  }
  async #openUpload(row: FinancedRow) {
    this.uploading = row;
    await this.updateComplete;
    await this.dialog.open();
  }
  async #upload(values: FormValues): Promise<string | null> {
    const files = values.file as File[];
    const file = files[0];
    if (!file) return 'Choose the invoice file.';
    const result = await this.client!<{
      uploadFinancedPaymentInvoices: { financedPayment: { invoiceStatus: string } | null; userErrors: { message: string }[] };
    }>(UPLOAD, { input: { paymentId: this.uploading!.id, invoices: [{ number: String(values.number), file }] } });
    const error = userErrorText(result.uploadFinancedPaymentInvoices);
    if (error) return error;
    this.notice = `Invoice ${String(values.number)} sent to the lender.`;
    void this.reload();
    return null;
  }
  protected override renderPanel() {
    return this.notice ? html`<p role="status" class="banner success">${this.notice}</p>` : nothing;
  }
  protected override renderExtras() {
    return html`<pc-form-dialog
      heading="Upload invoices${this.uploading ? ` for ${this.uploading.orderId ?? this.uploading.id}` : ''}"
      submit-label="Upload"
      .action=${(v: FormValues) => this.#upload(v)}
    >
      <p class="muted" style="margin:0">The lender captures the payment once it has the invoice: an NF-e XML or a PDF, up to 5 MB.</p>
      <label for="u-number">Invoice number</label><input id="u-number" name="number" required maxlength="60" autocomplete="off" />
      <label for="u-file">Invoice file</label><input id="u-file" name="file" type="file" required accept=".xml,.pdf,application/xml,text/xml,application/pdf" />
    </pc-form-dialog>`;
  }
}
if (!customElements.get('pc-page-financed-payments')) customElements.define('pc-page-financed-payments', FinancedPaymentsPage);
