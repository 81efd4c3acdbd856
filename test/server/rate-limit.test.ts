import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceWithLink } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

const LIMIT = 50;
const WINDOW_MS = 1000;
/** Requests sent per window: three times the budget, so every window is hammered past its limit. */
const PER_WINDOW = 3 * LIMIT;
const WINDOWS = 5;
const CONCURRENCY = 16;

let a: TestServer;
let b: TestServer;
let key: string;
let linkId: string;
beforeAll(async () => {
  const config = { rateLimit: { points: LIMIT, windowSeconds: WINDOW_MS / 1000 } };
  a = await startTestServer({ config });
  // A second process on the same database and clock.
  b = await startTestServer({ databaseUrl: a.databaseUrl, clock: a.clock, config });
  ({ testKey: key } = await onboardBusiness(a));
  ({ linkId } = await invoiceWithLink(a, key, { amountMinor: 10_000 }));
});
afterAll(async () => {
  await b.close();
  await a.close();
});

/**
 * Sends WINDOWS × PER_WINDOW requests, CONCURRENCY at a time, spread over the servers in turn. The
 * (manual) clock starts at a window's start and moves to the next window after every PER_WINDOW
 * requests sent, while earlier ones are still in flight. Returns, per window, the requests that
 * got through among those sent and answered in that window (those in flight across a move could
 * have been counted in either window), and the total that got through.
 */
async function hammer(servers: TestServer[], send: (server: TestServer) => Promise<number>) {
  const clock = a.clock;
  clock.set(new Date((Math.floor(clock.now().getTime() / WINDOW_MS) + 1) * WINDOW_MS));
  const first = clock.now().getTime() / WINDOW_MS;
  const windowOf = () => clock.now().getTime() / WINDOW_MS - first;
  const passedIn = Array.from({ length: WINDOWS }, () => 0);
  let passed = 0;
  let sent = 0;
  const worker = async () => {
    while (sent < WINDOWS * PER_WINDOW) {
      if (sent > 0 && sent % PER_WINDOW === 0) clock.advance(WINDOW_MS);
      const server = servers[sent++ % servers.length]!;
      const before = windowOf();
      const status = await send(server);
      expect([200, 429]).toContain(status);
      if (status !== 200) continue;
      passed++;
      if (windowOf() === before) passedIn[before]!++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Past the last window, so the next hammer starts afresh.
  clock.advance(WINDOW_MS);
  return { passedIn, passed };
}

const viewer = (server: TestServer) => server.gql('{ viewer { mode } }', {}, { key }).then((r) => r.status);
const qrCode = (server: TestServer) => fetch(`${server.url}/v1/payment-links/${linkId}/qr.svg`).then(async (r) => (await r.arrayBuffer(), r.status));

async function expectHeld({ passedIn, passed }: { passedIn: number[]; passed: number }) {
  for (const count of passedIn) {
    expect(count).toBeLessThanOrEqual(LIMIT * 1.1);
    // Not an over-strict limiter either: the budget is there to be used.
    expect(count).toBeGreaterThanOrEqual(LIMIT * 0.5);
  }
  expect(passed).toBeLessThanOrEqual(WINDOWS * LIMIT * 1.1);
  // The shared counters never go below zero nor past the budget.
  const rows = await a.orm.em.getConnection().execute<{ key: string; used: number }[]>('select key, used from rate_limit');
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.filter((row) => row.used < 0 || row.used > LIMIT)).toEqual([]);
}

describe('the rate limit holds under concurrent load', () => {
  it('per API key, with one process', async () => {
    await expectHeld(await hammer([a], viewer));
  });

  it('per API key, with two processes sharing the database', async () => {
    await expectHeld(await hammer([a, b], viewer));
  });

  it('counts each window on its own, so a clock that steps back is neither reset nor blocked', async () => {
    a.clock.advance(10 * WINDOW_MS);
    expect(await viewer(a)).toBe(200);
    a.clock.advance(-10 * WINDOW_MS);
    expect(await viewer(b)).toBe(200);
    expect(await viewer(a)).toBe(200);
    a.clock.advance(10 * WINDOW_MS);
  });

  it('per client address on public routes, with one and with two processes', async () => {
    await expectHeld(await hammer([a], qrCode));
    await expectHeld(await hammer([a, b], qrCode));
  });
});
