import type { Mode } from './api-keys.ts';

/**
 * Why a redirect URL may not be used, or null when it may: absolute, https (plain http too in test
 * mode, for a storefront on localhost), no credentials. The customer's browser follows it, never
 * this server, so unlike a callback URL its host may be private.
 */
export function redirectUrlProblem(url: string, mode: Mode): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'redirectUrl must be an absolute URL.';
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && mode === 'TEST')) {
    return mode === 'TEST' ? 'redirectUrl must use https (or http in test mode).' : 'redirectUrl must use https.';
  }
  if (parsed.username || parsed.password) return 'redirectUrl must not carry credentials.';
  return null;
}
