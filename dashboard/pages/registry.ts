/**
 * Every dashboard page, in nav order. The shell builds its navigation and routes from this list and
 * loads a page's module only when it is opened, so the first paint carries no page it does not show.
 * A page module defines one custom element taking `.client` (a GraphQLClient) and `.mode`.
 */
export interface PageDef {
  /** Path under /dashboard, e.g. `payments` → /dashboard/payments. */
  path: string;
  title: string;
  /** Merchant pages need a business session; operator pages an operator's. */
  audience: 'merchant' | 'operator';
  /** The custom element the module defines. */
  tag: string;
  load: () => Promise<unknown>;
}

export const pages: PageDef[] = [
  // dash's pages
  { path: 'overview', title: 'Overview', audience: 'merchant', tag: 'pc-overview-page', load: () => import('./overview.ts') },
  { path: 'api-keys', title: 'API keys', audience: 'merchant', tag: 'pc-api-keys-page', load: () => import('./api-keys.ts') },
  { path: 'apps-webhooks', title: 'Apps & webhooks', audience: 'merchant', tag: 'pc-apps-webhooks-page', load: () => import('./apps-webhooks.ts') },
  { path: 'team', title: 'Team', audience: 'merchant', tag: 'pc-team-page', load: () => import('./team.ts') },
  { path: 'operator/users', title: 'Merchant users', audience: 'operator', tag: 'pc-operator-users-page', load: () => import('./operator-users.ts') },
];
