import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { authErrorMessage, authPost, humanWait, type AuthAnswer } from '../api/auth-api.ts';
import { fetchSession, type Factor, type SessionState, type SignInStage } from '../api/session.ts';
import { copyText, theme } from '../shell/theme.ts';
import { signInStyles } from './sign-in.styles.ts';

type View = 'loading' | 'sign-in' | 'change-password' | 'enrol' | 'enrol-sms' | 'enrol-sms-code' | 'enrol-totp' | 'recovery-codes' | 'verify' | 'locked';

type VerifyFactor = 'SMS' | 'TOTP' | 'RECOVERY_CODE';

/** What each rule of a new password says, and whether the text typed so far meets it. */
export function passwordRules(password: string, confirm: string): { text: string; met: boolean }[] {
  return [
    { text: 'At least 12 characters', met: [...password].length >= 12 },
    { text: 'Not only one character repeated', met: password.length > 0 && new Set(password).size > 1 },
    { text: 'Both entries match', met: password.length > 0 && password === confirm },
  ];
}

const STAGE_VIEW: Record<SignInStage, View> = {
  NONE: 'sign-in',
  CHANGE_PASSWORD: 'change-password',
  ENROL_FACTOR: 'enrol',
  VERIFY_FACTOR: 'verify',
  DONE: 'loading',
};

/**
 * The whole sign-in flow on one page (/dashboard/sign-in), following the session's stage: email
 * and password; a new password when the account has a temporary one; enrolling a second factor;
 * the code (or passkey) of every later sign-in. Errors from the API are shown next to their field.
 */
export class PcSignIn extends LitElement {
  static override styles = [theme, signInStyles];
  static override properties = {
    view: { state: true },
    busy: { state: true },
    errors: { state: true },
    session: { state: true },
    password: { state: true },
    confirm: { state: true },
    phone: { state: true },
    phoneHint: { state: true },
    verifyFactor: { state: true },
    totp: { state: true },
    recoveryCodes: { state: true },
    notice: { state: true },
    lockedUntil: { state: true },
    now: { state: true },
    resendAt: { state: true },
  };

  declare view: View;
  declare busy: boolean;
  /** Field id → message; `form` for the form as a whole. */
  declare errors: Record<string, string>;
  declare session: SessionState;
  declare password: string;
  declare confirm: string;
  declare phone: string;
  declare phoneHint: string | undefined;
  declare verifyFactor: VerifyFactor;
  declare totp: { secret: string; otpauthUrl: string; qrSvg: string } | null;
  declare recoveryCodes: string[] | null;
  declare notice: string;
  declare lockedUntil: number;
  declare now: number;
  declare resendAt: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private smsSentForVerify = false;

  constructor() {
    super();
    this.view = 'loading';
    this.busy = false;
    this.errors = {};
    this.session = { signedIn: false, stage: 'NONE' };
    this.password = '';
    this.confirm = '';
    this.phone = '';
    this.phoneHint = undefined;
    this.verifyFactor = 'SMS';
    this.totp = null;
    this.recoveryCodes = null;
    this.notice = '';
    this.lockedUntil = 0;
    this.now = Date.now();
    this.resendAt = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => {
      if (this.lockedUntil > Date.now() - 1000 || this.resendAt > Date.now() - 1000) this.now = Date.now();
    }, 1000);
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  /** Reads the session and shows the page of its stage; a finished sign-in goes to the app. */
  private async refresh(): Promise<void> {
    this.session = await fetchSession();
    this.go(this.session.stage);
  }

  private go(stage: SignInStage, factors?: Factor[]): void {
    if (factors) this.session = { ...this.session, factors };
    this.session = { ...this.session, stage };
    if (stage === 'DONE') {
      location.assign(new URLSearchParams(location.search).get('next')?.match(/^\/dashboard(\/[\w/-]*)?$/)?.[0] ?? '/dashboard');
      return;
    }
    const enrolled = this.session.factors ?? [];
    if (stage === 'VERIFY_FACTOR') this.verifyFactor = enrolled.includes('SMS') || enrolled.length === 0 ? 'SMS' : enrolled.includes('TOTP') ? 'TOTP' : 'SMS';
    this.show(STAGE_VIEW[stage]);
    if (stage === 'VERIFY_FACTOR' && this.verifyFactor === 'SMS' && enrolled.includes('SMS') && !this.smsSentForVerify) void this.sendSignInCode(false);
  }

