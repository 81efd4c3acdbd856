import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/api-keys.ts';
import { newId } from '../../domain/ids.ts';
import type { Machine } from '../../domain/state-machine.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { Receipt } from '../payments/payment.entities.ts';
import type { PaymentNotification } from '../payments/payment-notification.ts';
import { byTenant, type PlatformJob } from '../tenancy/job-context.ts';
import type { Tenant } from '../tenancy/tenant-sql.ts';
import { allowedStatus } from './checkout-kind.ts';
import type { PublicLineItem } from './public-checkout.service.ts';

/**
 * Expires a kind's rows that are `from` and past `expires_at`, with one `event` each, for a kind
 * whose rows have `business_id`, `mode`, `invoice_id` and `expires_at`. Rows a payment is
 * reconciling right now are skipped (SKIP LOCKED) and come up next time.
 */
export async function expireByStatus(
  sweep: PlatformJob,
  now: Date,
  limit: number,
  rule: { machine: Machine<string>; table: string; from: string; to: string; event: string },
): Promise<string[]> {
  const to = allowedStatus(rule.machine, rule.from, rule.to);
  const rows = await sweep.em.execute<Array<{ id: string; business_id: string; mode: Mode; invoice_id: string | null; expires_at: Date }>>(
    `update ${rule.table} set status = ? where id in (
       select id from ${rule.table} where status = ? and expires_at <= ? order by expires_at limit ? for update skip locked
     ) returning id, business_id, mode, invoice_id, expires_at`,
    [to, rule.from, now, limit],
  );
  await writeTenantEvents(
    sweep,
    now,
    rows.map((row) => ({
      businessId: row.business_id,
      mode: row.mode,
      type: rule.event,
      payload: { checkoutId: row.id, invoiceId: row.invoice_id, expiresAt: new Date(row.expires_at).toISOString() },
    })),
  );
  return rows.map((row) => row.id);
}

/**
 * Writes a sweep's events each as the business it belongs to: one tenant job per business and mode
 * (its EntityManager refuses another tenant's rows), in the sweep's transaction.
 */
export async function writeTenantEvents(
  sweep: PlatformJob,
  now: Date,
  events: ReadonlyArray<Tenant & { type: string; payload: Record<string, unknown> }>,
): Promise<void> {
  for (const { job, rows } of byTenant(sweep, events)) {
    for (const event of rows) {
      job.em.create(OutboxEvent, { id: newId('evt', now), business: job.businessId, mode: job.mode, type: event.type, payload: event.payload, createdAt: now });
    }
    await job.em.flush();
  }
}

/** The number of the latest receipt matching `where` (a paid checkout shows it). */
export async function latestReceiptNumber(em: EntityManager, where: object): Promise<string | null> {
  const receipt = await em.findOne(Receipt, where, { orderBy: { id: 'desc' } });
  return receipt?.number ?? null;
}

/** `isNamedBy` for a kind the partner names by its checkout id (a bill's reference, if any, wins). */
export const namedByCheckoutId =
  (idPrefix: string) =>
  (n: PaymentNotification): boolean =>
    !n.billRef && !!n.checkoutId?.startsWith(`${idPrefix}_`);

/** An invoice's stored lines in the customer's terms. */
export const publicLineItems = (lines: ReadonlyArray<{ description: string; quantity: number; unitAmountMinor: number }>): PublicLineItem[] =>
  lines.map((line) => ({
    description: line.description,
    quantity: line.quantity,
    unitAmountMinor: BigInt(line.unitAmountMinor),
    amountMinor: BigInt(line.unitAmountMinor) * BigInt(line.quantity),
  }));
