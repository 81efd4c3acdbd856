import { z } from 'zod';
import { isValidCnpj, normalizeCnpj } from '../../../domain/cnpj.ts';
import { newId, newSecretToken } from '../../../domain/ids.ts';
import { quoteInstallments, SUBSIDY_TYPES, type InstallmentOption, type QuoteError, type QuoteRequest } from '../../../domain/installment-quotes.ts';
import { MAX_MINOR_UNITS } from '../../../domain/money.ts';
import {
  addDays,
  endOfSaoPauloDate,
  isFlatMeta,
  PAYMENT_REQUEST_ERROR_CODES,
  PAYMENT_REQUEST_LIFETIME_DAYS,
  paymentRequestMachine,
  saoPauloDate,
  type PaymentRequestErrorCode,
  type PaymentRequestStatus,
} from '../../../domain/payment-requests.ts';
import { rejected, userError, type Payload } from '../../../domain/user-error.ts';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { announceCheckoutUpdate, type AppPubSub } from '../../checkouts/checkout-updates.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { keysetPage, type PageRequest } from '../../pagination.ts';
import type { RequestContext } from '../../request-context.ts';
import { tenantOf } from '../../tenancy/tenant-scope.ts';
import { codedFor, validateInput } from '../../validation.ts';
import type { LenderPorts, LenderRates } from './lender-port.ts';
import { FinancedPayment, PaymentRequest } from './payment-request.entities.ts';

const coded = codedFor(PAYMENT_REQUEST_ERROR_CODES);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: string) => DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
/** A share of the amount, 0 to 1, at most six decimals. */
const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;
const count = z
  .number()
  .refine((v) => Number.isInteger(v) && v >= 1 && v <= 48, coded('INVALID_INSTALLMENTS_COUNT', 'Installment counts are whole numbers, 1 to 48.'));

const createInput = z
  .object({
    amountMinor: z
      .number()
      .refine((v) => Number.isSafeInteger(v) && v > 0 && v <= MAX_MINOR_UNITS, coded('INVALID_AMOUNT', 'amountMinor is a positive whole number of centavos.')),
    currency: z.string().refine((v) => v === 'BRL', coded('UNSUPPORTED_CURRENCY', 'Installment financing is in BRL only.')),
    installmentsCountMin: count,
    installmentsCountMax: count,
    customerTaxId: z
      .string()
      .max(40)
      .refine((v) => isValidCnpj(normalizeCnpj(v)), coded('INVALID_TAX_ID', 'customerTaxId is not a valid CNPJ (14 characters with mod-11 check digits).'))
      .transform(normalizeCnpj)
      .nullish(),
    orderId: z.string().max(100).nullish(),
    orderDescription: z.string().max(1000).nullish(),
    meta: z
      .unknown()
      .refine((v) => v == null || isFlatMeta(v), coded('INVALID_META', 'meta is an object of one level: its values are strings, numbers, booleans or null.'))
      .refine(
        (v) => v == null || (Object.keys(v as object).length <= 50 && JSON.stringify(v).length <= 8192),
        coded('INVALID_META', 'meta holds at most 50 keys and 8 KB.'),
      )
      .nullish(),
    merchantSubsidyType: z.enum(SUBSIDY_TYPES),
    merchantSubsidyRate: z
      .string()
      .refine((v) => RATE.test(v), coded('INVALID_SUBSIDY_RATE', 'merchantSubsidyRate is a decimal share from 0 to 1, e.g. "0.02".'))
      .nullish(),
    merchantSubsidyAmountMinor: z
      .number()
      .refine((v) => Number.isSafeInteger(v) && v >= 0, coded('INVALID_SUBSIDY_AMOUNT', 'merchantSubsidyAmountMinor is a whole number of centavos.'))
      .nullish(),
    monthsUntilFirstPayment: z
      .number()
      .refine((v) => Number.isInteger(v) && v >= 1 && v <= 12, coded('INVALID_FIRST_INSTALLMENT_DATE', 'monthsUntilFirstPayment is 1 to 12.'))
      .nullish(),
    firstInstallmentDate: z.string().refine(isRealDate, coded('INVALID_FIRST_INSTALLMENT_DATE', 'firstInstallmentDate is a date, YYYY-MM-DD.')).nullish(),
    invoiceId: z.string().max(60).nullish(),
  })
  .superRefine((input, issues) => {
    const issue = (code: PaymentRequestErrorCode, message: string, path: string) => issues.addIssue({ code: 'custom', path: [path], ...coded(code, message) });
    if (input.installmentsCountMin > input.installmentsCountMax) {
      issue('INVALID_INSTALLMENTS_COUNT', 'installmentsCountMin is more than installmentsCountMax.', 'installmentsCountMin');
    }
    if (input.merchantSubsidyType === 'RATE' && input.merchantSubsidyRate == null)
      issue('INVALID_SUBSIDY_RATE', 'A RATE subsidy needs merchantSubsidyRate.', 'merchantSubsidyRate');
    if (input.merchantSubsidyType === 'AMOUNT' && input.merchantSubsidyAmountMinor == null) {
      issue('INVALID_SUBSIDY_AMOUNT', 'An AMOUNT subsidy needs merchantSubsidyAmountMinor.', 'merchantSubsidyAmountMinor');
    }
    if (input.merchantSubsidyAmountMinor != null && input.merchantSubsidyAmountMinor > input.amountMinor) {
      issue('INVALID_SUBSIDY_AMOUNT', 'merchantSubsidyAmountMinor is more than the amount.', 'merchantSubsidyAmountMinor');
    }
    if (input.monthsUntilFirstPayment != null && input.firstInstallmentDate != null) {
      issue('INVALID_FIRST_INSTALLMENT_DATE', 'Give monthsUntilFirstPayment or firstInstallmentDate, not both.', 'firstInstallmentDate');
    }
  });

