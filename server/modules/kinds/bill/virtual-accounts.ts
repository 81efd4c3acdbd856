import type { Mode } from '../../../domain/api-keys.ts';

export interface VirtualAccount {
  accountNumber: string;
  bankName: string;
  accountName: string;
}

/** A bank partner that opens account numbers customers transfer into (the bill is found by it). */
export interface VirtualAccountProvider {
  allocate(accountName: string): Promise<VirtualAccount>;
}

/** The provider serving a business in a mode; null when none is configured. */
export type VirtualAccountProviders = (businessId: string, mode: Mode) => VirtualAccountProvider | null;

/**
 * Test mode is always the sandbox bank; live mode has a provider only once a live partner is
 * configured. Every business shares it for now; a business's own bank would be chosen here.
 */
export function virtualAccountProviders(providers: { test: VirtualAccountProvider; live: VirtualAccountProvider | null }): VirtualAccountProviders {
  return (_businessId, mode) => (mode === 'TEST' ? providers.test : providers.live);
}
