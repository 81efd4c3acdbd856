import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_IOF, DEFAULT_LENDER_RATES, type IofTable, type LenderRateTable } from './domain/installment-quotes.ts';
import { RETRY_SCHEDULE_MS } from './domain/webhook-retry.ts';

/** Everything the server reads from its environment; each variable is documented in the README. */
export interface Config {
  port: number;
  host: string;
  /** Base of hosted-page, short-link and QR URLs. */
  publicUrl: string;
  /** Unset: PostgreSQL runs embedded with its data under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Unset on the embedded default: generated once and kept under `dataDir`. */
  platformAdminKey: string | undefined;
  /** Bank partners sign inbound webhooks with it; unset on the embedded default: generated once. */
  partnerWebhookSecret: string | undefined;
  /** TIPS signs `POST /v1/webhooks/tips` with it (X-TIPS-Signature); unset on the embedded default: generated once. */
  tipsWebhookSecret: string | undefined;
  /** Seals merchant webhook secrets at rest (32 bytes, hex or base64); generated once on the embedded default. */
  webhookSecretsKey: string | undefined;
  /** Test-mode apps may call private/loopback hosts and plain http (local development, tests). */
  allowPrivateWebhookTargets: boolean;
  /** Delays between webhook delivery attempts, in ms. */
  webhookRetrySchedule: readonly number[];
  production: boolean;
  maxBodyBytes: number;
  /** GraphQL multipart requests (invoice uploads) may be this large. */
  maxUploadBodyBytes: number;
  /** How often the maintenance pass runs: checkout expiry, key purge, webhook catch-up (0: off). */
  maintenanceIntervalMs: number;
  /** Run the merchant webhook delivery queue in this process. */
  webhookDelivery: boolean;
  rateLimit: { points: number; windowSeconds: number };
  /** When the settlement pass runs (pg-boss cron, UTC); null: not in this process. */
  settlementCron: string | null;
  /** How often pg-boss checks the settlement schedule and polls for its job (1–45 s). */
  settlementPollSeconds: number;
  /** Signs submissions to the settlement machine and verifies its callbacks; unset: a per-process secret (sandbox only). */
  settlementMachineSecret: string | undefined;
  /** Installment financing (issue 14): the sandbox lender's secret, rates and pace, and the capture deadline. */
  financing: FinancingConfig;
  /** Dashboard sign-in (issue 19): sessions, attempt limits, the SMS gateway, passkeys. */
  dashboard: DashboardConfig;
}

export interface DashboardConfig {
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  /** Sign-in and code attempts per account, and per client address, per window. */
  attemptsPerAccount: number;
  attemptsPerAddress: number;
  attemptWindowSeconds: number;
  /** `sandbox` keeps messages in memory (GET /dashboard/api/dev/sms-outbox); `none`: SMS is off. Default: sandbox outside production. */
  smsProvider: 'sandbox' | 'none';
  /** The WebAuthn relying party id; default: PUBLIC_URL's host (`localhost` when that is an IP address, which WebAuthn refuses). */
  webauthnRpId: string | undefined;
}

export interface FinancingConfig {
  /** Lenders sign their webhooks with it (the sandbox lender's; generated once on the embedded default). */
  lenderWebhookSecret: string | undefined;
  /** The sandbox lender's dated rate table and IOF (JSON, the shapes of domain/installment-quotes.ts); unset: its defaults. */
  lenderRates: LenderRateTable;
  iof: IofTable;
  /** How long the sandbox lender takes to answer, in ms. */
  sandboxLenderDelayMs: number;
  /** An authorized financing not captured (invoiced and approved) within this many days is canceled. */
  captureDays: number;
}

