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

export const pages: PageDef[] = [];
