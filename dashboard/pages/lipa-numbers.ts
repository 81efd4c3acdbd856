import { html, nothing } from 'lit';
import { newIdempotencyKey } from '../api/client.ts';
import { defaultCurrency } from './payment-link-panel.ts';
import { formAmount, formatMoney, ListPage, MONEY, userErrorText, type Column, type FormValues, type Money, statusBadge } from '../ui/index.ts';

interface AliasRow {
  id: string;
  alias: string;
  name: string;
  entityId: string;
  status: string;
  isActive: boolean;
  expectedTotal: Money;
  amountPaid: Money;
  paymentCount: number;
  paymentUrl: string;
}

const DEACTIVATE = `mutation ($alias: String!) { deactivateTillAlias(alias: $alias) { tillAlias { alias isActive } userErrors { code message } } }`;

const CREATE = `mutation ($input: CreateTillAliasInput!) {
  createTillAlias(input: $input) { tillAlias { alias name expectedTotal { ${MONEY} } fee { ${MONEY} } paymentUrl } userErrors { code field message } }
}`;
const CHOICES = `query { apps { appId name status } settlementEntities(first: 100) { edges { node { entityId name kycStatus } } } }`;

interface Choices {
  apps: { appId: string; name: string; status: string }[];
  entities: { entityId: string; name: string; kycStatus: string }[];
}
interface IssuedAlias {
  alias: string;
  name: string;
  expectedTotal: Money;
  fee: Money;
  paymentUrl: string;
}

