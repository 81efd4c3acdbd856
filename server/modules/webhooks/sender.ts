import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ipLiteral, isPublicAddress } from '../../domain/network-safety.ts';

/** Receivers have this long to answer; anything slower is a failure. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Request and response bodies kept in the delivery log are cut to this size. */
export const LOGGED_BODY_LIMIT = 4096;
/** Idle keep-alive connections are dropped after this, before the usual 5 s server-side idle timeout. */
const IDLE_SOCKET_MS = 4_000;
/** At most this many connections to one receiver at a time, however large the backlog. */
const SOCKETS_PER_ORIGIN = 16;

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
  retryAfter: string | null;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that refuses hosts with any non-public address (unless private targets are allowed). */
const guardedLookup = (allowPrivate: boolean) => (hostname: string, opts: object, callback: LookupCallback) => {
  dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    const refused = !allowPrivate && list.some((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(new Error(`${hostname} resolves to a private address`), []);
    const wantsAll = (opts as { all?: boolean }).all;
    return wantsAll ? callback(null, list) : callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * Keep-alive pools, one per protocol and target policy: a connection is checked (guarded lookup)
 * when it is opened, so a connection opened where private targets are allowed must never serve a
 * delivery where they are not. Agents pool per host and port, so each origin gets its own sockets.
 */
const pools = new Map<string, { agent: HttpAgent; lookup: ReturnType<typeof guardedLookup> }>();
function poolFor(protocol: 'http:' | 'https:', allowPrivate: boolean) {
  const name = `${protocol}${allowPrivate}`;
  let pool = pools.get(name);
  if (!pool) {
    const options = {
      keepAlive: true,
      timeout: IDLE_SOCKET_MS,
      maxSockets: SOCKETS_PER_ORIGIN,
      maxFreeSockets: SOCKETS_PER_ORIGIN,
      scheduling: 'lifo' as const,
    };
    pool = { agent: protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options), lookup: guardedLookup(allowPrivate) };
    pools.set(name, pool);
  }
  return pool;
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
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      resolve(finish({ error: 'Callback URL must be http or https' }));
      return;
    }
    // Node connects to an IP literal without any lookup, so the guard must check it here.
    const literal = ipLiteral(target.hostname);
    if (!options.allowPrivate && literal && !isPublicAddress(literal)) {
      resolve(finish({ error: `${literal} is a private address` }));
      return;
    }
    const pool = poolFor(target.protocol, options.allowPrivate);
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'pay-checkout-webhooks/1' },
        agent: pool.agent,
        lookup: pool.lookup as never,
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
