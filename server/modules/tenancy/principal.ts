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

/** Who is calling: a business's API key (one business, one mode) or the platform operator. */
export type Principal =
  { kind: 'API_KEY'; apiKeyId: string; business: BusinessView; businessId: string; mode: Mode; scopes: readonly Scope[] } | { kind: 'PLATFORM_ADMIN' };

export type ApiKeyPrincipal = Extract<Principal, { kind: 'API_KEY' }>;
