// The delivery thread's entry (see delivery-thread.ts): the webhook queue on connections of its own.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../db/orm.ts';
import { clockFrom } from '../domain/clock.ts';
import type { DeliveryThreadData, FromDeliveryThread, ToDeliveryThread } from './delivery-thread.ts';
import { startWebhookQueue } from './webhook-queue.ts';

const data = workerData as DeliveryThreadData;
const port = parentPort!;
try {
  // Linux keeps a nice value per thread: `0` is this thread, the API's threads keep theirs.
  setPriority(0, data.niceness);
} catch (error) {
  console.warn('[delivery-thread] runs at normal priority:', (error as Error).message);
}

// Delivery bookkeeping commits asynchronously: a crash can only undo whole, recent transactions,
// and what they recorded is redone (deliveries are at least once, the event id stays the same).
const orm = await MikroORM.init(ormConfig(data.databaseUrl, { poolMax: 4, asyncCommit: true }));
const settings = { ...data.settings, secretsKey: data.settings.secretsKey ? Buffer.from(data.settings.secretsKey) : null };
const queue = await startWebhookQueue({ orm, clock: clockFrom(data.clock), settings, checkoutCallbacks: data.checkoutCallbacks });

port.on('message', async (message: ToDeliveryThread) => {
  if (message.type === 'kick') return queue.kick();
  if (message.type === 'stop') {
    await queue.stop();
    await orm.close();
    process.exit(0); // in a worker: ends this thread only
  }
  try {
    if (message.method === 'enqueue') await queue.deps.enqueue(message.args);
    else if (message.method === 'enqueueNow') await queue.deps.enqueueNow(message.args);
    else await queue.catchUp();
    port.postMessage({ type: 'done', call: message.call } satisfies FromDeliveryThread);
  } catch (error) {
    port.postMessage({ type: 'done', call: message.call, error: String(error) } satisfies FromDeliveryThread);
  }
});
port.postMessage({ type: 'ready' } satisfies FromDeliveryThread);
