import { tenantOf } from '../../tenancy/tenant-scope.ts';
import { randomBytes } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import {
  BILL_ERROR_CODES,
  BILL_TYPES,
  billMachine,
  isOpen,
  parseDuration,
  percentageBasisPoints,
  splitProblem,
  type BillErrorCode,
  type BillStatus,
  type BillTerms,
} from '../../../domain/bills.ts';
import { newId } from '../../../domain/ids.ts';
import { redirectUrlProblem } from '../../../domain/redirect-url.ts';
import { isSupportedCurrency, MAX_MINOR_UNITS } from '../../../domain/money.ts';
import { rejected, userError, type Payload, type UserError } from '../../../domain/user-error.ts';
import { keysetPage, type PageRequest } from '../../pagination.ts';
import { Payment } from '../../payments/payment.entities.ts';
import type { ApiKeyPrincipal, RequestContext } from '../../request-context.ts';
import { codedFor, validateInput } from '../../validation.ts';
import { announceCheckoutUpdate, type AppPubSub } from '../../checkouts/checkout-updates.ts';
import { callbackUrlProblem, type WebhookSettings } from '../../webhooks/callback-targets.ts';
import { SettlementEntity } from '../../settlement-entities/settlement-entity.entity.ts';
import { Bill, type StoredShare } from './bill.entities.ts';
import type { VirtualAccountProvider, VirtualAccountProviders } from './virtual-accounts.ts';

const coded = codedFor(BILL_ERROR_CODES);

/** A bill with no duration that is asked to expire lives this long. */
const DEFAULT_BILL_LIFETIME_MS = 24 * 3_600_000;

const minor = (name: string) =>
  z
    .number()
    .refine((v) => Number.isSafeInteger(v) && v > 0 && v <= MAX_MINOR_UNITS, coded('INVALID_AMOUNT', `${name} is a positive whole number of minor units.`));

const shareInput = z.object({
  entityId: z.string().max(64),
  amountMinor: z.number().nullish(),
  percentage: z.number().nullish(),
});

/** The terms a bill can be created with; updates change some of them and are checked again as a whole. */
const termsInput = z
  .object({
    type: z.enum(BILL_TYPES),
    amountMinor: minor('amountMinor').nullish(),
    currency: z.string().refine(isSupportedCurrency, coded('UNSUPPORTED_CURRENCY', 'Currency is not a supported ISO 4217 code.')),
    email: z
      .string()
      .trim()
      .refine((v) => z.email().safeParse(v).success, coded('INVALID_EMAIL', 'email is not a valid address.')),
    narration: z.string().trim().max(200).nullish(),
    externalRef: z.string().trim().max(100).nullish(),
    isFlexible: z.boolean(),
    minimumAmount: minor('minimumAmount').nullish(),
    maximumAmount: minor('maximumAmount').nullish(),
    targetAmount: minor('targetAmount').nullish(),
    split: z.boolean(),
    subaccounts: z.array(shareInput).max(20).nullish(),
  })
  .superRefine((t, ctx) => {
    const problem = (path: string, code: BillErrorCode, message: string) => ctx.addIssue({ code: 'custom', path: [path], message, params: { code } });
    const fixedAmount = t.type === 'REGULAR' || !t.isFlexible;
    if (fixedAmount && t.amountMinor == null) problem('amountMinor', 'AMOUNT_REQUIRED', 'amountMinor is required unless the bill is dynamic and flexible.');
    if (t.type === 'REGULAR') {
      for (const field of ['minimumAmount', 'maximumAmount', 'targetAmount'] as const) {
        if (t[field] != null) problem(field, 'INVALID_INPUT', `${field} applies to dynamic bills only.`);
      }
      if (t.isFlexible) problem('isFlexible', 'INVALID_INPUT', 'isFlexible applies to dynamic bills only.');
    } else if (!t.isFlexible) {
      for (const field of ['minimumAmount', 'maximumAmount'] as const) {
        if (t[field] != null) problem(field, 'INVALID_INPUT', `${field} applies to flexible bills only; a fixed bill takes amountMinor each time.`);
      }
    } else {
      if (t.minimumAmount != null && t.maximumAmount != null && t.minimumAmount > t.maximumAmount) {
        problem('maximumAmount', 'INVALID_AMOUNT', 'maximumAmount is below minimumAmount.');
      }
      if (t.targetAmount != null && t.minimumAmount != null && t.targetAmount < t.minimumAmount) {
        problem('targetAmount', 'INVALID_AMOUNT', 'targetAmount is below minimumAmount.');
      }
      if (
        t.amountMinor != null &&
        ((t.minimumAmount != null && t.amountMinor < t.minimumAmount) || (t.maximumAmount != null && t.amountMinor > t.maximumAmount))
      ) {
        problem('amountMinor', 'INVALID_AMOUNT', 'The suggested amountMinor lies outside minimumAmount–maximumAmount.');
      }
    }
    const shares = t.subaccounts ?? [];
    if (!t.split && shares.length) problem('subaccounts', 'SPLIT_INVALID', 'Subaccounts need split: true.');
    if (t.split) {
      const smallest = fixedAmount ? t.amountMinor : t.minimumAmount;
      const found = splitProblem(shares, smallest == null ? null : BigInt(smallest));
      if (found)
        ctx.addIssue({
          code: 'custom',
          path: found.index === undefined ? ['subaccounts'] : ['subaccounts', found.index],
          message: found.message,
          params: { code: found.code },
        });
    }
  });

