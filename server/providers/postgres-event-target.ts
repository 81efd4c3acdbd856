import { setMaxListeners } from 'node:events';
import pgListen from 'pg-listen';

// pg-listen is CommonJS with `exports.default`.
const createSubscriber = pgListen.default;

const CHANNEL = 'app_events';

/**
 * An EventTarget shared by every server process on one database: `dispatchEvent` sends the event
 * with PostgreSQL NOTIFY, and each process's LISTEN connection (pg-listen, which reconnects) hands
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

  // pg-listen sends NOTIFY on its one connection: queue them, since pg no longer wants overlapping queries.
  let sending: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    addEventListener: local.addEventListener.bind(local),
    removeEventListener: local.removeEventListener.bind(local),
    dispatchEvent(event: Event) {
      const message = { type: event.type, detail: (event as CustomEvent).detail };
      sending = sending.then(() =>
        closed ? undefined : subscriber.notify(CHANNEL, message).catch((error: unknown) => !closed && console.error('[events] NOTIFY failed', error)),
      );
      return true;
    },
    async close() {
      await sending;
      closed = true;
      await subscriber.close();
    },
  };
}
