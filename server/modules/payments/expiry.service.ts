import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';

const BATCH = 500;

interface ExpiredRow {
  id: string;
  business_id: string;
  mode: 'TEST' | 'LIVE';
  invoice_id: string | null;
  expires_at: Date;
}

/**
 * Marks checkouts whose time is up as EXPIRED and tells the merchant, in one transaction per
 * batch. Rows a payment is reconciling right now are skipped (SKIP LOCKED) and come up next time;
 * several instances may sweep at once without expiring anything twice.
 */
export async function expireDueCheckouts(em: EntityManager, clock: Clock): Promise<{ paymentLinks: string[]; tapToPaySessions: string[]; bills: string[] }> {
  return em.fork().transactional(async (tx) => {
    const now = clock.now();
    const expire = (table: string, active: string, event: string) =>
      tx
        .execute<ExpiredRow[]>(
          `update ${table} set status = 'EXPIRED' where id in (
             select id from ${table} where status = '${active}' and expires_at <= ? order by expires_at limit ${BATCH} for update skip locked
           ) returning id, business_id, mode, invoice_id, expires_at`,
          [now],
        )
        .then((rows) => {
          for (const row of rows) {
            tx.create(OutboxEvent, {
              id: newId('evt', now),
              business: row.business_id,
              mode: row.mode,
              type: event,
              payload: { checkoutId: row.id, invoiceId: row.invoice_id, expiresAt: new Date(row.expires_at).toISOString() },
              createdAt: now,
            });
          }
          return rows.map((row) => row.id);
        });
    const paymentLinks = await expire('payment_link', 'ACTIVE', 'payment_link.expired');
    const tapToPaySessions = await expire('tap_to_pay_session', 'AWAITING_TAP', 'tap_to_pay.expired');
    const bills = await expireBills(tx, now);
    return { paymentLinks, tapToPaySessions, bills };
  });
}

/** Open bills past their time, with the bill.expired event (what they collected stays theirs). */
async function expireBills(tx: EntityManager, now: Date): Promise<string[]> {
  const rows = await tx.execute<Array<{ id: string; business_id: string; mode: 'TEST' | 'LIVE'; payment_ref: string; type: string; currency: string; amount_paid_minor: string; external_ref: string | null; expires_at: Date }>>(
    `update bill set status = 'EXPIRED', updated_at = ? where id in (
       select id from bill where status in ('PENDING', 'ACTIVE') and expires_at <= ? order by expires_at limit ${BATCH} for update skip locked
     ) returning id, business_id, mode, payment_ref, type, currency, amount_paid_minor::text, external_ref, expires_at`,
    [now, now],
  );
  for (const row of rows) {
    tx.create(OutboxEvent, {
      id: newId('evt', now),
      business: row.business_id,
      mode: row.mode,
      type: 'bill.expired',
      payload: {
        billId: row.id,
        paymentRef: row.payment_ref,
        type: row.type,
        status: 'EXPIRED',
        currency: row.currency,
        amountPaidMinor: Number(row.amount_paid_minor),
        externalRef: row.external_ref,
        expiresAt: new Date(row.expires_at).toISOString(),
      },
      createdAt: now,
    });
  }
  return rows.map((row) => row.id);
}
