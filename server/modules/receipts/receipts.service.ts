import type { EntityManager } from '@mikro-orm/postgresql';
import { minorDigits } from '../../domain/money.ts';
import { findPublicCheckout, publicMerchant } from '../checkouts/public-checkout.service.ts';
import type { PublicLineItem, PublicMerchant } from '../checkouts/public-view.ts';
import { Payment, Receipt } from '../payments/payment.entities.ts';
import { findLogo } from '../tenancy/logos.service.ts';

/** What the customer's receipt page and its PDF show: customer-safe fields only (no email, no metadata, no ids but the receipt's number). */
export interface PublicReceipt {
  merchant: PublicMerchant;
  number: string;
  paidAt: Date;
  amountMinor: bigint;
  currency: string;
  minorDigits: number;
  /** CARD, BANK_TRANSFER, … when the partner said. */
  method: string | null;
  testMode: boolean;
  /** What was paid for: an invoice (number, customer, lines) or a checkout's description. */
  invoiceNumber: string | null;
  customerName: string | null;
  description: string | null;
  lineItems: PublicLineItem[];
  totalMinor: bigint | null;
  /** What was still due right after this payment; null when the checkout has no fixed total (an open-ended collection). */
  amountDueAfterMinor: bigint | null;
}

/** Tokens are base64url (new) or hex (receipts before tokens); anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{24,64}$/;

/** A receipt by its page's secret token, for whoever holds the link; null when there is none. */
export async function findPublicReceipt(em: EntityManager, now: Date, token: string): Promise<PublicReceipt | null> {
  if (!TOKEN.test(token)) return null;
  const receipt = await em.findOne(Receipt, { token }, { populate: ['payment', 'business'] });
  if (!receipt) return null;
  const payment = receipt.payment;
  const checkout = payment.checkoutId ? await findPublicCheckout(em, now, payment.checkoutId) : null;
  // The checkout as it stood right after this payment: its total less what it had been credited by then.
  const fixedTotal = checkout && !(checkout.bill?.type === 'DYNAMIC' && checkout.bill.targetAmountMinor === null) ? checkout.totalMinor : null;
  let amountDueAfterMinor: bigint | null = null;
  if (fixedTotal !== null) {
    const upToThis = await em.find(Payment, { checkoutId: payment.checkoutId, id: { $lte: payment.id } }, { fields: ['appliedMinor'] });
    const applied = upToThis.reduce((sum, p) => sum + p.appliedMinor, 0n);
    amountDueAfterMinor = fixedTotal > applied ? fixedTotal - applied : 0n;
  }
  return {
    merchant: checkout?.merchant ?? publicMerchant(receipt.business),
    number: receipt.number,
    paidAt: payment.paidAt,
    amountMinor: receipt.amountMinor,
    currency: receipt.currency,
    minorDigits: minorDigits(receipt.currency),
    method: payment.method ?? null,
    testMode: receipt.mode === 'TEST',
    invoiceNumber: checkout?.invoiceNumber ?? null,
    customerName: checkout?.customerName ?? null,
    description: checkout?.description ?? null,
    lineItems: checkout?.lineItems ?? [],
    totalMinor: fixedTotal,
    amountDueAfterMinor,
  };
}

const METHOD_NAMES: Record<string, string> = { CARD: 'Card', BANK_TRANSFER: 'Bank transfer' };

/** "Card", "Bank transfer", or the partner's word as it came. */
export const methodName = (method: string | null): string | null =>
  method === null ? null : (METHOD_NAMES[method] ?? method.charAt(0) + method.slice(1).toLowerCase().replace(/_/g, ' '));

/** Date and time in UTC, spelled out ("2 December 2026 at 07:30 UTC"): a receipt outlives any one time zone. */
export const receiptTime = (at: Date): string =>
  `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at)} UTC`;

/**
 * The merchant's logo for the PDF, when it is one uploaded to us as PNG or JPEG (what pdfkit draws);
 * a logo on another site is not fetched (the server never fetches a merchant's URL).
 */
export async function receiptLogoImage(em: EntityManager, receipt: PublicReceipt): Promise<Uint8Array | null> {
  const file = receipt.merchant.logoUrl?.match(/^\/v1\/logos\/([^/]+\.(?:png|jpg))$/)?.[1];
  return file ? ((await findLogo(em, file))?.bytes ?? null) : null;
}
