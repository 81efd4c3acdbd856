import { z } from 'zod';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { MAX_MINOR_UNITS } from '../../domain/money.ts';
import { SANDBOX_METHODS, type SandboxBank, type SandboxMethod } from '../../providers/sandbox-bank/sandbox-bank.ts';
import type { RequestContext } from '../request-context.ts';
import { validateInput } from '../validation.ts';
import { kindOfId } from './registry.ts';
import { findPublicCheckout } from './public-checkout.service.ts';

/** What payCheckoutInSandbox may answer (GraphQL `SandboxPaymentErrorCode`). */
export const SANDBOX_PAYMENT_ERROR_CODES = errorCodes(
  'NOT_FOUND',
  'LIVE_CHECKOUT',
  'NOT_PAYABLE',
  'AMOUNT_EXCEEDS_DUE',
  'BELOW_MINIMUM',
  'PARTIAL_NOT_ALLOWED',
);
export type SandboxPaymentErrorCode = (typeof SANDBOX_PAYMENT_ERROR_CODES)[number];

const input = z.object({
  checkoutId: z.string().max(60),
  method: z.enum(SANDBOX_METHODS),
  amountMinor: z.number().int().positive().max(MAX_MINOR_UNITS).nullish(),
});

/**
 * "Pay (test)": hands a test-mode checkout to the sandbox bank. Live checkouts are refused and
 * nothing is written; the amount defaults to what is due (a partial amount only where allowed).
 */
export async function payInSandbox(
  ctx: RequestContext,
  sandbox: SandboxBank,
  raw: z.input<typeof input>,
): Promise<Payload<{ result: 'SUCCEEDED' | 'DECLINED'; receiptNumber: string | null }, SandboxPaymentErrorCode>> {
  const valid = validateInput(input, raw, SANDBOX_PAYMENT_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const { checkoutId, method, amountMinor } = valid.data;
  const checkout = await findPublicCheckout(ctx.publicEm, ctx.clock.now(), checkoutId);
  if (!checkout) return rejected(userError('NOT_FOUND', 'No checkout with this id.', ['input', 'checkoutId']));
  if (!checkout.testMode) return rejected(userError('LIVE_CHECKOUT', 'The sandbox bank only pays test-mode checkouts.', ['input', 'checkoutId']));
  if (checkout.status !== 'ACTIVE') return rejected(userError('NOT_PAYABLE', `This checkout is ${checkout.status.toLowerCase()}.`, ['input', 'checkoutId']));
  const amount = amountMinor == null ? checkout.amountDueMinor : BigInt(amountMinor);
  if (checkout.maximumPaymentMinor !== null && amount > checkout.maximumPaymentMinor) {
    return rejected(userError('AMOUNT_EXCEEDS_DUE', 'That is more than this checkout takes.', ['input', 'amountMinor']));
  }
  if (amount < checkout.minimumPaymentMinor) {
    return checkout.allowPartialPayment
      ? rejected(userError('BELOW_MINIMUM', 'That is less than the least this checkout takes.', ['input', 'amountMinor']))
      : rejected(userError('PARTIAL_NOT_ALLOWED', 'This checkout takes the full amount only.', ['input', 'amountMinor']));
  }
  const reference = kindOfId(checkout.id)!.partnerReference(checkout, method === 'BANK_TRANSFER' ? 'BANK_TRANSFER' : 'CARD');
  const outcome = await sandbox.charge(
    { reference, businessId: checkout.businessId, amountMinor: amount, currency: checkout.currency },
    method as SandboxMethod,
  );
  return outcome.result === 'DECLINED'
    ? { result: 'DECLINED', receiptNumber: null, userErrors: [] }
    : { result: 'SUCCEEDED', receiptNumber: outcome.receiptNumber, userErrors: [] };
}
