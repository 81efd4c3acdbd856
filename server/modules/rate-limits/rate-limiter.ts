import type pg from 'pg';
import type { Clock } from '../../domain/clock.ts';
import type { Principal } from '../request-context.ts';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}

/** The most points a process takes from the shared counter at once. */
const MAX_LEASE = 10;
/** How often a process deletes counters of windows long past (and how long past they must be). */
const PURGE_EVERY_MS = 60_000;
const ALLOWED: RateLimitDecision = { allowed: true };

/** Whose budget a GraphQL operation spends: its API key's, the operator's, or its client address's. */
export function rateLimitKey(principal: Principal | null, remoteAddress: string | undefined): string {
  if (principal?.kind === 'API_KEY') return principal.apiKeyId;
  return principal ? 'platform' : `ip:${remoteAddress ?? 'unknown'}`;
}

// One statement grants a lease: as many of the points asked for as the key's window has left (none
// once it is spent), and says how many it granted. The row's lock makes concurrent leases from every
// process add up to at most the limit. Each window has its own row, so a clock that steps back, or
// runs behind another process's, counts in its own window instead of resetting or blocking another.
const grant = `greatest(0, least($3::int, $4::int - r.used))`;
const LEASE = `
  insert into rate_limit as r (key, window_end, used, granted) values ($1, $2, least($3::int, $4::int), least($3::int, $4::int))
  on conflict (key, window_end) do update set used = r.used + ${grant}, granted = ${grant}
  returning granted`;

/**
 * A fixed window per key: windows are aligned to the clock (they start at multiples of their length)
 * and every process on the database shares one counter per key and window, a row in `rate_limit`.
 *
 * Why leases: a database write per request would cost more than the request it guards. So a process
 * takes points from the shared counter a lease at a time (a tenth of the budget, at most MAX_LEASE)
 * and spends them from memory. A lease never holds more than the window has left, is spent only in
 * the window it was granted for and is never given back, so no window grants more than its budget
 * across all processes; what a process leased and did not spend is lost with the window (less than
 * a lease per process). If the database cannot be reached, each process keeps the budget alone.
 */
export function createRateLimiter(deps: { pool: pg.Pool; clock: Clock; points: number; windowSeconds: number; keyPrefix: string }): RateLimiter {
  const { pool, clock, points, keyPrefix } = deps;
  const windowMs = deps.windowSeconds * 1000;
  const leaseSize = Math.max(1, Math.min(MAX_LEASE, Math.ceil(points / 10)));
  /** Points this process holds per key; `more`: the shared counter may still have some. */
  const leases = new Map<string, { windowEnd: number; left: number; more: boolean }>();
  const leasing = new Map<string, Promise<void>>();
  /** Points this process granted itself while the database was unreachable. */
  const alone = new Map<string, { windowEnd: number; used: number }>();
  let purgedAt = -Infinity;
  let unreachable = false;

  async function sharedLease(key: string, windowEnd: number, now: number): Promise<number> {
    if (now - purgedAt >= PURGE_EVERY_MS) {
      purgedAt = now;
      pool.query('delete from rate_limit where window_end < $1', [now - PURGE_EVERY_MS]).catch(() => {});
    }
    try {
      const { rows } = await pool.query<{ granted: number }>(LEASE, [`${keyPrefix}:${key}`, windowEnd, leaseSize, points]);
      unreachable = false;
      return rows[0]?.granted ?? 0;
    } catch (error) {
      if (!unreachable) console.error('[rate-limit] the shared counter is unreachable; this process limits on its own', error);
      unreachable = true;
      const own = alone.get(key);
      const used = own?.windowEnd === windowEnd ? own.used : 0;
      const granted = Math.max(0, Math.min(leaseSize, points - used));
      alone.set(key, { windowEnd, used: used + granted });
      return granted;
    }
  }

  async function takeLease(key: string, windowEnd: number, now: number): Promise<void> {
    const granted = await sharedLease(key, windowEnd, now);
    if (leases.size > 10_000) {
      for (const [k, held] of leases) if (held.windowEnd <= now) leases.delete(k);
      for (const [k, own] of alone) if (own.windowEnd <= now) alone.delete(k);
    }
    leases.set(key, { windowEnd, left: granted, more: granted === leaseSize });
  }

  return {
    async consume(key) {
      for (;;) {
        const now = clock.now().getTime();
        const windowEnd = (Math.floor(now / windowMs) + 1) * windowMs;
        const held = leases.get(key);
        if (held?.windowEnd === windowEnd) {
          if (held.left > 0) {
            held.left--;
            return ALLOWED;
          }
          if (!held.more) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)) };
        }
        // One lease request per key at a time; the others wait for it and then try again.
        let pending = leasing.get(key);
        if (!pending) {
          pending = takeLease(key, windowEnd, now).finally(() => leasing.delete(key));
          leasing.set(key, pending);
        }
        await pending;
      }
    },
  };
}
