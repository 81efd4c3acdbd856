import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock } from '../domain/clock.ts';
import type { IncomingPaymentWebhook } from '../modules/payments/payment-notification.ts';
import { DeliveryNotStored, receivePartnerPayment, type ReconcileOptions } from '../modules/payments/reconciliation.service.ts';

const failure = (code: string, message: string) => ({ success: false, error: { code, message } });

/**
 * Inbound payment webhooks from bank partners. Order of work: verify the signature and timestamp
 * (401/400, nothing written), keep the raw payload (500 if that fails, so the partner retries),
 * then reconcile exactly once and answer.
 */
export function partnerWebhookRoutes(deps: {
  orm: MikroORM;
  clock: Clock;
  secret: string | undefined;
  webhooks: Record<string, IncomingPaymentWebhook>;
  reconcile: ReconcileOptions;
  /** Told after each reconciled payment (its outbox events wait to be delivered; its checkout changed). */
  afterReconcile?: (checkoutId: string | null) => void;
}) {
  const routes = new Hono();
  for (const [path, webhook] of Object.entries(deps.webhooks)) {
    routes.post(
      path,
      bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json(failure('PAYLOAD_TOO_LARGE', 'Webhook bodies are limited to 64 KB.'), 413) }),
      async (c) => {
        const rawBody = await c.req.text();
        if (!deps.secret || !webhook.verifySource(deps.secret, rawBody, { get: (name) => c.req.header(name) })) {
          return c.json(failure('INVALID_SIGNATURE', 'Missing or invalid X-Signature.'), 401);
        }
        const parsed = webhook.parse(rawBody, deps.clock.now());
        if (!parsed.ok) return c.json(failure(parsed.code, parsed.message), 400);

        const delivery = {
          partner: webhook.partner,
          partnerPaymentId: parsed.notification.partnerPaymentId,
          rawBody,
          signature: c.req.header('x-signature') ?? '',
          receivedAt: deps.clock.now(),
        };
        const outcome = await receivePartnerPayment(deps.orm.em.fork(), deps.clock, delivery, parsed.notification, deps.reconcile).catch((error: unknown) => {
          if (!(error instanceof DeliveryNotStored)) throw error;
          console.error('[partner-webhook] could not persist the raw payload', error.cause);
          return null;
        });
        if (!outcome) return c.json(failure('NOT_PERSISTED', 'The delivery could not be stored; retry.'), 500);
        const { answer, checkoutId } = outcome;
        deps.afterReconcile?.(checkoutId);
        return c.json(answer, 200);
      },
    );
  }
  return routes;
}
