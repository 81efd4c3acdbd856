import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardMode, GraphQLClient } from '../api/client.ts';
import type { SessionState } from '../api/session.ts';
import { copyText, formatDate, theme } from './theme.ts';

export const ROLES: { value: string; label: string; hint: string }[] = [
  { value: 'OWNER', label: 'Owner', hint: 'Everything, including the team and payouts' },
  { value: 'DEVELOPER', label: 'Developer', hint: 'API keys, apps and webhooks; no money movement' },
  { value: 'FINANCE', label: 'Finance', hint: 'Payments, ledger and settlements' },
  { value: 'READ_ONLY', label: 'Read only', hint: 'Sees everything, changes nothing' },
];

interface UserRow {
  id: string;
  email: string;
  role: string;
  createdAt?: string | null;
}
interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}
interface CreatedUser {
  user: UserRow | null;
  temporaryPassword: string | null;
  userErrors?: UserError[];
}

const USERS = `query MerchantUsers($businessId: ID, $after: String) { merchantUsers(businessId: $businessId, first: 50, after: $after) { edges { node { id email role createdAt } } pageInfo { hasNextPage endCursor } } }`;
const INVITE = `mutation InviteTeamMember($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { user { id email role } temporaryPassword userErrors { code field message } } }`;
const CREATE = `mutation CreateMerchantUser($input: CreateMerchantUserInput!) { createMerchantUser(input: $input) { user { id email role } temporaryPassword userErrors { code field message } } }`;

/**
 * People of one business: a list and a form that adds one with a role, showing the temporary
 * password once. The team page (an owner, own business) and the operator's merchant users page
 * (any business, by id) are this with `operator` set or not.
 */
