import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { isValidCnpj, normalizeCnpj } from '../../../domain/cnpj.ts';
import type { Clock } from '../../../domain/clock.ts';
import { newId } from '../../../domain/ids.ts';
import { quoteInstallments, type InstallmentOption } from '../../../domain/installment-quotes.ts';
import { financingSettlementPosting } from '../../../domain/ledger.ts';
import { invoiceMachine, invoiceStatusAfter } from '../../../domain/payment-application.ts';
import {
  financedPaymentMachine,
  invoiceDocumentKind,
  invoiceStatusMachine,
  lenderUpdateSteps,
  paymentRequestMachine,
  REQUEST_FINANCING_ERROR_CODES,
  saoPauloDate,
  type FinancedPaymentErrorCode,
  type FinancedPaymentStatus,
  type RequestFinancingErrorCode,
} from '../../../domain/payment-requests.ts';
import { errorCodes, rejected, userError, type Payload } from '../../../domain/user-error.ts';
import { announceCheckoutUpdate, type AppPubSub } from '../../checkouts/checkout-updates.ts';
import { allowedStatus } from '../../checkouts/checkout-kind.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { postJournal } from '../../ledger/ledger.service.ts';
import { OutboxEvent } from '../../outbox/outbox-event.entity.ts';
import { keysetPage, type PageRequest } from '../../pagination.ts';
import type { LenderNotice } from '../../payments/partner-webhook.ts';
import type { RequestContext } from '../../request-context.ts';
import { scopeToTenant, tenantOf } from '../../tenancy/tenant-scope.ts';
import type { Tenant } from '../../tenancy/tenant-sql.ts';
import { validateInput } from '../../validation.ts';
import type { DocumentStore } from './document-store.ts';
import type { LenderPorts } from './lender-port.ts';
import { FinancedPayment, FinancedPaymentInvoice, PaymentRequest, type FrozenQuote } from './payment-request.entities.ts';
import { effectiveRequestStatus, findByCheckoutId, quoteRequestOf } from './payment-requests.service.ts';

/** Each invoice file: at most 5 MB, and at most 10 per payment. */
export const MAX_INVOICE_BYTES = 5 * 1024 * 1024;
export const MAX_INVOICES = 10;

const requestFinancingInput = z.object({
  paymentRequestId: z.string().max(60),
  customerTaxId: z.string().max(40),
  installmentsCount: z.number().int(),
});

/** The merchant event a financed payment's change is told by. */
function financingEvent(em: EntityManager, payment: FinancedPayment, type: string, at: Date, extra: Record<string, unknown> = {}): void {
  em.create(OutboxEvent, {
    id: newId('evt', at),
    business: payment.business.id,
    mode: payment.mode,
    type,
    payload: {
      financedPaymentId: payment.id,
      // Named `checkoutId` too: the payment request is the checkout the customer saw.
      checkoutId: payment.paymentRequest.id,
      paymentRequestId: payment.paymentRequest.id,
      status: payment.status,
      invoiceStatus: payment.invoiceStatus,
      amountMinor: Number(payment.amountMinor),
      merchantTotalAmountMinor: Number(payment.merchantTotalAmountMinor),
      currency: payment.currency,
      ...extra,
    },
    createdAt: at,
  });
}

const frozen = (option: InstallmentOption, quotedOn: string): FrozenQuote => ({
  installmentsCount: option.installmentsCount,
  installmentAmountMinor: String(option.installmentAmountMinor),
  schedule: option.schedule.map((s) => ({ number: s.number, dueDate: s.dueDate, amountMinor: String(s.amountMinor) })),
  customerTotalMinor: String(option.customerTotalMinor),
  interestFree: option.interestFree,
  monthlyRate: option.monthlyRate,
  cetMonthly: option.cetMonthly,
  cetYearly: option.cetYearly,
  iofMinor: String(option.iofMinor),
  merchantFeeMinor: String(option.merchantFeeMinor),
  firstInstallmentDate: option.firstInstallmentDate,
  quotedOn,
});

/** Months from the quote's date to the first installment, as seed 004 reports it. */
function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return Math.max(1, (ty - fy) * 12 + (tm - fm));
}

