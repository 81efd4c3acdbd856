import type { z } from 'zod';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPaths } from '../../domain/text.ts';
import type { PayoutResult } from '../settlements/settlement-machine.ts';
import type { PaymentNotification } from './payment-notification.ts';

/**
 * What one partner delivery says, in our terms. Only a completed payment moves money today; a
 * failed or reversed payment is kept as a raw delivery and acknowledged, so the partner stops
 * retrying while booking reversals waits for its own design (chargebacks, settlement clawback).
 */
export type PartnerEvent =
  | { kind: 'PAYMENT_COMPLETED'; payment: PaymentNotification }
  /** `payment`: what the failed attempt named, where the partner says (TIPS), so the checkout can record it. */
  | { kind: 'PAYMENT_FAILED' | 'PAYMENT_REVERSED'; partnerPaymentId: string; reason: string | null; payment?: PaymentNotification }
  /** The settlement machine's answer about a payout batch it was submitted. */
  | { kind: 'PAYOUT_RESULT'; result: PayoutResult }
  /** A lender's news about a financed payment (issue 14); `partnerPaymentId` is the notice's id. */
  | { kind: 'LENDER_NOTICE'; partnerPaymentId: string; notice: LenderNotice };

/**
 * What a lender's webhook reports, in our terms: `update` brings a financed payment to that stage
 * (domain/payment-requests.ts lenderUpdateSteps), so duplicates and late notices change nothing.
 */
export interface LenderNotice {
  lender: string;
  /** The lender's id for this notice. */
  noticeId: string;
  paymentId: string;
  update: 'APPROVED' | 'REFUSED' | 'INVOICES_APPROVED' | 'DISBURSED';
  at: Date;
  reason: string | null;
  borrower: { id: string; legalName: string } | null;
  /** A payout's amount; it must be the payment's merchant total. */
  amountMinor: bigint | null;
  currency: string | null;
  merchantRecourseRate: string | null;
}

export type PartnerEventParse = { ok: true; event: PartnerEvent } | { ok: false; code: string; message: string };

/** Our neutral outcome of one delivery; each adapter turns it into its partner's answer. */
export type DeliveryOutcome =
  | { outcome: 'RECONCILED'; receiptId: string; receiptNumber: string | null; invoiceStatus: string | null; journalEntryId: string }
  /** Kept as a raw delivery with no money moved (a failed/reversed payment, or money naming no tenant). */
  | { outcome: 'RECORDED' }
  /** A payout result: the batch it names, its status after it, and whether this delivery changed it (a duplicate or stale one does not). */
  | { outcome: 'PAYOUT_RESULT'; batchId: string; status: string; applied: boolean };

/** Why a delivery is refused before it is reconciled: our status and code, the adapter's shape. */
export interface DeliveryRefusal {
  status: number;
  code: string;
  message: string;
}

export interface PartnerHttpAnswer {
  status: number;
  /** Serialized once, so a replay built from the same outcome is the same bytes. */
  body: string;
  contentType: string;
}

/**
 * One bank partner's inbound webhook (Hyperswitch's IncomingWebhook is the model): where it is
 * delivered, how its deliveries are verified, parsed into our events, and answered. Adapters live
 * in `server/providers/<partner>/`; the HTTP route only dispatches by path.
 */
export interface PartnerWebhook {
  /** Stored with every payment and delivery; the dedupe key is (partner, partnerPaymentId). */
  partner: string;
  /** The route the partner POSTs to, e.g. `/v1/webhooks/alat-payment`. */
  path: string;
  /** Checks the raw bytes against the partner's own secret (from configuration); null: refuse (401). */
  verify(rawBody: Buffer, header: (name: string) => string | undefined): { signature: string } | null;
  /** Parses a verified body (already checked to be UTF-8 text) into our event. */
  parse(body: string): PartnerEventParse;
  /** Our outcome as the partner expects it (replays of one payment must build the same bytes). */
  answer(outcome: DeliveryOutcome): PartnerHttpAnswer;
  /** A refusal in the partner's error shape. */
  refuse(refusal: DeliveryRefusal): PartnerHttpAnswer;
}

/**
 * A partner's JSON body checked against its schema: not JSON or not the schema's shape is
 * MALFORMED_BODY; text PostgreSQL cannot hold (a NUL byte) is INVALID_TEXT, since it could never be
 * reconciled: a permanent 400, so the partner stops retrying.
 */
export function parsePartnerJson<S extends z.ZodType>(body: string, schema: S): { ok: true; data: z.output<S> } | { ok: false; code: string; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, code: 'MALFORMED_BODY', message: 'The body is not JSON.' };
  }
  const [unstorable] = unstorableTextPaths(json);
  if (unstorable) return { ok: false, code: 'INVALID_TEXT', message: `${unstorable.join('.') || 'body'}: ${UNSTORABLE_TEXT_MESSAGE}` };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, code: 'MALFORMED_BODY', message: `${issue.path.join('.') || 'body'}: ${issue.message}` };
  }
  return { ok: true, data: parsed.data };
}
