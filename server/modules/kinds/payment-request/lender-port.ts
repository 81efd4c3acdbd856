import type { Mode } from '../../../domain/api-keys.ts';
import type { IofTable, LenderRateTable } from '../../../domain/installment-quotes.ts';

/** The lender's dated configuration: its rate table and the IOF it charges (issue 14 item 2). */
export interface LenderRates {
  lenderRates: LenderRateTable;
  iof: IofTable;
}

/** What we ask a lender to finance: one customer's purchase, on the plan they accepted. */
export interface FinancingApplication {
  paymentId: string;
  businessId: string;
  mode: Mode;
  customerCnpj: string;
  amountMinor: bigint;
  currency: string;
  installmentsCount: number;
  customerTotalMinor: bigint;
  merchantTotalAmountMinor: bigint;
  orderId: string | null;
}

export interface InvoiceSubmission {
  paymentId: string;
  businessId: string;
  mode: Mode;
  merchantTotalAmountMinor: bigint;
  currency: string;
  invoices: Array<{ number: string; kind: 'PDF' | 'NFE_XML'; contentType: string; bytes: Uint8Array }>;
}

/**
 * A lender (issue 14 item 4), chosen per mode. Its decisions come back later on its own signed
 * webhook (a `PartnerWebhook` under providers/), never as the answer to these calls: approval or
 * refusal of a financing, approval of the invoices, the payout.
 */
export interface LenderPort {
  /** Stored on each financed payment. */
  readonly name: string;
  /** Its rates in force, as dated tables; quotes read the entry for their date. */
  rates(): LenderRates;
  /** Asks it to decide on a financing; resolves once it has the application, not the decision. */
  decide(application: FinancingApplication): Promise<void>;
  /** Hands it the merchant's invoices for a financed payment. */
  submitInvoices(submission: InvoiceSubmission): Promise<void>;
}

/** The lender for each mode; live has none until one is integrated (its calls answer LENDER_NOT_CONFIGURED). */
export interface LenderPorts {
  forMode(mode: Mode): LenderPort | null;
}

export function lenderPorts(ports: { test: LenderPort; live: LenderPort | null }): LenderPorts {
  return { forMode: (mode) => (mode === 'TEST' ? ports.test : ports.live) };
}

/** What a lender's webhook reports, parsed by its adapter (declared with the partner events). */
export type { LenderNotice } from '../../payments/partner-webhook.ts';