const createInput = z.object({
  type: z.enum(BILL_TYPES),
  currency: z.string().nullish(),
  duration: z.string().nullish(),
  expiry: z.boolean().nullish(),
  redirectUrl: z.string().max(2048).nullish(),
  callbackUrl: z.string().max(2048).nullish(),
  qrcode: z.boolean(),
  virtual: z.boolean(),
});

export type CreateBillInput = z.input<typeof createInput> & Omit<z.input<typeof termsInput>, 'currency'>;

const updateInput = z.object({
  paymentRef: z.string().max(24),
  amountMinor: z.number().nullish(),
  email: z.string().nullish(),
  narration: z.string().nullish(),
  split: z.boolean().nullish(),
  subaccounts: z.array(shareInput).max(20).nullish(),
});

/** A reference customers can read out and type: `PB` and ten characters, no lookalikes. */
function newPaymentRef(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return `PB${[...randomBytes(10)].map((byte) => alphabet[byte % 32]).join('')}`;
}

/** When the bill stops taking money: after `duration`, or a day when it should expire but names no duration. */
function expiryOf(now: Date, duration: string | null | undefined, expiry: boolean | null | undefined): { expiresAt: Date | null } | UserError<BillErrorCode> {
  if (duration != null) {
    if (expiry === false) return userError('INVALID_EXPIRY', 'A bill with a duration expires; drop expiry: false or the duration.', ['input', 'expiry']);
    const ms = parseDuration(duration);
    if (ms === null)
      return userError('INVALID_DURATION', 'duration is a count and a unit (m, h, d, w), e.g. "30m", "1h", "1d", "2w", up to a year.', ['input', 'duration']);
    return { expiresAt: new Date(now.getTime() + ms) };
  }
  return { expiresAt: expiry ? new Date(now.getTime() + DEFAULT_BILL_LIFETIME_MS) : null };
}