  private show(view: View): void {
    this.view = view;
    this.errors = {};
    this.busy = false;
    // The new step's heading takes focus, so a screen reader announces where the user now is.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h1')?.focus());
  }

  private get csrf(): string | undefined {
    return this.session.csrfToken;
  }

  /** Runs one API call for a form, showing its error next to `field`; returns the body on success. */
  private async call<T>(path: string, body: unknown, field: string): Promise<T | null> {
    this.busy = true;
    this.errors = {};
    const answer: AuthAnswer<T> = await authPost<T>(path, body, this.csrf);
    this.busy = false;
    if (answer.ok) return answer.body;
    if (answer.error === 'ACCOUNT_LOCKED') {
      this.lockedUntil = Date.now() + (answer.retryAfterSeconds ?? 900) * 1000;
      this.now = Date.now();
      this.show('locked');
      return null;
    }
    this.errors = { [field]: authErrorMessage(answer.error, answer.detail, answer.retryAfterSeconds) };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus());
    return null;
  }

  private async signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const body = await this.call<{ stage: SignInStage; csrfToken: string; factors?: Factor[] }>(
      'sign-in',
      { email: String(form.get('email') ?? '').trim(), password: String(form.get('password') ?? '') },
      'password',
    );
    if (!body) return;
    this.smsSentForVerify = false;
    this.session = await fetchSession();
    if (!this.session.csrfToken) this.session = { ...this.session, csrfToken: body.csrfToken };
    this.go(body.stage, body.factors ?? this.session.factors);
  }

  private async changePassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!passwordRules(this.password, this.confirm).every((rule) => rule.met)) {
      this.errors = { 'new-password': 'The new password does not meet every rule below yet.' };
      return;
    }
    const body = await this.call<{ stage: SignInStage }>('change-password', { newPassword: this.password }, 'new-password');
    if (body) this.go(body.stage);
  }

  private async enrolSms(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const body = await this.call<{ phoneHint: string }>('sms/enrol', { phone: this.phone.replace(/[\s-]/g, '') }, 'phone');
    if (!body) return;
    this.phoneHint = body.phoneHint;
    this.resendAt = Date.now() + 30_000;
    this.show('enrol-sms-code');
  }

  private async confirmSms(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = String(new FormData(event.target as HTMLFormElement).get('code') ?? '').trim();
    const body = await this.call<{ stage: SignInStage }>('sms/confirm', { code }, 'code');
    if (body) this.go(body.stage);
  }

  private async resendEnrolCode(): Promise<void> {
    const body = await this.call<{ phoneHint: string }>('sms/enrol', { phone: this.phone.replace(/[\s-]/g, '') }, 'code');
    if (body) {
      this.resendAt = Date.now() + 30_000;
      this.notice = `A new code is on its way to ${body.phoneHint}.`;
    }
  }

  private async startTotp(): Promise<void> {
    const body = await this.call<{ secret: string; otpauthUrl: string; qrSvg: string }>('totp/enrol', {}, 'enrol-form');
    if (!body) return;
    this.totp = body;
    this.show('enrol-totp');
  }

  private async confirmTotp(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = String(new FormData(event.target as HTMLFormElement).get('code') ?? '').trim();
    const body = await this.call<{ stage: SignInStage; recoveryCodes: string[] }>('totp/confirm', { code }, 'code');
    if (!body) return;
    this.session = { ...this.session, stage: body.stage };
    this.recoveryCodes = body.recoveryCodes;
    this.show('recovery-codes');
  }

  private async passkeyRegister(): Promise<void> {
    this.busy = true;
    const options = await this.call<Record<string, unknown>>('passkey/registration-options', {}, 'enrol-form');
    if (!options) return;
    try {
      const { startRegistration } = await import('@simplewebauthn/browser');
      const response = await startRegistration({ optionsJSON: optionsOf(options) as never });
      const body = await this.call<{ stage: SignInStage }>('passkey/register', { response }, 'enrol-form');
      if (body) this.go(body.stage);
    } catch (error) {
      this.busy = false;
      this.errors = { 'enrol-form': passkeyError(error) };
    }
  }

  private async passkeyAuthenticate(): Promise<void> {
    this.busy = true;
    const options = await this.call<Record<string, unknown>>('passkey/authentication-options', {}, 'verify-form');
    if (!options) return;
    try {
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const response = await startAuthentication({ optionsJSON: optionsOf(options) as never });
      const body = await this.call<{ stage: SignInStage }>('passkey/authenticate', { response }, 'verify-form');
      if (body) this.go(body.stage);
    } catch (error) {
      this.busy = false;
      this.errors = { 'verify-form': passkeyError(error) };
    }
  }

  private async sendSignInCode(announce: boolean): Promise<void> {
    this.smsSentForVerify = true;
    const body = await this.call<unknown>('sms/send', {}, 'code');
    if (body !== null) {
      this.resendAt = Date.now() + 30_000;
      if (announce) this.notice = `A new code is on its way${this.session.user?.phoneHint ? ` to ${this.session.user.phoneHint}` : ''}.`;
    }
  }

  private async verify(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = String(new FormData(event.target as HTMLFormElement).get('code') ?? '').trim();
    const body = await this.call<{ stage: SignInStage }>('verify', { factor: this.verifyFactor, code }, 'code');
    if (body) this.go(body.stage);
  }

  private async startOver(): Promise<void> {
    await authPost('sign-out', {}, this.csrf);
    this.session = await fetchSession();
    this.smsSentForVerify = false;
    this.show('sign-in');
  }

  override render(): TemplateResult {
    return html`<main>
      <p class="brand"><span aria-hidden="true" class="logo">◆</span> pay-checkout <span class="muted">dashboard</span></p>
      <div class="card">${this.renderView()}</div>
    </main>`;
  }

  private renderView(): TemplateResult {
    switch (this.view) {
      case 'loading':
        return html`<h1 tabindex="-1">Signing in…</h1>
          <p class="hint" role="status">Checking your session.</p>`;
      case 'sign-in':
        return this.renderSignIn();
      case 'change-password':
        return this.renderChangePassword();
      case 'enrol':
        return this.renderEnrol();
      case 'enrol-sms':
        return this.renderEnrolSms();
      case 'enrol-sms-code':
        return this.renderCodeForm({
          title: 'Enter the code we sent',
          lead: html`We sent a 6-digit code to <strong class="nowrap">${this.phoneHint ?? this.phone}</strong>. It works once, for 5 minutes.`,
          submit: (e) => this.confirmSms(e),
          action: 'Confirm number',
          resend: () => this.resendEnrolCode(),
          back: () => this.show('enrol-sms'),
          backLabel: 'Use another number',
        });
      case 'enrol-totp':
        return this.renderEnrolTotp();
      case 'recovery-codes':
        return this.renderRecoveryCodes();
      case 'verify':
        return this.renderVerify();
      case 'locked':
        return this.renderLocked();
    }
  }

  private fieldError(id: string) {
    const message = this.errors[id];
    return message ? html`<p class="error" id="${id}-error" role="alert">${message}</p>` : nothing;
  }

  private invalid(id: string) {
    return this.errors[id] ? 'true' : 'false';
  }

  private describedBy(id: string, ...more: string[]) {
    return [...(this.errors[id] ? [`${id}-error`] : []), ...more].join(' ') || nothing;
  }

  private renderSignIn(): TemplateResult {
    return html`<h1 tabindex="-1">Sign in</h1>
      <form @submit=${(e: SubmitEvent) => this.signIn(e)} novalidate>
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required autofocus />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid=${this.invalid('password')}
            aria-describedby=${this.describedBy('password')}
          />
          ${this.fieldError('password')}
        </div>
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p class="hint foot">
        No password yet? Your administrator creates your account and gives you a temporary one — passwords are never sent through the dashboard.
      </p>`;
  }

  private renderChangePassword(): TemplateResult {
    const rules = passwordRules(this.password, this.confirm);
    return html`<h1 tabindex="-1">Choose a new password</h1>
      <p>Your temporary password worked. Choose your own before you go on; the temporary one stops working.</p>
      <form @submit=${(e: SubmitEvent) => this.changePassword(e)} novalidate>
        <input type="email" name="username" autocomplete="username" .value=${this.session.user?.email ?? ''} hidden />
        <div class="field">
          <label for="new-password">New password</label>
          <input
            id="new-password"
            type="password"
            autocomplete="new-password"
            required
            minlength="12"
            .value=${this.password}
            @input=${(e: InputEvent) => (this.password = (e.target as HTMLInputElement).value)}
            aria-invalid=${this.invalid('new-password')}
            aria-describedby=${this.describedBy('new-password', 'password-rules')}
          />
          ${this.fieldError('new-password')}
        </div>
        <div class="field">
          <label for="confirm-password">New password again</label>
          <input
            id="confirm-password"
            type="password"
            autocomplete="new-password"
            required
            .value=${this.confirm}
            @input=${(e: InputEvent) => (this.confirm = (e.target as HTMLInputElement).value)}
          />
        </div>
        <ul class="rules" id="password-rules" aria-label="Password rules">
          ${rules.map(
            (rule) =>
              html`<li class=${rule.met ? 'met' : ''}>
                <span aria-hidden="true">${rule.met ? '✓' : '○'}</span> ${rule.text}<span class="sr-only">${rule.met ? ': met' : ': not met yet'}</span>
              </li>`,
          )}
          <li><span aria-hidden="true">○</span> Not a common password (checked when you save)</li>
        </ul>
        <button type="submit" ?disabled=${this.busy}>Save password</button>
      </form>`;
  }

  private renderEnrol(): TemplateResult {
    return html`<h1 tabindex="-1">Add a second step to sign-in</h1>
      <p>Every sign-in will need your password and one of these. Choose one now; you can add others later.</p>
      ${this.fieldError('enrol-form')}
      <section class="why" aria-labelledby="why-heading">
        <h2 id="why-heading">Which one is safest?</h2>
        <p>
          A passkey or an authenticator app is stronger than a text message. Text messages can be redirected by SIM swap or number porting and read on a lock
          screen; NIST SP 800-63B-4 calls SMS a <strong>“restricted”</strong> authenticator. Authenticator codes are made on your phone and never travel over
          the phone network, and a passkey only works on this site, so it cannot be phished.
        </p>
      </section>
      <ul class="factors">
        <li>
          <h3>Passkey <span class="badge strong">Strongest</span></h3>
          <p class="hint">Your device's fingerprint, face or PIN, or a security key.</p>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.passkeyRegister()}>Create a passkey</button>
        </li>
        <li>
          <h3>Authenticator app <span class="badge strong">Strong</span></h3>
          <p class="hint">Google Authenticator, 1Password, Authy or similar; with recovery codes for a lost phone.</p>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.startTotp()}>Set up an app</button>
        </li>
        <li>
          <h3>Text message (SMS) <span class="badge restricted">Restricted</span></h3>
          <p class="hint">A 6-digit code to your mobile number at every sign-in.</p>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.show('enrol-sms')}>Use my phone number</button>
        </li>
      </ul>
      ${this.renderStartOver()}`;
  }

  private renderEnrolSms(): TemplateResult {
    return html`<h1 tabindex="-1">Your mobile number</h1>
      <p>We send a 6-digit code to this number now, and at every sign-in.</p>
      <form @submit=${(e: SubmitEvent) => this.enrolSms(e)} novalidate>
        <div class="field">
          <label for="phone">Mobile number</label>
          <input
            id="phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            placeholder="+255787123456"
            required
            .value=${this.phone}
            @input=${(e: InputEvent) => (this.phone = (e.target as HTMLInputElement).value)}
            aria-invalid=${this.invalid('phone')}
            aria-describedby=${this.describedBy('phone', 'phone-hint')}
          />
          <p class="hint" id="phone-hint">International format with the country code, e.g. +255 787 123 456 (Tanzania).</p>
          ${this.fieldError('phone')}
        </div>
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>Send code</button>
          <button type="button" class="secondary" @click=${() => this.show('enrol')}>Back</button>
        </div>
      </form>`;
  }

  private renderCodeForm(options: {
    title: string;
    lead: TemplateResult | string;
    submit: (event: SubmitEvent) => void;
    action: string;
    resend?: () => void;
    back?: () => void;
    backLabel?: string;
    recovery?: boolean;
  }): TemplateResult {
    const wait = Math.ceil((this.resendAt - this.now) / 1000);
    return html`${options.title ? html`<h1 tabindex="-1">${options.title}</h1>` : nothing}
      <p>${options.lead}</p>
      ${this.notice ? html`<p class="hint" role="status">${this.notice}</p>` : nothing}
      <form @submit=${options.submit} novalidate>
        <div class="field">
          <label for="code">${options.recovery ? 'Recovery code' : '6-digit code'}</label>
          <input
            id="code"
            name="code"
            class=${options.recovery ? 'mono' : 'code'}
            type="text"
            inputmode=${options.recovery ? 'text' : 'numeric'}
            autocomplete=${options.recovery ? 'off' : 'one-time-code'}
            pattern=${options.recovery ? nothing : '[0-9]{6}'}
            maxlength=${options.recovery ? 32 : 6}
            required
            autofocus
            aria-invalid=${this.invalid('code')}
            aria-describedby=${this.describedBy('code')}
          />
          ${this.fieldError('code')}
        </div>
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${options.action}</button>
          ${
            options.resend
              ? html`<button type="button" class="secondary" ?disabled=${this.busy || wait > 0} @click=${options.resend}>
                  ${wait > 0 ? `Resend code in ${wait} s` : 'Resend code'}
                </button>`
              : nothing
          }
        </div>
      </form>
      ${options.back ? html`<p class="foot"><button type="button" class="link" @click=${options.back}>${options.backLabel ?? 'Back'}</button></p>` : nothing}`;
  }

  private renderEnrolTotp(): TemplateResult {
    const totp = this.totp!;
    return html`<h1 tabindex="-1">Scan this with your authenticator app</h1>
      <div class="qr" role="img" aria-label="QR code to add this account to an authenticator app">${unsafeHTML(totp.qrSvg)}</div>
      <p class="hint">Can't scan it? Enter this key in the app: <code class="secret">${totp.secret.replace(/(.{4})/g, '$1 ').trim()}</code></p>
      ${this.renderCodeForm({
        title: '',
        lead: 'Then enter the 6-digit code the app shows.',
        submit: (e) => this.confirmTotp(e),
        action: 'Confirm app',
        back: () => this.show('enrol'),
        backLabel: 'Choose another way',
      })}`;
  }

  private renderRecoveryCodes(): TemplateResult {
    const codes = this.recoveryCodes ?? [];
    const text = `pay-checkout recovery codes for ${this.session.user?.email ?? 'your account'}\n\n${codes.join('\n')}\n\nEach code works once.\n`;
    // A data: URL, not a blob: one: nothing to revoke, and the CSP's img/data rules do not apply to a download.
    const download = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
    return html`<h1 tabindex="-1">Save your recovery codes</h1>
      <div class="banner warn" role="note">
        These codes are shown only once. Each one signs you in once if you lose your phone. Keep them somewhere safe, like a password manager.
      </div>
      <ol class="codes mono">
        ${codes.map((code) => html`<li>${code}</li>`)}
      </ol>
      <div class="row">
        <button
          type="button"
          class="secondary"
          @click=${async () => (this.notice = (await copyText(codes.join('\n'))) ? 'Recovery codes copied.' : 'Copy failed: select the codes and copy them.')}
        >
          Copy codes
        </button>
        <a class="button secondary" href=${download} download="pay-checkout-recovery-codes.txt">Download .txt</a>
        <button type="button" @click=${() => this.go('DONE')}>I saved them — continue</button>
      </div>
      <p class="hint" role="status">${this.notice}</p>`;
  }

  private renderVerify(): TemplateResult {
    const enrolled = this.session.factors ?? [];
    const other = (factor: VerifyFactor, label: string) =>
      this.verifyFactor !== factor
        ? html`<li>
            <button
              type="button"
              class="link"
              @click=${() => {
                this.verifyFactor = factor;
                this.notice = '';
                this.show('verify');
                if (factor === 'SMS' && !this.smsSentForVerify) void this.sendSignInCode(false);
              }}
            >
              ${label}
            </button>
          </li>`
        : nothing;
    const lead =
      this.verifyFactor === 'SMS'
        ? html`We sent a 6-digit code to ${this.session.user?.phoneHint ? html`<strong class="nowrap">${this.session.user.phoneHint}</strong>` : 'your phone'}.`
        : this.verifyFactor === 'TOTP'
          ? 'Enter the 6-digit code your authenticator app shows.'
          : 'Enter one of the recovery codes you saved. Each works once.';
    if (!enrolled.includes('SMS') && !enrolled.includes('TOTP') && enrolled.includes('PASSKEY')) {
      return html`<h1 tabindex="-1">Confirm it is you</h1>
        <p>Use the passkey you created for this account: your device asks for your fingerprint, face, PIN or security key.</p>
        ${this.fieldError('verify-form')}
        <button type="button" ?disabled=${this.busy} @click=${() => this.passkeyAuthenticate()}>Use my passkey</button>
        ${this.renderStartOver()}`;
    }
    return html`${this.renderCodeForm({
        title: 'Confirm it is you',
        lead,
        submit: (e) => this.verify(e),
        action: 'Verify',
        resend: this.verifyFactor === 'SMS' ? () => this.sendSignInCode(true) : undefined,
        recovery: this.verifyFactor === 'RECOVERY_CODE',
      })}
      ${this.fieldError('verify-form')}
      <ul class="alternatives" aria-label="Other ways to sign in">
        ${
          enrolled.includes('PASSKEY')
            ? html`<li><button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.passkeyAuthenticate()}>Use a passkey</button></li>`
            : nothing
        }
        ${enrolled.includes('SMS') ? other('SMS', 'Text me a code instead') : nothing}
        ${enrolled.includes('TOTP') ? other('TOTP', 'Use my authenticator app') : nothing}
        ${enrolled.includes('TOTP') ? other('RECOVERY_CODE', 'Use a recovery code') : nothing}
      </ul>
      ${this.renderStartOver()}`;
  }

  private renderLocked(): TemplateResult {
    const seconds = Math.max(0, Math.ceil((this.lockedUntil - this.now) / 1000));
    return html`<h1 tabindex="-1">Account locked for now</h1>
      <div class="banner danger" role="alert">
        Too many wrong codes or passwords. To keep your account safe, sign-in is paused.
        ${seconds > 0 ? html`Try again in <strong>${humanWait(seconds)}</strong>.` : 'You can try again now.'}
      </div>
      <p class="hint">If this was not you, tell your administrator: someone may know your password.</p>
      <button type="button" ?disabled=${seconds > 0} @click=${() => this.startOver()}>Back to sign in</button>`;
  }

  private renderStartOver(): TemplateResult {
    return html`<p class="foot hint">
      Signed in as ${this.session.user?.email ?? 'you'} ·
      <button type="button" class="link" @click=${() => this.startOver()}>Use another account</button>
    </p>`;
  }
}

/** Options as the server sent them: bare, or wrapped as `{ options }` / `{ optionsJSON }`. */
function optionsOf(body: Record<string, unknown>): unknown {
  return body.optionsJSON ?? body.options ?? body;
}

function passkeyError(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === 'NotAllowedError') return 'The passkey request was cancelled or timed out. Try again.';
  if (name === 'InvalidStateError') return 'This device already has a passkey for this account.';
  return `The passkey did not work: ${(error as Error)?.message ?? String(error)}`;
}
