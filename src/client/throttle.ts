import { nextUtcMidnight, quotaExceeded } from './errors.js';
import type { RequestBudget } from './types.js';

/**
 * The in-process request budget (facts §8.1): never more than 4 sends in any sliding one-second window,
 * whatever the number of concurrent callers, and at most 10,000 sends per UTC day.
 *
 * The window is a sliding log of the last N grant times (a ring of N entries): a send may go when the
 * oldest of the last N is a full window old. Waiters are served strictly in arrival order (FIFO), one
 * timer at a time. When the day's budget is spent, `acquire` rejects with `QuotaExceededError` before
 * anything is sent. A cross-process budget (SQLite) can replace this behind the same `RequestBudget`.
 */
export interface BudgetOptions {
  /** Sends allowed per window (default 4). */
  perWindow?: number;
  /** The window in ms (default 1,000). */
  windowMs?: number;
  /**
   * Extra spacing in ms added to the window (default 25): grants are counted when the client sends,
   * the API counts arrivals, and network jitter must not squeeze five arrivals into one second.
   */
  marginMs?: number;
  /** Sends allowed per UTC day (default 10,000). */
  dailyLimit?: number;
  /** Monotonic milliseconds for the window (default performance.now). */
  monotonic?: () => number;
  /** Wall clock for the UTC day (default new Date()). */
  now?: () => Date;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class InProcessBudget implements RequestBudget {
  private readonly perWindow: number;
  private readonly spacingMs: number;
  private readonly dailyLimit: number;
  private readonly monotonic: () => number;
  private readonly now: () => Date;
  /** Ring of the last `perWindow` grant times; `head` is the oldest once the ring is full. */
  private readonly grants: number[] = [];
  private head = 0;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private day = '';
  private today = 0;

  constructor(options: BudgetOptions = {}) {
    this.perWindow = options.perWindow ?? 4;
    this.spacingMs = (options.windowMs ?? 1_000) + (options.marginMs ?? 25);
    this.dailyLimit = options.dailyLimit ?? 10_000;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.now = options.now ?? (() => new Date());
    if (!(this.perWindow >= 1)) throw new RangeError('perWindow must be at least 1');
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.queue.length === 0 && this.waitMs(this.monotonic()) <= 0) {
      try {
        this.grant();
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<void>((resolve, reject) => {
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

  /** How long until the window has room (0 = now). */
  private waitMs(at: number): number {
    if (this.grants.length < this.perWindow) return 0;
    const oldest = this.grants[this.head] ?? 0;
    return oldest + this.spacingMs - at;
  }

  /** Counts one send, or throws QuotaExceededError (without using a window slot) when the day is spent. */
  private grant(): void {
    const now = this.now();
    this.rollDay(now);
    if (this.today >= this.dailyLimit) throw quotaExceeded(nextUtcMidnight(now));
    this.today++;
    const at = this.monotonic();
    if (this.grants.length < this.perWindow) this.grants.push(at);
    else {
      this.grants[this.head] = at;
      this.head = (this.head + 1) % this.perWindow;
    }
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
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, Math.ceil(wait));
        return;
      }
      const waiter = this.queue.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      try {
        this.grant();
        waiter.resolve();
      } catch (err) {
        waiter.reject(err);
      }
    }
  }
}

export function createRequestBudget(options: BudgetOptions = {}): RequestBudget {
  return new InProcessBudget(options);
}