export type CreatePaymentRequestInput = z.input<typeof createInput>;

/** Where each quote error points in createPaymentRequest's input. */
const QUOTE_ERROR_FIELD: Record<QuoteError, string> = {
  INVALID_AMOUNT: 'amountMinor',
  INVALID_INSTALLMENTS_COUNT: 'installmentsCountMin',
  INVALID_SUBSIDY_RATE: 'merchantSubsidyRate',
  INVALID_SUBSIDY_AMOUNT: 'merchantSubsidyAmountMinor',
  INVALID_FIRST_INSTALLMENT_DATE: 'firstInstallmentDate',
};

type QuoteTerms = Pick<
  PaymentRequest,
  | 'amountMinor'
  | 'installmentsCountMin'
  | 'installmentsCountMax'
  | 'merchantSubsidyType'
  | 'merchantSubsidyRate'
  | 'merchantSubsidyAmountMinor'
  | 'monthsUntilFirstPayment'
  | 'firstInstallmentDate'
>;

/** The quote request for a payment request's terms on a date, at the lender's rates. */
export function quoteRequestOf(terms: QuoteTerms, rates: LenderRates, quotedOn: string): QuoteRequest {
  return {
    amountMinor: terms.amountMinor,
    installmentsCountMin: terms.installmentsCountMin,
    installmentsCountMax: terms.installmentsCountMax,
    subsidy: {
      type: terms.merchantSubsidyType,
      ...(terms.merchantSubsidyRate != null ? { rate: terms.merchantSubsidyRate } : {}),
      ...(terms.merchantSubsidyAmountMinor != null ? { amountMinor: terms.merchantSubsidyAmountMinor } : {}),
    },
    quotedOn,
    ...(terms.firstInstallmentDate ? { firstInstallmentDate: terms.firstInstallmentDate } : {}),
    ...(terms.monthsUntilFirstPayment != null ? { monthsUntilFirstPayment: terms.monthsUntilFirstPayment } : {}),
    lenderRates: rates.lenderRates,
    iof: rates.iof,
  };
}

/**
 * The plans a payment request offers today (São Paulo date), at its lender's rates in force today;
 * [] once it is no longer open or when its mode has no lender.
 */
