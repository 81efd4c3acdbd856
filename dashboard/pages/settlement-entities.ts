import { css, html } from 'lit';
import { formatMoney, ListPage, MONEY, type Column, type Money, statusBadge } from '../ui/index.ts';

interface EntityRow {
  id: string;
  entityId: string;
  name: string;
  settlementMethod: string;
  payoutSchedule: string;
  kycStatus: string;
  kycRequirements: { code: string; description: string; met: boolean }[];
  balances: { payable: Money; reserved: Money; inTransit: Money; paidOut: Money };
}

/** Settlement entities: who gets paid, their KYC status and, until approved, what is still missing. */
export class SettlementEntitiesPage extends ListPage<EntityRow> {
  static override styles = [
    ...ListPage.styles,
    css`
      ul.missing {
        margin: 0;
        padding-inline-start: 1.1rem;
      }
    `,
  ];
  readonly heading = 'Settlement entities';
  readonly listLabel = 'Settlement entities';
  override readonly emptyTitle = 'No settlement entities yet';
  override readonly emptyText = 'An entity is who gets paid — a school, a vendor, a branch — with its own bank or mobile-money details and KYC.';
  readonly query = `query ($first: Int, $after: String) {
    settlementEntities(first: $first, after: $after) {
      edges { node { id entityId name settlementMethod payoutSchedule kycStatus kycRequirements { code description met }
        balances { payable { ${MONEY} } reserved { ${MONEY} } inTransit { ${MONEY} } paidOut { ${MONEY} } } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  connectionOf(data: unknown) {
    return (data as { settlementEntities: ReturnType<ListPage<EntityRow>['connectionOf']> }).settlementEntities;
  }
  columns(): Column<EntityRow>[] {
    return [
      { header: 'Entity', cell: (r) => html`${r.name}<br /><span class="muted mono">${r.entityId}</span>` },
      {
        header: 'Method',
        cell: (r) => html`${r.settlementMethod === 'BANK' ? 'Bank' : 'Mobile money'}<br /><span class="muted">${r.payoutSchedule.toLowerCase()}</span>`,
      },
      { header: 'KYC', cell: (r) => statusBadge(r.kycStatus) },
      {
        header: 'Still missing',
        cell: (r) => {
          const missing = r.kycRequirements.filter((q) => !q.met);
          return missing.length
            ? html`<ul class="missing" data-missing>
                ${missing.map((q) => html`<li data-code=${q.code}>${q.description}</li>`)}
              </ul>`
            : html`<span class="muted">Nothing</span>`;
        },
      },
      { header: 'Payable', align: 'end', cell: (r) => formatMoney(r.balances.payable) },
      { header: 'Reserved', align: 'end', cell: (r) => formatMoney(r.balances.reserved) },
      { header: 'Paid out', align: 'end', cell: (r) => formatMoney(r.balances.paidOut) },
    ];
  }
}
if (!customElements.get('pc-page-settlement-entities')) customElements.define('pc-page-settlement-entities', SettlementEntitiesPage);
