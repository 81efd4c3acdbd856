import { html, nothing } from 'lit';
import { newIdempotencyKey } from '../api/client.ts';
import { defaultCurrency } from './payment-link-panel.ts';
import {
  formAmount,
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

const CREATE = `mutation ($input: CreateBillInput!) {
  createBill(input: $input) { bill { id paymentRef paymentUrl amount { ${MONEY} } } userErrors { code field message } }
}`;

/** Bills (seed 003's pay-by-reference bills): filter by status, copy a bill's payment page, create one. */
export class BillsPage extends ListPage<BillRow> {
  static override properties = { ...ListPage.properties, created: { state: true }, currency: { state: true } };
  declare created: { paymentRef: string; paymentUrl: string; amount: Money } | null;
  declare currency: string;
  /** One per opening of the form: submitting again after a lost answer returns the same bill. */
  #idempotencyKey = '';
  readonly heading = 'Bills';
  readonly listLabel = 'Bills';
  override readonly searchLabel = 'Search reference or email';
  override readonly filters = [
    { variable: 'status', label: 'Status', options: statusOptions(['PENDING', 'ACTIVE', 'PAID', 'COMPLETED', 'EXPIRED', 'CANCELED']) },
  ];
  override readonly emptyTitle = 'No bills yet';
  override readonly emptyText = 'A bill has a reference your customer pays by, at the bank, by mobile money or on its payment page.';
  override readonly emptyActionLabel = 'New bill';
  override readonly createScope = 'checkouts:write';
  readonly query = `query ($first: Int, $after: String, $status: BillStatus, $search: String) {
    bills(first: $first, after: $after, status: $status, search: $search) {
      edges { node { id paymentRef email type status amount { ${MONEY} } amountPaid { ${MONEY} } paymentUrl createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.created = null;
    this.currency = '';
  }
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
  async #openCreate() {
    if (!this.currency && this.client) this.currency = await defaultCurrency(this.client).catch(() => 'TZS');
    this.#idempotencyKey = newIdempotencyKey();
    await this.dialog.open();
  }
  protected override emptyAction() {
    void this.#openCreate();
  }
  async #create(values: FormValues): Promise<string | null> {
    const currency = this.currency;
    const amount = formAmount(String(values.amount), currency, '1,250.00');
    if ('error' in amount) return amount.error;
    const duration = String(values.duration);
    const result = await this.client!<{ createBill: { bill: BillsPage['created']; userErrors: { message: string }[] } }>(
      CREATE,
      {
        input: {
          email: String(values.email),
          amountMinor: amount.minor,
          currency,
          narration: String(values.narration).trim() || null,
          ...(duration ? { duration, expiry: true } : {}),
        },
      },
      { idempotencyKey: this.#idempotencyKey },
    );
    const bill = result.createBill.bill;
    if (!bill) return userErrorText(result.createBill) ?? 'The bill was not created.';
    this.created = bill;
    this.restart();
    return null;
  }
  protected override renderActions() {
    return html`<button type="button" class="primary" @click=${() => void this.#openCreate()}>New bill</button>`;
  }
  protected override renderPanel() {
    const bill = this.created;
    if (!bill) return nothing;
    return html`<section class="panel" aria-labelledby="bill-made" data-panel="bill-created">
      <h2 id="bill-made">Bill ${bill.paymentRef} created</h2>
      <p role="status" class="banner success">
        Your customer pays ${formatMoney(bill.amount)} by the reference <span class="mono">${bill.paymentRef}</span> or on its page.
      </p>
      <p class="mono" data-link>${bill.paymentUrl}</p>
      <div class="row-actions start">
        <pc-copy-button .value=${bill.paymentUrl} label="Copy link"></pc-copy-button>
        <button type="button" @click=${() => (this.created = null)}>Done</button>
      </div>
    </section>`;
  }
  protected override renderExtras() {
    const currency = this.currency || 'TZS';
    return html`<pc-form-dialog heading="New bill" submit-label="Create bill" .action=${(v: FormValues) => this.#create(v)}>
      <label for="bill-email">Payer email</label><input id="bill-email" name="email" type="email" required autocomplete="off" />
      <label for="bill-amount">Amount (${currency})</label
      ><input id="bill-amount" name="amount" required inputmode="decimal" pattern="[0-9][0-9,]*([.][0-9]*)?" placeholder="1,250.00" />
      <label for="bill-narration">What it is for (shown to the payer)</label><input id="bill-narration" name="narration" maxlength="200" autocomplete="off" />
      <label for="bill-duration">Expires</label>
      <select id="bill-duration" name="duration">
        <option value="">Never</option>
        <option value="1d">After a day</option>
        <option value="1w">After a week</option>
        <option value="4w">After four weeks</option>
      </select>
    </pc-form-dialog>`;
  }
}
if (!customElements.get('pc-page-bills')) customElements.define('pc-page-bills', BillsPage);