/** The caller's settlement entities for a split's shares, or the share naming one that does not exist. */
async function resolveShares(
  em: RequestContext['em'],
  caller: ApiKeyPrincipal,
  shares: z.output<typeof shareInput>[],
): Promise<StoredShare[] | UserError<BillErrorCode>> {
  if (!shares.length) return [];
  const entities = await em.find(SettlementEntity, { entityId: { $in: shares.map((s) => s.entityId) } });
  const byEntityId = new Map(entities.map((entity) => [entity.entityId, entity]));
  const stored: StoredShare[] = [];
  for (const [index, share] of shares.entries()) {
    const entity = byEntityId.get(share.entityId);
    if (!entity) return userError('UNKNOWN_ENTITY', `No settlement entity ${share.entityId}.`, ['input', 'subaccounts', String(index), 'entityId']);
    stored.push(
      share.amountMinor != null
        ? { settlementEntityId: entity.id, entityId: entity.entityId, amountMinor: String(share.amountMinor) }
        : { settlementEntityId: entity.id, entityId: entity.entityId, basisPoints: percentageBasisPoints(share.percentage!)! },
    );
  }
  return stored;
}

const isUserError = (value: unknown): value is UserError => typeof value === 'object' && value !== null && 'code' in value && 'message' in value;

export async function createBill(
  ctx: RequestContext,
  deps: { webhooks: WebhookSettings; virtualAccounts: VirtualAccountProviders },
  raw: CreateBillInput,
): Promise<Payload<{ bill: Bill }, BillErrorCode>> {
  const caller = tenantOf(ctx);
  const options = validateInput(createInput, raw, BILL_ERROR_CODES);
  const terms = validateInput(termsInput, { ...raw, currency: raw.currency ?? caller.business.defaultCurrency }, BILL_ERROR_CODES);
  if (!options.ok || !terms.ok) return rejected(...(options.ok ? [] : options.userErrors), ...(terms.ok ? [] : terms.userErrors));
  const t = terms.data;
  const { redirectUrl, callbackUrl, virtual } = options.data;

  const now = ctx.clock.now();
  const expiry = expiryOf(now, options.data.duration, options.data.expiry);
  if (isUserError(expiry)) return rejected(expiry);
  if (redirectUrl) {
    const problem = redirectUrlProblem(redirectUrl, caller.mode);
    if (problem) return rejected(userError('INVALID_URL', problem, ['input', 'redirectUrl']));
  }
  if (callbackUrl) {
    const problem = await callbackUrlProblem(callbackUrl, caller.mode, deps.webhooks);
    if (problem) return rejected(userError('INVALID_URL', problem, ['input', 'callbackUrl']));
  }
  const accounts = virtual ? deps.virtualAccounts(caller.businessId, caller.mode) : null;
  if (virtual && !accounts) {
    // Test mode always has the sandbox bank; live mode has no provider until a live partner is configured.
    return rejected(
      userError('VIRTUAL_ACCOUNT_UNAVAILABLE', `No virtual account provider is configured for ${caller.mode.toLowerCase()} mode.`, ['input', 'virtual']),
    );
  }
  const shares = await resolveShares(ctx.em, caller, t.split ? (t.subaccounts ?? []) : []);
  if (isUserError(shares)) return rejected(shares);

  // References and account numbers are random; on the rare collision, draw again.
  for (let attempt = 1; ; attempt++) {
    try {
      return { bill: await insertBill(ctx, caller, now, t, { ...options.data, expiresAt: expiry.expiresAt, shares, accounts }), userErrors: [] };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException) || attempt === 3) throw error;
    }
  }
}