/**
 * The customer accepts a plan on the checkout (public: the checkout id, unguessable, is the
 * credential; the request's own id is not accepted). The payment starts INITIALIZED with the quote frozen on it;
 * the lender decides later, on its webhook. The request stays OPEN until the lender approves.
 */
export async function requestFinancing(
  ctx: RequestContext,
  deps: { lenders: LenderPorts; pubsub: AppPubSub },
  raw: z.input<typeof requestFinancingInput>,
): Promise<Payload<{ financedPayment: FinancedPayment }, RequestFinancingErrorCode>> {
  const valid = validateInput(requestFinancingInput, raw, REQUEST_FINANCING_ERROR_CODES);
  if (!valid.ok) return rejected(...valid.userErrors);
  const { paymentRequestId, installmentsCount } = valid.data;
  const cnpj = normalizeCnpj(valid.data.customerTaxId);
  if (!isValidCnpj(cnpj)) return rejected(userError('INVALID_TAX_ID', 'This is not a valid CNPJ.', ['input', 'customerTaxId']));
  const found = await findByCheckoutId(ctx.publicEm, paymentRequestId);
  if (!found) return rejected(userError('NOT_FOUND', 'No payment request with this id.', ['input', 'paymentRequestId']));
  const tenant = { businessId: found.business.id, mode: found.mode };
  const lender = deps.lenders.forMode(tenant.mode);
  if (!lender) return rejected(userError('LENDER_NOT_CONFIGURED', 'No lender is configured for live mode yet.'));

  const result: Payload<{ financedPayment: FinancedPayment }, RequestFinancingErrorCode> = await scopeToTenant(ctx.publicEm, tenant).transactional(
    async (em) => {
      const now = ctx.clock.now();
      const request = await em.findOneOrFail(PaymentRequest, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (effectiveRequestStatus(request, now) !== 'OPEN') {
        return rejected(userError('NOT_OPEN', `This payment request is ${effectiveRequestStatus(request, now).toLowerCase()}.`, ['input', 'paymentRequestId']));
      }
      if (request.customerTaxId && request.customerTaxId !== cnpj) {
        return rejected(userError('TAX_ID_MISMATCH', 'This payment request is for another company.', ['input', 'customerTaxId']));
      }
      if (await em.count(FinancedPayment, { paymentRequest: request.id, status: { $ne: 'CANCELED' } })) {
        return rejected(userError('FINANCING_IN_PROGRESS', 'A financing for this request is already under way.', ['input', 'paymentRequestId']));
      }
      const quotedOn = saoPauloDate(now);
      const quote = quoteInstallments(quoteRequestOf(request, lender.rates(), quotedOn));
      const option = quote.ok ? quote.options.find((o) => o.installmentsCount === installmentsCount) : undefined;
      if (!option) {
        return rejected(
          userError('INVALID_INSTALLMENTS_COUNT', `Choose ${request.installmentsCountMin} to ${request.installmentsCountMax} installments.`, [
            'input',
            'installmentsCount',
          ]),
        );
      }
      const financedPayment = em.create(FinancedPayment, {
        id: newId('fp', now),
        business: tenant.businessId,
        mode: tenant.mode,
        paymentRequest: request,
        status: 'INITIALIZED',
        invoiceStatus: 'AWAITING',
        currency: request.currency,
        amountMinor: request.amountMinor,
        merchantSubsidyAmountMinor: option.merchantSubsidyAmountMinor,
        merchantSubsidyRate: option.merchantSubsidyRate,
        merchantFeeMinor: option.merchantFeeMinor,
        merchantTotalAmountMinor: option.merchantTotalAmountMinor,
        installmentsCount,
        quote: frozen(option, quotedOn),
        monthsUntilFirstPayment: request.monthsUntilFirstPayment ?? monthsBetween(quotedOn, option.firstInstallmentDate),
        firstInstallmentDate: option.firstInstallmentDate,
        customerCnpj: cnpj,
        customerId: null,
        customerLegalName: null,
        lender: lender.name,
        cancelReason: null,
        merchantRecourseRate: null,
        authorizedAt: null,
        captureBy: null,
        lenderPaidAt: null,
        journalEntryId: null,
        createdAt: now,
        updatedAt: now,
      });
      request.updatedAt = now;
      return { financedPayment, userErrors: [] };
    },
  );
  const payment = result.financedPayment;
  if (!payment) return result;
  announceCheckoutUpdate(deps.pubsub, found.checkoutId);
  await lender.decide({
    paymentId: payment.id,
    businessId: tenant.businessId,
    mode: tenant.mode,
    customerCnpj: cnpj,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    installmentsCount,
    customerTotalMinor: BigInt(payment.quote.customerTotalMinor),
    merchantTotalAmountMinor: payment.merchantTotalAmountMinor,
    orderId: payment.paymentRequest.orderId ?? null,
  });
  return result;
}

/** The merchant cancels a payment before capture (INITIALIZED or AUTHORIZED); anything else is INVALID_STATE. */
export async function cancelFinancedPayment(
  ctx: RequestContext,
  deps: { pubsub: AppPubSub },
  input: { id: string },
): Promise<Payload<{ financedPayment: FinancedPayment }, FinancedPaymentErrorCode>> {
  tenantOf(ctx);
  const result: Payload<{ financedPayment: FinancedPayment }, FinancedPaymentErrorCode> = await ctx.em.transactional(async (em) => {
    const payment = await em.findOne(FinancedPayment, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['paymentRequest'] });
    if (!payment) return rejected(userError('NOT_FOUND', 'No financed payment with this id.', ['input', 'id']));
    const canceled = financedPaymentMachine.transition(payment.status, 'CANCELED');
    if (!canceled.ok) return rejected(userError(canceled.code, canceled.message, ['input', 'id']));
    const now = ctx.clock.now();
    payment.status = canceled.status;
    payment.cancelReason = 'Canceled by the merchant.';
    payment.updatedAt = now;
    financingEvent(em, payment, 'financing.canceled', now, { reason: payment.cancelReason });
    return { financedPayment: payment, userErrors: [] };
  });
  if (result.financedPayment) announceCheckoutUpdate(deps.pubsub, result.financedPayment.paymentRequest.checkoutId);
  return result;
}

