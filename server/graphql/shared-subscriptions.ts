import type { ExecutionResult } from 'graphql';

type Results = AsyncIterable<ExecutionResult>;

interface Listener {
  push(result: ExecutionResult): void;
  /** The shared source ended (the server is closing): the subscriber's stream completes. */
  end(): void;
}

interface Shared {
  listeners: Set<Listener>;
  source: AsyncIterator<ExecutionResult>;
}

/**
 * Many sockets following one public subscription (2,000 customers' browsers on one checkout) share
 * one execution: the operation is subscribed once per distinct document and variables, each event
 * is resolved once, and every subscriber receives the same result. Only for operations whose
 * result does not depend on who asks.
 */
export function createSubscriptionSharing() {
  const running = new Map<string, Shared | Promise<Shared | ExecutionResult>>();

  async function start(key: string, subscribe: () => Promise<Results | ExecutionResult>): Promise<Shared | ExecutionResult> {
    const result = await subscribe();
    if (!(Symbol.asyncIterator in result)) return result;
    const shared: Shared = { listeners: new Set(), source: result[Symbol.asyncIterator]() };
    void (async () => {
      try {
        for (let next = await shared.source.next(); !next.done; next = await shared.source.next()) {
          for (const listener of shared.listeners) listener.push(next.value);
        }
      } finally {
        if (running.get(key) === shared) running.delete(key);
        for (const listener of shared.listeners) listener.end();
      }
    })();
    return shared;
  }

  return {
    async subscribe(key: string, subscribe: () => Promise<Results | ExecutionResult>): Promise<Results | ExecutionResult> {
      let entry = running.get(key);
      if (!entry) {
        const starting = start(key, subscribe);
        running.set(key, starting);
        const started = await starting;
        if (!('listeners' in started)) {
          // An error result (bad variables, say): nothing to share, each subscriber asks for itself.
          running.delete(key);
          return started;
        }
        if (running.get(key) === starting) running.set(key, started);
        entry = started;
      }
      const shared = await entry;
      if (!('listeners' in shared)) return subscribe();
      return follow(shared, () => {
        if (shared.listeners.size === 0 && running.get(key) === shared) {
          running.delete(key);
          void shared.source.return?.();
        }
      });
    },
  };
}

/** How many results wait for a slow socket; older ones are dropped (each is the checkout's whole state). */
const BUFFER = 4;

/**
 * One subscriber's stream of the shared results: a small queue and at most one pending read. (A
 * Repeater per subscriber costs several promises per result; with thousands of sockets on one
 * checkout that is most of the fan-out.)
 */
function follow(shared: Shared, left: () => void): AsyncIterableIterator<ExecutionResult> {
  const queue: ExecutionResult[] = [];
  let waiting: ((result: IteratorResult<ExecutionResult>) => void) | null = null;
  let done = false;
  const listener: Listener = {
    push(result) {
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: result, done: false });
      } else if (queue.push(result) > BUFFER) queue.shift();
    },
    end: () => void finish(),
  };
  shared.listeners.add(listener);
  const finish = (): Promise<IteratorResult<ExecutionResult>> => {
    if (!done) {
      done = true;
      shared.listeners.delete(listener);
      waiting?.({ value: undefined, done: true });
      waiting = null;
      left();
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: finish,
    throw: (error: unknown) => finish().then(() => Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
