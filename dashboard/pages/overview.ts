import { css, html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import type { DashboardMode, GraphQLClient } from '../api/client.ts';
import { formatDate, formatMoney, theme } from '../shell/theme.ts';

interface Money {
  amountMinor: number;
  currency: string;
}
interface PaymentRow {
  id: string;
  amount: Money;
  paidAt: string;
  reference: string | null;
  partner: string;
  invoiceId: string | null;
}
interface OverviewData {
  viewer: { business: { name: string; defaultCurrency: string } | null };
  ledgerAccounts: { code: string; name: string; balance: Money; settlementEntityId: string | null }[];
  payments: { edges: { node: PaymentRow }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const QUERY = `query Overview($after: String) {
  viewer { business { name defaultCurrency } }
  ledgerAccounts { code name balance { amountMinor currency } settlementEntityId }
  payments(first: 50, after: $after) { edges { node { id amount { amountMinor currency } paidAt reference partner invoiceId } } pageInfo { hasNextPage endCursor } }
}`;
const MORE = `query OverviewMore($after: String) {
  payments(first: 50, after: $after) { edges { node { id amount { amountMinor currency } paidAt reference partner invoiceId } } pageInfo { hasNextPage endCursor } }
}`;

/** The balances a merchant asks about first, by ledger account code. */
const BALANCES: { code: string; label: string; hint: string }[] = [
  { code: '1100', label: 'Collected', hint: 'Received from customers, held at the bank partner' },
  { code: '2200', label: 'Payable to your entities', hint: 'Assigned to settlement entities, waiting for the next payout' },
  { code: '2210', label: 'Held in reserve', hint: 'Kept back for refunds and chargebacks' },
  { code: '2220', label: 'Payout in transit', hint: 'Sent to your bank, not yet confirmed' },
];

/** Collections per day for the 30 days ending `today` (UTC dates), in one currency: minor units. */
export function dailyCollections(payments: PaymentRow[], currency: string, today: Date): { day: string; amountMinor: number; count: number }[] {
  const days: { day: string; amountMinor: number; count: number }[] = [];
  for (let back = 29; back >= 0; back--) {
    days.push({ day: new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10), amountMinor: 0, count: 0 });
  }
  const byDay = new Map(days.map((entry) => [entry.day, entry]));
  for (const payment of payments) {
    if (payment.amount.currency !== currency) continue;
    const entry = byDay.get(payment.paidAt.slice(0, 10));
    if (entry) {
      entry.amountMinor += payment.amount.amountMinor;
      entry.count += 1;
    }
  }
  return days;
}

/** Overview: balances, a 30-day chart of collections and the latest payments. */
export class PcOverviewPage extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .balances {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
        gap: 1rem;
        margin: 0 0 1.5rem;
      }
      .balance .amount {
        font-size: 1.5rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        margin: 0.25rem 0;
      }
      .balance h2 {
        margin: 0;
        font-size: 0.9375rem;
        color: var(--muted);
      }
      .chart svg {
        width: 100%;
        height: 180px;
        display: block;
      }
      .bar {
        fill: var(--accent);
      }
      .axis {
        stroke: var(--border);
      }
      .axis-labels {
        display: flex;
        justify-content: space-between;
        margin: 0.25rem 0 0.5rem;
      }
      .total {
        font-weight: 700;
        font-size: 1.25rem;
      }
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
    `,
  ];
  static override properties = {
    client: { attribute: false },
    mode: { type: String },
    data: { state: true },
    payments: { state: true },
    error: { state: true },
  };

  declare client: GraphQLClient;
  declare mode: DashboardMode;
  declare data: OverviewData | null;
  declare payments: PaymentRow[];
  declare error: string;

  constructor() {
    super();
    this.data = null;
    this.payments = [];
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const data = await this.client<OverviewData>(QUERY);
      const payments = data.payments.edges.map((edge) => edge.node);
      // Older pages only while they can still fall inside the 30 days (newest first; at most 1,000; 50 a page keeps the query under the API's cost limit).
      const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
      let page = data.payments.pageInfo;
      while (page.hasNextPage && payments.length < 1000 && (payments.at(-1)?.paidAt ?? '') >= since) {
        const more = await this.client<Pick<OverviewData, 'payments'>>(MORE, { after: page.endCursor });
        payments.push(...more.payments.edges.map((edge) => edge.node));
        page = more.payments.pageInfo;
      }
      this.payments = payments;
      this.data = data;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render(): TemplateResult {
    const label = this.mode === 'test' ? ' (test data)' : '';
    if (this.error)
      return html`<h1>Overview</h1>
        <div class="banner danger" role="alert">Could not load the overview: ${this.error}</div>`;
    if (!this.data)
      return html`<h1>Overview</h1>
        <p class="empty" role="status">Loading balances and payments…</p>`;
    const currency = this.data.viewer.business?.defaultCurrency ?? this.payments[0]?.amount.currency ?? 'USD';
    return html`<h1>Overview${label}</h1>
      <section class="balances" aria-label="Balances">
        ${BALANCES.map((balance) => this.renderBalance(balance.code, balance.label, balance.hint, currency))}
      </section>
      ${this.renderChart(currency)}
      <h2>Recent payments</h2>
      ${this.renderRecent()}`;
  }

  private renderBalance(code: string, label: string, hint: string, currency: string): TemplateResult {
    const accounts = this.data!.ledgerAccounts.filter((account) => account.code === code);
    const totals = new Map<string, number>();
    for (const account of accounts) totals.set(account.balance.currency, (totals.get(account.balance.currency) ?? 0) + account.balance.amountMinor);
    if (totals.size === 0) totals.set(currency, 0);
    return html`<div class="card balance">
      <h2>${label}</h2>
      ${[...totals].map(([cur, amount]) => html`<p class="amount">${formatMoney(amount, cur)}</p>`)}
      <p class="hint">${hint}</p>
    </div>`;
  }

  private renderChart(currency: string): TemplateResult {
    const days = dailyCollections(this.payments, currency, new Date());
    const total = days.reduce((sum, day) => sum + day.amountMinor, 0);
    const count = days.reduce((sum, day) => sum + day.count, 0);
    const max = Math.max(1, ...days.map((day) => day.amountMinor));
    const width = 600;
    const height = 180;
    const plot = height - 4;
    const step = width / days.length;
    const short = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    return html`<section class="card chart" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Collections, last 30 days</h2>
      <p><span class="total">${formatMoney(total, currency)}</span> <span class="hint">from ${count} payment${count === 1 ? '' : 's'}</span></p>
      <svg
        viewBox="0 0 ${width} ${height}"
        preserveAspectRatio="none"
        role="img"
        aria-label="Bar chart of collections per day: ${formatMoney(total, currency)} over 30 days, highest day ${formatMoney(max === 1 ? 0 : max, currency)}"
      >
        ${days.map((day, index) => {
          const barHeight = day.amountMinor ? Math.max(2, (day.amountMinor / max) * (plot - 8)) : 0;
          return svg`<rect class="bar" x=${index * step + 2} y=${plot - barHeight} width=${step - 4} height=${barHeight} rx="2"><title>${short(day.day)}: ${formatMoney(day.amountMinor, currency)}</title></rect>`;
        })}
        <line class="axis" x1="0" x2=${width} y1=${plot} y2=${plot}></line>
      </svg>
      <p class="axis-labels hint" aria-hidden="true"><span>${short(days[0]!.day)}</span><span>${short(days.at(-1)!.day)}</span></p>
      <details>
        <summary>Show as a table</summary>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Collections per day">
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">Payments</th>
                <th scope="col" class="num">Collected</th>
              </tr>
            </thead>
            <tbody>
              ${days.map(
                (day) =>
                  html`<tr>
                    <td>${short(day.day)}</td>
                    <td class="num">${day.count}</td>
                    <td class="num">${formatMoney(day.amountMinor, currency)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </section>`;
  }

  private renderRecent(): TemplateResult {
    const recent = this.payments.slice(0, 10);
    if (recent.length === 0) return html`<p class="card empty">No payments yet${this.mode === 'test' ? ' in test mode' : ''}.</p>`;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label="Recent payments">
        <table>
          <thead>
            <tr>
              <th scope="col">Paid</th>
              <th scope="col">Reference</th>
              <th scope="col">Via</th>
              <th scope="col" class="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            ${recent.map(
              (payment) =>
                html`<tr>
                  <td>${formatDate(payment.paidAt)}</td>
                  <td><span class="mono">${payment.reference ?? payment.invoiceId ?? payment.id}</span></td>
                  <td>${payment.partner}</td>
                  <td class="num">${formatMoney(payment.amount.amountMinor, payment.amount.currency)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${nothing}`;
  }
}

if (!customElements.get('pc-overview-page')) customElements.define('pc-overview-page', PcOverviewPage);