async function insertBill(
  ctx: RequestContext,
  caller: ApiKeyPrincipal,
  now: Date,
  t: z.output<typeof termsInput>,
  o: z.output<typeof createInput> & { expiresAt: Date | null; shares: StoredShare[]; accounts: VirtualAccountProvider | null },
): Promise<Bill> {
  const { redirectUrl, callbackUrl, qrcode, expiresAt, shares, accounts } = o;
  const em = ctx.em.fork();
  const virtualAccount = accounts ? await accounts.allocate(caller.business.name) : null;
  const bill = em.create(Bill, {
    id: newId('bill', now),
    paymentRef: newPaymentRef(),
    business: caller.businessId,
    mode: caller.mode,
    type: t.type,
    status: t.type === 'REGULAR' ? 'PENDING' : 'ACTIVE',
    currency: t.currency,
    amountMinor: t.amountMinor == null ? null : BigInt(t.amountMinor),
    amountPaidMinor: 0n,
    paymentCount: 0,
    isFlexible: t.isFlexible,
    minimumAmountMinor: t.minimumAmount == null ? null : BigInt(t.minimumAmount),
    maximumAmountMinor: t.maximumAmount == null ? null : BigInt(t.maximumAmount),
    targetAmountMinor: t.targetAmount == null ? null : BigInt(t.targetAmount),
    email: t.email,
    narration: t.narration ?? null,
    externalRef: t.externalRef ?? null,
    redirectUrl: redirectUrl ?? null,
    callbackUrl: callbackUrl ?? null,
    qrcode,
    split: t.split,
    subaccounts: shares,
    virtualAccountNumber: virtualAccount?.accountNumber ?? null,
    virtualBankName: virtualAccount?.bankName ?? null,
    virtualAccountName: virtualAccount?.accountName ?? null,
    expiresAt,
    createdAt: now,
    updatedAt: now,
  });
  await em.flush();
  return bill;
}

/** A bill's terms as the input that would create them, so an update can be checked as a whole. */
const termsOf = (bill: Bill): z.input<typeof termsInput> => ({
  type: bill.type,
  amountMinor: bill.amountMinor == null ? null : Number(bill.amountMinor),
  currency: bill.currency,
  email: bill.email,
  narration: bill.narration,
  externalRef: bill.externalRef,
  isFlexible: bill.isFlexible,
  minimumAmount: bill.minimumAmountMinor == null ? null : Number(bill.minimumAmountMinor),
  maximumAmount: bill.maximumAmountMinor == null ? null : Number(bill.maximumAmountMinor),
  targetAmount: bill.targetAmountMinor == null ? null : Number(bill.targetAmountMinor),
  split: bill.split,
  subaccounts: bill.subaccounts.map((share) =>
    share.amountMinor != null
      ? { entityId: share.entityId, amountMinor: Number(share.amountMinor) }
      : { entityId: share.entityId, percentage: share.basisPoints! / 100 },
  ),
});

/**
 * Changes a bill's amount, email, narration or split while nothing has been paid to it. The bill row
 * is locked, so a payment reconciling at the same moment either lands first (and the update is
 * refused) or waits for the new terms.
 */
