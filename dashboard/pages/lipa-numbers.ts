import { html, nothing } from 'lit';
import { formatMoney, ListPage, MONEY, userErrorText, type Column, type Money, statusBadge } from '../ui/index.ts';

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

/** Lipa numbers (till aliases): what each has collected toward its total; stop one taking payments. */
export class LipaNumbersPage extends ListPage<AliasRow> {
  static override properties = { ...ListPage.properties, notice: { state: true } };
  declare notice: string;
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
  override readonly emptyText = 'A Lipa number is a till your customers pay by mobile money, issued through the API (createTillAlias).';
  readonly query = `query ($first: Int, $after: String, $isActive: Boolean) {
    tillAliases(first: $first, after: $after, isActive: $isActive) {
      edges { node { id alias name entityId status isActive expectedTotal { ${MONEY} } amountPaid { ${MONEY} } paymentCount paymentUrl } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.notice = '';
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
              r.isActive
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
  protected override renderPanel() {
    return this.notice ? html`<p role="status" class="banner">${this.notice}</p>` : nothing;
  }
}
if (!customElements.get('pc-page-lipa-numbers')) customElements.define('pc-page-lipa-numbers', LipaNumbersPage);
