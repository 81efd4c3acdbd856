import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { baseStyles } from './styles.ts';

export interface Column<T> {
  header: string;
  cell: (row: T) => unknown;
  /** Numbers line up on the right. */
  align?: 'end';
}

export type ListState = 'loading' | 'ready' | 'error';

/**
 * A list of rows: a table on wide screens, stacked label/value rows when narrow (by its own width,
 * so a sidebar does not matter). Shows skeleton rows while loading, an empty state with a call to
 * action, an error with Retry, and Previous/Next paging. Events: page-next, page-previous, retry, empty-action.
 */
export class DataList<T = unknown> extends LitElement {
  static override properties = {
    label: { type: String },
    columns: { attribute: false },
    rows: { attribute: false },
    state: { type: String, reflect: true },
    error: { type: String },
    hasNext: { type: Boolean, attribute: 'has-next' },
    hasPrevious: { type: Boolean, attribute: 'has-previous' },
    page: { type: Number },
    emptyTitle: { type: String, attribute: 'empty-title' },
    emptyText: { type: String, attribute: 'empty-text' },
    emptyAction: { type: String, attribute: 'empty-action' },
    skeletonRows: { type: Number, attribute: 'skeleton-rows' },
  };
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .frame {
        border: 1px solid var(--pc-border);
        border-radius: 0.75rem;
        overflow: hidden;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        padding: 0.625rem 0.875rem;
        border-bottom: 1px solid var(--pc-border);
        vertical-align: middle;
      }
      /* A row's action keeps its label on one line ("Pay out now", not "Pay out / now"). */
      td button {
        white-space: nowrap;
      }
      /* A cell's list (what KYC still misses): no page-sized indent inside a cell. */
      td ul {
        margin: 0;
        padding-inline-start: 1.1rem;
      }
      /* A cell's label/value pairs (a journal entry's lines): no bullets, values aligned. */
      td ul.pairs {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.125rem;
        font-variant-numeric: tabular-nums;
      }
      td ul.pairs li {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
      }
      /* An amount is never broken across lines. */
      td ul.pairs li > :last-child {
        white-space: nowrap;
      }
      th {
        background: var(--pc-surface);
        font-size: 0.8125rem;
        font-weight: 600;
        color: var(--pc-muted);
        text-transform: uppercase;
        letter-spacing: 0.02em;
      }
      tbody tr:last-child td {
        border-bottom: 0;
      }
      .end {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      .bone {
        display: block;
        height: 0.875rem;
        border-radius: 0.25rem;
        background: var(--pc-surface);
        animation: pulse 1.2s ease-in-out infinite;
      }
      @keyframes pulse {
        50% {
          opacity: 0.45;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .bone {
          animation: none;
        }
      }
      .state {
        padding: 2rem 1rem;
        text-align: center;
        display: grid;
        gap: 0.75rem;
        justify-items: center;
      }
      .state p {
        margin: 0;
      }
      nav {
        display: flex;
        align-items: center;
        justify-content: flex-end;
        gap: 0.75rem;
        margin-top: 0.75rem;
      }
      /* Narrow: each row a card of label/value pairs. */
      @container (max-width: 40rem) {
        table,
        tbody,
        tr,
        td {
          display: block;
        }
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        tr {
          padding: 0.5rem 0.875rem;
          border-bottom: 1px solid var(--pc-border);
        }
        tbody tr:last-child {
          border-bottom: 0;
        }
        td {
          display: flex;
          justify-content: space-between;
          gap: 1rem;
          padding: 0.3rem 0;
          border: 0;
          text-align: end;
          overflow-wrap: anywhere;
        }
        td > div {
          min-width: 0;
        }
        /* Right-aligned in a card, a bullet sits next to its text. */
        td ul:not(.pairs) {
          padding: 0;
          list-style-position: inside;
        }
        /* In a card, a pair's amount goes under its label when both do not fit on one line. */
        td ul.pairs {
          gap: 0.5rem;
        }
        td ul.pairs li {
          flex-wrap: wrap;
          justify-content: flex-end;
          gap: 0 0.5rem;
        }
        td::before {
          content: attr(data-label);
          color: var(--pc-muted);
          font-size: 0.875rem;
          text-align: start;
          flex: none;
        }
        td.skeleton::before {
          content: none;
        }
      }
    `,
  ];
  declare label: string;
  declare columns: Column<T>[];
  declare rows: T[];
  declare state: ListState;
  declare error: string;
  declare hasNext: boolean;
  declare hasPrevious: boolean;
  declare page: number;
  declare emptyTitle: string;
  declare emptyText: string;
  declare emptyAction: string;
  declare skeletonRows: number;
  constructor() {
    super();
    this.label = '';
    this.columns = [];
    this.rows = [];
    this.state = 'loading';
    this.error = '';
    this.hasNext = false;
    this.hasPrevious = false;
    this.page = 1;
    this.emptyTitle = 'Nothing here yet';
    this.emptyText = '';
    this.emptyAction = '';
    this.skeletonRows = 5;
  }

  #emit(name: string) {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  #table(body: TemplateResult | TemplateResult[]) {
    return html`<table aria-busy=${this.state === 'loading' ? 'true' : 'false'}>
      <caption class="visually-hidden">
        ${this.label}${this.page > 1 ? `, page ${this.page}` : ''}
      </caption>
      <thead>
        <tr>
          ${this.columns.map((c) => html`<th scope="col" class=${c.align === 'end' ? 'end' : ''}>${c.header}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
    </table>`;
  }

  #body() {
    if (this.state === 'loading') {
      return html`<p class="visually-hidden" role="status">Loading ${this.label}…</p>
        ${this.#table(
          Array.from(
            { length: this.skeletonRows },
            (_, i) =>
              html`<tr data-skeleton>
                ${this.columns.map((_c, j) => html`<td class="skeleton"><span class="bone" style="width: ${40 + ((i * 7 + j * 13) % 50)}%"></span></td>`)}
              </tr>`,
          ),
        )}`;
    }
    if (this.state === 'error') {
      return html`<div class="state" role="alert" part="error">
        <p><strong>Could not load ${this.label}.</strong></p>
        <p class="muted">${this.error}</p>
        <button type="button" @click=${() => this.#emit('retry')}>Retry</button>
      </div>`;
    }
    if (this.rows.length === 0) {
      return html`<div class="state" part="empty">
        <p><strong>${this.emptyTitle}</strong></p>
        ${this.emptyText ? html`<p class="muted">${this.emptyText}</p>` : nothing}
        ${this.emptyAction ? html`<button type="button" class="primary" @click=${() => this.#emit('empty-action')}>${this.emptyAction}</button>` : nothing}
      </div>`;
    }
    return this.#table(
      this.rows.map(
        (row) =>
          html`<tr>
            ${this.columns.map((c) => html`<td data-label=${c.header} class=${c.align === 'end' ? 'end' : ''}><div>${c.cell(row)}</div></td>`)}
          </tr>`,
      ),
    );
  }

  override render() {
    const paging = this.state === 'ready' && (this.hasNext || this.hasPrevious);
    return html`<div class="frame">${this.#body()}</div>
      ${
        paging
          ? html`<nav aria-label="${this.label} pages">
              <button type="button" ?disabled=${!this.hasPrevious} @click=${() => this.#emit('page-previous')}>Previous</button>
              <span class="muted">Page ${this.page}</span>
              <button type="button" ?disabled=${!this.hasNext} @click=${() => this.#emit('page-next')}>Next</button>
            </nav>`
          : nothing
      }`;
  }
}
if (!customElements.get('pc-data-list')) customElements.define('pc-data-list', DataList);
