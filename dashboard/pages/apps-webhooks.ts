import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardMode, GraphQLClient } from '../api/client.ts';
import { copyText, formatDate, theme } from '../shell/theme.ts';

interface AppRow {
  appId: string;
  name: string;
  callbackUrl: string;
  status: string;
  disabledReason: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
}
interface Attempt {
  attemptNumber: number;
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  requestBody: string;
  responseBody: string | null;
}
interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  createdAt: string;
  nextAttemptAt: string | null;
  attempts: Attempt[];
}
interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

const APP_FIELDS = 'appId name callbackUrl status disabledReason previousSecretExpiresAt createdAt';
const APPS = `query Apps { apps { ${APP_FIELDS} } }`;
const REGISTER = `mutation RegisterApp($input: RegisterAppInput!) { registerApp(input: $input) { webhookSecret app { ${APP_FIELDS} } userErrors { code field message } } }`;
const ROTATE = `mutation RotateSecret($input: AppIdInput!) { rotateWebhookSecret(input: $input) { webhookSecret app { ${APP_FIELDS} } userErrors { code field message } } }`;
const DELIVERIES = `query Deliveries($appId: String!, $after: String) { webhookDeliveries(appId: $appId, first: 25, after: $after) {
  edges { node { id eventId eventType status attemptCount createdAt nextAttemptAt attempts { attemptNumber attemptedAt statusCode latencyMs error requestBody responseBody } } }
  pageInfo { hasNextPage endCursor } } }`;
const REDELIVER = `mutation Redeliver($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { deliveries { id } userErrors { code message } } }`;