/** Lipa numbers (till aliases): what each has collected toward its total; issue one; stop one taking payments. */
export class LipaNumbersPage extends ListPage<AliasRow> {
  static override properties = {
    ...ListPage.properties,
    notice: { state: true },
    issued: { state: true },
    choices: { state: true },
    currency: { state: true },
  };
  declare notice: string;
  declare issued: IssuedAlias | null;
  declare choices: Choices | null;
  declare currency: string;
  /** One per opening of the form (createTillAlias requires it): a resubmission after a lost answer gets the same number. */
  #idempotencyKey = '';
  readonly heading = 'Lipa numbers';
  readonly listLabel = 'Lipa numbers';
  override readonly filters = [
    {
      variable: 'isActive',
      label: 'Taking payments',
      boolean: true,
      options: [
        ['', 'All'],
        ['true', 'Active'],
        ['false', 'Deactivated'],
      ] as [string, string][],
    },
  ];
  override readonly emptyTitle = 'No Lipa numbers yet';
  override readonly emptyText = 'A Lipa number is a till your customers pay by mobile money, toward an amount you set, paid to one of your entities.';
  override readonly emptyActionLabel = 'New Lipa number';
  override readonly createScope = 'till_alias:create';
  readonly query = `query ($first: Int, $after: String, $isActive: Boolean) {
    tillAliases(first: $first, after: $after, isActive: $isActive) {
      edges { node { id alias name entityId status isActive expectedTotal { ${MONEY} } amountPaid { ${MONEY} } paymentCount paymentUrl } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.notice = '';
    this.issued = null;
    this.choices = null;
    this.currency = '';
  }
  connectionOf(data: unknown) {
    return (data as { tillAliases: ReturnType<ListPage<AliasRow>['connectionOf']> }).tillAliases;
  }
  columns(): Column<AliasRow>[] {
    return [
      { header: 'Lipa number', cell: (r) => html`<span class="mono">${r.alias}</span>` },
      { header: 'Name', cell: (r) => html`${r.name}<br /><span class="muted">${r.entityId}</span>` },
      { header: 'Status', cell: (r) => statusBadge(r.isActive ? r.status : 'INACTIVE') },
      { header: 'Expected', align: 'end', cell: (r) => formatMoney(r.expectedTotal) },
      { header: 'Paid', align: 'end', cell: (r) => html`${formatMoney(r.amountPaid)}<br /><span class="muted">${r.paymentCount} payments</span>` },
      {
        header: 'Actions',
        cell: (r) =>
          html`<span class="row-actions"
            ><pc-copy-button .value=${r.paymentUrl} label="Copy link"></pc-copy-button>${
              r.isActive && this.can('till_alias:create')
                ? html`<button type="button" class="danger" aria-label="Deactivate ${r.alias}" @click=${() => void this.#deactivate(r)}>Deactivate</button>`
                : nothing
            }</span
          >`,
      },
    ];
  }
  async #deactivate(row: AliasRow) {
    if (!confirm(`Stop ${row.alias} taking payments toward its total? Money sent to it later is still kept.`)) return;
    const result = await this.client!<{ deactivateTillAlias: { userErrors: { message: string }[] } }>(DEACTIVATE, { alias: row.alias });
    this.notice = userErrorText(result.deactivateTillAlias) ?? `${row.alias} no longer takes payments.`;
    void this.reload();
  }
  async #openCreate() {
    const client = this.client!;
    const [data, currency] = await Promise.all([
      client<{ apps: Choices['apps']; settlementEntities: { edges: { node: Choices['entities'][number] }[] } }>(CHOICES),
      this.currency ? this.currency : defaultCurrency(client).catch(() => 'TZS'),
    ]).catch((error: Error) => {
      this.notice = error.message;
      return [null, ''] as const;
    });
    if (!data) return;
    this.currency = currency;
    this.choices = { apps: data.apps.filter((a) => a.status === 'ACTIVE'), entities: data.settlementEntities.edges.map((e) => e.node) };
    this.#idempotencyKey = newIdempotencyKey();
    await this.updateComplete;
    await this.dialog.open();
  }
  protected override emptyAction() {
    void this.#openCreate();
  }
  async #create(values: FormValues): Promise<string | null> {
    const currency = this.currency;
    const amount = formAmount(String(values.amount), currency, '500,000.00');
    if ('error' in amount) return amount.error;
    const result = await this.client!<{ createTillAlias: { tillAlias: IssuedAlias | null; userErrors: { message: string }[] } }>(
      CREATE,
      {
        input: {
          name: String(values.name),
          entityId: String(values.entityId),
          appId: String(values.appId),
          currency,
          merchantAmountMinor: amount.minor,
          memo: String(values.memo).trim() || null,
          paymentMode: String(values.paymentMode),
        },
      },
      { idempotencyKey: this.#idempotencyKey },
    );
    const alias = result.createTillAlias.tillAlias;
    if (!alias) return userErrorText(result.createTillAlias) ?? 'The Lipa number was not issued.';
    this.issued = alias;
    this.notice = '';
    this.restart();
    return null;
  }
  protected override renderActions() {
    return html`<button type="button" class="primary" @click=${() => void this.#openCreate()}>New Lipa number</button>`;
  }
  protected override renderPanel() {
    const issued = this.issued;
    return html`${this.notice ? html`<p role="status" class="banner">${this.notice}</p>` : nothing}
    ${
      issued
        ? html`<section class="panel" aria-labelledby="alias-made" data-panel="alias-issued">
            <h2 id="alias-made">Lipa number <span class="mono">${issued.alias}</span> issued</h2>
            <p role="status" class="banner success">
              ${issued.name}: your customers pay ${formatMoney(issued.expectedTotal)} to ${issued.alias}, the fee of ${formatMoney(issued.fee)} included.
            </p>
            <div class="row-actions start">
              <pc-copy-button .value=${issued.alias} label="Copy number"></pc-copy-button>
              <pc-copy-button .value=${issued.paymentUrl} label="Copy link"></pc-copy-button>
              <button type="button" @click=${() => (this.issued = null)}>Done</button>
            </div>
          </section>`
        : nothing
    }`;
  }
  protected override renderExtras() {
    const choices = this.choices ?? { apps: [], entities: [] };
    const currency = this.currency || 'TZS';
    const missing = !choices.apps.length
      ? 'Register an app first (Apps & webhooks): its callback hears the payments.'
      : !choices.entities.length
        ? 'Add a settlement entity first: it is who the Lipa number pays.'
        : '';
    return html`<pc-form-dialog heading="New Lipa number" submit-label="Issue Lipa number" .action=${(v: FormValues) => this.#create(v)}>
      ${missing ? html`<p class="banner error" data-missing-choice>${missing}</p>` : nothing}
      <label for="alias-name">Name (what the customer sees)</label><input id="alias-name" name="name" required maxlength="100" autocomplete="off" />
      <label for="alias-entity">Paid to</label>
      <select id="alias-entity" name="entityId" required>
        ${choices.entities.map((e) => html`<option value=${e.entityId}>${e.name} (${e.entityId})</option>`)}
      </select>
      <label for="alias-app">App</label>
      <select id="alias-app" name="appId" required>
        ${choices.apps.map((a) => html`<option value=${a.appId}>${a.name} (${a.appId})</option>`)}
      </select>
      <label for="alias-amount">What the entity receives (${currency}; the fee is added on top)</label
      ><input id="alias-amount" name="amount" required inputmode="decimal" pattern="[0-9][0-9,]*([.][0-9]*)?" placeholder="500,000.00" />
      <label for="alias-mode">Payments</label>
      <select id="alias-mode" name="paymentMode">
        <option value="EXACT">The exact total only</option>
        <option value="PARTIAL_AND_OVER">Part payments and overpayments too</option>
      </select>
      <label for="alias-memo">Your reference (optional, sent back in the callback)</label
      ><input id="alias-memo" name="memo" maxlength="100" autocomplete="off" />
    </pc-form-dialog>`;
  }
}
if (!customElements.get('pc-page-lipa-numbers')) customElements.define('pc-page-lipa-numbers', LipaNumbersPage);
