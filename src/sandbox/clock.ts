/**
 * The sandbox's notion of "now". Everything time-dependent in the emulator (timestamps, token expiry,
 * scheduled sends, simulated tracking events, the daily quota reset) reads this clock, so tests can
 * move time forward without waiting. The per-second throttle deliberately does not: it measures real
 * request bursts (see ratelimit.ts).
 */
export interface SandboxClock {
  /** Current sandbox time in epoch milliseconds. */
  nowMs(): number;
  /** Current sandbox time as an ISO-8601 string with milliseconds and `Z`. */
  nowIso(): string;
  /** Moves sandbox time forward by `ms` (must be >= 0). */
  advance(ms: number): void;
  /** Jumps to an absolute instant; it may not go backwards. */
  set(at: Date | number | string): void;
}

/**
 * The clock as the sandbox itself holds it. `rewind` exists for one purpose: a seed's history (the
 * demo's three weeks) is replayed ending at the current instant, at creation and by `reset()`, so the
 * clock moves back while the replay runs and then returns. Everything else only ever moves time forward.
 */
export interface InternalClock extends SandboxClock {
  /**
   * Moves back by `ms` and returns `resume()`, which moves the clock to where it would read had it never
   * been rewound (a real clock keeps running meanwhile, so the replay's own duration is not lost) or
   * leaves it where the replay took it, if that is later.
   */
  rewind(ms: number): () => void;
}

export interface ClockOptions {
  /** `real` follows the wall clock plus any advances; `manual` stands still until advanced. */
  mode?: 'real' | 'manual';
  /** Starting instant (defaults to the wall clock at creation). */
  start?: Date | number | string;
}

export function createClock(options: ClockOptions = {}): InternalClock {
  const mode = options.mode ?? 'real';
  const startWall = Date.now();
  const base = options.start === undefined ? startWall : new Date(options.start).getTime();
  if (Number.isNaN(base)) throw new Error(`clock start is not a valid date: ${String(options.start)}`);
  let offset = 0;
  const nowMs = (): number => (mode === 'real' ? base + (Date.now() - startWall) : base) + offset;
  return {
    nowMs,
    nowIso: () => new Date(nowMs()).toISOString(),
    advance(ms: number) {
      if (!(ms >= 0)) throw new Error(`clock.advance needs a non-negative number of ms, got ${ms}`);
      offset += ms;
    },
    set(at) {
      const target = new Date(at).getTime();
      if (Number.isNaN(target)) throw new Error(`clock.set: not a valid date: ${String(at)}`);
      const current = nowMs();
      if (target < current) throw new Error('clock.set cannot move the sandbox clock backwards');
      offset += target - current;
    },
    rewind(ms: number) {
      if (!(ms >= 0)) throw new Error(`clock.rewind needs a non-negative number of ms, got ${ms}`);
      const before = offset;
      offset -= ms;
      return () => {
        offset = Math.max(offset, before);
      };
    },
  };
}