/** An uploaded file as GraphQL multipart hands it over (a WHATWG File). */
export interface UploadedFile {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The merchant's invoices for an authorized payment: PDF or NF-e XML, recognised by their bytes
 * (not their name or declared type), each under MAX_INVOICE_BYTES, kept in the document store in
 * the same transaction; the invoices become SUBMITTED and go to the lender, which approves them
 * later on its webhook.
 */
export function uploadFinancedPaymentInvoices(
  ctx: RequestContext,
  deps: { lenders: LenderPorts; pubsub: AppPubSub; documents: DocumentStore },
  input: { paymentId: string; invoices: Array<{ number: string; file: UploadedFile }> },
): Promise<Payload<{ financedPayment: FinancedPayment }, FinancedPaymentErrorCode>> {
  return submitInvoices(ctx.em, tenantOf(ctx), ctx.clock, deps, input);
}

/** A sample invoice (a one-page PDF) the test-mode checkout sends for the merchant, to drive the sandbox lender to the payout. */
const SAMPLE_INVOICE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 100]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

export const SANDBOX_FINANCING_ERROR_CODES = errorCodes('NOT_FOUND', 'LIVE_CHECKOUT', 'INVALID_STATE');
export type SandboxFinancingErrorCode = (typeof SANDBOX_FINANCING_ERROR_CODES)[number];

/**
 * Test mode's "send the invoice (test)": the merchant's step, done for them from the checkout, so a
 * test financing can be followed to the payout. It uploads a sample PDF through the same path.
 */
