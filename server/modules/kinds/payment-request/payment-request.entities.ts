import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../../domain/api-keys.ts';
import { SUBSIDY_TYPES } from '../../../domain/installment-quotes.ts';
import { financedPaymentMachine, invoiceStatusMachine, paymentRequestMachine } from '../../../domain/payment-requests.ts';
import { Invoice } from '../../invoicing/invoice.entity.ts';
import { Business } from '../../tenancy/business.entity.ts';

/** An installment plan as quoted and frozen when the customer accepted it (bigints as decimal strings). */
export interface FrozenQuote {
  installmentsCount: number;
  installmentAmountMinor: string;
  schedule: Array<{ number: number; dueDate: string; amountMinor: string }>;
  customerTotalMinor: string;
  interestFree: boolean;
  monthlyRate: string;
  cetMonthly: string;
  cetYearly: string;
  iofMinor: string;
  merchantFeeMinor: string;
  firstInstallmentDate: string;
  quotedOn: string;
}

/** A merchant's request that a business customer finance a purchase in installments (seed 001). */
const PaymentRequestSchema = defineEntity({
  name: 'PaymentRequest',
  properties: {
    id: p.string().primary().length(40),
    /**
     * What the customer's checkout goes by (`/p/<checkoutId>`, `checkout(id)`, requestFinancing):
     * `preq_` and 192 random bits (newSecretToken). The id is time-ordered and guessable, and the
     * checkout shows the customer's CNPJ and order, so nothing public answers to the id.
     */
    checkoutId: p.string().length(64).unique(),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    status: p.enum(paymentRequestMachine.statuses),
    currency: p.string().length(3),
    amountMinor: p.bigint(),
    installmentsCountMin: p.integer(),
    installmentsCountMax: p.integer(),
    /** A normalized CNPJ, when the merchant names the customer (the checkout then locks the field). */
    customerTaxId: p.string().length(14).nullable(),
    orderId: p.string().length(100).nullable(),
    orderDescription: p.string().length(1000).nullable(),
    meta: p.json<Record<string, string | number | boolean | null>>(),
    merchantSubsidyType: p.enum(SUBSIDY_TYPES),
    merchantSubsidyRate: p.string().length(20).nullable(),
    merchantSubsidyAmountMinor: p.bigint().nullable(),
    monthsUntilFirstPayment: p.integer().nullable(),
    firstInstallmentDate: p.string().length(10).nullable(),
    /** One of the merchant's invoices, paid when the lender pays out. */
    invoice: () => p.manyToOne(Invoice).nullable().index(),
    /** São Paulo date (seed 001's `expiresOn`); the request is open through it, until `expiresAt`. */
    expiresOn: p.string().length(10),
    expiresAt: p.datetime().index(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export class PaymentRequest extends PaymentRequestSchema.class {}
PaymentRequestSchema.setClass(PaymentRequest);

/** A purchase financed through a payment request (seed 004). */
const FinancedPaymentSchema = defineEntity({
  name: 'FinancedPayment',
  indexes: [
    {
      name: 'financed_payment_one_live_per_request',
      expression: `create unique index "financed_payment_one_live_per_request" on "financed_payment" ("payment_request_id") where "status" <> 'CANCELED'`,
    },
  ],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    paymentRequest: () => p.manyToOne(PaymentRequest).index(),
    status: p.enum(financedPaymentMachine.statuses),
    invoiceStatus: p.enum(invoiceStatusMachine.statuses),
    currency: p.string().length(3),
    amountMinor: p.bigint(),
    merchantSubsidyAmountMinor: p.bigint(),
    merchantSubsidyRate: p.string().length(20),
    merchantFeeMinor: p.bigint(),
    merchantTotalAmountMinor: p.bigint(),
    installmentsCount: p.integer(),
    quote: p.json<FrozenQuote>(),
    monthsUntilFirstPayment: p.integer(),
    firstInstallmentDate: p.string().length(10),
    customerCnpj: p.string().length(14),
    /** The lender's borrower id and the legal name it knows the customer by (null until it says). */
    customerId: p.string().length(100).nullable(),
    customerLegalName: p.string().length(200).nullable(),
    lender: p.string().length(40),
    /** Why the lender refused, or why we canceled; shown to the customer. */
    cancelReason: p.string().length(500).nullable(),
    merchantRecourseRate: p.string().length(20).nullable(),
    authorizedAt: p.datetime().nullable(),
    /** An authorized payment not captured by then is canceled by the sweep (30 days by default, FINANCING_CAPTURE_DAYS). */
    captureBy: p.datetime().nullable().index(),
    lenderPaidAt: p.datetime().nullable(),
    journalEntryId: p.string().length(40).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export class FinancedPayment extends FinancedPaymentSchema.class {}
FinancedPaymentSchema.setClass(FinancedPayment);

/** An invoice the merchant uploaded for a financed payment; its bytes sit behind the document store. */
const FinancedPaymentInvoiceSchema = defineEntity({
  name: 'FinancedPaymentInvoice',
  uniques: [{ properties: ['financedPayment', 'number'] }],
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    financedPayment: () => p.manyToOne(FinancedPayment),
    number: p.string().length(60),
    kind: p.enum(['PDF', 'NFE_XML'] as const),
    contentType: p.string().length(40),
    sizeBytes: p.integer(),
    sha256: p.string().length(64),
    storageKey: p.string().length(80),
    createdAt: p.datetime(),
  },
});
export class FinancedPaymentInvoice extends FinancedPaymentInvoiceSchema.class {}
FinancedPaymentInvoiceSchema.setClass(FinancedPaymentInvoice);

/** The PostgreSQL document store's rows (document-store.ts): bytes by key, per tenant. */
const StoredDocumentSchema = defineEntity({
  name: 'StoredDocument',
  properties: {
    key: p.string().primary().length(80),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    contentType: p.string().length(40),
    bytes: p.blob(),
    createdAt: p.datetime(),
  },
});
export class StoredDocument extends StoredDocumentSchema.class {}
StoredDocumentSchema.setClass(StoredDocument);
