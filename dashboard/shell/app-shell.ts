import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { authPost } from '../api/auth-api.ts';
import { sessionClient, type DashboardMode, type GraphQLClient } from '../api/client.ts';
import { fetchSession, type SessionState } from '../api/session.ts';
import { pages, type PageDef } from '../pages/registry.ts';
import { theme } from './theme.ts';

const BASE = '/dashboard';
const MODE_KEY = 'pc-dashboard-mode';

/** The path under /dashboard a URL names: `/dashboard/api-keys?x` → `api-keys`; `/dashboard` → ``. */
export function pagePath(pathname: string): string {
  return pathname.replace(/^\/dashboard\/?/, '').replace(/\/+$/, '');
}

/** The pages a user sees: a merchant's business pages, or an operator's console. */
export function pagesFor(session: SessionState): PageDef[] {
  const audience = session.user?.kind === 'OPERATOR' ? 'operator' : 'merchant';
  return pages.filter((page) => page.audience === audience);
}

/**
 * The signed-in app: navigation from the page registry, history routing under /dashboard, the
 * test/live switch (a band across the top in test mode), the business name and sign-out. A page's
 * module loads only when the page is opened; it gets `.client` (this session's GraphQL, with the
 * CSRF token and the mode), `.mode` and `.session`.
 */
