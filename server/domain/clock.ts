/** Everything that depends on "now" takes a Clock, so tests move time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. Its time lives in shared memory, so other threads can read it. */
export class ManualClock implements Clock {
  readonly #cell = new Float64Array(new SharedArrayBuffer(8));

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.#cell[0] = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#cell[0]!);
  }

  advance(ms: number): void {
    this.#cell[0]! += ms;
  }

  set(at: Date | string): void {
    this.#cell[0] = new Date(at).getTime();
  }

  /** The shared memory holding this clock's time, for `clockFrom` in another thread. */
  get cell(): SharedArrayBuffer {
    return this.#cell.buffer as SharedArrayBuffer;
  }
}

/** A clock as it crosses to a worker thread: the system's, or a manual clock's shared time. */
export type SharedClock = { kind: 'system' } | { kind: 'manual'; cell: SharedArrayBuffer };

export function shareClock(clock: Clock): SharedClock {
  if (clock === systemClock) return { kind: 'system' };
  if (clock instanceof ManualClock) return { kind: 'manual', cell: clock.cell };
  throw new Error('Only the system clock and manual clocks can be shared with another thread');
}

/** The clock another thread shared: manual clocks read the same memory, so `advance` shows at once. */
export function clockFrom(shared: SharedClock): Clock {
  if (shared.kind === 'system') return systemClock;
  const cell = new Float64Array(shared.cell);
  return { now: () => new Date(cell[0]!) };
}
