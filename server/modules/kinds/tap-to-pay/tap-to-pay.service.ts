import { tenantOf } from '../../tenancy/tenant-scope.ts';
import { z } from 'zod';
import { newId } from '../../../domain/ids.ts';
import { isSupportedCurrency } from '../../../domain/money.ts';
import { TAP_TO_PAY_ERROR_CODES, type TapToPayErrorCode } from '../../../domain/tap-to-pay.ts';
import { rejected, userError, type Payload } from '../../../domain/user-error.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import type { RequestContext } from '../../request-context.ts';
import { codedFor, validateInput } from '../../validation.ts';
import { TapToPaySession } from './tap-to-pay-session.entity.ts';

const coded = codedFor(TAP_TO_PAY_ERROR_CODES);

/** Sessions expire five minutes after creation if no tap is detected (seed 000). */
export const TAP_TO_PAY_LIFETIME_MS = 5 * 60 * 1000;

const createSessionInput = z.object({
  amountMinor: z.number().refine((v) => Number.isSafeInteger(v) && v > 0, coded('INVALID_AMOUNT', 'amountMinor is a positive whole number of minor units.')),
  currency: z.string().refine(isSupportedCurrency, coded('UNSUPPORTED_CURRENCY', 'Currency is not a supported ISO 4217 code.')).nullish(),
  description: z.string().trim().min(1, 'A description is shown on the device prompt.').max(140),
  invoiceId: z.string().nullish(),
  customerId: z.string().max(100).nullish(),
  deviceId: z.string().trim().min(1, 'deviceId names the partner device.').max(100),
});

export function effectiveSessionStatus(session: TapToPaySession, now: Date): TapToPaySession['status'] {
  return session.status === 'AWAITING_TAP' && session.expiresAt <= now ? 'EXPIRED' : session.status;
}

export async function createTapToPaySession(
  ctx: RequestContext,
  input: z.input<typeof createSessionInput>,
): Promise<Payload<{ session: TapToPaySession }, TapToPayErrorCode>> {
  const valid = validateInput(createSessionInput, input, TAP_TO_PAY_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const caller = tenantOf(ctx);
  const { amountMinor, invoiceId, customerId, deviceId, description } = valid.data;
  const currency = valid.data.currency ?? caller.business.defaultCurrency;

  let invoice: Invoice | null = null;
  if (invoiceId) {
    invoice = await ctx.em.findOne(Invoice, { id: invoiceId });
    if (!invoice) return rejected(userError('NOT_FOUND', 'No invoice with this id.', ['input', 'invoiceId']));
    if (invoice.status === 'PAID' || invoice.status === 'VOID') {
      return rejected(userError('INVOICE_NOT_PAYABLE', `Invoice ${invoice.number} is ${invoice.status.toLowerCase()}.`, ['input', 'invoiceId']));
    }
    if (invoice.currency !== currency) {
      return rejected(userError('CURRENCY_MISMATCH', `Invoice ${invoice.number} is in ${invoice.currency}.`, ['input', 'currency']));
    }
    if (BigInt(amountMinor) > invoice.totalMinor - invoice.amountPaidMinor) {
      return rejected(userError('AMOUNT_EXCEEDS_DUE', 'The amount is more than the invoice still owes.', ['input', 'amountMinor']));
    }
  }
  const now = ctx.clock.now();
  const session = ctx.em.create(TapToPaySession, {
    id: newId('nfc_sess', now),
    business: caller.businessId,
    mode: caller.mode,
    amountMinor: BigInt(amountMinor),
    currency,
    description,
    invoice,
    customerId: customerId ?? null,
    deviceId,
    status: 'AWAITING_TAP',
    expiresAt: new Date(now.getTime() + TAP_TO_PAY_LIFETIME_MS),
    createdAt: now,
  });
  await ctx.em.flush();
  return { session, userErrors: [] };
}

export function findTapToPaySession(ctx: RequestContext, id: string): Promise<TapToPaySession | null> {
  tenantOf(ctx);
  return ctx.em.findOne(TapToPaySession, { id });
}