export class PcApp extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--bg);
      }
      .top {
        position: sticky;
        top: 0;
        z-index: 2;
      }
      .test-band {
        background: #b54708;
        color: #fff;
        text-align: center;
        font-weight: 600;
        font-size: 0.875rem;
        padding: 0.3rem 1rem;
      }
      header {
        display: flex;
        align-items: center;
        gap: 1rem;
        flex-wrap: wrap;
        padding: 0.6rem 1.25rem;
        background: var(--surface);
        border-bottom: 1px solid var(--border);
      }
      :host([mode='test']) header {
        border-top: 3px solid #b54708;
      }
      .business {
        font-weight: 700;
        margin-right: auto;
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      .logo {
        color: var(--accent);
      }
      .mode-switch {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 44px;
        padding: 0.3rem 0.75rem;
        border-radius: 999px;
        border: 2px solid var(--border);
        background: var(--surface);
        color: var(--text);
        font-weight: 600;
      }
      .mode-switch[aria-checked='true'] {
        border-color: #b54708;
        color: var(--test);
      }
      .track {
        width: 2.25rem;
        height: 1.25rem;
        border-radius: 999px;
        background: var(--border);
        position: relative;
      }
      .mode-switch[aria-checked='true'] .track {
        background: #b54708;
      }
      .track::after {
        content: '';
        position: absolute;
        top: 2px;
        left: 2px;
        width: 1rem;
        height: 1rem;
        border-radius: 50%;
        background: #fff;
        transition: transform 0.15s;
      }
      .mode-switch[aria-checked='true'] .track::after {
        transform: translateX(1rem);
      }
      .layout {
        display: grid;
        grid-template-columns: 14rem 1fr;
        min-height: calc(100vh - 4rem);
      }
      nav ul {
        position: sticky;
        top: 6rem;
      }
      nav {
        min-width: 0;
        border-right: 1px solid var(--border);
        background: var(--surface);
        padding: 1rem 0.5rem;
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: block;
        padding: 0.55rem 0.75rem;
        border-radius: 8px;
        color: var(--text);
        text-decoration: none;
      }
      nav a:hover {
        background: var(--bg);
      }
      nav a[aria-current='page'] {
        background: var(--bg);
        color: var(--accent);
        font-weight: 600;
        box-shadow: inset 3px 0 0 var(--accent);
      }
      main {
        padding: 1.5rem clamp(1rem, 3vw, 2.5rem) 3rem;
        min-width: 0;
      }
      main:focus {
        outline: none;
      }
      main {
        scroll-margin-top: 7rem;
      }
      .account {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      .who {
        color: var(--muted);
        font-size: 0.875rem;
      }
      .skip {
        position: absolute;
        left: -999px;
      }
      .skip:focus {
        left: 0.5rem;
        top: 0.5rem;
        z-index: 3;
        background: var(--surface);
        padding: 0.5rem;
      }
      @media (max-width: 760px) {
        .layout {
          grid-template-columns: 1fr;
        }
        nav {
          border-right: none;
          border-bottom: 1px solid var(--border);
          padding: 0.5rem;
          overflow-x: auto;
        }
        nav ul {
          display: flex;
          gap: 0.25rem;
          width: max-content;
        }
        nav a[aria-current='page'] {
          box-shadow: inset 0 -3px 0 var(--accent);
        }
        header {
          padding: 0.5rem 0.75rem;
          gap: 0.5rem;
        }
        .who {
          display: none;
        }
        /* On a phone the bar would take a fifth of the screen: it scrolls away with the page. */
        .top {
          position: static;
        }
      }
    `,
  ];

  static override properties = {
    session: { state: true },
    mode: { type: String, reflect: true },
    path: { state: true },
    loading: { state: true },
    loadError: { state: true },
  };

  declare session: SessionState | null;
  declare mode: DashboardMode;
  declare path: string;
  declare loading: boolean;
  declare loadError: string;
  private client: GraphQLClient | null = null;
  private pageElement: HTMLElement | null = null;
  private pageKey = '';

  constructor() {
    super();
    this.session = null;
    this.mode = localStorage.getItem(MODE_KEY) === 'live' ? 'live' : 'test';
    this.path = pagePath(location.pathname);
    this.loading = true;
    this.loadError = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('popstate', this.onPopState);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.onPopState);
  }

  private onPopState = () => {
    this.path = pagePath(location.pathname);
    void this.openPage();
  };

  private async start(): Promise<void> {
    const session = await fetchSession();
    if (session.stage !== 'DONE' || !session.csrfToken) {
      const next = location.pathname === BASE ? '' : `?next=${encodeURIComponent(location.pathname)}`;
      location.replace(`${BASE}/sign-in${next}`);
      return;
    }
    this.session = session;
    this.client = sessionClient({ csrfToken: session.csrfToken, mode: () => this.mode });
    await this.openPage();
  }

  private get visible(): PageDef[] {
    return this.session ? pagesFor(this.session) : [];
  }

  private get isOperator(): boolean {
    return this.session?.user?.kind === 'OPERATOR';
  }

  /** The page the URL names, its module loaded and its element made (anew when the mode changes). */
  private async openPage(): Promise<void> {
    const visible = this.visible;
    if (this.path === '' && visible[0]) {
      history.replaceState(null, '', `${BASE}/${visible[0].path}`);
      this.path = visible[0].path;
    }
    const page = visible.find((candidate) => candidate.path === this.path);
    document.title = `${page?.title ?? 'Page not found'} · ${this.session?.user?.businessName ?? 'pay-checkout'} dashboard`;
    if (!page) {
      this.pageElement = null;
      this.pageKey = '';
      this.loading = false;
      this.requestUpdate();
      return;
    }
    const key = `${page.path}:${this.mode}`;
    if (key === this.pageKey && this.pageElement) return;
    this.loading = true;
    this.loadError = '';
    try {
      await page.load();
    } catch {
      this.loading = false;
      this.loadError = 'This page could not be loaded. Check your connection and reload.';
      return;
    }
    const element = document.createElement(page.tag) as HTMLElement & {
      client?: GraphQLClient;
      mode?: DashboardMode;
      session?: SessionState;
      scopes?: readonly string[] | null;
    };
    element.client = this.client!;
    element.mode = this.mode;
    element.scopes = this.session?.user?.scopes ?? null;
    element.session = this.session!;
    this.pageElement = element;
    this.pageKey = key;
    this.loading = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  private navigate(event: MouseEvent, path: string): void {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (path === this.path) return;
    history.pushState(null, '', `${BASE}/${path}`);
    this.path = path;
    void this.openPage();
  }

  private toggleMode(): void {
    this.mode = this.mode === 'test' ? 'live' : 'test';
    localStorage.setItem(MODE_KEY, this.mode);
    this.pageKey = '';
    void this.openPage();
  }

  private async signOut(everywhere: boolean): Promise<void> {
    await authPost(everywhere ? 'sign-out-everywhere' : 'sign-out', {}, this.session?.csrfToken);
    location.assign(`${BASE}/sign-in`);
  }

  override render(): TemplateResult {
    if (!this.session) return html`<p class="empty" role="status">Loading the dashboard…</p>`;
    const user = this.session.user;
    const test = !this.isOperator && this.mode === 'test';
    return html`<a class="skip" href="#main">Skip to content</a>
      <div class="top">
        ${test ? html`<div class="test-band" role="status">TEST MODE — you are looking at test data. Nothing here moves real money.</div>` : nothing}
        <header>
          <span class="business"
            ><span class="logo" aria-hidden="true">◆</span>${this.isOperator ? 'Operator console' : (user?.businessName ?? 'Your business')}</span
          >
          ${
            this.isOperator
              ? nothing
              : html`<button type="button" role="switch" class="mode-switch" aria-checked=${test ? 'true' : 'false'} @click=${() => this.toggleMode()}>
                  <span class="track" aria-hidden="true"></span> Test mode
                </button>`
          }
          <span class="account">
            <span class="who">${user?.email}</span>
            <button type="button" class="secondary" @click=${() => this.signOut(false)}>Sign out</button>
            <button type="button" class="secondary" @click=${() => this.signOut(true)}>Sign out everywhere</button>
          </span>
        </header>
      </div>
      <div class="layout">
        <nav aria-label="Dashboard">
          <ul>
            ${this.visible.map(
              (page) =>
                html`<li>
                  <a
                    href="${BASE}/${page.path}"
                    aria-current=${page.path === this.path ? 'page' : nothing}
                    @click=${(event: MouseEvent) => this.navigate(event, page.path)}
                    >${page.title}</a
                  >
                </li>`,
            )}
          </ul>
        </nav>
        <main id="main" tabindex="-1">${this.renderPage()}</main>
      </div>`;
  }

  private renderPage(): TemplateResult | HTMLElement {
    if (this.loadError) return html`<div class="banner danger" role="alert">${this.loadError}</div>`;
    if (this.loading) return html`<p class="empty" role="status">Loading…</p>`;
    if (this.pageElement) return this.pageElement;
    const home = this.visible[0];
    return html`<h1>Page not found</h1>
      <p>There is no page at <code>/dashboard/${this.path}</code>.</p>
      ${home ? html`<p><a href="${BASE}/${home.path}" @click=${(event: MouseEvent) => this.navigate(event, home.path)}>Go to ${home.title}</a></p>` : nothing}`;
  }
}
