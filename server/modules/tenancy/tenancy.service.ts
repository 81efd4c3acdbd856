import { createHash } from 'node:crypto';
import { tenantOf } from './tenant-scope.ts';
import { z } from 'zod';
import { checkBrandColor, normalizePhone, parseLogo, type LogoContentType } from '../../domain/branding.ts';
import { issueSecretKey, isScope, MODES, SCOPES, type Mode, type Scope } from '../../domain/api-keys.ts';
import { newId } from '../../domain/ids.ts';
import { isSupportedCurrency } from '../../domain/money.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import type { ApiKeyRevocations } from './key-revocations.ts';
import { codedFor, validateInput } from '../validation.ts';
import { ApiKey } from './api-key.entity.ts';
import { Business, PLANS, type Plan } from './business.entity.ts';
import { BusinessLogo } from './business-logo.entity.ts';
import { logoPath } from './logos.service.ts';

/** What createBusiness may answer (GraphQL `BusinessErrorCode`). */
export const BUSINESS_ERROR_CODES = errorCodes('INVALID_COUNTRY', 'UNSUPPORTED_CURRENCY', 'NOT_FOUND');
export type BusinessErrorCode = (typeof BUSINESS_ERROR_CODES)[number];
/** What createApiKey and revokeApiKey may answer (GraphQL `ApiKeyErrorCode`). */
export const API_KEY_ERROR_CODES = errorCodes('UNKNOWN_SCOPE', 'REQUIRED', 'NOT_FOUND', 'MODE_MISMATCH', 'SCOPE_NOT_GRANTED');
export type ApiKeyErrorCode = (typeof API_KEY_ERROR_CODES)[number];
/** What updateCheckoutSettings may answer (GraphQL `CheckoutSettingsErrorCode`). */
export const CHECKOUT_SETTINGS_ERROR_CODES = errorCodes(
  'INVALID_ORIGIN',
  'INVALID_LOGO_URL',
  'UNSUPPORTED_LOGO_TYPE',
  'LOGO_TOO_LARGE',
  'INVALID_BRAND_COLOR',
  'BRAND_COLOR_CONTRAST',
  'INVALID_SUPPORT_EMAIL',
  'INVALID_SUPPORT_PHONE',
  'LIVE_KEY_REQUIRED',
);
export type CheckoutSettingsErrorCode = (typeof CHECKOUT_SETTINGS_ERROR_CODES)[number];

const name = z.string().trim().min(1, 'Name is required.').max(200, 'Name is at most 200 characters.');

const createBusinessInput = z.object({
  name,
  plan: z.enum(PLANS),
  country: z
    .string()
    .refine((v) => /^[A-Z]{2}$/.test(v), codedFor(BUSINESS_ERROR_CODES)('INVALID_COUNTRY', 'Country is an ISO 3166-1 alpha-2 code such as NG.')),
  defaultCurrency: z.string().refine(isSupportedCurrency, codedFor(BUSINESS_ERROR_CODES)('UNSUPPORTED_CURRENCY', 'Currency is not a supported ISO 4217 code.')),
});

const scopeList = z
  .array(z.string())
  .min(1, 'Give at least one scope.')
  .refine((scopes) => scopes.every(isScope), codedFor(API_KEY_ERROR_CODES)('UNKNOWN_SCOPE', `Scopes are among: ${SCOPES.join(', ')}.`))
  .transform((scopes) => [...new Set(scopes)].sort() as Scope[]);

const createApiKeyInput = z.object({ name, mode: z.enum(MODES), scopes: scopeList, businessId: z.string().nullish() });