function jsonTable<T>(value: string | undefined, fallback: T, name: string): T {
  if (!value) return fallback;
  try {
    const parsed = JSON.parse(value) as T & { entries?: unknown };
    if (!Array.isArray(parsed.entries)) throw new Error('no entries');
    return parsed;
  } catch (error) {
    throw new Error(`${name} must be JSON with an "entries" array (${error instanceof Error ? error.message : error})`, { cause: error });
  }
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

/** The form generatePlatformAdminKey makes (43 characters after the prefix), with room for hand-made keys. */
const PLATFORM_ADMIN_KEY_FORM = /^pk_admin_[A-Za-z0-9_-]{32,}$/;

/** A key of any other form would be accepted here and then match no request (authentication wants the prefix). */
function platformAdminKey(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!PLATFORM_ADMIN_KEY_FORM.test(value)) {
    throw new Error(
      'PLATFORM_ADMIN_KEY must be pk_admin_ followed by at least 32 characters from A-Z, a-z, 0-9, _ and -, e.g. ' +
        `the output of: node -e "console.log('pk_admin_' + crypto.randomBytes(32).toString('base64url'))"`,
    );
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env.PORT, 4000, 'PORT');
  const host = env.HOST || '127.0.0.1';
  return {
    port,
    host,
    publicUrl: (env.PUBLIC_URL || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR || '.data'),
    platformAdminKey: platformAdminKey(env.PLATFORM_ADMIN_KEY),
    partnerWebhookSecret: env.PARTNER_WEBHOOK_SECRET || undefined,
    tipsWebhookSecret: env.TIPS_WEBHOOK_SECRET || undefined,
    webhookSecretsKey: env.WEBHOOK_SECRETS_KEY || undefined,
    allowPrivateWebhookTargets: env.ALLOW_PRIVATE_WEBHOOK_TARGETS === 'true',
    webhookRetrySchedule: env.WEBHOOK_RETRY_SCHEDULE_MS
      ? env.WEBHOOK_RETRY_SCHEDULE_MS.split(',').map((part) => integer(part.trim(), 0, 'WEBHOOK_RETRY_SCHEDULE_MS'))
      : RETRY_SCHEDULE_MS,
    production: env.NODE_ENV === 'production',
    maxBodyBytes: integer(env.MAX_BODY_BYTES, 256 * 1024, 'MAX_BODY_BYTES'),
    maxUploadBodyBytes: integer(env.MAX_UPLOAD_BODY_BYTES, 11 * 1024 * 1024, 'MAX_UPLOAD_BODY_BYTES'),
    maintenanceIntervalMs: integer(env.MAINTENANCE_INTERVAL_MS, 5000, 'MAINTENANCE_INTERVAL_MS'),
    webhookDelivery: env.WEBHOOK_DELIVERY !== 'off',
    rateLimit: {
      points: integer(env.RATE_LIMIT_REQUESTS, 100, 'RATE_LIMIT_REQUESTS'),
      windowSeconds: integer(env.RATE_LIMIT_WINDOW_SECONDS, 1, 'RATE_LIMIT_WINDOW_SECONDS') || 1,
    },
    settlementCron: env.SETTLEMENT_CRON === 'off' ? null : env.SETTLEMENT_CRON || '*/5 * * * *',
    settlementPollSeconds: Math.min(45, Math.max(1, integer(env.SETTLEMENT_POLL_SECONDS, 30, 'SETTLEMENT_POLL_SECONDS'))),
    settlementMachineSecret: env.SETTLEMENT_MACHINE_SECRET || undefined,
    financing: {
      lenderWebhookSecret: env.LENDER_WEBHOOK_SECRET || undefined,
      lenderRates: jsonTable(env.LENDER_RATE_TABLE, DEFAULT_LENDER_RATES, 'LENDER_RATE_TABLE'),
      iof: jsonTable(env.IOF_TABLE, DEFAULT_IOF, 'IOF_TABLE'),
      sandboxLenderDelayMs: integer(env.SANDBOX_LENDER_DELAY_MS, 1500, 'SANDBOX_LENDER_DELAY_MS'),
      captureDays: integer(env.FINANCING_CAPTURE_DAYS, 30, 'FINANCING_CAPTURE_DAYS') || 30,
    },
    dashboard: {
      sessionIdleSeconds: integer(env.SESSION_IDLE_SECONDS, 30 * 60, 'SESSION_IDLE_SECONDS') || 30 * 60,
      sessionAbsoluteSeconds: integer(env.SESSION_ABSOLUTE_SECONDS, 12 * 3600, 'SESSION_ABSOLUTE_SECONDS') || 12 * 3600,
      attemptsPerAccount: integer(env.SIGN_IN_ATTEMPTS_PER_ACCOUNT, 10, 'SIGN_IN_ATTEMPTS_PER_ACCOUNT') || 10,
      attemptsPerAddress: integer(env.SIGN_IN_ATTEMPTS_PER_ADDRESS, 50, 'SIGN_IN_ATTEMPTS_PER_ADDRESS') || 50,
      attemptWindowSeconds: integer(env.SIGN_IN_ATTEMPT_WINDOW_SECONDS, 60, 'SIGN_IN_ATTEMPT_WINDOW_SECONDS') || 60,
      smsProvider: env.SMS_PROVIDER === 'sandbox' || (env.SMS_PROVIDER !== 'none' && env.NODE_ENV !== 'production') ? 'sandbox' : 'none',
      webauthnRpId: env.WEBAUTHN_RP_ID || undefined,
    },
  };
}

/**
 * A secret the local set-up needs but nobody configured: generated once, kept (mode 0600) under
 * the data folder so restarts keep it. `created` says whether this call made it.
 */
export function readOrCreateSecret(dataDir: string, name: string, generate: () => string): { value: string; created: boolean } {
  const path = join(dataDir, name);
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), created: false };
  mkdirSync(dataDir, { recursive: true });
  const value = generate();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { value, created: true };
}

export const generatePlatformAdminKey = () => `pk_admin_${randomBytes(32).toString('base64url')}`;
export const generatePartnerSecret = () => randomBytes(32).toString('hex');
export const generateSecretsKey = () => randomBytes(32).toString('hex');
