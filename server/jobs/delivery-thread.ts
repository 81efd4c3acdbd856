import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { shareClock, type Clock, type SharedClock } from '../domain/clock.ts';
import type { CheckoutCallback } from '../modules/checkouts/checkout-kind.ts';
import { checkoutCallbacks } from '../modules/checkouts/registry.ts';
import type { WebhookSettings } from '../modules/webhooks/callback-targets.ts';
import type { AttemptJob } from '../modules/webhooks/delivery.service.ts';
import type { WebhookQueue } from './webhook-queue.ts';

/** Below the API's priority: under load the kernel runs reconciliation first, deliveries take what is left. */
const DELIVERY_NICENESS = 19;

export interface DeliveryThreadData {
  databaseUrl: string;
  settings: WebhookSettings;
  clock: SharedClock;
  niceness: number;
  /** This process's kinds' callbacks: a kind registered at run time is not in the thread's own registry. */
  checkoutCallbacks: CheckoutCallback[];
}

export type DeliveryThreadCall =
  | { method: 'enqueue'; args: ReadonlyArray<{ job: AttemptJob; delayMs: number }> }
  | { method: 'enqueueNow'; args: AttemptJob[] }
  | { method: 'catchUp'; args?: undefined };
export type ToDeliveryThread = { type: 'kick' } | { type: 'stop' } | ({ type: 'call'; call: number } & DeliveryThreadCall);
export type FromDeliveryThread = { type: 'ready' } | { type: 'done'; call: number; error?: string };

/**
 * Merchant webhook delivery in a worker thread of its own, with its own connections, at the lowest
 * CPU priority: a storm of deliveries cannot slow the money path down, and deliveries catch up as
 * soon as the API leaves the CPU idle. The queue itself is the same pg-boss queue as anywhere
 * (shared by processes, surviving restarts); this thread only hosts it.
 */
export async function startDeliveryThread(deps: { databaseUrl: string; clock: Clock; settings: WebhookSettings }): Promise<WebhookQueue> {
  const data: DeliveryThreadData = {
    databaseUrl: deps.databaseUrl,
    settings: deps.settings,
    clock: shareClock(deps.clock),
    niceness: DELIVERY_NICENESS,
    checkoutCallbacks: checkoutCallbacks(),
  };
  const worker = new Worker(new URL('./delivery-worker.ts', import.meta.url), { workerData: data });
  const pending = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let calls = 0;
  let stopping = false;
  worker.on('error', (error) => console.error('[delivery-thread]', error));
  worker.on('exit', (code) => {
    for (const call of pending.values()) call.reject(new Error('The delivery thread has stopped'));
    pending.clear();
    if (!stopping) console.error(`[delivery-thread] exited with code ${code}; undelivered events wait in the outbox for the next start`);
  });
  const [ready] = (await once(worker, 'message')) as [FromDeliveryThread];
  if (ready.type !== 'ready') throw new Error('The delivery thread did not start');
  worker.on('message', (message: FromDeliveryThread) => {
    if (message.type !== 'done') return;
    const call = pending.get(message.call);
    pending.delete(message.call);
    if (message.error) call?.reject(new Error(message.error));
    else call?.resolve();
  });
  const call = (request: DeliveryThreadCall) =>
    new Promise<void>((resolve, reject) => {
      const id = ++calls;
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'call', call: id, ...request } satisfies ToDeliveryThread);
    });

  return {
    deps: {
      clock: deps.clock,
      settings: deps.settings,
      enqueue: (jobs) => call({ method: 'enqueue', args: jobs }),
      enqueueNow: (jobs) => call({ method: 'enqueueNow', args: jobs }),
    },
    kick: () => worker.postMessage({ type: 'kick' } satisfies ToDeliveryThread),
    catchUp: () => call({ method: 'catchUp' }),
    async stop() {
      stopping = true;
      const exited = once(worker, 'exit');
      worker.postMessage({ type: 'stop' } satisfies ToDeliveryThread);
      await exited;
    },
  };
}