/** Operator only: a new tenant, with a test key holding every scope. */
export async function createBusiness(
  ctx: Pick<RequestContext, 'em' | 'clock'>,
  input: z.input<typeof createBusinessInput>,
): Promise<Payload<{ business: Business; testSecretKey: string }, BusinessErrorCode>> {
  const valid = validateInput(createBusinessInput, input, BUSINESS_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const now = ctx.clock.now();
  const business = ctx.em.create(Business, { id: newId('biz', now), ...valid.data, allowedOrigins: [], createdAt: now });
  const { token } = addApiKey(ctx, business, { name: 'Default test key', mode: 'TEST', scopes: [...SCOPES] });
  await ctx.em.flush();
  return { business, testSecretKey: token, userErrors: [] };
}

/**
 * Operator only: move a business to another plan. Its keys carry the plan in the authenticator's
 * key cache, so the change reaches them within that cache's lifetime (seconds).
 */
export async function updateBusinessPlan(
  ctx: Pick<RequestContext, 'em'>,
  input: { businessId: string; plan: Plan },
): Promise<Payload<{ business: Business }, BusinessErrorCode>> {
  const business = await ctx.em.findOne(Business, { id: input.businessId });
  if (!business) return rejected(userError('NOT_FOUND', 'No business with this id.', ['input', 'businessId']));
  business.plan = input.plan;
  await ctx.em.flush();
  return { business, userErrors: [] };
}

/**
 * A business key makes keys for its own business and mode, with no scope it lacks itself; the
 * operator makes keys of either mode for any business (that is how a first live key is issued).
 */
export async function createApiKey(
  ctx: RequestContext,
  input: z.input<typeof createApiKeyInput>,
): Promise<Payload<{ apiKey: ApiKey; secret: string }, ApiKeyErrorCode>> {
  const valid = validateInput(createApiKeyInput, input, API_KEY_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const { businessId, ...key } = valid.data;
  const principal = ctx.principal;

  let business: Business | null;
  if (principal?.kind === 'PLATFORM_ADMIN') {
    if (!businessId) return rejected(userError('REQUIRED', 'The operator names the business.', ['input', 'businessId']));
    business = await ctx.em.findOne(Business, { id: businessId });
    if (!business) return rejected(userError('NOT_FOUND', 'No business with this id.', ['input', 'businessId']));
  } else {
    const caller = tenantOf(ctx);
    if (businessId && businessId !== caller.businessId) {
      return rejected(userError('NOT_FOUND', 'No business with this id.', ['input', 'businessId']));
    }
    if (key.mode !== caller.mode) {
      return rejected(userError('MODE_MISMATCH', `A ${caller.mode.toLowerCase()} key can only create ${caller.mode.toLowerCase()} keys.`, ['input', 'mode']));
    }
    const missing = key.scopes.filter((scope) => !caller.scopes.includes(scope));
    if (missing.length) {
      return rejected(userError('SCOPE_NOT_GRANTED', `A key cannot grant scopes it does not hold: ${missing.join(', ')}.`, ['input', 'scopes']));
    }
    business = ctx.em.getReference(Business, caller.businessId);
  }

  const { apiKey, token } = addApiKey(ctx, business, key);
  await ctx.em.flush();
  return { apiKey, secret: token, userErrors: [] };
}

export async function revokeApiKey(
  ctx: RequestContext,
  deps: { apiKeyRevocations: ApiKeyRevocations },
  input: { id: string },
): Promise<Payload<{ apiKey: ApiKey }, ApiKeyErrorCode>> {
  const apiKey = await findOwnApiKey(ctx, input.id);
  if (!apiKey) return rejected(userError('NOT_FOUND', 'No API key with this id.', ['input', 'id']));
  apiKey.revokedAt ??= ctx.clock.now();
  await ctx.em.flush();
  deps.apiKeyRevocations.announce(apiKey.id);
  return { apiKey, userErrors: [] };
}

/** One page of the caller's keys of its own mode, newest first. */
export async function listApiKeys(ctx: RequestContext, page: PageRequest): Promise<ApiKey[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(ApiKey, { ...where }, { orderBy, limit });
}

/** Another business's key, or one of the other mode, is answered exactly like a missing one. */
function findOwnApiKey(ctx: RequestContext, id: string): Promise<ApiKey | null> {
  tenantOf(ctx);
  return ctx.em.findOne(ApiKey, { id });
}

function addApiKey(ctx: Pick<RequestContext, 'em' | 'clock'>, business: Business, key: { name: string; mode: Mode; scopes: Scope[] }) {
  const now = ctx.clock.now();
  const id = newId('key', now);
  const { token, secretHash } = issueSecretKey(id, key.mode);
  const apiKey = ctx.em.create(ApiKey, { id, business, ...key, secretHash, createdAt: now, revokedAt: null, lastUsedAt: null });
  return { apiKey, token };
}

const originRule = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  },
  codedFor(CHECKOUT_SETTINGS_ERROR_CODES)('INVALID_ORIGIN', 'An origin is a scheme, host and optional port, e.g. https://shop.example.com.'),
);

const settingsCode = codedFor(CHECKOUT_SETTINGS_ERROR_CODES);

/** A rule's own code from a domain check's answer (the checks say which of the family's codes). */
const refuseWith = (zctx: z.RefinementCtx, refusal: { code: CheckoutSettingsErrorCode; message: string }) =>
  zctx.addIssue({ code: 'custom', ...settingsCode(refusal.code, refusal.message) });

const logoRule = z.string().transform((value, zctx) => {
  const logo = parseLogo(value.trim());
  if (!logo.ok) {
    refuseWith(zctx, logo);
    return z.NEVER;
  }
  return logo;
});

