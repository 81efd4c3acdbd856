import { tenantOf } from '../tenancy/tenant-scope.ts';
import { z } from 'zod';
import { newId } from '../../domain/ids.ts';
import { openSecret, sealSecret } from '../../domain/secret-box.ts';
import { errorCodes, userError, rejected, type Payload } from '../../domain/user-error.ts';
import { newWebhookSecret } from '../../domain/webhook-signature.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { codedFor, validateInput } from '../validation.ts';
import { App } from './app.entity.ts';
import { callbackUrlProblem, type WebhookSettings } from './callback-targets.ts';

/** What the app mutations may answer (GraphQL `AppErrorCode`). */
export const APP_ERROR_CODES = errorCodes('INVALID_APP_ID', 'INVALID_CALLBACK_URL', 'APP_ID_TAKEN', 'NOT_FOUND');
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];
const coded = codedFor(APP_ERROR_CODES);

/** After a rotation the old secret stays valid this long, and deliveries carry both signatures. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

const appIdRule = z.string().refine((v) => /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/.test(v), coded('INVALID_APP_ID', 'appId is 2 to 40 letters, digits, _ and -.'));
const nameRule = z.string().trim().min(1, 'Name is required.').max(200);
const urlRule = z.string().max(2048);

const registerInput = z.object({ appId: appIdRule, name: nameRule, callbackUrl: urlRule });
const updateInput = z.object({ appId: z.string(), name: nameRule.nullish(), callbackUrl: urlRule.nullish() });

const notFound = () => rejected(userError('NOT_FOUND', 'No app with this appId.', ['input', 'appId']));

/** What app management needs of the app: its webhook settings (the secrets key, target rules). */
export interface AppsDeps {
  webhooks: WebhookSettings;
}

function secretsKey(deps: AppsDeps): Buffer {
  if (!deps.webhooks.secretsKey) throw new Error('WEBHOOK_SECRETS_KEY is not configured');
  return deps.webhooks.secretsKey;
}

export async function registerApp(
  ctx: RequestContext,
  deps: AppsDeps,
  input: z.input<typeof registerInput>,
): Promise<Payload<{ app: App; webhookSecret: string }, AppErrorCode>> {
  const valid = validateInput(registerInput, input, APP_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const caller = tenantOf(ctx);
  const problem = await callbackUrlProblem(valid.data.callbackUrl, caller.mode, deps.webhooks);
  if (problem) return rejected(userError('INVALID_CALLBACK_URL', problem, ['input', 'callbackUrl']));
  if (await ctx.em.count(App, { appId: valid.data.appId })) {
    return rejected(userError('APP_ID_TAKEN', `An app ${valid.data.appId} already exists.`, ['input', 'appId']));
  }
  const now = ctx.clock.now();
  const webhookSecret = newWebhookSecret();
  const app = ctx.em.create(App, {
    id: newId('app', now),
    business: caller.businessId,
    mode: caller.mode,
    ...valid.data,
    status: 'ACTIVE',
    disabledReason: null,
    sealedSecret: sealSecret(secretsKey(deps), webhookSecret),
    sealedPreviousSecret: null,
    previousSecretExpiresAt: null,
    createdAt: now,
  });
  await ctx.em.flush();
  return { app, webhookSecret, userErrors: [] };
}

export async function updateApp(ctx: RequestContext, deps: AppsDeps, input: z.input<typeof updateInput>): Promise<Payload<{ app: App }, AppErrorCode>> {
  const valid = validateInput(updateInput, input, APP_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const app = await findApp(ctx, valid.data.appId);
  if (!app) return notFound();
  if (valid.data.callbackUrl) {
    const problem = await callbackUrlProblem(valid.data.callbackUrl, app.mode, deps.webhooks);
    if (problem) return rejected(userError('INVALID_CALLBACK_URL', problem, ['input', 'callbackUrl']));
    app.callbackUrl = valid.data.callbackUrl;
  }
  if (valid.data.name) app.name = valid.data.name;
  await ctx.em.flush();
  return { app, userErrors: [] };
}

export async function setAppEnabled(ctx: RequestContext, input: { appId: string }, enabled: boolean): Promise<Payload<{ app: App }, AppErrorCode>> {
  const app = await findApp(ctx, input.appId);
  if (!app) return notFound();
  app.status = enabled ? 'ACTIVE' : 'DISABLED';
  app.disabledReason = enabled ? null : 'Disabled by the merchant.';
  await ctx.em.flush();
  return { app, userErrors: [] };
}

/** A new secret; the old one keeps verifying for a day, and deliveries carry both signatures. */
export async function rotateWebhookSecret(
  ctx: RequestContext,
  deps: AppsDeps,
  input: { appId: string },
): Promise<Payload<{ app: App; webhookSecret: string }, AppErrorCode>> {
  const app = await findApp(ctx, input.appId);
  if (!app) return notFound();
  const webhookSecret = newWebhookSecret();
  app.sealedPreviousSecret = app.sealedSecret;
  app.previousSecretExpiresAt = new Date(ctx.clock.now().getTime() + ROTATION_OVERLAP_MS);
  app.sealedSecret = sealSecret(secretsKey(deps), webhookSecret);
  await ctx.em.flush();
  return { app, webhookSecret, userErrors: [] };
}

/** The sealed secrets of an app, as stored. */
export type SealedSecrets = Pick<App, 'sealedSecret' | 'sealedPreviousSecret' | 'previousSecretExpiresAt'>;

/**
 * Opened secrets by sealed text, per secrets key. A sealed text never changes meaning (rotation
 * seals a new secret with a fresh IV, so it is a new text), so the app row read for each delivery
 * stays the source of truth and the cache needs no invalidation, only a bound.
 */
const opened = new WeakMap<Buffer, Map<string, string>>();
const OPENED_LIMIT = 10_000;

function openSecretCached(key: Buffer, sealed: string): string {
  let cache = opened.get(key);
  if (!cache) opened.set(key, (cache = new Map()));
  let secret = cache.get(sealed);
  if (secret === undefined) {
    secret = openSecret(key, sealed);
    if (cache.size >= OPENED_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(sealed, secret);
  }
  return secret;
}

/** The secrets a delivery is signed with now: the current one, and the previous during its overlap. */
export function signingSecrets(app: SealedSecrets, key: Buffer, now: Date): string[] {
  const secrets = [openSecretCached(key, app.sealedSecret)];
  if (app.sealedPreviousSecret && app.previousSecretExpiresAt && app.previousSecretExpiresAt > now) {
    secrets.push(openSecretCached(key, app.sealedPreviousSecret));
  }
  return secrets;
}

export function findApp(ctx: RequestContext, appId: string): Promise<App | null> {
  tenantOf(ctx);
  return ctx.em.findOne(App, { appId });
}

/** The caller's apps: GraphQL's first 100, oldest first; or one keyset page, newest first (REST). */
export function listApps(ctx: RequestContext, page?: PageRequest): Promise<App[]> {
  tenantOf(ctx);
  if (!page) return ctx.em.find(App, {}, { orderBy: { id: 'asc' }, limit: 100 });
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(App, { ...where }, { orderBy, limit });
}