/** Apps and webhooks: register an app, rotate its secret (both signatures during the overlap), the delivery log, redeliver. */
export class PcAppsWebhooksPage extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .apps {
        display: grid;
        gap: 1rem;
        margin: 0 0 1.5rem;
      }
      .app-head {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        flex-wrap: wrap;
        align-items: baseline;
      }
      .app-head h2 {
        margin: 0;
      }
      .status {
        font-size: 0.8125rem;
        font-weight: 600;
        border-radius: 999px;
        padding: 0.05rem 0.55rem;
        border: 1px solid currentColor;
      }
      .status.SUCCEEDED,
      .status.ACTIVE {
        color: var(--success);
      }
      .status.FAILED,
      .status.DISABLED {
        color: var(--danger);
      }
      .status.PENDING,
      .status.CANCELED {
        color: var(--muted);
      }
      .secret {
        display: block;
        background: var(--surface);
        border: 1px solid var(--success-border);
        border-radius: 8px;
        padding: 0.5rem 0.75rem;
        margin: 0.5rem 0;
        user-select: all;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-height: 14rem;
        overflow: auto;
        background: var(--bg);
        border-radius: 8px;
        padding: 0.5rem;
        font-size: 0.8125rem;
      }
      .attempts {
        margin: 0.5rem 0 0;
        padding-left: 1.25rem;
      }
      details summary {
        cursor: pointer;
      }
      .register {
        max-width: 36rem;
      }
    `,
  ];
  static override properties = {
    client: { attribute: false },
    mode: { type: String },
    scopes: { attribute: false },
    apps: { state: true },
    loading: { state: true },
    error: { state: true },
    registering: { state: true },
    fieldErrors: { state: true },
    secret: { state: true },
    selected: { state: true },
    deliveries: { state: true },
    deliveriesLoading: { state: true },
    notice: { state: true },
    copied: { state: true },
    busy: { state: true },
  };

  declare client: GraphQLClient;
  declare mode: DashboardMode;
  /** The role's scopes (null: not known, nothing hidden); the API checks every request itself. */
  declare scopes: readonly string[] | null;

  private can(scope: string): boolean {
    return this.scopes == null || this.scopes.includes(scope);
  }
  declare apps: AppRow[];
  declare loading: boolean;
  declare error: string;
  declare registering: boolean;
  declare fieldErrors: Record<string, string>;
  /** A secret just issued (register or rotate): shown once. */
  declare secret: { appId: string; value: string; rotated: boolean } | null;
  declare selected: string;
  declare deliveries: Delivery[] | null;
  declare deliveriesLoading: boolean;
  declare notice: string;
  declare copied: string;
  declare busy: boolean;

  constructor() {
    super();
    this.apps = [];
    this.loading = true;
    this.error = '';
    this.registering = false;
    this.fieldErrors = {};
    this.secret = null;
    this.selected = '';
    this.deliveries = null;
    this.deliveriesLoading = false;
    this.notice = '';
    this.copied = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.apps = (await this.client<{ apps: AppRow[] }>(APPS)).apps;
      if (!this.selected && this.apps[0]) await this.openLog(this.apps[0].appId);
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.loading = false;
  }

  private async register(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const input = {
      appId: String(form.get('appId') ?? '').trim(),
      name: String(form.get('name') ?? '').trim(),
      callbackUrl: String(form.get('callbackUrl') ?? '').trim(),
    };
    this.busy = true;
    try {
      const result = (await this.client<{ registerApp: { webhookSecret: string | null; app: AppRow | null; userErrors: UserError[] } }>(REGISTER, { input }))
        .registerApp;
      if (!result.app || !result.webhookSecret) {
        this.fieldErrors = Object.fromEntries(result.userErrors.map((e) => [e.field?.at(-1) ?? 'appId', `${e.message} (${e.code})`]));
        if (!Object.keys(this.fieldErrors).length) this.fieldErrors = { appId: 'The app was not registered.' };
        return;
      }
      this.apps = [...this.apps, result.app];
      this.secret = { appId: result.app.appId, value: result.webhookSecret, rotated: false };
      this.registering = false;
      this.fieldErrors = {};
      await this.openLog(result.app.appId);
    } catch (error) {
      this.fieldErrors = { appId: (error as Error).message };
    } finally {
      this.busy = false;
    }
  }

  private async rotate(app: AppRow): Promise<void> {
    this.busy = true;
    try {
      const result = (
        await this.client<{ rotateWebhookSecret: { webhookSecret: string | null; app: AppRow | null; userErrors: UserError[] } }>(ROTATE, {
          input: { appId: app.appId },
        })
      ).rotateWebhookSecret;
      if (result.app && result.webhookSecret) {
        this.apps = this.apps.map((row) => (row.appId === app.appId ? result.app! : row));
        this.secret = { appId: app.appId, value: result.webhookSecret, rotated: true };
        this.error = '';
      } else this.error = result.userErrors[0]?.message ?? 'The secret was not rotated.';
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async openLog(appId: string): Promise<void> {
    this.selected = appId;
    this.deliveriesLoading = true;
    try {
      const data = await this.client<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(DELIVERIES, { appId });
      this.deliveries = data.webhookDeliveries.edges.map((edge) => edge.node);
    } catch (error) {
      this.deliveries = [];
      this.error = (error as Error).message;
    }
    this.deliveriesLoading = false;
  }

  private async redeliver(delivery: Delivery): Promise<void> {
    this.busy = true;
    try {
      const result = (
        await this.client<{ redeliverWebhook: { deliveries: { id: string }[] | null; userErrors: UserError[] } }>(REDELIVER, {
          input: { eventId: delivery.eventId },
        })
      ).redeliverWebhook;
      if (result.deliveries) {
        this.notice = `${delivery.eventType} queued for redelivery.`;
        await this.openLog(this.selected);
      } else this.error = result.userErrors[0]?.message ?? 'Not redelivered.';
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    return html`<h1>Apps &amp; webhooks</h1>
      <p class="hint">Each app receives signed webhooks (Standard Webhooks) at its callback URL. Showing ${this.mode} mode.</p>
      ${this.error ? html`<div class="banner danger" role="alert">${this.error}</div>` : nothing} ${this.secret ? this.renderSecret() : nothing}
      ${
        !this.can('apps:write')
          ? nothing
          : this.registering
            ? this.renderRegister()
            : html`<p><button type="button" @click=${() => ((this.registering = true), (this.fieldErrors = {}))}>Register an app</button></p>`
      }
      ${
        this.loading
          ? html`<p class="empty" role="status">Loading apps…</p>`
          : this.apps.length === 0
            ? html`<p class="card empty">No apps yet. Register one to receive webhooks.</p>`
            : html`<div class="apps">${this.apps.map((app) => this.renderApp(app))}</div>`
      }
      ${this.selected ? this.renderLog() : nothing}`;
  }

  private renderSecret(): TemplateResult {
    const secret = this.secret!;
    const app = this.apps.find((row) => row.appId === secret.appId);
    return html`<div class="banner success" role="status">
      <p>
        <strong>${secret.rotated ? `New signing secret for ${secret.appId}` : `${secret.appId} registered`}.</strong> Copy the secret now: it is shown only
        once.
      </p>
      <code class="secret">${secret.value}</code>
      ${
        secret.rotated && app?.previousSecretExpiresAt
          ? html`<p>
              Until <strong>${formatDate(app.previousSecretExpiresAt)}</strong> every delivery carries both signatures, the old secret's and the new one's:
              deploy the new secret before then.
            </p>`
          : nothing
      }
      <div class="row">
        <button type="button" @click=${async () => (this.copied = (await copyText(secret.value)) ? 'Secret copied.' : 'Copy failed.')}>Copy secret</button>
        <button type="button" class="secondary" @click=${() => (this.secret = null)}>Hide</button>
        <span class="hint" role="status">${this.copied}</span>
      </div>
    </div>`;
  }

  private field(id: string, label: string, extra: TemplateResult | typeof nothing = nothing, attrs: { placeholder?: string; type?: string } = {}) {
    const error = this.fieldErrors[id];
    return html`<div class="field">
      <label for="app-${id}">${label}</label>
      <input
        id="app-${id}"
        name=${id}
        type=${attrs.type ?? 'text'}
        placeholder=${attrs.placeholder ?? nothing}
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `app-${id}-error` : nothing}
      />
      ${extra} ${error ? html`<p class="error" id="app-${id}-error" role="alert">${error}</p>` : nothing}
    </div>`;
  }

  private renderRegister(): TemplateResult {
    return html`<form class="card register" @submit=${(e: SubmitEvent) => this.register(e)} novalidate aria-labelledby="register-heading">
      <h2 id="register-heading">Register an app</h2>
      ${this.field('appId', 'App id', html`<p class="hint">Your name for it in API calls, e.g. SCHOOLFEES.</p>`, { placeholder: 'SCHOOLFEES' })}
      ${this.field('name', 'Display name')}
      ${this.field('callbackUrl', 'Callback URL', html`<p class="hint">https; private and loopback hosts are refused.</p>`, {
        type: 'url',
        placeholder: 'https://example.com/webhooks/pay',
      })}
      <div class="row">
        <button type="submit" ?disabled=${this.busy}>Register</button>
        <button type="button" class="secondary" @click=${() => (this.registering = false)}>Cancel</button>
      </div>
    </form>`;
  }

  private renderApp(app: AppRow): TemplateResult {
    return html`<section class="card" aria-labelledby="app-${app.appId}">
      <div class="app-head">
        <h2 id="app-${app.appId}">${app.name} <code>${app.appId}</code></h2>
        <span class="status ${app.status}">${app.status.toLowerCase()}</span>
      </div>
      <p class="mono">${app.callbackUrl}</p>
      ${app.disabledReason ? html`<p class="error">Disabled: ${app.disabledReason}</p>` : nothing}
      ${
        app.previousSecretExpiresAt
          ? html`<p class="hint">Rotation overlap: the previous secret still signs until ${formatDate(app.previousSecretExpiresAt)}.</p>`
          : nothing
      }
      <div class="row">
        ${
          this.can('apps:write')
            ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.rotate(app)}>Rotate secret</button>`
            : nothing
        }
        <button type="button" class="secondary" aria-pressed=${this.selected === app.appId ? 'true' : 'false'} @click=${() => this.openLog(app.appId)}>
          Delivery log
        </button>
      </div>
    </section>`;
  }

  private renderLog(): TemplateResult {
    return html`<section aria-labelledby="log-heading">
      <div class="app-head">
        <h2 id="log-heading">Deliveries to ${this.selected}</h2>
        <button type="button" class="secondary" @click=${() => this.openLog(this.selected)}>Refresh</button>
      </div>
      <p class="hint" role="status">${this.notice}</p>
      ${
        this.deliveriesLoading && !this.deliveries
          ? html`<p class="empty" role="status">Loading deliveries…</p>`
          : !this.deliveries?.length
            ? html`<p class="card empty">No deliveries yet.</p>`
            : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Deliveries">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Status</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Created</th>
                      <th scope="col"><span class="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.deliveries.map((delivery) => this.renderDelivery(delivery))}
                  </tbody>
                </table>
              </div>`
      }
    </section>`;
  }

  private renderDelivery(delivery: Delivery): TemplateResult {
    return html`<tr data-delivery=${delivery.id}>
      <td><code>${delivery.eventType}</code><br /><span class="hint mono">${delivery.eventId}</span></td>
      <td><span class="status ${delivery.status}">${delivery.status.toLowerCase()}</span></td>
      <td>
        <details>
          <summary>${delivery.attemptCount} attempt${delivery.attemptCount === 1 ? '' : 's'}</summary>
          <ol class="attempts">
            ${delivery.attempts.map(
              (attempt) =>
                html`<li>
                  ${formatDate(attempt.attemptedAt)} · ${attempt.statusCode ? `HTTP ${attempt.statusCode}` : (attempt.error ?? 'no response')} ·
                  ${attempt.latencyMs} ms
                  <details>
                    <summary>Request and response</summary>
                    <pre>${attempt.requestBody}</pre>
                    ${attempt.responseBody ? html`<pre>${attempt.responseBody}</pre>` : nothing}
                  </details>
                </li>`,
            )}
          </ol>
          ${delivery.nextAttemptAt ? html`<p class="hint">Next attempt ${formatDate(delivery.nextAttemptAt)}</p>` : nothing}
        </details>
      </td>
      <td>${formatDate(delivery.createdAt)}</td>
      <td>
        ${
          this.can('webhooks:write')
            ? html`<button
                type="button"
                class="secondary"
                ?disabled=${this.busy}
                @click=${() => this.redeliver(delivery)}
                aria-label="Redeliver ${delivery.eventType} ${delivery.eventId}"
              >
                Redeliver
              </button>`
            : nothing
        }
      </td>
    </tr>`;
  }
}

if (!customElements.get('pc-apps-webhooks-page')) customElements.define('pc-apps-webhooks-page', PcAppsWebhooksPage);
