import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { errorBody } from '../graphql/errors.ts';
import { applyLenderNotice } from '../modules/kinds/payment-request/financing.service.ts';
import type { PartnerWebhook } from '../modules/payments/partner-webhook.ts';
import { DeliveryNotStored, recordPartnerDelivery } from '../modules/payments/reconciliation.service.ts';
import { decodeUtf8, MAX_BODY_BYTES, readBody, send } from './partner-webhooks.ts';
import { currentRequestId } from './request-scope.ts';

/**
 * Lenders' inbound webhooks (issue 14): the same order of work as the bank partners' route — verify
 * the signature (401), refuse what can never apply (400), keep the raw bytes (500 if that fails,
 * so the lender retries), then apply the notice to its financed payment exactly once. A notice the
 * payment is not ready for (a payout before the invoices are uploaded) is 409: the lender retries.
 */
export function lenderWebhookRoutes(deps: {
  orm: MikroORM;
  clock: Clock;
  webhooks: readonly PartnerWebhook[];
  captureDays: number;
  /** Told after a notice changed a payment (its checkout changed; its events wait to be delivered). */
  afterNotice?: (checkoutId: string) => void;
}) {
  async function receive(webhook: PartnerWebhook, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refuse = (status: number, code: string, message: string, headers?: Record<string, string>) =>
      send(response, webhook.refuse({ status, code, message }), headers);
    const rawBody = await readBody(request, MAX_BODY_BYTES);
    if (rawBody === null) return refuse(413, 'PAYLOAD_TOO_LARGE', 'Webhook bodies are limited to 64 KB.', { connection: 'close' });
    const verified = webhook.verify(rawBody, (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    });
    if (!verified) return refuse(401, 'INVALID_SIGNATURE', 'Missing or invalid signature.');
    const text = decodeUtf8(rawBody);
    if (text === null) return refuse(400, 'INVALID_ENCODING', 'The body is not UTF-8.');
    const parsed = webhook.parse(text);
    if (!parsed.ok) return refuse(400, parsed.code, parsed.message);
    if (parsed.event.kind !== 'LENDER_NOTICE') return refuse(400, 'UNSUPPORTED_EVENT', 'This route takes lender notices only.');
    const { notice } = parsed.event;
    try {
      await recordPartnerDelivery(deps.orm.em.fork(), {
        partner: webhook.partner,
        partnerPaymentId: notice.noticeId,
        rawBody,
        signature: verified.signature,
        receivedAt: deps.clock.now(),
      });
    } catch (error) {
      if (!(error instanceof DeliveryNotStored)) throw error;
      console.error('[lender-webhook] could not persist the raw payload', error.cause);
      return refuse(500, 'NOT_PERSISTED', 'The delivery could not be stored; retry.');
    }
    const result = await applyLenderNotice(deps.orm.em.fork(), deps.clock, { captureDays: deps.captureDays }, notice);
    if (!result.applied) return refuse(result.status, result.code, result.message);
    if (result.checkoutId) deps.afterNotice?.(result.checkoutId);
    send(response, webhook.answer({ outcome: 'RECORDED' }));
  }

  const byPath = new Map(deps.webhooks.map((webhook) => [webhook.path, webhook]));
  return {
    match: (request: IncomingMessage, path: string | undefined): PartnerWebhook | undefined =>
      request.method === 'POST' && path ? byPath.get(path) : undefined,
    async handle(webhook: PartnerWebhook, request: IncomingMessage, response: ServerResponse): Promise<void> {
      try {
        await receive(webhook, request, response);
      } catch (error) {
        console.error(`[${currentRequestId()}] unhandled error`, error);
        if (response.headersSent) return void response.destroy();
        const body = errorBody('INTERNAL_SERVER_ERROR', 'Unexpected error.', currentRequestId());
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) }).end(body);
      }
    },
  };
}