export function installmentOptionsOf(request: PaymentRequest, lenders: LenderPorts, now: Date): InstallmentOption[] {
  const lender = lenders.forMode(request.mode);
  if (!lender || effectiveRequestStatus(request, now) !== 'OPEN') return [];
  const quote = quoteInstallments(quoteRequestOf(request, lender.rates(), saoPauloDate(now)));
  return quote.ok ? quote.options : [];
}

/** A request past its time is expired whether or not the sweep has marked it yet. */
export function effectiveRequestStatus(request: PaymentRequest, now: Date): PaymentRequestStatus {
  return request.status === 'OPEN' && request.expiresAt <= now ? 'EXPIRED' : request.status;
}

/** A payment request's checkout id: its kind's prefix (the registry routes by it) and 192 random bits. */
export const newCheckoutId = (): string => `preq_${newSecretToken()}`;
const CHECKOUT_ID = /^preq_[\w-]{32}$/;

/**
 * The payment request a checkout id names, for the public side (the hosted page, `checkout(id)`,
 * requestFinancing). The request's own id, which is time-ordered and guessable, names nothing here.
 */
export function findByCheckoutId(
  em: EntityManager,
  checkoutId: string,
  options?: { lockMode?: LockMode; populate?: ['business'] },
): Promise<PaymentRequest | null> {
  return CHECKOUT_ID.test(checkoutId) ? em.findOne(PaymentRequest, { checkoutId }, options as object) : Promise.resolve(null);
}