const brandColorRule = z.string().transform((value, zctx) => {
  const checked = checkBrandColor(value.trim());
  if (!checked.ok) {
    refuseWith(zctx, checked);
    return z.NEVER;
  }
  return checked.color;
});

const supportPhoneRule = z.string().transform((value, zctx) => {
  const phone = normalizePhone(value);
  if (!phone) {
    refuseWith(zctx, { code: 'INVALID_SUPPORT_PHONE', message: 'A support phone is in E.164: + country code and number, e.g. +2348012345678.' });
    return z.NEVER;
  }
  return phone;
});

// Every field is optional: omitted (or null for allowedOrigins and showSecuredBy) leaves it as it
// is; null clears a logo, colour or contact.
const checkoutSettingsInput = z.object({
  allowedOrigins: z.array(originRule).max(20, 'At most 20 origins.').nullish(),
  logoUrl: logoRule.nullish(),
  brandColor: brandColorRule.nullish(),
  supportEmail: z
    .string()
    .trim()
    .refine((v) => v.length <= 254 && z.email().safeParse(v).success, settingsCode('INVALID_SUPPORT_EMAIL', 'Support email is not a valid address.'))
    .nullish(),
  supportPhone: supportPhoneRule.nullish(),
  showSecuredBy: z.boolean().nullish(),
});

/**
 * Which storefronts may frame the hosted checkout (CSP frame-ancestors) and hear from it
 * (postMessage), and how the checkout looks to customers: logo, brand colour, support contact, the
 * "Secured by" line. An uploaded logo is kept in PostgreSQL and served by us (`/v1/logos/<id>`).
 */
export async function updateCheckoutSettings(
  ctx: RequestContext,
  input: z.input<typeof checkoutSettingsInput>,
): Promise<Payload<{ business: Business }, CheckoutSettingsErrorCode>> {
  const caller = tenantOf(ctx);
  // Every customer sees these settings, live ones included: a test key (in CI, on a developer's
  // laptop) must not be able to put another phone number or framing origin on live checkouts.
  if (caller.mode !== 'LIVE') return rejected(userError('LIVE_KEY_REQUIRED', 'Checkout settings are what live customers see: change them with a live key.'));
  const valid = validateInput(checkoutSettingsInput, input, CHECKOUT_SETTINGS_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const settings = valid.data;
  const business = await ctx.em.findOneOrFail(Business, { id: caller.businessId });
  if (settings.allowedOrigins != null) business.allowedOrigins = [...new Set(settings.allowedOrigins)];
  if (settings.logoUrl === null) business.logoUrl = null;
  else if (settings.logoUrl?.kind === 'url') business.logoUrl = settings.logoUrl.url;
  else if (settings.logoUrl?.kind === 'image') business.logoUrl = await storeLogo(ctx, business, settings.logoUrl);
  if (settings.brandColor !== undefined) business.brandColor = settings.brandColor;
  if (settings.supportEmail !== undefined) business.supportEmail = settings.supportEmail;
  if (settings.supportPhone !== undefined) business.supportPhone = settings.supportPhone;
  if (settings.showSecuredBy != null) business.showSecuredBy = settings.showSecuredBy;
  await ctx.em.flush();
  return { business, userErrors: [] };
}

/**
 * Keeps an uploaded logo and returns its path. Its id is a hash of the business and the bytes, so a
 * URL always serves the same image (cached for a year) and uploading it again changes nothing;
 * earlier logos stay, for pages customers still have open.
 */
async function storeLogo(ctx: RequestContext, business: Business, logo: { contentType: LogoContentType; bytes: Buffer }): Promise<string> {
  const id = createHash('sha256').update(business.id).update('\0').update(logo.bytes).digest('hex');
  const caller = tenantOf(ctx);
  if (!(await ctx.em.findOne(BusinessLogo, { id }))) {
    ctx.em.create(BusinessLogo, { id, business, mode: caller.mode, contentType: logo.contentType, bytes: logo.bytes, createdAt: ctx.clock.now() });
  }
  return logoPath(id, logo.contentType);
}

/** The operator's list of businesses; `search` is an ILIKE pattern (domain/search.ts) over the name and id. */
export function listBusinesses(ctx: RequestContext, page: PageRequest, filter: { search?: string | null; plan?: Plan | null }): Promise<Business[]> {
  if (ctx.principal?.kind !== 'PLATFORM_ADMIN') throw new Error('The list of businesses is the operator’s');
  const { where, orderBy, limit } = keysetPage(page);
  const matching = filter.search ? { $or: [{ name: { $ilike: filter.search } }, { id: { $ilike: filter.search } }] } : {};
  return ctx.em.find(Business, { ...(filter.plan ? { plan: filter.plan } : {}), ...matching, ...where }, { orderBy, limit });
}
