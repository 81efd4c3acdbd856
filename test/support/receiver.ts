import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A merchant's endpoint on loopback. `respond` decides each answer (status and headers) from the
 * number of requests seen so far for that path and event id.
 */
export async function startReceiver(
  respond: (seen: number, path: string, eventId: string | undefined) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body });
      const eventId = request.headers['x-webhook-id'] as string | undefined;
      const seenForEvent = received.filter((r) => r.path === path && (!eventId || r.headers['x-webhook-id'] === eventId)).length;
      const answer = respond(seenForEvent, path, eventId);
      response.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Waits (bounded) until `predicate` holds for what has arrived. */
    async waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`receiver timed out; got ${received.length}: ${received.map((r) => r.path).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
