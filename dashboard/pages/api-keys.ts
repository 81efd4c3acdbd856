import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardMode, GraphQLClient } from '../api/client.ts';
import { copyText, formatDate, theme } from '../shell/theme.ts';

/** The scopes a key can hold (server/domain/api-keys.ts SCOPES), grouped as a person reads them. */
export const SCOPE_GROUPS: { label: string; scopes: string[] }[] = [
  { label: 'Checkouts and invoices', scopes: ['checkouts:read', 'checkouts:write', 'invoices:read', 'invoices:write'] },
  { label: 'Lipa numbers', scopes: ['till_alias:read', 'till_alias:create'] },
  { label: 'Apps and webhooks', scopes: ['apps:read', 'apps:write', 'webhooks:read', 'webhooks:write'] },
  { label: 'Settlement entities and payouts', scopes: ['entities:read', 'entities:write', 'settlements:read', 'settlements:write'] },
  { label: 'Ledger', scopes: ['ledger:read'] },
  { label: 'API keys', scopes: ['api_keys:read', 'api_keys:write'] },
];

interface ApiKeyRow {
  id: string;
  name: string;
  mode: 'TEST' | 'LIVE';
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

const LIST = `query ApiKeys($after: String) { apiKeys(first: 50, after: $after) { edges { node { id name mode scopes createdAt lastUsedAt revokedAt } } pageInfo { hasNextPage endCursor } } }`;
const CREATE = `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name mode scopes createdAt lastUsedAt revokedAt } userErrors { code field message } } }`;
const REVOKE = `mutation RevokeApiKey($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { code message } } }`;

/** API keys: create one (name, mode, scopes; the full key shown once in a green banner), list, revoke. */
export class PcApiKeysPage extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 1px solid var(--border);
        border-radius: 10px;
        margin: 0 0 1rem;
        padding: 0.75rem 1rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .scopes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
        gap: 0.75rem 1.25rem;
      }
      .scopes h3 {
        font-size: 0.875rem;
        margin: 0 0 0.25rem;
        color: var(--muted);
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 400;
        margin: 0.15rem 0;
        min-height: 28px;
      }
      .secret-banner .secret {
        display: block;
        background: var(--surface);
        border: 1px solid var(--success-border);
        border-radius: 8px;
        padding: 0.6rem 0.75rem;
        margin: 0.5rem 0;
        font-size: 0.95rem;
        user-select: all;
      }
      .secret-banner strong {
        color: var(--success);
      }
      .scope-list {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      .pill {
        white-space: nowrap;
        overflow-wrap: normal;
        border: 1px solid var(--border);
        border-radius: 999px;
        padding: 0 0.5rem;
        font-size: 0.8125rem;
      }
      .revoked {
        color: var(--muted);
      }
      dialog {
        border: 1px solid var(--border);
        border-radius: 12px;
        background: var(--surface);
        color: var(--text);
        max-width: 28rem;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      form.create {
        margin-bottom: 1.5rem;
      }
      .name-field {
        max-width: 24rem;
      }
    `,
  ];
  static override properties = {
    client: { attribute: false },
    mode: { type: String },
    scopes: { attribute: false },
    keys: { state: true },
    loading: { state: true },
    error: { state: true },
    creating: { state: true },
    created: { state: true },
    fieldErrors: { state: true },
    copied: { state: true },
    toRevoke: { state: true },
    busy: { state: true },
  };

  declare client: GraphQLClient;
  declare mode: DashboardMode;
  /** The role's scopes (null: not known, nothing hidden); the API checks every request itself. */
  declare scopes: readonly string[] | null;

  private get canWrite(): boolean {
    return this.scopes == null || this.scopes.includes('api_keys:write');
  }
  declare keys: ApiKeyRow[];
  declare loading: boolean;
  declare error: string;
  declare creating: boolean;
  declare created: { secret: string; key: ApiKeyRow } | null;
  declare fieldErrors: Record<string, string>;
  declare copied: string;
  declare toRevoke: ApiKeyRow | null;
  declare busy: boolean;

  constructor() {
    super();
    this.keys = [];
    this.loading = true;
    this.error = '';
    this.creating = false;
    this.created = null;
    this.fieldErrors = {};
    this.copied = '';
    this.toRevoke = null;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const data = await this.client<{ apiKeys: { edges: { node: ApiKeyRow }[] } }>(LIST);
      this.keys = data.apiKeys.edges.map((edge) => edge.node);
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.loading = false;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const scopes = form.getAll('scope').map(String);
    const mode = String(form.get('key-mode') ?? 'TEST');
    const errors: Record<string, string> = {};
    if (!name) errors.name = 'Give the key a name, e.g. “Shop backend”.';
    if (scopes.length === 0) errors.scopes = 'Choose at least one scope.';
    this.fieldErrors = errors;
    if (Object.keys(errors).length) return;
    this.busy = true;
    try {
      const data = await this.client<{ createApiKey: { secret: string | null; apiKey: ApiKeyRow | null; userErrors: UserError[] } }>(CREATE, {
        input: { name, mode, scopes },
      });
      const result = data.createApiKey;
      if (result.userErrors.length || !result.secret || !result.apiKey) {
        const first = result.userErrors[0];
        const field = first?.field?.at(-1) === 'scopes' ? 'scopes' : 'name';
        this.fieldErrors = { [field]: first ? `${first.message} (${first.code})` : 'The key was not created.' };
        return;
      }
      this.created = { secret: result.secret, key: result.apiKey };
      this.creating = false;
      this.copied = '';
      if (result.apiKey.mode === this.mode.toUpperCase()) this.keys = [result.apiKey, ...this.keys];
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.secret-banner')?.focus();
    } catch (error) {
      this.fieldErrors = { name: (error as Error).message };
    } finally {
      this.busy = false;
    }
  }

  private askRevoke(key: ApiKeyRow): void {
    this.toRevoke = key;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal());
  }

  private async revoke(): Promise<void> {
    const key = this.toRevoke;
    if (!key) return;
    this.busy = true;
    try {
      const data = await this.client<{ revokeApiKey: { apiKey: { id: string; revokedAt: string } | null; userErrors: UserError[] } }>(REVOKE, {
        input: { id: key.id },
      });
      if (data.revokeApiKey.apiKey) {
        const revokedAt = data.revokeApiKey.apiKey.revokedAt;
        this.keys = this.keys.map((row) => (row.id === key.id ? { ...row, revokedAt } : row));
        this.error = '';
      } else this.error = data.revokeApiKey.userErrors[0]?.message ?? 'The key was not revoked.';
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
      this.closeDialog();
    }
  }

  private closeDialog(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close();
    this.toRevoke = null;
  }

  override render(): TemplateResult {
    return html`<div class="row">
        <h1>API keys</h1>
      </div>
      <p class="hint">
        Your backend calls the API with a secret key: <code>Authorization: Bearer sk_${this.mode}_…</code>. Showing ${this.mode} keys; switch mode at the top to
        see the others.
      </p>
      ${this.created ? this.renderCreated() : nothing} ${this.error ? html`<div class="banner danger" role="alert">${this.error}</div>` : nothing}
      ${
        !this.canWrite
          ? html`<p class="hint">Your role can see keys, not create or revoke them.</p>`
          : this.creating
            ? this.renderCreateForm()
            : html`<p><button type="button" @click=${() => ((this.creating = true), (this.fieldErrors = {}))}>Create key</button></p>`
      }
      ${this.renderList()} ${this.renderDialog()}`;
  }

  private renderCreated(): TemplateResult {
    const { secret, key } = this.created!;
    return html`<div class="banner success secret-banner" role="status" tabindex="-1" aria-label="Your new API key">
      <p><strong>✓ Key “${key.name}” created.</strong> Copy it now: it is shown only once, and we keep only its hash.</p>
      <code class="secret" data-testid="new-secret">${secret}</code>
      <div class="row">
        <button
          type="button"
          @click=${async () => (this.copied = (await copyText(secret)) ? 'Copied to the clipboard.' : 'Copy failed: select the key and copy it.')}
        >
          Copy key
        </button>
        <button type="button" class="secondary" @click=${() => (this.created = null)}>I stored it — hide</button>
        <span class="hint" role="status">${this.copied}</span>
      </div>
      <p class="hint">Store it in your backend's secrets manager. Never put it in a browser or an app.</p>
    </div>`;
  }

  private renderCreateForm(): TemplateResult {
    const mode = this.mode.toUpperCase();
    return html`<form class="create card" @submit=${(e: SubmitEvent) => this.create(e)} novalidate aria-labelledby="create-heading">
      <h2 id="create-heading">Create a key</h2>
      <div class="field name-field">
        <label for="key-name">Name</label>
        <input
          id="key-name"
          name="name"
          maxlength="100"
          placeholder="Shop backend"
          aria-invalid=${this.fieldErrors.name ? 'true' : 'false'}
          aria-describedby=${this.fieldErrors.name ? 'key-name-error' : nothing}
        />
        ${this.fieldErrors.name ? html`<p class="error" id="key-name-error" role="alert">${this.fieldErrors.name}</p>` : nothing}
      </div>
      <fieldset>
        <legend>Environment</legend>
        <label class="check"><input type="radio" name="key-mode" value="TEST" ?checked=${mode === 'TEST'} /> Test (<code>sk_test_…</code>)</label>
        <label class="check"><input type="radio" name="key-mode" value="LIVE" ?checked=${mode === 'LIVE'} /> Live (<code>sk_live_…</code>): real money</label>
      </fieldset>
      <fieldset aria-describedby=${this.fieldErrors.scopes ? 'scopes-error' : nothing}>
        <legend>Scopes</legend>
        <div class="scopes">
          ${SCOPE_GROUPS.map(
            (group) =>
              html`<div>
                <h3>${group.label}</h3>
                ${group.scopes.map((scope) => html`<label class="check"><input type="checkbox" name="scope" value=${scope} /> <code>${scope}</code></label>`)}
              </div>`,
          )}
        </div>
        ${this.fieldErrors.scopes ? html`<p class="error" id="scopes-error" role="alert">${this.fieldErrors.scopes}</p>` : nothing}
      </fieldset>
      <div class="row">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Creating…' : 'Create key'}</button>
        <button type="button" class="secondary" @click=${() => (this.creating = false)}>Cancel</button>
      </div>
    </form>`;
  }

  private renderList(): TemplateResult {
    if (this.loading) return html`<p class="empty" role="status">Loading keys…</p>`;
    if (this.keys.length === 0) return html`<p class="card empty">No ${this.mode} keys yet.</p>`;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label="API keys">
      <table>
        <caption class="sr-only">
          ${this.mode} API keys
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.keys.map(
            (key) =>
              html`<tr class=${key.revokedAt ? 'revoked' : ''}>
                <td>${key.name} <span class="pill">${key.mode.toLowerCase()}</span></td>
                <td>
                  <span class="scope-list">${key.scopes.map((scope) => html`<code class="pill">${scope}</code>`)}</span>
                </td>
                <td>${formatDate(key.createdAt)}</td>
                <td>${key.lastUsedAt ? formatDate(key.lastUsedAt) : 'Never'}</td>
                <td>
                  ${
                    key.revokedAt
                      ? html`Revoked ${formatDate(key.revokedAt)}`
                      : !this.canWrite
                        ? html`<span class="hint">Active</span>`
                        : html`<button type="button" class="danger" @click=${() => this.askRevoke(key)} aria-label="Revoke ${key.name}">Revoke</button>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderDialog(): TemplateResult {
    const key = this.toRevoke;
    return html`<dialog aria-labelledby="revoke-heading" @close=${() => (this.toRevoke = null)}>
      ${
        key
          ? html`<h2 id="revoke-heading">Revoke “${key.name}”?</h2>
              <p>Every request with this key fails from now on, on every server at once. This cannot be undone.</p>
              <div class="row">
                <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.revoke()}>Revoke key</button>
                <button type="button" class="secondary" autofocus @click=${() => this.closeDialog()}>Keep it</button>
              </div>`
          : nothing
      }
    </dialog>`;
  }
}

if (!customElements.get('pc-api-keys-page')) customElements.define('pc-api-keys-page', PcApiKeysPage);
