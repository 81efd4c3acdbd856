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
  { path: 'overview', title: 'Overview', audience: 'merchant', tag: 'pc-overview-page', load: () => import('./overview.ts') },
  { path: 'invoices', title: 'Invoices', audience: 'merchant', tag: 'pc-page-invoices', load: () => import('./invoices.ts') },
  { path: 'payment-links', title: 'Payment links', audience: 'merchant', tag: 'pc-page-payment-links', load: () => import('./payment-links.ts') },
  { path: 'bills', title: 'Bills', audience: 'merchant', tag: 'pc-page-bills', load: () => import('./bills.ts') },
  { path: 'payment-requests', title: 'Payment requests', audience: 'merchant', tag: 'pc-page-payment-requests', load: () => import('./payment-requests.ts') },
  {
    path: 'financed-payments',
    title: 'Financed payments',
    audience: 'merchant',
    tag: 'pc-page-financed-payments',
    load: () => import('./financed-payments.ts'),
  },
  { path: 'lipa-numbers', title: 'Lipa numbers', audience: 'merchant', tag: 'pc-page-lipa-numbers', load: () => import('./lipa-numbers.ts') },
  { path: 'payments', title: 'Payments', audience: 'merchant', tag: 'pc-page-payments', load: () => import('./payments.ts') },
  { path: 'receipts', title: 'Receipts', audience: 'merchant', tag: 'pc-page-receipts', load: () => import('./receipts.ts') },
  { path: 'ledger', title: 'Ledger', audience: 'merchant', tag: 'pc-page-ledger', load: () => import('./ledger.ts') },
  {
    path: 'settlement-entities',
    title: 'Settlement entities',
    audience: 'merchant',
    tag: 'pc-page-settlement-entities',
    load: () => import('./settlement-entities.ts'),
  },
  { path: 'settlements', title: 'Settlements', audience: 'merchant', tag: 'pc-page-settlements', load: () => import('./settlements.ts') },
  { path: 'api-keys', title: 'API keys', audience: 'merchant', tag: 'pc-api-keys-page', load: () => import('./api-keys.ts') },
  { path: 'apps-webhooks', title: 'Apps & webhooks', audience: 'merchant', tag: 'pc-apps-webhooks-page', load: () => import('./apps-webhooks.ts') },
  { path: 'team', title: 'Team', audience: 'merchant', tag: 'pc-team-page', load: () => import('./team.ts') },
  { path: 'operator/users', title: 'Merchant users', audience: 'operator', tag: 'pc-operator-users-page', load: () => import('./operator-users.ts') },
  {
    path: 'operator/businesses',
    title: 'Businesses',
    audience: 'operator',
    tag: 'pc-page-operator-businesses',
    load: () => import('./operator/businesses.ts'),
  },
  { path: 'operator/kyc', title: 'KYC review', audience: 'operator', tag: 'pc-page-operator-kyc', load: () => import('./operator/kyc-review.ts') },
];