export class PcUsersPanel extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      form {
        max-width: 36rem;
        margin: 0 0 1.5rem;
      }
      .temp {
        display: block;
        background: var(--surface);
        border: 1px solid var(--success-border);
        border-radius: 8px;
        padding: 0.5rem 0.75rem;
        margin: 0.5rem 0;
        font-size: 1.1rem;
        user-select: all;
      }
    `,
  ];
  static override properties = {
    client: { attribute: false },
    mode: { type: String },
    session: { attribute: false },
    operator: { type: Boolean },
    users: { state: true },
    loading: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
    created: { state: true },
    businessId: { state: true },
    busy: { state: true },
    notice: { state: true },
  };

  declare client: GraphQLClient;
  declare mode: DashboardMode;
  declare session: SessionState | undefined;
  declare operator: boolean;
  declare users: UserRow[] | null;
  declare loading: boolean;
  declare error: string;
  declare fieldErrors: Record<string, string>;
  declare created: { email: string; temporaryPassword: string } | null;
  declare businessId: string;
  declare busy: boolean;
  declare notice: string;

  constructor() {
    super();
    this.operator = false;
    this.users = null;
    this.loading = false;
    this.error = '';
    this.fieldErrors = {};
    this.created = null;
    this.businessId = '';
    this.busy = false;
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.operator) void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const data = await this.client<{ merchantUsers: { edges: { node: UserRow }[] } }>(USERS, this.operator ? { businessId: this.businessId } : {});
      this.users = data.merchantUsers.edges.map((edge) => edge.node);
      this.error = '';
    } catch (error) {
      this.users = [];
      this.error = (error as Error).message;
    }
    this.loading = false;
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    // The target is read now: once the handler awaits, the event no longer has one.
    const formElement = event.target as HTMLFormElement;
    const form = new FormData(formElement);
    const email = String(form.get('email') ?? '').trim();
    const role = String(form.get('role') ?? 'READ_ONLY');
    const businessId = String(form.get('businessId') ?? '').trim();
    const errors: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter an email address, e.g. amina@example.co.tz.';
    if (this.operator && !businessId) errors.businessId = 'Enter the business id (biz_…).';
    this.fieldErrors = errors;
    if (Object.keys(errors).length) return;
    this.busy = true;
    try {
      const result = this.operator
        ? (await this.client<{ createMerchantUser: CreatedUser }>(CREATE, { input: { businessId, email, role } })).createMerchantUser
        : (await this.client<{ inviteTeamMember: CreatedUser }>(INVITE, { input: { email, role } })).inviteTeamMember;
      if (!result.user || !result.temporaryPassword) {
        const first = result.userErrors?.[0];
        const field = first?.field?.at(-1);
        this.fieldErrors = { [field === 'businessId' ? 'businessId' : 'email']: first ? `${first.message} (${first.code})` : 'The user was not created.' };
        return;
      }
      this.created = { email: result.user.email, temporaryPassword: result.temporaryPassword };
      this.notice = '';
      formElement.reset();
      if (this.operator) this.businessId = businessId;
      await this.load();
    } catch (error) {
      this.fieldErrors = { email: (error as Error).message };
    } finally {
      this.busy = false;
    }
  }

  private input(id: string, label: string, type: string, hint?: string): TemplateResult {
    const error = this.fieldErrors[id];
    const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${id}
        type=${type}
        required
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        .value=${id === 'businessId' ? this.businessId : ''}
      />
      ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
      ${error ? html`<p class="error" id="${id}-error" role="alert">${error}</p>` : nothing}
    </div>`;
  }

  override render(): TemplateResult {
    const title = this.operator ? 'Merchant users' : 'Team';
    return html`<h1>${title}</h1>
      ${
        this.created
          ? html`<div class="banner success" role="status">
              <p>
                <strong>${this.created.email} can now sign in.</strong> Give them this temporary password yourself (it is never emailed). It is shown only once,
                works once and expires in 72 hours.
              </p>
              <code class="temp" data-testid="temporary-password">${this.created.temporaryPassword}</code>
              <div class="row">
                <button type="button" @click=${async () => (this.notice = (await copyText(this.created!.temporaryPassword)) ? 'Copied.' : 'Copy failed.')}>
                  Copy password
                </button>
                <button type="button" class="secondary" @click=${() => (this.created = null)}>Hide</button>
                <span class="hint" role="status">${this.notice}</span>
              </div>
            </div>`
          : nothing
      }
      <form class="card" @submit=${(e: SubmitEvent) => this.add(e)} novalidate aria-labelledby="add-heading">
        <h2 id="add-heading">${this.operator ? 'Create a merchant user' : 'Invite a team member'}</h2>
        ${this.operator ? this.input('businessId', 'Business id', 'text', 'The business the user belongs to, e.g. biz_…') : nothing}
        ${this.input('email', 'Email', 'email')}
        <div class="field">
          <label for="role">Role</label>
          <select id="role" name="role">
            ${ROLES.map((role) => html`<option value=${role.value} ?selected=${role.value === (this.operator ? 'OWNER' : 'DEVELOPER')}>${role.label} — ${role.hint}</option>`)}
          </select>
        </div>
        <button type="submit" ?disabled=${this.busy}>${this.operator ? 'Create user' : 'Invite'}</button>
      </form>
      ${this.error ? html`<div class="banner danger" role="alert">${this.error}</div>` : nothing} ${this.renderList()}`;
  }

  private renderList(): TemplateResult | typeof nothing {
    if (this.operator && !this.businessId) return html`<p class="hint">Create a user, or enter a business id above, to see its users.</p>`;
    if (this.loading || this.users === null) return html`<p class="empty" role="status">Loading people…</p>`;
    if (this.users.length === 0) return html`<p class="card empty">No users yet.</p>`;
    const me = this.session?.user?.id;
    return html`<h2>People</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label="People">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              ${this.users.some((user) => user.createdAt) ? html`<th scope="col">Added</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${this.users.map(
              (user) =>
                html`<tr>
                  <td>${user.email}${user.id === me ? html` <span class="hint">(you)</span>` : nothing}</td>
                  <td>${ROLES.find((role) => role.value === user.role)?.label ?? user.role}</td>
                  ${user.createdAt ? html`<td>${formatDate(user.createdAt)}</td>` : nothing}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }
}
