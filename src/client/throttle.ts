import { nextUtcMidnight, quotaExceeded } from './errors.js';
import type { BudgetTicket, RequestBudget } from './types.js';

/**
 * The in-process request budget (facts §8.1): never more than 4 requests in any sliding one-second
 * window at the API, whatever the number of concurrent callers, and at most 10,000 per UTC day.
 *
 * The API counts a request when it arrives, which the client cannot see: arrival lies between the
 * grant `g` and the end of the exchange `r`. Each request gets a stamp `s`, the latest moment it can
 * have arrived, and a request is granted only while fewer than 4 stamps are younger than the window
 * (an unfinished request whose stamp is still ahead counts too).
 *
 * Why that holds at the server: take any 5 requests and let j be the one granted last. When j was
 * granted, the other 4 were already granted, so one of them, k, had s_k <= g_j - window. If every
 * request arrives by its stamp, a_j - a_k >= g_j - s_k >= window: the 5 never share a window.
 *
 * Which stamp: `r` is always a true bound, but waiting for it costs one round trip per slot (about
 * 4/(1 s + latency): 3.05/s against a server answering in 300 ms). Server time and the way back do
 * not matter to the API's count, only the way there, so a request sent on an already open connection
 * is stamped `min(r, g + arrivalAllowanceMs)`: the bound holds when the trip to the API takes less
 * than the allowance (100 ms: one-way latency to the API is tens of milliseconds), and the rate no
 * longer drops with latency (about 3.6/s at any latency). The allowance is NOT used, and `r` is the
 * stamp, when the trip may be longer:
 *  - when the request may need a new connection (DNS, TCP and TLS first): the budget assumes an idle
 *    open connection exists only while fewer requests are in flight than were in flight at once
 *    within the last `keepAliveMs` (those connections are still open: HTTP servers keep idle
 *    connections for seconds, Node's fetch reuses them); so the first requests of a run, and every
 *    request past the pool's recent size, count until their answers;
 *  - for `cooldownMs` after any 429: the API saw a crowded window (a slow trip, or another process of
 *    the same application), so the budget falls back to the hard bound. The client waits and retries
 *    a `429 throttled`, so even then a run does not fail.
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
   * The longest a request on an open connection may take to reach the API, counted from its grant
   * (default 100 ms). 0 turns the allowance off: every request counts until its exchange ends.
   */
  arrivalAllowanceMs?: number;
  /** How long a connection that carried a request is assumed to stay open when idle (default 2,000 ms). */
  keepAliveMs?: number;
  /** How long after a 429 every request counts until its exchange ends (default 60,000 ms). */
  cooldownMs?: number;
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
  /** When the exchange ended; Infinity while in flight. */
  settledAt: number;
  /** How long after the grant the request surely reached the API, even unsettled. */
  boundMs: number;
}

export class InProcessBudget implements RequestBudget {
  private readonly perWindow: number;
  private readonly spacingMs: number;
  private readonly dailyLimit: number;
  private readonly allowanceMs: number;
  private readonly keepAliveMs: number;
  private readonly cooldownMs: number;
  private readonly maxInFlightMs: number;
  private readonly monotonic: () => number;
  private readonly now: () => Date;
  /** Requests that still count against the window, in grant order. */
  private slots: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private day = '';
  private today = 0;
  /** Requests granted and not yet settled. */
  private inFlight = 0;
  /** At each settle, how many requests were in flight at once: that many connections were open then. */
  private busyAt: { at: number; busy: number }[] = [];
  private lastThrottledAt = Number.NEGATIVE_INFINITY;

  constructor(options: BudgetOptions = {}) {
    this.perWindow = options.perWindow ?? 4;
    this.spacingMs = (options.windowMs ?? 1_000) + (options.marginMs ?? 5);
    this.dailyLimit = options.dailyLimit ?? 10_000;
    this.allowanceMs = options.arrivalAllowanceMs ?? 100;
    this.keepAliveMs = options.keepAliveMs ?? 2_000;
    this.cooldownMs = options.cooldownMs ?? 60_000;
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
    return Math.min(slot.settledAt, slot.grantedAt + slot.boundMs);
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

  /**
   * Whether a request granted now surely goes out on an open idle connection: fewer requests are in
   * flight than were in flight at once within the last keepAliveMs (those connections are still open).
   */
  private idleConnectionLikely(at: number): boolean {
    this.busyAt = this.busyAt.filter((b) => b.at >= at - this.keepAliveMs);
    let pool = 0;
    for (const b of this.busyAt) pool = Math.max(pool, b.busy);
    return this.inFlight < pool;
  }

  /** Counts one request, or throws QuotaExceededError (without taking a slot) when the day is spent. */
  private grant(): BudgetTicket {
    const now = this.now();
    this.rollDay(now);
    if (this.today >= this.dailyLimit) throw quotaExceeded(nextUtcMidnight(now));
    this.today++;
    const at = this.monotonic();
    const bounded =
      this.allowanceMs > 0 && at - this.lastThrottledAt >= this.cooldownMs && this.idleConnectionLikely(at);
    const slot: Slot = {
      grantedAt: at,
      settledAt: Number.POSITIVE_INFINITY,
      boundMs: bounded ? this.allowanceMs : this.maxInFlightMs,
    };
    this.slots.push(slot);
    this.inFlight++;
    return {
      done: (answer) => {
        if (slot.settledAt !== Number.POSITIVE_INFINITY) return;
        const end = this.monotonic();
        slot.settledAt = end;
        this.busyAt.push({ at: end, busy: this.inFlight });
        this.inFlight--;
        if (answer?.status === 429) this.lastThrottledAt = end;
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
