import { css, html } from 'lit';
import { formatDateTime, formatMoney, ListPage, MONEY, type Column, type ListState, type Money } from '../ui/index.ts';

interface Line {
  account: { code: string; name: string };
  debitMinor: number | bigint;
  creditMinor: number | bigint;
  currency: string;
}
interface EntryRow {
  id: string;
  createdAt: string;
  description: string;
  source: string;
  lines: Line[];
}
interface Account {
  code: string;
  name: string;
  type: string;
  settlementEntityId: string | null;
  balance: Money;
}

/** The ledger: journal entries (newest first) with their balanced lines, and every account's balance. */
export class LedgerPage extends ListPage<EntryRow> {
  static override properties = { ...ListPage.properties, accounts: { state: true }, accountsState: { state: true }, accountsError: { state: true } };
  static override styles = [
    ...ListPage.styles,
    css`
      h2.accounts {
        margin: 2rem 0 0.75rem;
      }
    `,
  ];
  declare accounts: Account[];
  declare accountsState: ListState;
  declare accountsError: string;
  readonly heading = 'Ledger';
  readonly listLabel = 'Journal entries';
  override readonly emptyTitle = 'No journal entries yet';
  override readonly emptyText = 'Every payment, payout and fee is written here as a balanced journal entry.';
  readonly query = `query ($first: Int, $after: String) {
    journalEntries(first: $first, after: $after) {
      edges { node { id createdAt description source lines { account { code name } debitMinor creditMinor currency } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  constructor() {
    super();
    this.accounts = [];
    this.accountsState = 'loading';
    this.accountsError = '';
  }
  connectionOf(data: unknown) {
    return (data as { journalEntries: ReturnType<ListPage<EntryRow>['connectionOf']> }).journalEntries;
  }
  override async reload(): Promise<void> {
    await Promise.all([super.reload(), this.#loadAccounts()]);
  }
  async #loadAccounts() {
    this.accountsState = 'loading';
    try {
      const data = await this.client!<{ ledgerAccounts: Account[] }>(`query { ledgerAccounts { code name type settlementEntityId balance { ${MONEY} } } }`);
      this.accounts = data.ledgerAccounts;
      this.accountsState = 'ready';
    } catch (error) {
      this.accountsError = error instanceof Error ? error.message : String(error);
      this.accountsState = 'error';
    }
  }
  columns(): Column<EntryRow>[] {
    const side = (l: Line) =>
      BigInt(l.debitMinor) > 0n
        ? `Dr ${formatMoney({ amountMinor: l.debitMinor, currency: l.currency })}`
        : `Cr ${formatMoney({ amountMinor: l.creditMinor, currency: l.currency })}`;
    return [
      { header: 'Date', cell: (r) => formatDateTime(r.createdAt) },
      { header: 'Entry', cell: (r) => html`${r.description}<br /><span class="muted mono">${r.id} · ${r.source}</span>` },
      {
        header: 'Lines',
        cell: (r) =>
          html`<ul class="pairs">
            ${r.lines.map((l) => html`<li><span>${l.account.code} ${l.account.name}</span><span>${side(l)}</span></li>`)}
          </ul>`,
      },
    ];
  }
  protected override renderPanel() {
    const columns: Column<Account>[] = [
      { header: 'Code', cell: (a) => html`<span class="mono">${a.code}</span>` },
      { header: 'Account', cell: (a) => html`${a.name}${a.settlementEntityId ? html`<br /><span class="muted">${a.settlementEntityId}</span>` : ''}` },
      { header: 'Type', cell: (a) => a.type.charAt(0) + a.type.slice(1).toLowerCase() },
      { header: 'Balance', align: 'end', cell: (a) => formatMoney(a.balance) },
    ];
    return html`<h2 class="accounts" id="accounts">Accounts</h2>
      <pc-data-list
        label="Accounts"
        .columns=${columns}
        .rows=${this.accounts}
        .state=${this.accountsState}
        .error=${this.accountsError}
        empty-title="No accounts yet"
        @retry=${() => void this.#loadAccounts()}
      ></pc-data-list>`;
  }
}
if (!customElements.get('pc-page-ledger')) customElements.define('pc-page-ledger', LedgerPage);