export async function sendSampleInvoiceInSandbox(
  ctx: RequestContext,
  deps: { lenders: LenderPorts; pubsub: AppPubSub; documents: DocumentStore },
  input: { paymentRequestId: string },
): Promise<Payload<{ financedPayment: FinancedPayment }, SandboxFinancingErrorCode>> {
  const request = await findByCheckoutId(ctx.publicEm, input.paymentRequestId);
  if (!request) return rejected(userError('NOT_FOUND', 'No payment request with this id.', ['input', 'paymentRequestId']));
  if (request.mode !== 'TEST')
    return rejected(userError('LIVE_CHECKOUT', 'The sandbox lender only finances test-mode requests.', ['input', 'paymentRequestId']));
  const payment = await latestFinancingOf(ctx.publicEm, request.id);
  if (!payment || payment.status !== 'AUTHORIZED' || payment.invoiceStatus !== 'AWAITING') {
    return rejected(userError('INVALID_STATE', 'There is no approved financing waiting for its invoice.', ['input', 'paymentRequestId']));
  }
  const tenant = { businessId: request.business.id, mode: request.mode };
  const file: UploadedFile = {
    name: 'sample-invoice.pdf',
    size: SAMPLE_INVOICE_PDF.length,
    type: 'application/pdf',
    arrayBuffer: async () => new Uint8Array(SAMPLE_INVOICE_PDF).buffer,
  };
  const result = await submitInvoices(scopeToTenant(ctx.publicEm, tenant), tenant, ctx.clock, deps, {
    paymentId: payment.id,
    invoices: [{ number: `SANDBOX-${payment.id.slice(-6).toUpperCase()}`, file }],
  });
  // Its own codes are the upload's; a sample PDF can only meet INVALID_STATE (a race with the merchant).
  return result.userErrors.length
    ? rejected(userError('INVALID_STATE', result.userErrors[0]!.message, ['input', 'paymentRequestId']))
    : { ...result, userErrors: [] };
}

async function submitInvoices(
  tenantEm: EntityManager,
  caller: Tenant,
  clock: Clock,
  deps: { lenders: LenderPorts; pubsub: AppPubSub; documents: DocumentStore },
  input: { paymentId: string; invoices: Array<{ number: string; file: UploadedFile }> },
): Promise<Payload<{ financedPayment: FinancedPayment }, FinancedPaymentErrorCode>> {
  const lender = deps.lenders.forMode(caller.mode);
  if (!lender) return rejected(userError('LENDER_NOT_CONFIGURED', 'No lender is configured for live mode yet.'));
  if (input.invoices.length === 0 || input.invoices.length > MAX_INVOICES) {
    return rejected(userError('TOO_MANY_INVOICES', `Upload 1 to ${MAX_INVOICES} invoices.`, ['input', 'invoices']));
  }
  const files: Array<{ number: string; kind: 'PDF' | 'NFE_XML'; contentType: string; bytes: Uint8Array }> = [];
  const numbers = new Set<string>();
  for (const [index, invoice] of input.invoices.entries()) {
    const at = ['input', 'invoices', String(index)];
    const number = invoice.number.trim();
    if (!number || number.length > 60 || numbers.has(number)) {
      return rejected(userError('INVALID_INVOICE', 'Each invoice has its own number, 1 to 60 characters.', [...at, 'number']));
    }
    numbers.add(number);
    if (invoice.file.size > MAX_INVOICE_BYTES) {
      return rejected(userError('INVOICE_TOO_LARGE', `Invoices are at most ${MAX_INVOICE_BYTES / 1024 / 1024} MB each.`, [...at, 'file']));
    }
    const bytes = new Uint8Array(await invoice.file.arrayBuffer());
    if (bytes.length > MAX_INVOICE_BYTES) return rejected(userError('INVOICE_TOO_LARGE', 'This invoice is too large.', [...at, 'file']));
    const kind = invoiceDocumentKind(bytes);
    if (!kind) return rejected(userError('INVALID_INVOICE', 'An invoice is a PDF or an NF-e XML.', [...at, 'file']));
    files.push({ number, kind, contentType: kind === 'PDF' ? 'application/pdf' : 'application/xml', bytes });
  }

  const result: Payload<{ financedPayment: FinancedPayment }, FinancedPaymentErrorCode> = await tenantEm.transactional(async (em) => {
    const payment = await em.findOne(FinancedPayment, { id: input.paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['paymentRequest'] });
    if (!payment) return rejected(userError('NOT_FOUND', 'No financed payment with this id.', ['input', 'paymentId']));
    const submitted = invoiceStatusMachine.transition(payment.invoiceStatus, 'SUBMITTED');
    if (!submitted.ok) return rejected(userError(submitted.code, submitted.message, ['input', 'paymentId']));
    if (payment.status !== 'AUTHORIZED') {
      return rejected(
        userError('INVALID_STATE', `This financed payment is ${payment.status.toLowerCase()}: invoices go with an authorized one.`, ['input', 'paymentId']),
      );
    }
    const now = clock.now();
    for (const file of files) {
      const storageKey = await deps.documents.put(em, caller, { contentType: file.contentType, bytes: file.bytes, at: now });
      em.create(FinancedPaymentInvoice, {
        id: newId('fpi', now),
        business: caller.businessId,
        mode: caller.mode,
        financedPayment: payment,
        number: file.number,
        kind: file.kind,
        contentType: file.contentType,
        sizeBytes: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        storageKey,
        createdAt: now,
      });
    }
    payment.invoiceStatus = submitted.status;
    payment.updatedAt = now;
    financingEvent(em, payment, 'financing.invoices_submitted', now, { invoiceNumbers: files.map((f) => f.number) });
    return { financedPayment: payment, userErrors: [] };
  });
  const payment = result.financedPayment;
  if (!payment) return result;
  announceCheckoutUpdate(deps.pubsub, payment.paymentRequest.checkoutId);
  await lender.submitInvoices({
    paymentId: payment.id,
    businessId: caller.businessId,
    mode: caller.mode,
    merchantTotalAmountMinor: payment.merchantTotalAmountMinor,
    currency: payment.currency,
    invoices: files,
  });
  return result;
}

