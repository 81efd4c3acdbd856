import { html, nothing } from 'lit';
import { formatMoney, ListPage, MONEY, statusOptions, userErrorText, type Column, type Money, statusBadge } from '../ui/index.ts';

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

const PAY_OUT = `mutation ($input: CreateSettlementBatchInput!) {
  createSettlementBatch(input: $input) { settlementBatch { id status amount { ${MONEY} } } userErrors { code message } }
}`;
const STATUS_WORDS: Record<string, string> = {
  PENDING: 'is being prepared',
  SUBMITTED: 'is on its way',
  PAID: 'is paid',
  FAILED: 'failed; retry it from Settlements',
  UNKNOWN: 'is being confirmed with the bank',
};

/** Settlement entities: who gets paid, their KYC status and, until approved, what is still missing; pay a MANUAL one out now. */
export class SettlementEntitiesPage extends ListPage<EntityRow> {
  static override properties = { ...ListPage.properties, notice: { state: true }, payingOut: { state: true } };
  declare notice: { text: string; ok: boolean } | null;
  /** The entity whose payout is being created (its button is busy). */
  declare payingOut: string | null;
  readonly heading = 'Settlement entities';
  readonly listLabel = 'Settlement entities';
  override readonly searchLabel = 'Search entity id or name';
  override readonly filters = [{ variable: 'kycStatus', label: 'KYC', options: statusOptions(['PENDING', 'APPROVED', 'REJECTED']) }];
  override readonly emptyTitle = 'No settlement entities yet';
  override readonly emptyText = 'An entity is who gets paid — a school, a vendor, a branch — with its own bank or mobile-money details and KYC.';
  readonly query = `query ($first: Int, $after: String, $kycStatus: KycStatus, $search: String) {
    settlementEntities(first: $first, after: $after, kycStatus: $kycStatus, search: $search) {
      edges { node { id entityId name settlementMethod payoutSchedule kycStatus kycRequirements { code description met }
        balances { payable { ${MONEY} } reserved { ${MONEY} } inTransit { ${MONEY} } paidOut { ${MONEY} } } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.notice = null;
    this.payingOut = null;
  }
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
      {
        header: 'Payout',
        cell: (r) =>
          r.payoutSchedule === 'MANUAL' && this.can('settlements:write')
            ? html`<button type="button" aria-label="Pay out now to ${r.name}" ?disabled=${this.payingOut === r.entityId} @click=${() => void this.#payOut(r)}>
                Pay out now
              </button>`
            : html`<span class="muted">${r.payoutSchedule === 'MANUAL' ? 'Manual' : 'On schedule'}</span>`,
      },
    ];
  }
  /** A MANUAL entity's payout of what it can be paid now; the server applies the minimum, delay and reserve. */
  async #payOut(row: EntityRow) {
    this.payingOut = row.entityId;
    this.notice = null;
    try {
      const result = await this.client!<{
        createSettlementBatch: { settlementBatch: { status: string; amount: Money } | null; userErrors: { message: string }[] };
      }>(PAY_OUT, { input: { entityId: row.entityId } });
      const batch = result.createSettlementBatch.settlementBatch;
      this.notice = batch
        ? { ok: true, text: `A payout of ${formatMoney(batch.amount)} to ${row.name} ${STATUS_WORDS[batch.status] ?? batch.status.toLowerCase()}.` }
        : { ok: false, text: userErrorText(result.createSettlementBatch) ?? 'No payout was created.' };
      void this.reload();
    } catch (error) {
      this.notice = { ok: false, text: error instanceof Error ? error.message : String(error) };
    } finally {
      this.payingOut = null;
    }
  }
  protected override renderPanel() {
    const notice = this.notice;
    return notice ? html`<p role="status" class="banner ${notice.ok ? 'success' : 'error'}">${notice.text}</p>` : nothing;
  }
}
if (!customElements.get('pc-page-settlement-entities')) customElements.define('pc-page-settlement-entities', SettlementEntitiesPage);
