import type { EntityManager } from '@mikro-orm/postgresql';
import type { Compilable, Kysely, OperationNodeSource, UpdateResult } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { PipelinedTransaction, Statement } from '../../db/pipelined-transaction.ts';
import type { Mode } from '../../domain/api-keys.ts';
import type { PostingLine } from '../../domain/ledger.ts';
import type { InvoiceStatus, PaymentApplication } from '../../domain/payment-application.ts';
import type { Machine } from '../../domain/state-machine.ts';
import type { KindPublicView, PublicCheckout } from './public-view.ts';
import type { CheckoutReference, PaymentNotification } from '../payments/payment-notification.ts';
import type { PlatformJob } from '../tenancy/job-context.ts';

/**
 * A thing a customer pays (payment link, tap-to-pay session, bill, …). Each kind is one folder with
 * one of these and one line in the registry; reconciliation, the public checkout, hosted pages,
 * expiry and the sandbox bank ask the registry and never name a kind. See
 * docs/adding-a-checkout-kind.md.
 */
export interface CheckoutKind {
  /** The public `CheckoutKind` enum value. */
  readonly name: string;
  /** Its ids are `<idPrefix>_…` (domain/ids.ts). */
  readonly idPrefix: string;
  /** Its own statuses and the changes between them. */
  readonly machine: Machine<string>;
  /** Whether customers pay it on a hosted page `/p/<id>` (a tap-to-pay session is paid at a terminal). */
  readonly hostedPage: boolean;
  /** Whether a partner's notification names a checkout of this kind. Pure: no I/O. */
  isNamedBy(notification: PaymentNotification): boolean;
  /**
   * Locks the named checkout (and its invoice) for one payment's transaction; `afterLock` runs in
   * the same round trip once the locks are held. `checkout` is null when no such checkout exists.
   */
  lock(tx: PipelinedTransaction, notification: PaymentNotification, afterLock: Statement): Promise<CheckoutLock>;
  /** What a paying customer may see of it, by id alone (findPublicCheckout adds the merchant and last payment); null when there is none. */
  publicView(em: EntityManager, now: Date, id: string): Promise<KindPublicView | null>;
  /**
   * Expires up to `limit` checkouts whose time is up, of any business, in the sweep's transaction
   * (`tx.em`), and writes their events as their own business (`writeTenantEvents`); returns their checkout ids
   * (what `checkout(id)` and live updates go by).
   */
  expireDue(tx: PlatformJob, now: Date, limit: number): Promise<string[]>;
  /** How a bank names this checkout when paying it (what the sandbox bank sends). */
  partnerReference(view: PublicCheckout, method: 'CARD' | 'BANK_TRANSFER'): CheckoutReference;
  /** Where its QR image is served, or null when it has none. */
  qrPath(view: PublicCheckout): string | null;
  /** Its checkouts' own callback URL, heard beside the merchant's apps; absent when they have none. */
  readonly callback?: CheckoutCallback;
  /**
   * Records a payment attempt the partner reports as failed (no money moved), once per partner
   * payment id; returns the checkout's id when it recorded something new. Absent: only the raw
   * delivery is kept.
   */
  recordFailedAttempt?(em: EntityManager, notification: PaymentNotification, reason: string | null, now: Date): Promise<string | null>;
}

/**
 * Where a kind's checkout keeps its own callback URL, and what that URL hears. Plain data, not a
 * query: dispatch joins every kind's table in the one statement that fans events out.
 */
export interface CheckoutCallback {
  /** The kind's table (rows found by `id`) and the column holding a checkout's URL, null for none. */
  table: string;
  urlColumn: string;
  /** The kind's own events the URL hears, beside payment.received, invoice.paid, invoice.partially_paid and payment.exception. */
  events: readonly string[];
  /** The payload field the kind's own events name their checkout by, when it is not `checkoutId`. */
  eventIdField?: string;
}

export type { CheckoutReference } from '../payments/payment-notification.ts';

/** The invoice a checkout collects for, as locked for one payment. */
export interface LockedInvoice {
  id: string;
  number: string;
  currency: string;
  totalMinor: bigint;
  amountPaidMinor: bigint;
  status: InvoiceStatus;
}

/** What a payment does to the checkout it names, beyond the invoice and the ledger's clearing line. */
export interface CheckoutEffects {
  /** The kind's update of its own checkout row, or null when the row does not change. */
  rowUpdate: RowUpdate | null;
  /** The status the partner's answer reports when the checkout has no invoice (a bill's), or null. */
  reportedStatus: string | null;
  /** Settlement entities' shares of the applied amount (split bills); the principal keeps the rest. */
  shares: Array<{ party: string; amountMinor: bigint }>;
  /** The checkout's own merchant events (bill.paid, bill.completed, …). */
  events: Array<[string, Record<string, unknown>]>;
  /** The payment's own reference, where a checkout gives each payment one (bills). */
  paymentRef: string | null;
  /** Where the applied amount left after the shares is booked, when not the invoice's receivable or revenue (a till alias's fee). */
  principalAccount?: 'PLATFORM_FEE_INCOME';
  /** Further balanced lines of the payment's journal (a till alias settling an invoice it collected for an entity). */
  lines?: PostingLine[];
}

/**
 * A kind's update of its checkout row, built by the kind with the typed builder it is handed (so
 * only the kind names its table). The payment store runs it inside the payment's own statement.
 */
export type RowUpdate = (db: Kysely<Database>) => Compilable<UpdateResult> & OperationNodeSource;

/** A checkout of any kind, locked for one payment's transaction, in the terms reconciliation needs. */
export interface LockedCheckout {
  id: string;
  businessId: string;
  mode: Mode;
  invoice: LockedInvoice | null;
  /** The part of an applied payment that pays the invoice, when not all of it (a till alias's fee is not the invoice's). */
  invoiceShare?(application: PaymentApplication): bigint;
  metadata: Record<string, unknown>;
  apply(payment: { amountMinor: bigint; currency: string; paidAt: Date }): PaymentApplication;
  effects(
    application: PaymentApplication,
    invoiceStatus: InvoiceStatus | null,
    now: Date,
    payment: { paymentId: string; amountMinor: bigint },
  ): CheckoutEffects;
}

/** The locked checkout (null when the partner names none we know), and the rows of the statement run after the lock. */
export interface CheckoutLock {
  checkout: LockedCheckout | null;
  afterLockRows: unknown[];
}

/** A status change the kind's machine allows, or a programming error: reconciliation never forces one. */
export function allowedStatus<S extends string>(machine: Machine<S>, from: S, to: S): S {
  const result = machine.transition(from, to);
  if (!result.ok) throw new Error(`${machine.name}: ${from} → ${to} is not a transition`);
  return result.status;
}