/** Why a lender's notice cannot be applied yet (its webhook answers 409, so the lender retries). */
export type NoticeResult = { applied: true; checkoutId: string | null } | { applied: false; status: number; code: string; message: string };

/**
 * A lender's notice about a financed payment, applied exactly once: it brings the payment to the
 * notice's stage through the machine (a duplicate or late notice changes nothing; a payout
 * reported before the invoices' approval approves them too), with the merchant's events. The
 * payout books one balanced journal and pays the linked invoice; nothing is posted before it.
 */
export async function applyLenderNotice(em: EntityManager, clock: Clock, settings: { captureDays: number }, notice: LenderNotice): Promise<NoticeResult> {
  const found = await em.fork().findOne(FinancedPayment, { id: notice.paymentId });
  if (!found || found.lender !== notice.lender) return { applied: false, status: 400, code: 'UNKNOWN_PAYMENT', message: 'No financed payment with this id.' };
  const tenant: Tenant = { businessId: found.business.id, mode: found.mode };
  return scopeToTenant(em.fork(), tenant).transactional(async (tx): Promise<NoticeResult> => {
    const payment = await tx.findOneOrFail(FinancedPayment, { id: notice.paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['paymentRequest'] });
    const steps = lenderUpdateSteps(payment, notice.update);
    if (steps === null)
      return { applied: false, status: 409, code: 'NOT_READY', message: 'The payment is not at a stage this notice follows yet; deliver it again later.' };
    if (notice.update === 'DISBURSED' && steps.length && (notice.amountMinor !== payment.merchantTotalAmountMinor || notice.currency !== payment.currency)) {
      return { applied: false, status: 400, code: 'AMOUNT_MISMATCH', message: "The payout is not this payment's merchant total." };
    }
    const now = clock.now();
    if (notice.borrower && !payment.customerId) {
      payment.customerId = notice.borrower.id;
      payment.customerLegalName = notice.borrower.legalName;
    }
    if (notice.merchantRecourseRate) payment.merchantRecourseRate = notice.merchantRecourseRate;
    for (const step of steps) {
      if (step.invoiceStatus) payment.invoiceStatus = allowedStatus(invoiceStatusMachine, payment.invoiceStatus, step.invoiceStatus);
      if (!step.status) continue;
      payment.status = allowedStatus(financedPaymentMachine, payment.status, step.status);
      await enterStatus(tx, payment, step.status, notice, now, settings);
    }
    if (steps.length) payment.updatedAt = now;
    return { applied: true, checkoutId: steps.length ? payment.paymentRequest.checkoutId : null };
  });
}