export async function createPaymentRequest(
  ctx: RequestContext,
  deps: { lenders: LenderPorts },
  raw: CreatePaymentRequestInput,
): Promise<Payload<{ paymentRequest: PaymentRequest }, PaymentRequestErrorCode>> {
  const valid = validateInput(createInput, raw, PAYMENT_REQUEST_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const caller = tenantOf(ctx);
  const input = valid.data;
  const lender = deps.lenders.forMode(caller.mode);
  if (!lender) return rejected(userError('LENDER_NOT_CONFIGURED', 'No lender is configured for live mode yet.'));
  const now = ctx.clock.now();
  const terms: QuoteTerms = {
    amountMinor: BigInt(input.amountMinor),
    installmentsCountMin: input.installmentsCountMin,
    installmentsCountMax: input.installmentsCountMax,
    merchantSubsidyType: input.merchantSubsidyType,
    merchantSubsidyRate: input.merchantSubsidyRate ?? null,
    merchantSubsidyAmountMinor: input.merchantSubsidyAmountMinor == null ? null : BigInt(input.merchantSubsidyAmountMinor),
    monthsUntilFirstPayment: input.monthsUntilFirstPayment ?? null,
    firstInstallmentDate: input.firstInstallmentDate ?? null,
  };
  // The terms must give a plan today: a subsidy above the cost, a first date in the past, … are the merchant's to fix.
  const quote = quoteInstallments(quoteRequestOf(terms, lender.rates(), saoPauloDate(now)));
  if (!quote.ok) return rejected(userError(quote.error, `These terms give no installment plan (${quote.error}).`, ['input', QUOTE_ERROR_FIELD[quote.error]]));

  let invoice: Invoice | null = null;
  if (input.invoiceId) {
    invoice = await ctx.em.findOne(Invoice, { id: input.invoiceId });
    if (!invoice) return rejected(userError('NOT_FOUND', 'No invoice with this id.', ['input', 'invoiceId']));
    if (invoice.status === 'PAID' || invoice.status === 'VOID') {
      return rejected(userError('INVOICE_NOT_PAYABLE', `Invoice ${invoice.number} is ${invoice.status.toLowerCase()}.`, ['input', 'invoiceId']));
    }
    if (invoice.currency !== 'BRL' || invoice.totalMinor - invoice.amountPaidMinor !== terms.amountMinor) {
      return rejected(userError('INVOICE_MISMATCH', `Invoice ${invoice.number} does not owe this amount in BRL.`, ['input', 'invoiceId']));
    }
  }
  const expiresOn = addDays(saoPauloDate(now), PAYMENT_REQUEST_LIFETIME_DAYS);
  const paymentRequest = ctx.em.create(PaymentRequest, {
    id: newId('preq', now),
    checkoutId: newCheckoutId(),
    business: caller.businessId,
    mode: caller.mode,
    status: 'OPEN',
    currency: 'BRL',
    ...terms,
    customerTaxId: input.customerTaxId ?? null,
    orderId: input.orderId ?? null,
    orderDescription: input.orderDescription ?? null,
    meta: (input.meta as PaymentRequest['meta'] | null | undefined) ?? {},
    invoice,
    expiresOn,
    expiresAt: endOfSaoPauloDate(expiresOn),
    createdAt: now,
    updatedAt: now,
  });
  await ctx.em.flush();
  return { paymentRequest, userErrors: [] };
}

export async function cancelPaymentRequest(
  ctx: RequestContext,
  deps: { pubsub: AppPubSub },
  input: { id: string },
): Promise<Payload<{ paymentRequest: PaymentRequest }, PaymentRequestErrorCode>> {
  tenantOf(ctx);
  const result: Payload<{ paymentRequest: PaymentRequest }, PaymentRequestErrorCode> = await ctx.em.transactional(async (em) => {
    const paymentRequest = await em.findOne(PaymentRequest, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!paymentRequest) return rejected(userError('NOT_FOUND', 'No payment request with this id.', ['input', 'id']));
    const canceled = paymentRequestMachine.transition(effectiveRequestStatus(paymentRequest, ctx.clock.now()), 'CANCELED');
    if (!canceled.ok) return rejected(userError(canceled.code, canceled.message, ['input', 'id']));
    // A financing the lender is deciding on right now must be canceled (or decided) first.
    if (await em.count(FinancedPayment, { paymentRequest: paymentRequest.id, status: 'INITIALIZED' })) {
      return rejected(userError('INVALID_STATE', 'A financing for this request is being decided by the lender.', ['input', 'id']));
    }
    paymentRequest.status = canceled.status;
    paymentRequest.updatedAt = ctx.clock.now();
    return { paymentRequest, userErrors: [] };
  });
  if (result.paymentRequest) announceCheckoutUpdate(deps.pubsub, result.paymentRequest.checkoutId);
  return result;
}

export function findPaymentRequest(ctx: RequestContext, id: string): Promise<PaymentRequest | null> {
  tenantOf(ctx);
  return ctx.em.findOne(PaymentRequest, { id });
}

export function listPaymentRequests(ctx: RequestContext, page: PageRequest, filter: { status?: PaymentRequestStatus | null }): Promise<PaymentRequest[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  const now = ctx.clock.now();
  // An open request past its time reads as EXPIRED before the sweep marks it.
  const status =
    filter.status === 'OPEN'
      ? { status: 'OPEN' as const, expiresAt: { $gt: now } }
      : filter.status === 'EXPIRED'
        ? { $or: [{ status: 'EXPIRED' as const }, { status: 'OPEN' as const, expiresAt: { $lte: now } }] }
        : filter.status
          ? { status: filter.status }
          : {};
  return ctx.em.find(PaymentRequest, { ...where, ...status }, { orderBy, limit });
}

/** Whether the lender already finances this customer for the business (seed 001's `existingBorrower`). */
export async function isExistingBorrower(em: EntityManager, request: PaymentRequest): Promise<boolean> {
  if (!request.customerTaxId) return false;
  const financed = await em.count(FinancedPayment, {
    business: request.business.id,
    mode: request.mode,
    customerCnpj: request.customerTaxId,
    status: { $in: ['AUTHORIZED', 'CAPTURED', 'SETTLED'] },
  });
  return financed > 0;
}

/** The plans a checkout offers, by its checkout id (public: a customer's view, read through publicEm). */
export async function publicInstallmentPlans(em: EntityManager, lenders: LenderPorts, now: Date, checkoutId: string): Promise<InstallmentOption[]> {
  const request = await findByCheckoutId(em, checkoutId);
  return request ? installmentOptionsOf(request, lenders, now) : [];
}
