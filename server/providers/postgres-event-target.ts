import { setMaxListeners } from 'node:events';
import pg from 'pg';
import pgListen from 'pg-listen';

// pg-listen is CommonJS with `exports.default`.
const createSubscriber = pgListen.default;

const CHANNEL = 'app_events';
/** Most notifications sent in one statement. */
const BATCH = 100;

/**
 * An EventTarget shared by every server process on one database: `dispatchEvent` sends the event
 * with PostgreSQL NOTIFY (pg_notify, on a connection of its own), and each process's LISTEN connection (pg-listen, which reconnects) hands
 * it to its local listeners. graphql-yoga's pubsub runs on top of it, so a payment reconciled by one
 * process reaches a subscriber connected to another.
 */
export async function createPostgresEventTarget(connectionString: string): Promise<EventTarget & { close(): Promise<void> }> {
  const subscriber = createSubscriber({ connectionString }, { retryTimeout: 60_000, paranoidChecking: 10_000 });
  const local = new EventTarget();
  // Thousands of sockets may follow one checkout: each is a listener, and that is expected.
  setMaxListeners(0, local);
  subscriber.notifications.on(CHANNEL, (message: { type: string; detail: unknown }) => {
    local.dispatchEvent(new CustomEvent(message.type, { detail: message.detail }));
  });
  subscriber.events.on('error', (error: Error) => console.error('[events] LISTEN connection failed for good', error));
  await subscriber.connect();
  await subscriber.listenTo(CHANNEL);

  // Events raised while a NOTIFY is in flight go out together in one statement: under load every
  // payment raises one, and a round trip each would cost more than the rest of the payment's
  // statements. One statement is one transaction, so PostgreSQL delivers them in order (and folds
  // identical ones into one, which for "this changed" events loses nothing).
  const notifier = new pg.Pool({ connectionString, max: 1 });
  notifier.on('error', (error) => console.error('[events] NOTIFY connection failed', error));
  let pending: string[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;
  const flush = async () => {
    while (pending.length && !closed) {
      const batch = pending.splice(0, BATCH);
      await notifier
        .query(`select ${batch.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ')}`, [CHANNEL, ...batch])
        .catch((error: unknown) => !closed && console.error('[events] NOTIFY failed', error));
    }
    flushing = null;
  };
  return {
    addEventListener: local.addEventListener.bind(local),
    removeEventListener: local.removeEventListener.bind(local),
    dispatchEvent(event: Event) {
      pending.push(JSON.stringify({ type: event.type, detail: (event as CustomEvent).detail }));
      flushing ??= flush();
      return true;
    },
    async close() {
      await flushing;
      closed = true;
      pending = [];
      await notifier.end();
      await subscriber.close();
    },
  };
}
