import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { errorBody } from '../graphql/errors.ts';
import type { DeliveryOutcome, LenderNotice, PartnerHttpAnswer, PartnerWebhook } from '../modules/payments/partner-webhook.ts';
import type { PayoutResult } from '../modules/settlements/settlement-machine.ts';
import { DeliveryNotStored, receivePartnerPayment, recordPartnerDelivery } from '../modules/payments/reconciliation.service.ts';
import { currentRequestId } from './request-scope.ts';

export const MAX_BODY_BYTES = 64 * 1024;

export function send(response: ServerResponse, answer: PartnerHttpAnswer, headers: Record<string, string> = {}): void {
  response
    .writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(Buffer.byteLength(answer.body)), ...headers })
    .end(answer.body);
}

/** The body's bytes, or null once it is larger than `maxBytes` (declared or streamed). */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  // Stopping early must not destroy the socket: the 413 still has to go out on it.
  for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** JSON is UTF-8 (RFC 8259); other bytes are refused rather than silently replaced. */
export function decodeUtf8(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Inbound payment webhooks from bank partners, on node:http directly: the busiest route, so no
 * framework between the socket and the ledger. Each partner's adapter owns its path, signature,
 * payload and answers; this only dispatches. Order of work: verify the signature (401, nothing
 * written), refuse what can never succeed (400, nothing written), keep the raw bytes (500 if that
 * fails, so the partner retries), then reconcile exactly once and answer.
 */
export function partnerWebhookRoutes(deps: {
  orm: MikroORM;
  clock: Clock;
  webhooks: readonly PartnerWebhook[];
  /** Told after each reconciled payment (its outbox events wait to be delivered; its checkout changed). */
  afterReconcile?: (checkoutId: string | null) => void;
  /** Applies a settlement machine's payout result (kept raw first, like every delivery); idempotent. */
  payoutResult?: (result: PayoutResult) => Promise<DeliveryOutcome>;
  /** Whether a payout result names a batch we have, under its idempotency key (else 404, nothing written). */
  payoutBatchKnown?: (result: PayoutResult) => Promise<boolean>;
  /** Applies a lender's notice to its financed payment (kept raw first); a refusal is answered as given (409: retry later). */
  lenderNotice?: (notice: LenderNotice) => Promise<{ applied: true } | { applied: false; status: number; code: string; message: string }>;
}) {
  async function receive(webhook: PartnerWebhook, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refuse = (status: number, code: string, message: string, headers?: Record<string, string>) =>
      send(response, webhook.refuse({ status, code, message }), headers);
    const rawBody = await readBody(request, MAX_BODY_BYTES);
    // The rest of an oversized body is not read: the connection closes after the answer.
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

    const { event } = parsed;
    const partnerPaymentId =
      event.kind === 'PAYMENT_COMPLETED'
        ? event.payment.partnerPaymentId
        : event.kind === 'PAYOUT_RESULT'
          ? `${event.result.idempotencyKey}#${event.result.attempt}`
          : event.partnerPaymentId;
    const delivery = { partner: webhook.partner, partnerPaymentId, rawBody, signature: verified.signature, receivedAt: deps.clock.now() };
    try {
      const em = deps.orm.em.fork();
      if (event.kind === 'PAYOUT_RESULT') {
        if (!deps.payoutResult) return refuse(404, 'NOT_FOUND', 'Payout results are not handled here.');
        if (deps.payoutBatchKnown && !(await deps.payoutBatchKnown(event.result)))
          return refuse(404, 'UNKNOWN_BATCH', 'No settlement batch has this id and idempotency key.');
        await recordPartnerDelivery(em, delivery);
        return send(response, webhook.answer(await deps.payoutResult(event.result)));
      }
      if (event.kind === 'LENDER_NOTICE') {
        await recordPartnerDelivery(em, delivery);
        if (!deps.lenderNotice) return refuse(404, 'NOT_FOUND', 'Lender notices are not handled here.');
        const result = await deps.lenderNotice(event.notice);
        return result.applied ? send(response, webhook.answer({ outcome: 'RECORDED' })) : refuse(result.status, result.code, result.message);
      }
      if (event.kind !== 'PAYMENT_COMPLETED') {
        const failed = event.kind === 'PAYMENT_FAILED' && event.payment ? { payment: event.payment, reason: event.reason, now: deps.clock.now() } : undefined;
        const recorded = await recordPartnerDelivery(em, delivery, failed);
        if (recorded.checkoutId) deps.afterReconcile?.(recorded.checkoutId);
        return send(response, webhook.answer(recorded.outcome));
      }
      const { outcome, checkoutId } = await receivePartnerPayment(em, deps.clock, delivery, event.payment);
      deps.afterReconcile?.(checkoutId);
      send(response, webhook.answer(outcome));
    } catch (error) {
      if (error instanceof DeliveryNotStored) {
        console.error('[partner-webhook] could not persist the raw payload', error.cause);
        return refuse(500, 'NOT_PERSISTED', 'The delivery could not be stored; retry.');
      }
      throw error;
    }
  }

  const byPath = new Map(deps.webhooks.map((webhook) => [webhook.path, webhook]));
  return {
    /** The webhook this request is for, when it is a POST to one of the partners' paths. */
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
