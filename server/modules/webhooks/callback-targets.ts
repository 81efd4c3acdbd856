import { lookup } from 'node:dns/promises';
import type { Mode } from '../../domain/api-keys.ts';
import { ipLiteral, isPublicAddress } from '../../domain/network-safety.ts';

export interface WebhookSettings {
  /** Seals merchant signing secrets at rest; null when WEBHOOK_SECRETS_KEY is not configured. */
  secretsKey: Buffer | null;
  /** ALLOW_PRIVATE_WEBHOOK_TARGETS: test mode may call loopback/private hosts and plain http. */
  allowPrivateTargets: boolean;
  /** Delays between attempts (ms); the standard schedule unless overridden for development. */
  retrySchedule: readonly number[];
}

/** Private targets (and plain http) are only ever allowed for test-mode apps, when configured. */
export const mayUsePrivateTargets = (settings: WebhookSettings, mode: Mode) => settings.allowPrivateTargets && mode === 'TEST';

/**
 * Why a callback URL may not be used, or null when it may: https (http only where private targets
 * are allowed), no credentials, and a host that resolves only to public addresses.
 */
export async function callbackUrlProblem(url: string, mode: Mode, settings: WebhookSettings): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'callbackUrl must be an absolute URL.';
  }
  const privateAllowed = mayUsePrivateTargets(settings, mode);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && privateAllowed)) return 'callbackUrl must use https.';
  if (parsed.username || parsed.password) return 'callbackUrl must not carry credentials.';
  if (privateAllowed) return null;
  const literal = ipLiteral(parsed.hostname);
  const host = literal ?? parsed.hostname;
  let addresses: string[];
  try {
    addresses = literal ? [literal] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return `callbackUrl host ${host} does not resolve.`;
  }
  return addresses.every(isPublicAddress) ? null : 'callbackUrl resolves to a private, loopback, link-local or metadata address.';
}
