import { html, nothing } from 'lit';
import {
  CursorPager,
  formatDateTime,
  formatMoney,
  ListPage,
  MONEY,
  statusOptions,
  userErrorText,
  type Column,
  type Connection,
  type ListState,
  type Money,
  statusBadge,
} from '../ui/index.ts';

interface BatchRow {
  id: string;
  entityId: string;
  status: string;
  trigger: string;
  attempt: number;
  amount: Money;
  gross: Money;
  fee: Money;
  reserve: Money;
  createdAt: string;
  failureReason: string | null;
}
interface LineRow {
  id: string;
  kind: string;
  amount: Money;
  paymentId: string | null;
  journalEntryId: string;
}

const LINES = `query ($batchId: ID!, $first: Int, $after: String) {
  settlementLines(batchId: $batchId, first: $first, after: $after) {
    edges { node { id kind amount { ${MONEY} } paymentId journalEntryId } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const RETRY = `mutation ($input: RetrySettlementSubmissionInput!) {
  retrySettlementSubmission(input: $input) { settlementBatch { id status attempt } userErrors { code message } }
}`;

/** Settlements (payout batches): filter by status and entity, open one for its lines, retry a failed one. */
export class SettlementsPage extends ListPage<BatchRow> {
  static override properties = {
    ...ListPage.properties,
    selected: { state: true },
    lines: { state: true },
    linesState: { state: true },
    linesError: { state: true },
    linesHasNext: { state: true },
    notice: { state: true },
    retrying: { state: true },
  };
  declare selected: BatchRow | null;
  declare lines: LineRow[];
  declare linesState: ListState;
  declare linesError: string;
  declare linesHasNext: boolean;
  declare notice: string;
  declare retrying: boolean;
  readonly #linesPager = new CursorPager();
  #linesEnd: string | null = null;
  readonly heading = 'Settlements';
  readonly listLabel = 'Settlements';
  override readonly searchLabel = 'Entity id';
  override readonly filters = [{ variable: 'status', label: 'Status', options: statusOptions(['PENDING', 'SUBMITTED', 'PAID', 'FAILED', 'UNKNOWN']) }];
  override readonly emptyTitle = 'No settlements yet';
  override readonly emptyText = 'Payouts to your settlement entities show here, batch by batch, on each entity’s schedule.';
  readonly query = `query ($first: Int, $after: String, $status: SettlementStatus, $entityId: String) {
    settlements(first: $first, after: $after, status: $status, entityId: $entityId) {
      edges { node { id entityId status trigger attempt amount { ${MONEY} } gross { ${MONEY} } fee { ${MONEY} } reserve { ${MONEY} } createdAt failureReason } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.selected = null;
    this.lines = [];
    this.linesState = 'loading';
    this.linesError = '';
    this.linesHasNext = false;
    this.notice = '';
    this.retrying = false;
  }
  // The entity box filters by exact entity id (the API's `entityId`), not a free-text search.
  protected override variables(): Record<string, unknown> {
    const { search, ...rest } = super.variables();
    return search ? { ...rest, entityId: search } : rest;
  }
  connectionOf(data: unknown) {
    return (data as { settlements: Connection<BatchRow> }).settlements;
  }
  columns(): Column<BatchRow>[] {
    return [
      { header: 'Created', cell: (r) => formatDateTime(r.createdAt) },
      { header: 'Entity', cell: (r) => html`<span class="mono">${r.entityId}</span>` },
      {
        header: 'Status',
        cell: (r) => html`${statusBadge(r.status)}${r.failureReason ? html`<br /><span class="muted">${r.failureReason}</span>` : ''}`,
      },
      { header: 'Gross', align: 'end', cell: (r) => formatMoney(r.gross) },
      { header: 'Reserve + fee', align: 'end', cell: (r) => html`${formatMoney(r.reserve)}<br />${formatMoney(r.fee)}` },
      { header: 'Paid out', align: 'end', cell: (r) => formatMoney(r.amount) },
      {
        header: 'Actions',
        cell: (r) =>
          html`<button type="button" aria-label="Lines of the ${r.entityId} batch of ${formatDateTime(r.createdAt)}" @click=${() => void this.#open(r)}>
            Lines
          </button>`,
      },
    ];
  }
  async #open(row: BatchRow) {
    this.selected = row;
    this.notice = '';
    this.#linesPager.reset();
    await this.#loadLines();
    (this.renderRoot.querySelector('#batch-heading') as HTMLElement | null)?.focus();
  }
  async #loadLines() {
    if (!this.selected) return;
    this.linesState = 'loading';
    try {
      const data = await this.client!<{ settlementLines: Connection<LineRow> }>(LINES, { batchId: this.selected.id, first: 50, after: this.#linesPager.after });
      this.lines = data.settlementLines.edges.map((e) => e.node);
      this.linesHasNext = data.settlementLines.pageInfo.hasNextPage;
      this.#linesEnd = data.settlementLines.pageInfo.endCursor;
      this.linesState = 'ready';
    } catch (error) {
      this.linesError = error instanceof Error ? error.message : String(error);
      this.linesState = 'error';
    }
  }
  async #retry() {
    const batch = this.selected!;
    this.retrying = true;
    try {
      const result = await this.client!<{
        retrySettlementSubmission: { settlementBatch: { status: string; attempt: number } | null; userErrors: { message: string }[] };
      }>(RETRY, { input: { batchId: batch.id } });
      const error = userErrorText(result.retrySettlementSubmission);
      const retried = result.retrySettlementSubmission.settlementBatch;
      this.notice = error ?? `Submitted again (attempt ${retried!.attempt}): now ${retried!.status.toLowerCase()}.`;
      if (retried) this.selected = { ...batch, status: retried.status, attempt: retried.attempt, failureReason: null };
      void this.reload();
    } catch (error) {
      this.notice = error instanceof Error ? error.message : String(error);
    } finally {
      this.retrying = false;
    }
  }
  protected override renderPanel() {
    const batch = this.selected;
    if (!batch) return nothing;
    const columns: Column<LineRow>[] = [
      { header: 'Kind', cell: (l) => l.kind.charAt(0) + l.kind.slice(1).toLowerCase().replaceAll('_', ' ') },
      { header: 'Payment', cell: (l) => html`<span class="mono">${l.paymentId ?? '—'}</span>` },
      { header: 'Journal entry', cell: (l) => html`<span class="mono">${l.journalEntryId}</span>` },
      { header: 'Amount', align: 'end', cell: (l) => formatMoney(l.amount) },
    ];
    return html`<section class="panel" aria-labelledby="batch-heading" data-panel="batch">
      <h2 id="batch-heading" tabindex="-1">Batch for ${batch.entityId}, ${formatDateTime(batch.createdAt)}</h2>
      <p>${statusBadge(batch.status)} Attempt ${batch.attempt} · ${formatMoney(batch.amount)} paid out of ${formatMoney(batch.gross)}</p>
      ${
        batch.status === 'FAILED' && this.can('settlements:write')
          ? html`<p class="row-actions start">
              <button type="button" class="primary" ?disabled=${this.retrying} @click=${() => void this.#retry()}>
                ${this.retrying ? 'Retrying…' : 'Retry payout'}
              </button>
              <span class="muted">Submits it again with the same idempotency key, so it cannot be paid twice.</span>
            </p>`
          : nothing
      }
      ${this.notice ? html`<p role="status" class="banner">${this.notice}</p>` : nothing}
      <pc-data-list
        label="Lines of this batch"
        .columns=${columns}
        .rows=${this.lines}
        .state=${this.linesState}
        .error=${this.linesError}
        .hasNext=${this.linesHasNext}
        .hasPrevious=${this.#linesPager.hasPrevious}
        .page=${this.#linesPager.page}
        empty-title="No lines"
        @retry=${(e: Event) => (e.stopPropagation(), void this.#loadLines())}
        @page-next=${(e: Event) => (e.stopPropagation(), this.#linesPager.next(this.#linesEnd), void this.#loadLines())}
        @page-previous=${(e: Event) => (e.stopPropagation(), this.#linesPager.previous(), void this.#loadLines())}
      ></pc-data-list>
      <p><button type="button" @click=${() => (this.selected = null)}>Close</button></p>
    </section>`;
  }
}
if (!customElements.get('pc-page-settlements')) customElements.define('pc-page-settlements', SettlementsPage);
