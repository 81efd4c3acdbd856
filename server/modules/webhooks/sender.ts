import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isPublicAddress } from '../../domain/network-safety.ts';

/** Receivers have this long to answer; anything slower is a failure. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Request and response bodies kept in the delivery log are cut to this size. */
export const LOGGED_BODY_LIMIT = 4096;

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
  retryAfter: string | null;
}

/**
 * POSTs one signed delivery. Redirects are never followed (a 3xx is a failure). Unless private
 * targets are allowed, the connection may only go to public addresses: the check runs on the
 * address actually connected to, so DNS rebinding after registration gains nothing.
 */
export function sendWebhook(url: string, headers: Record<string, string>, body: string, options: { allowPrivate: boolean }): Promise<SendResult> {
  const started = performance.now();
  const finish = (partial: Partial<SendResult>): SendResult => ({
    statusCode: null,
    error: null,
    responseBody: null,
    retryAfter: null,
    ...partial,
    latencyMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(finish({ error: 'Invalid callback URL' }));
      return;
    }
    const guardedLookup = (hostname: string, opts: object, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
        if (error) return callback(error, []);
        const list = addresses as LookupAddress[];
        const refused = !options.allowPrivate && list.some((entry) => !isPublicAddress(entry.address));
        if (refused) return callback(new Error(`${hostname} resolves to a private address`), []);
        const wantsAll = (opts as { all?: boolean }).all;
        return wantsAll ? callback(null, list) : callback(null, list[0]!.address, list[0]!.family);
      });
    };
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'pay-checkout-webhooks/1' },
        lookup: guardedLookup as never,
        timeout: DELIVERY_TIMEOUT_MS,
      },
      (response) => {
        let received = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (received.length < LOGGED_BODY_LIMIT) received += chunk;
        });
        response.on('end', () =>
          resolve(
            finish({
              statusCode: response.statusCode ?? null,
              responseBody: received.slice(0, LOGGED_BODY_LIMIT),
              retryAfter: (response.headers['retry-after'] as string | undefined) ?? null,
            }),
          ),
        );
        response.on('error', (error) => resolve(finish({ statusCode: response.statusCode ?? null, error: error.message })));
      },
    );
    // The whole exchange, not only the connection, must fit in the timeout.
    const deadline = setTimeout(() => request.destroy(new Error(`No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)), DELIVERY_TIMEOUT_MS);
    request.on('timeout', () => request.destroy(new Error(`No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => resolve(finish({ error: error.message.slice(0, 500) })));
    request.on('close', () => clearTimeout(deadline));
    request.end(body);
  });
}