async function enterStatus(
  tx: EntityManager,
  payment: FinancedPayment,
  status: FinancedPaymentStatus,
  notice: LenderNotice,
  now: Date,
  settings: { captureDays: number },
): Promise<void> {
  const request = payment.paymentRequest;
  switch (status) {
    case 'AUTHORIZED': {
      payment.authorizedAt = now;
      payment.captureBy = new Date(now.getTime() + settings.captureDays * 86_400_000);
      // The request is financed once a lender stands behind it (it may have expired meanwhile: it stays so).
      if (request.status === 'OPEN') {
        request.status = allowedStatus(paymentRequestMachine, request.status, 'FINANCED');
        request.updatedAt = now;
      }
      financingEvent(tx, payment, 'financing.authorized', now);
      return;
    }
    case 'CANCELED':
      payment.cancelReason = notice.reason ?? 'The lender declined this financing.';
      financingEvent(tx, payment, 'financing.canceled', now, { reason: payment.cancelReason });
      return;
    case 'CAPTURED':
      financingEvent(tx, payment, 'financing.captured', now);
      return;
    case 'SETTLED': {
      payment.lenderPaidAt = notice.at;
      const invoice = request.invoice ? await tx.findOne(Invoice, { id: request.invoice.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      const payable = invoice && invoice.status !== 'PAID' && invoice.status !== 'VOID';
      payment.journalEntryId = await postJournal(tx, {
        businessId: payment.business.id,
        mode: payment.mode,
        description: `Financed payment ${payment.id} paid out by ${payment.lender}`,
        source: `financing:${payment.id}`,
        at: now,
        lines: financingSettlementPosting(payment.currency, payment, payable ? 'RECEIVABLE' : 'REVENUE'),
      });
      financingEvent(tx, payment, 'financing.settled', now, { lenderPaidAt: notice.at.toISOString(), journalEntryId: payment.journalEntryId });
      if (invoice && payable) {
        invoice.amountPaidMinor += payment.amountMinor;
        invoice.status = allowedStatus(invoiceMachine, invoice.status, invoiceStatusAfter(invoice.totalMinor, invoice.amountPaidMinor));
        tx.create(OutboxEvent, {
          id: newId('evt', now),
          business: payment.business.id,
          mode: payment.mode,
          type: invoice.status === 'PAID' ? 'invoice.paid' : 'invoice.partially_paid',
          payload: {
            invoiceId: invoice.id,
            number: invoice.number,
            checkoutId: request.id,
            totalMinor: Number(invoice.totalMinor),
            amountPaidMinor: Number(invoice.amountPaidMinor),
            amountDueMinor: Number(invoice.totalMinor - invoice.amountPaidMinor),
            currency: invoice.currency,
          },
          createdAt: now,
        });
      }
      return;
    }
    default:
      return;
  }
}

export function findFinancedPayment(ctx: RequestContext, id: string): Promise<FinancedPayment | null> {
  tenantOf(ctx);
  return ctx.em.findOne(FinancedPayment, { id });
}

export function listFinancedPayments(ctx: RequestContext, page: PageRequest, filter: { status?: FinancedPaymentStatus | null }): Promise<FinancedPayment[]> {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(FinancedPayment, { ...where, ...(filter.status ? { status: filter.status } : {}) }, { orderBy, limit });
}

export function invoicesOf(ctx: RequestContext, payment: FinancedPayment): Promise<FinancedPaymentInvoice[]> {
  return ctx.em.find(FinancedPaymentInvoice, { financedPayment: payment.id }, { orderBy: { id: 'asc' } });
}

/** The latest financed payment of a request (the one under way, or the last refused), for its checkout. */
export function latestFinancingOf(em: EntityManager, paymentRequestId: string): Promise<FinancedPayment | null> {
  return em.findOne(FinancedPayment, { paymentRequest: paymentRequestId }, { orderBy: { id: 'desc' } });
}
