import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardMode, GraphQLClient } from '../api/client.ts';
import './data-list.ts';
import type { Column, ListState } from './data-list.ts';
import type { FormDialog } from './form-dialog.ts';
import { CursorPager, type Connection } from './paging.ts';
import { baseStyles } from './styles.ts';

export interface ListFilter {
  /** The query variable it sets; '' (the first option, "All") leaves it out. */
  variable: string;
  label: string;
  options: [value: string, label: string][];
  /** Booleans (isActive) are sent as booleans. */
  boolean?: boolean;
}

/**
 * A page that is one paged list (with its search and filters) plus whatever the page adds: its
 * heading's actions and a panel under the list. A subclass names its query (taking $first, $after
 * and, where it has them, $search and its filters' variables) and its columns.
 */
export abstract class ListPage<T> extends LitElement {
  static override properties = {
    client: { attribute: false },
    mode: { type: String },
    scopes: { attribute: false },
    rows: { state: true },
    listState: { state: true },
    loadError: { state: true },
    hasNext: { state: true },
    filterValues: { state: true },
    searchText: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: clamp(1rem, 3vw, 2rem);
        background: var(--pc-bg);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
        margin-bottom: 1rem;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
        margin-bottom: 1rem;
      }
      .toolbar label {
        display: grid;
        gap: 0.25rem;
        font-size: 0.875rem;
      }
      .toolbar input[type='search'] {
        width: min(20rem, 100%);
      }
      .panel {
        margin-top: 1.25rem;
        padding: 1rem;
        border: 1px solid var(--pc-border);
        border-radius: 0.75rem;
        display: grid;
        gap: 0.75rem;
      }
      .row-actions button {
        min-height: 2.25rem;
        padding: 0.25rem 0.625rem;
      }
    `,
  ];

  declare client: GraphQLClient | undefined;
  declare mode: DashboardMode;
  declare rows: T[];
  declare listState: ListState;
  declare loadError: string;
  declare hasNext: boolean;
  declare filterValues: Record<string, string>;
  declare searchText: string;
  /** What the signed-in user's role may do (the session's scopes); null: not known here, so nothing is hidden (the API still decides). */
  declare scopes: readonly string[] | null;

  /** The page's title (its h1) and the list's accessible name. */
  abstract readonly heading: string;
  abstract readonly listLabel: string;
  /** A query over one connection, taking $first and $after (and $search / the filters' variables if the page has them). */
  abstract readonly query: string;
  abstract connectionOf(data: unknown): Connection<T>;
  abstract columns(): Column<T>[];
  /** The search box's label, or null for a list the API cannot search. */
  readonly searchLabel: string | null = null;
  readonly filters: ListFilter[] = [];
  readonly emptyTitle: string = 'Nothing here yet';
  readonly emptyText: string = '';
  /** The empty state's call to action (its button calls `emptyAction`). */
  readonly emptyActionLabel: string = '';
  /** The scope the page's create action (its toolbar actions, the empty state's call to action) needs; a role without it sees neither. */
  readonly createScope: string | null = null;
  readonly pageSize: number = 20;

  protected readonly pager = new CursorPager();
  #sequence = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.mode = 'test';
    this.rows = [];
    this.listState = 'loading';
    this.loadError = '';
    this.hasNext = false;
    this.filterValues = {};
    this.searchText = '';
    this.scopes = null;
  }

  /** The page's form dialog (the first; a page with more names them). */
  get dialog(): FormDialog {
    return this.renderRoot.querySelector('pc-form-dialog')!;
  }

  /** Whether the user's role holds `scope`: actions it lacks are not offered (a READ_ONLY user sees no Create button). */
  protected can(scope: string): boolean {
    return this.scopes === null || this.scopes.includes(scope);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // A new client (sign-in, the test/live switch) starts the list over.
    if ((changed.has('client') || changed.has('mode')) && this.client) {
      this.pager.reset();
      void this.reload();
    }
  }

  /** Extra variables a page adds (a selected entity, say). */
  protected extraVariables(): Record<string, unknown> {
    return {};
  }

  protected variables(): Record<string, unknown> {
    const variables: Record<string, unknown> = { first: this.pageSize, after: this.pager.after, ...this.extraVariables() };
    if (this.searchLabel !== null && this.searchText.trim()) variables.search = this.searchText.trim();
    for (const filter of this.filters) {
      const value = this.filterValues[filter.variable];
      if (value) variables[filter.variable] = filter.boolean ? value === 'true' : value;
    }
    return variables;
  }

  /** Loads the current page; an older answer arriving after a newer request is dropped. */
  async reload(): Promise<void> {
    if (!this.client) return;
    const sequence = ++this.#sequence;
    this.listState = 'loading';
    try {
      const data = await this.client(this.query, this.variables());
      if (sequence !== this.#sequence) return;
      const connection = this.connectionOf(data);
      this.rows = connection.edges.map((e) => e.node);
      this.hasNext = connection.pageInfo.hasNextPage;
      this.#endCursor = connection.pageInfo.endCursor;
      this.listState = 'ready';
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.loadError = error instanceof Error ? error.message : String(error);
      this.listState = 'error';
    }
  }
  #endCursor: string | null = null;

  /** Back to page one with the current search and filters. */
  protected restart(): void {
    this.pager.reset();
    void this.reload();
  }

  #onSearch(event: Event) {
    this.searchText = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    // Typing pauses before the request, so each keystroke does not hit the API.
    this.#searchTimer = setTimeout(() => this.restart(), 250);
  }

  #onFilter(filter: ListFilter, event: Event) {
    this.filterValues = { ...this.filterValues, [filter.variable]: (event.target as HTMLSelectElement).value };
    this.restart();
  }

  protected emptyAction(): void {}

  /** Buttons beside the heading. */
  protected renderActions(): TemplateResult | typeof nothing {
    return nothing;
  }

  /** Under the list: a selected row's detail, a result just created. */
  protected renderPanel(): TemplateResult | typeof nothing {
    return nothing;
  }

  /** Dialogs and anything else outside the flow. */
  protected renderExtras(): TemplateResult | typeof nothing {
    return nothing;
  }

  protected renderToolbar() {
    if (this.searchLabel === null && this.filters.length === 0) return nothing;
    return html`<div class="toolbar" role="search" aria-label="Filter ${this.listLabel}">
      ${
        this.searchLabel !== null
          ? html`<label class="search"
              >${this.searchLabel}<input type="search" name="search" .value=${this.searchText} @input=${this.#onSearch} autocomplete="off"
            /></label>`
          : nothing
      }
      ${this.filters.map(
        (filter) =>
          html`<label
            >${filter.label}<select name=${filter.variable} @change=${(e: Event) => this.#onFilter(filter, e)}>
              ${filter.options.map(([value, label]) => html`<option value=${value} ?selected=${(this.filterValues[filter.variable] ?? '') === value}>${label}</option>`)}
            </select></label
          >`,
      )}
    </div>`;
  }

  get #canCreate(): boolean {
    return this.createScope === null || this.can(this.createScope);
  }

  override render() {
    return html`<header>
        <h1>${this.heading}</h1>
        <div class="row-actions">${this.#canCreate ? this.renderActions() : nothing}</div>
      </header>
      ${this.renderToolbar()}
      <pc-data-list
        .label=${this.listLabel}
        .columns=${this.columns()}
        .rows=${this.rows}
        .state=${this.listState}
        .error=${this.loadError}
        .hasNext=${this.hasNext}
        .hasPrevious=${this.pager.hasPrevious}
        .page=${this.pager.page}
        .emptyTitle=${this.searchText.trim() || Object.values(this.filterValues).some(Boolean) ? 'No matches' : this.emptyTitle}
        .emptyText=${this.searchText.trim() || Object.values(this.filterValues).some(Boolean) ? 'Try another search or filter.' : this.emptyText}
        .emptyAction=${this.searchText.trim() || Object.values(this.filterValues).some(Boolean) || !this.#canCreate ? '' : this.emptyActionLabel}
        @page-next=${() => {
          this.pager.next(this.#endCursor);
          void this.reload();
        }}
        @page-previous=${() => {
          this.pager.previous();
          void this.reload();
        }}
        @retry=${() => void this.reload()}
        @empty-action=${() => this.emptyAction()}
      ></pc-data-list>
      ${this.renderPanel()} ${this.renderExtras()}`;
  }
}

/** A one-line userErrors answer for a form: the messages, or null when there were none. */
export function userErrorText(payload: { userErrors?: { message: string }[] } | null | undefined): string | null {
  const errors = payload?.userErrors ?? [];
  return errors.length ? errors.map((e) => e.message).join(' ') : null;
}
