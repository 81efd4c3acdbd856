/**
 * The delay before each attempt of a webhook delivery, by attempts already made (Svix's schedule):
 * the first goes at once, then a failed one is retried 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h
 * after the previous attempt, each with ±10 % jitter so retries of many events do not arrive
 * together. A receiver's Retry-After is honoured when it asks for longer.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** A Retry-After longer than a day is treated as a day. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Delay before attempt number `attemptsMade + 1` (the first attempt is number 1), or null when the
 * schedule is exhausted and the delivery has failed for good.
 */
export function retryDelayMs(
  attemptsMade: number,
  options: { retryAfterSeconds?: number | null; schedule?: readonly number[]; random?: () => number } = {},
): number | null {
  const schedule = options.schedule ?? RETRY_SCHEDULE_MS;
  if (attemptsMade >= schedule.length) return null;
  const base = schedule[attemptsMade]!;
  const jittered = Math.round(base * (0.9 + 0.2 * (options.random ?? Math.random)()));
  const asked = options.retryAfterSeconds ? Math.min(options.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : 0;
  return Math.max(jittered, asked);
}

/** `Retry-After` as seconds: either a number of seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
