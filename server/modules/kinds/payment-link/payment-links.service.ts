import { tenantOf } from '../../tenancy/tenant-scope.ts';
import { PAYMENT_LINK_ERROR_CODES, paymentLinkMachine, type PaymentLinkErrorCode, type PaymentLinkStatus } from '../../../domain/payment-links.ts';
import { randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { newId } from '../../../domain/ids.ts';
import { rejected, userError, type Payload } from '../../../domain/user-error.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { keysetPage, type PageRequest } from '../../pagination.ts';
import type { RequestContext } from '../../request-context.ts';
import { codedFor, validateInput } from '../../validation.ts';
import { redirectUrlProblem } from '../../../domain/redirect-url.ts';
import { announceCheckoutUpdate, type AppPubSub } from '../../checkouts/checkout-updates.ts';
import { callbackUrlProblem, type WebhookSettings } from '../../webhooks/callback-targets.ts';
import { PaymentLink } from './payment-link.entity.ts';

const coded = codedFor(PAYMENT_LINK_ERROR_CODES);

const createPaymentLinkInput = z.object({
  invoiceId: z.string(),
  expiresInHours: z
    .number()
    .refine((v) => Number.isInteger(v) && v > 0 && v <= 24 * 90, coded('INVALID_EXPIRY', 'expiresInHours is a whole number of hours, 1 to 2160.')),
  allowPartialPayment: z.boolean(),
  // Checked by callbackUrlProblem below: the same rules as an app's callback URL.
  callbackUrl: z.string().max(2048).nullish(),
  // Checked by redirectUrlProblem below.
  redirectUrl: z.string().max(2048).nullish(),
  metadata: z
    .record(z.string(), z.unknown())
    .refine((v) => Object.keys(v).length <= 50 && JSON.stringify(v).length <= 8192, coded('METADATA_TOO_LARGE', 'metadata holds at most 50 keys and 8 KB.'))
    .nullish(),
});

/** What a customer-facing link is worth showing: a link is only payable while ACTIVE and in time. */
export function effectiveLinkStatus(link: PaymentLink, now: Date): PaymentLink['status'] {
  return link.status === 'ACTIVE' && link.expiresAt <= now ? 'EXPIRED' : link.status;
}

export async function createPaymentLink(
  ctx: RequestContext,
  deps: { webhooks: WebhookSettings },
  input: z.input<typeof createPaymentLinkInput>,
): Promise<Payload<{ paymentLink: PaymentLink }, PaymentLinkErrorCode>> {
  const valid = validateInput(createPaymentLinkInput, input, PAYMENT_LINK_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const caller = tenantOf(ctx);
  const { invoiceId, expiresInHours, allowPartialPayment, callbackUrl, redirectUrl, metadata } = valid.data;

  if (callbackUrl) {
    const problem = await callbackUrlProblem(callbackUrl, caller.mode, deps.webhooks);
    if (problem) return rejected(userError('INVALID_URL', problem, ['input', 'callbackUrl']));
  }
  const redirectProblem = redirectUrl ? redirectUrlProblem(redirectUrl, caller.mode) : null;
  if (redirectProblem) return rejected(userError('INVALID_URL', redirectProblem, ['input', 'redirectUrl']));
  const invoice = await ctx.em.findOne(Invoice, { id: invoiceId });
  if (!invoice) return rejected(userError('NOT_FOUND', 'No invoice with this id.', ['input', 'invoiceId']));
  if (invoice.status === 'PAID' || invoice.status === 'VOID') {
    return rejected(userError('INVOICE_NOT_PAYABLE', `Invoice ${invoice.number} is ${invoice.status.toLowerCase()}.`, ['input', 'invoiceId']));
  }
  const now = ctx.clock.now();
  const paymentLink = ctx.em.create(PaymentLink, {
    id: newId('pl', now),
    shortCode: randomBytes(8).toString('base64url').slice(0, 10),
    business: caller.businessId,
    mode: caller.mode,
    invoice,
    status: 'ACTIVE',
    allowPartialPayment,
    callbackUrl: callbackUrl ?? null,
    redirectUrl: redirectUrl ?? null,
    metadata: metadata ?? {},
    expiresAt: new Date(now.getTime() + expiresInHours * 3_600_000),
    createdAt: now,
  });
  await ctx.em.flush();
  return { paymentLink, userErrors: [] };
}

export async function cancelPaymentLink(
  ctx: RequestContext,
  deps: { pubsub: AppPubSub },
  input: { id: string },
): Promise<Payload<{ paymentLink: PaymentLink }, PaymentLinkErrorCode>> {
  tenantOf(ctx);
  const result: Payload<{ paymentLink: PaymentLink }, PaymentLinkErrorCode> = await ctx.em.transactional(async (em) => {
    const paymentLink = await em.findOne(PaymentLink, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!paymentLink) return rejected(userError('NOT_FOUND', 'No payment link with this id.', ['input', 'id']));
    const canceled = paymentLinkMachine.transition(effectiveLinkStatus(paymentLink, ctx.clock.now()), 'CANCELED');
    if (!canceled.ok) return rejected(userError(canceled.code, canceled.message, ['input', 'id']));
    paymentLink.status = canceled.status;
    return { paymentLink, userErrors: [] };
  });
  if (result.paymentLink) announceCheckoutUpdate(deps.pubsub, result.paymentLink.id);
  return result;
}

export function findPaymentLink(ctx: RequestContext, id: string): Promise<PaymentLink | null> {
  tenantOf(ctx);
  return ctx.em.findOne(PaymentLink, { id });
}

export function listPaymentLinks(ctx: RequestContext, page: PageRequest, filter: { status?: PaymentLinkStatus | null } = {}): Promise<PaymentLink[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(PaymentLink, { ...(filter.status ? { status: filter.status } : {}), ...where }, { orderBy, limit });
}

/** The public side (QR images, short links): a link id or short code alone, no tenant. */
export function findPaymentLinkPublic(em: RequestContext['em'], by: { id?: string; shortCode?: string }): Promise<PaymentLink | null> {
  return em.findOne(PaymentLink, by.id ? { id: by.id } : { shortCode: by.shortCode! });
}
