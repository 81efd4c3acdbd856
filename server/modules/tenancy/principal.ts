import type { Mode, Scope } from '../../domain/api-keys.ts';
import type { Plan } from './business.entity.ts';

/** What a request knows of its business without a query (it may be a few seconds old). */
export interface BusinessView {
  id: string;
  name: string;
  plan: Plan;
  country: string;
  defaultCurrency: string;
  createdAt: Date;
}

/**
 * A dashboard user behind a principal (a signed-in session): who, with which role, in which session.
 * A session principal is a business principal like a key's (`kind: 'API_KEY'`, `apiKeyId` is
 * `user:<id>` for rate limits and idempotency), so every tenant rule applies to it unchanged.
 */
export interface SessionUser {
  userId: string;
  sessionId: string;
  role: string;
}

/** Who is calling: a business's API key or dashboard session (one business, one mode) or the platform operator. */
export type Principal =
  | { kind: 'API_KEY'; apiKeyId: string; business: BusinessView; businessId: string; mode: Mode; scopes: readonly Scope[]; user?: SessionUser }
  | { kind: 'PLATFORM_ADMIN'; user?: SessionUser };

export type ApiKeyPrincipal = Extract<Principal, { kind: 'API_KEY' }>;

/** The request's copy of a business, as both a key and a dashboard session carry it. */
export function businessView(business: BusinessView): BusinessView {
  const { id, name, plan, country, defaultCurrency, createdAt } = business;
  return { id, name, plan, country, defaultCurrency, createdAt };
}
