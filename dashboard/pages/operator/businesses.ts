import { html, nothing } from 'lit';
import { formatDateTime, ListPage, statusOptions, userErrorText, type Column, type FormDialog, type FormValues } from '../../ui/index.ts';

interface BusinessRow {
  id: string;
  name: string;
  plan: string;
  country: string;
  defaultCurrency: string;
  createdAt: string;
}

const UPDATE_PLAN = `mutation ($input: UpdateBusinessPlanInput!) {
  updateBusinessPlan(input: $input) { business { id plan } userErrors { code field message } }
}`;
const PLAN_LABELS: Record<string, string> = { RETAIL: 'Retail', ENTERPRISE: 'Enterprise' };

const CREATE = `mutation ($input: CreateBusinessInput!) {
  createBusiness(input: $input) { business { id name plan } testSecretKey userErrors { code field message } }
}`;

/** Operator console: every business (search by name or id, filter by plan); onboard one, its first test key shown once; change a plan. */
export class OperatorBusinessesPage extends ListPage<BusinessRow> {
  static override properties = { ...ListPage.properties, onboarded: { state: true }, planOf: { state: true }, notice: { state: true } };
  declare onboarded: { name: string; id: string; testSecretKey: string } | null;
  /** The business whose plan the plan dialog changes. */
  declare planOf: BusinessRow | null;
  declare notice: string;
  readonly heading = 'Businesses';
  readonly listLabel = 'Businesses';
  override readonly searchLabel = 'Search name or id';
  override readonly filters = [{ variable: 'plan', label: 'Plan', options: statusOptions(['RETAIL', 'ENTERPRISE']) }];
  override readonly emptyTitle = 'No businesses yet';
  override readonly emptyText = 'Onboard the first business: it gets a test key to build with at once.';
  override readonly emptyActionLabel = 'New business';
  readonly query = `query ($first: Int, $after: String, $search: String, $plan: Plan) {
    businesses(first: $first, after: $after, search: $search, plan: $plan) {
      edges { node { id name plan country defaultCurrency createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.onboarded = null;
    this.planOf = null;
    this.notice = '';
  }
  connectionOf(data: unknown) {
    return (data as { businesses: ReturnType<ListPage<BusinessRow>['connectionOf']> }).businesses;
  }
  columns(): Column<BusinessRow>[] {
    return [
      { header: 'Business', cell: (r) => html`${r.name}<br /><span class="muted mono">${r.id}</span>` },
      {
        header: 'Plan',
        cell: (r) =>
          html`${PLAN_LABELS[r.plan] ?? r.plan}
            <button type="button" aria-label="Change the plan of ${r.name}" @click=${() => void this.#openPlan(r)}>Change</button>`,
      },
      { header: 'Country', cell: (r) => `${r.country} · ${r.defaultCurrency}` },
      { header: 'Created', cell: (r) => formatDateTime(r.createdAt) },
    ];
  }
  override get dialog(): FormDialog {
    return this.renderRoot.querySelector('pc-form-dialog#create-business')!;
  }
  get planDialog(): FormDialog {
    return this.renderRoot.querySelector('pc-form-dialog#change-plan')!;
  }
  async #openPlan(row: BusinessRow) {
    this.planOf = row;
    this.notice = '';
    await this.updateComplete;
    await this.planDialog.open();
  }
  async #changePlan(values: FormValues): Promise<string | null> {
    const business = this.planOf!;
    const result = await this.client!<{ updateBusinessPlan: { business: { plan: string } | null; userErrors: { message: string }[] } }>(UPDATE_PLAN, {
      input: { businessId: business.id, plan: String(values.plan) },
    });
    const updated = result.updateBusinessPlan.business;
    if (!updated) return userErrorText(result.updateBusinessPlan) ?? 'The plan was not changed.';
    this.notice = `${business.name} is now on the ${PLAN_LABELS[updated.plan] ?? updated.plan} plan.`;
    this.restart();
    return null;
  }
  protected override emptyAction() {
    void this.dialog.open();
  }
  async #create(values: FormValues): Promise<string | null> {
    const result = await this.client!<{
      createBusiness: { business: { id: string; name: string } | null; testSecretKey: string | null; userErrors: { message: string }[] };
    }>(CREATE, {
      input: {
        name: String(values.name),
        plan: String(values.plan),
        country: String(values.country).toUpperCase(),
        defaultCurrency: String(values.defaultCurrency).toUpperCase(),
      },
    });
    const business = result.createBusiness.business;
    if (!business) return userErrorText(result.createBusiness) ?? 'The business was not created.';
    this.onboarded = { ...business, testSecretKey: result.createBusiness.testSecretKey ?? '' };
    this.restart();
    return null;
  }
  protected override renderActions() {
    return html`<button type="button" class="primary" @click=${() => void this.dialog.open()}>New business</button>`;
  }
  protected override renderPanel() {
    const made = this.onboarded;
    const notice = this.notice ? html`<p role="status" class="banner success">${this.notice}</p>` : nothing;
    if (!made) return notice;
    return html`${notice}
      <section class="panel" aria-labelledby="made-heading" data-panel="onboarded">
        <h2 id="made-heading">${made.name} is onboarded</h2>
        <p class="banner success">Its test secret key is shown this once; only its hash is kept. Send it to the business securely.</p>
        <p class="mono" data-secret>${made.testSecretKey}</p>
        <div class="row-actions start">
          <pc-copy-button .value=${made.testSecretKey} label="Copy key"></pc-copy-button>
          <button type="button" @click=${() => (this.onboarded = null)}>Done</button>
        </div>
      </section>`;
  }
  protected override renderExtras() {
    const planOf = this.planOf;
    return html`<pc-form-dialog id="create-business" heading="New business" submit-label="Create business" .action=${(v: FormValues) => this.#create(v)}>
        <label for="b-name">Name</label><input id="b-name" name="name" required maxlength="200" autocomplete="organization" />
        <label for="b-plan">Plan</label>
        <select id="b-plan" name="plan">
          <option value="RETAIL">Retail</option>
          <option value="ENTERPRISE">Enterprise</option>
        </select>
        <label for="b-country">Country (ISO code, e.g. TZ)</label
        ><input id="b-country" name="country" required pattern="[A-Za-z]{2}" maxlength="2" value="TZ" autocomplete="off" />
        <label for="b-currency">Default currency (e.g. TZS)</label
        ><input id="b-currency" name="defaultCurrency" required pattern="[A-Za-z]{3}" maxlength="3" value="TZS" autocomplete="off" />
      </pc-form-dialog>
      <pc-form-dialog
        id="change-plan"
        heading=${planOf ? `Change the plan of ${planOf.name}` : 'Change plan'}
        submit-label="Change plan"
        .action=${(v: FormValues) => this.#changePlan(v)}
      >
        <label for="p-plan">Plan</label>
        <select id="p-plan" name="plan" .value=${planOf?.plan ?? 'RETAIL'}>
          <option value="RETAIL" ?selected=${planOf?.plan === 'RETAIL'}>Retail</option>
          <option value="ENTERPRISE" ?selected=${planOf?.plan === 'ENTERPRISE'}>Enterprise</option>
        </select>
        <p class="muted">Enterprise adds payment links and tap-to-pay. The business's API keys see the new plan within seconds.</p>
      </pc-form-dialog>`;
  }
}
if (!customElements.get('pc-page-operator-businesses')) customElements.define('pc-page-operator-businesses', OperatorBusinessesPage);
