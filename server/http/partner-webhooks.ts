import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { errorBody } from '../graphql/errors.ts';
import type { IncomingPaymentWebhook } from '../modules/payments/payment-notification.ts';
import { DeliveryNotStored, receivePartnerPayment } from '../modules/payments/reconciliation.service.ts';
import { currentRequestId } from './request-scope.ts';

const MAX_BODY_BYTES = 64 * 1024;

const failure = (code: string, message: string) => ({ success: false, error: { code, message } });

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
}

/** The body's bytes, or null once it is larger than `maxBytes` (declared or streamed). */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
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
function decodeUtf8(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Inbound payment webhooks from bank partners, on node:http directly: the busiest route, so no
 * framework between the socket and the ledger. Order of work: verify the signature (401, nothing
 * written), refuse what can never succeed (400, nothing written), keep the raw bytes (500 if that
 * fails, so the partner retries), then reconcile exactly once and answer.
 */
export function partnerWebhookRoutes(deps: {
  orm: MikroORM;
  clock: Clock;
  secret: string | undefined;
  webhooks: Record<string, IncomingPaymentWebhook>;
  /** Told after each reconciled payment (its outbox events wait to be delivered; its checkout changed). */
  afterReconcile?: (checkoutId: string | null) => void;
}) {
  async function receive(webhook: IncomingPaymentWebhook, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request, MAX_BODY_BYTES);
    // The rest of an oversized body is not read: the connection closes after the answer.
    if (rawBody === null) return sendJson(response, 413, failure('PAYLOAD_TOO_LARGE', 'Webhook bodies are limited to 64 KB.'), { connection: 'close' });
    const header = (name: string) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    };
    if (!deps.secret || !webhook.verifySource(deps.secret, rawBody, { get: header })) {
      return sendJson(response, 401, failure('INVALID_SIGNATURE', 'Missing or invalid X-Signature.'));
    }
    const text = decodeUtf8(rawBody);
    if (text === null) return sendJson(response, 400, failure('INVALID_ENCODING', 'The body is not UTF-8.'));
    const parsed = webhook.parse(text);
    if (!parsed.ok) return sendJson(response, 400, failure(parsed.code, parsed.message));

    const delivery = { partner: webhook.partner, partnerPaymentId: parsed.notification.partnerPaymentId, rawBody, signature: header('x-signature') ?? '', receivedAt: deps.clock.now() };
    try {
      const { answer, checkoutId } = await receivePartnerPayment(deps.orm.em.fork(), deps.clock, delivery, parsed.notification);
      deps.afterReconcile?.(checkoutId);
      sendJson(response, 200, answer);
    } catch (error) {
      if (error instanceof DeliveryNotStored) {
        console.error('[partner-webhook] could not persist the raw payload', error.cause);
        return sendJson(response, 500, failure('NOT_PERSISTED', 'The delivery could not be stored; retry.'));
      }
      throw error;
    }
  }

  const byPath = new Map(Object.entries(deps.webhooks));
  return {
    /** The webhook this request is for, when it is a POST to one of the partners' paths. */
    match: (request: IncomingMessage, path: string | undefined): IncomingPaymentWebhook | undefined =>
      request.method === 'POST' && path ? byPath.get(path) : undefined,
    async handle(webhook: IncomingPaymentWebhook, request: IncomingMessage, response: ServerResponse): Promise<void> {
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
