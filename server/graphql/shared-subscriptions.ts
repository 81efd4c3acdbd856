import type { ExecutionResult } from 'graphql';
import { Repeater, SlidingBuffer } from 'graphql-yoga';

type Results = AsyncIterable<ExecutionResult>;

interface Shared {
  listeners: Set<(result: ExecutionResult) => void>;
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
          for (const listener of shared.listeners) listener(next.value);
        }
      } finally {
        if (running.get(key) === shared) running.delete(key);
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
      // A slow socket keeps only the newest few results: each one is the checkout's whole state.
      return new Repeater<ExecutionResult>(async (push, stop) => {
        const listener = (result: ExecutionResult) => void push(result).catch(() => {});
        shared.listeners.add(listener);
        await stop;
        shared.listeners.delete(listener);
        if (shared.listeners.size === 0 && running.get(key) === shared) {
          running.delete(key);
          await shared.source.return?.();
        }
      }, new SlidingBuffer(4));
    },
  };
}
