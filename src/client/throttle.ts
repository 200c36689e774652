import { nextUtcMidnight, quotaExceeded } from './errors.js';
import type { BudgetTicket, RequestBudget } from './types.js';

/**
 * The in-process request budget (facts §8.1): never more than 4 requests in any sliding one-second
 * window, whatever the number of concurrent callers, and at most 10,000 per UTC day.
 *
 * The API counts arrivals, which the client cannot observe: a request arrives somewhere between the
 * moment it is granted and the moment its answer starts coming back (a first request also opens a
 * connection, so that gap varies). The sliding log therefore stamps each request with the end of that
 * interval: the ticket's `done()` (called by the client when the answer starts arriving) sets the
 * stamp, and an in-flight request occupies its slot until then. A new request is granted only while
 * fewer than 4 stamps are younger than the window, which holds at the server whatever the latencies.
 * The cost is one round trip per window: about 4/(1 s + latency) requests a second.
 *
 * Waiters are served strictly in arrival order (FIFO). When the day's budget is spent, `acquire`
 * rejects with `QuotaExceededError` before anything is sent. A cross-process budget (SQLite) can
 * replace this class behind the same `RequestBudget` interface.
 */
export interface BudgetOptions {
  /** Requests allowed per window (default 4). */
  perWindow?: number;
  /** The window in ms (default 1,000). */
  windowMs?: number;
  /** Extra spacing in ms added to the window against timer and clock granularity (default 5). */
  marginMs?: number;
  /** Requests allowed per UTC day (default 10,000). */
  dailyLimit?: number;
  /**
   * How long an unsettled ticket may hold its slot (default 60,000 ms, the client's default timeout):
   * a caller that never calls `done()` delays others, but cannot block them for good.
   */
  maxInFlightMs?: number;
  /** Monotonic milliseconds for the window (default performance.now). */
  monotonic?: () => number;
  /** Wall clock for the UTC day (default new Date()). */
  now?: () => Date;
}

interface Waiter {
  resolve(ticket: BudgetTicket): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Slot {
  grantedAt: number;
  /** When the answer started arriving; Infinity while in flight. */
  settledAt: number;
}

export class InProcessBudget implements RequestBudget {
  private readonly perWindow: number;
  private readonly spacingMs: number;
  private readonly dailyLimit: number;
  private readonly maxInFlightMs: number;
  private readonly monotonic: () => number;
  private readonly now: () => Date;
  /** Requests that still count against the window, in grant order. */
  private slots: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private day = '';
  private today = 0;

  constructor(options: BudgetOptions = {}) {
    this.perWindow = options.perWindow ?? 4;
    this.spacingMs = (options.windowMs ?? 1_000) + (options.marginMs ?? 5);
    this.dailyLimit = options.dailyLimit ?? 10_000;
    this.maxInFlightMs = options.maxInFlightMs ?? 60_000;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.now = options.now ?? (() => new Date());
    if (!(this.perWindow >= 1)) throw new RangeError('perWindow must be at least 1');
  }

  acquire(signal?: AbortSignal): Promise<BudgetTicket> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.queue.length === 0 && this.waitMs(this.monotonic()) <= 0) {
      try {
        return Promise.resolve(this.grant());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<BudgetTicket>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason);
          this.drain();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.drain();
    });
  }

  usage(): { today: number; dailyLimit: number; resetsAt: Date } {
    const now = this.now();
    this.rollDay(now);
    return { today: this.today, dailyLimit: this.dailyLimit, resetsAt: nextUtcMidnight(now) };
  }

  /** The latest moment a slot's request can have reached the API. */
  private stamp(slot: Slot): number {
    return Math.min(slot.settledAt, slot.grantedAt + this.maxInFlightMs);
  }

  /** How long until the window has room (0 = now); drops slots that no longer count. */
  private waitMs(at: number): number {
    if (this.slots.length < this.perWindow) return 0;
    this.slots = this.slots.filter((s) => this.stamp(s) + this.spacingMs > at);
    if (this.slots.length < this.perWindow) return 0;
    let earliest = Number.POSITIVE_INFINITY;
    for (const s of this.slots) earliest = Math.min(earliest, this.stamp(s));
    return earliest + this.spacingMs - at;
  }

  /** Counts one request, or throws QuotaExceededError (without taking a slot) when the day is spent. */
  private grant(): BudgetTicket {
    const now = this.now();
    this.rollDay(now);
    if (this.today >= this.dailyLimit) throw quotaExceeded(nextUtcMidnight(now));
    this.today++;
    const slot: Slot = { grantedAt: this.monotonic(), settledAt: Number.POSITIVE_INFINITY };
    this.slots.push(slot);
    return {
      done: () => {
        if (slot.settledAt !== Number.POSITIVE_INFINITY) return;
        slot.settledAt = this.monotonic();
        if (this.queue.length > 0) this.drain();
      },
    };
  }

  private rollDay(now: Date): void {
    const day = now.toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.today = 0;
    }
  }

  /** Serves waiters in order while the window has room, then sleeps until it will. */
  private drain(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0) {
      const wait = this.waitMs(this.monotonic());
      if (wait > 0) {
        // Settling an in-flight ticket also drains, so a long wait is re-evaluated early.
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, Math.ceil(wait));
        return;
      }
      const waiter = this.queue.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      try {
        waiter.resolve(this.grant());
      } catch (err) {
        waiter.reject(err);
      }
    }
  }
}

export function createRequestBudget(options: BudgetOptions = {}): InProcessBudget {
  return new InProcessBudget(options);
}