export async function updateBill(ctx: RequestContext, raw: z.input<typeof updateInput>): Promise<Payload<{ bill: Bill }, BillErrorCode>> {
  const valid = validateInput(updateInput, raw, BILL_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const caller = tenantOf(ctx);
  const { paymentRef, ...changes } = valid.data;
  return ctx.em.transactional(async (tx) => {
    const bill = await tx.findOne(Bill, { paymentRef }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!bill) return rejected(userError('NOT_FOUND', 'No bill with this paymentRef.', ['input', 'paymentRef']));
    const status = effectiveBillStatus(bill, ctx.clock.now());
    if (!isOpen(status)) return rejected(userError('BILL_NOT_OPEN', `This bill is ${status.toLowerCase()}.`, ['input', 'paymentRef']));
    if (bill.paymentCount > 0)
      return rejected(userError('BILL_HAS_PAYMENTS', 'This bill has received payments; its terms can no longer change.', ['input', 'paymentRef']));

    const merged = { ...termsOf(bill) };
    if (changes.amountMinor != null) merged.amountMinor = changes.amountMinor;
    if (changes.email != null) merged.email = changes.email;
    if (changes.narration !== undefined) merged.narration = changes.narration;
    if (changes.split != null) merged.split = changes.split;
    if (changes.subaccounts != null) merged.subaccounts = changes.subaccounts;
    if (changes.split === false && changes.subaccounts == null) merged.subaccounts = [];
    const terms = validateInput(termsInput, merged, BILL_ERROR_CODES);
    if (!terms.ok) return rejected(...terms.userErrors);
    const shares = await resolveShares(tx, caller, terms.data.split ? (terms.data.subaccounts ?? []) : []);
    if (isUserError(shares)) return rejected(shares);

    bill.amountMinor = terms.data.amountMinor == null ? null : BigInt(terms.data.amountMinor);
    bill.email = terms.data.email;
    bill.narration = terms.data.narration ?? null;
    bill.split = terms.data.split;
    bill.subaccounts = shares;
    bill.updatedAt = ctx.clock.now();
    return { bill, userErrors: [] };
  });
}

export async function cancelBill(
  ctx: RequestContext,
  deps: { pubsub: AppPubSub },
  input: { paymentRef: string },
): Promise<Payload<{ bill: Bill }, BillErrorCode>> {
  tenantOf(ctx);
  const result: Payload<{ bill: Bill }, BillErrorCode> = await ctx.em.transactional(async (tx) => {
    const bill = await tx.findOne(Bill, { paymentRef: input.paymentRef }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!bill) return rejected(userError('NOT_FOUND', 'No bill with this paymentRef.', ['input', 'paymentRef']));
    const canceled = billMachine.transition(effectiveBillStatus(bill, ctx.clock.now()), 'CANCELED');
    if (!canceled.ok) return rejected(userError(canceled.code, canceled.message, ['input', 'paymentRef']));
    bill.status = canceled.status;
    bill.updatedAt = ctx.clock.now();
    return { bill, userErrors: [] };
  });
  if (result.bill) announceCheckoutUpdate(deps.pubsub, result.bill.id);
  return result;
}

/** A bill's terms as the pure bill rules take them, with its status as of `now`. */
export function billTermsOf(bill: Bill, now: Date): BillTerms {
  return {
    type: bill.type,
    status: effectiveBillStatus(bill, now),
    currency: bill.currency,
    expiresAt: bill.expiresAt ?? null,
    amountMinor: bill.amountMinor ?? null,
    amountPaidMinor: bill.amountPaidMinor,
    isFlexible: bill.isFlexible,
    minimumMinor: bill.minimumAmountMinor ?? null,
    maximumMinor: bill.maximumAmountMinor ?? null,
    targetMinor: bill.targetAmountMinor ?? null,
  };
}

/** Open bills past their expiry are expired, whether or not the sweeper has marked them yet. */
export function effectiveBillStatus(bill: Pick<Bill, 'status' | 'expiresAt'>, now: Date): BillStatus {
  return isOpen(bill.status) && bill.expiresAt && bill.expiresAt <= now ? 'EXPIRED' : bill.status;
}

export function findBill(ctx: RequestContext, paymentRef: string): Promise<Bill | null> {
  tenantOf(ctx);
  return ctx.em.findOne(Bill, { paymentRef });
}

/** `search` is an ILIKE pattern (domain/search.ts) over the payment reference, the payer's email and your own reference. */
export function listBills(ctx: RequestContext, page: PageRequest, filter: { status?: BillStatus | null; search?: string | null }): Promise<Bill[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  const search = filter.search;
  const matching = search ? { $or: [{ paymentRef: { $ilike: search } }, { email: { $ilike: search } }, { externalRef: { $ilike: search } }] } : {};
  return ctx.em.find(Bill, { ...(filter.status ? { status: filter.status } : {}), ...matching, ...where }, { orderBy, limit });
}

/** Every payment made to a bill, oldest first (exceptions included: money is never hidden). */
export function billPayments(em: RequestContext['em'], bill: Bill): Promise<Payment[]> {
  return em.find(Payment, { checkoutId: bill.id }, { orderBy: { id: 'asc' } });
}

/** Whether a bill shows a QR image, by id alone (the image is public, like its hosted page). */
export async function billShowsQrCode(em: RequestContext['em'], id: string): Promise<boolean> {
  const bill = await em.findOne(Bill, { id }, { fields: ['id', 'qrcode'] });
  return bill?.qrcode ?? false;
}
