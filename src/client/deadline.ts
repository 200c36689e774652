/**
 * How long the client waits for one attempt: `race` settles with the awaited promise, or rejects once
 * the timeout passes (then `expired` is true) or the caller's signal aborts (with its reason). It does
 * not cancel anything itself: the caller's signal also goes to fetch, and the transport closes the
 * connection of an expired attempt (transport.ts).
 *
 * One pending race at a time; a promise that loses the race still has its rejection handled, so a
 * late failure is never unhandled.
 */
export class Deadline {
  expired = false;
  /** When it expires, on the performance.now() clock. */
  readonly at: number;
  private reject: ((reason: unknown) => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly timeoutMs: number,
    signal?: AbortSignal,
  ) {
    this.at = performance.now() + timeoutMs;
    watch(this);
    if (signal) {
      this.signal = signal;
      this.onAbort = () => this.reject?.(signal.reason);
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.signal?.aborted || this.expired) {
      promise.catch(() => {}); // lost before it started: its own failure must not go unhandled
      return Promise.reject(this.signal?.aborted ? (this.signal.reason as Error) : this.timeoutError());
    }
    return new Promise<T>((resolve, reject) => {
      this.reject = reject;
      promise.then(resolve, reject);
    });
  }

  /** Called by the sweep once `at` has passed. */
  expire(): void {
    this.expired = true;
    this.reject?.(this.timeoutError());
  }

  clear(): void {
    unwatch(this);
    this.reject = undefined;
    if (this.signal && this.onAbort) this.signal.removeEventListener('abort', this.onAbort);
  }

  private timeoutError(): Error {
    return new Error(`no answer within ${this.timeoutMs} ms`);
  }
}

/*
 * One timer for every deadline of the process instead of one per attempt: it stays armed for the
 * earliest deadline and is moved only when a new deadline comes earlier (most attempts end long
 * before their deadline, so a finished attempt leaves the timer alone). It holds the process open
 * only while some attempt is waiting, as a per-attempt timer would.
 */
const active = new Set<Deadline>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Number.POSITIVE_INFINITY;

function watch(deadline: Deadline): void {
  active.add(deadline);
  if (timer && timerAt <= deadline.at) {
    if (active.size === 1) timer.ref();
    return;
  }
  arm(deadline.at);
}

function unwatch(deadline: Deadline): void {
  if (active.delete(deadline) && active.size === 0 && timer) timer.unref();
}

function arm(at: number): void {
  if (timer) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(sweep, Math.max(1, Math.ceil(at - performance.now())));
}

function sweep(): void {
  timer = undefined;
  timerAt = Number.POSITIVE_INFINITY;
  const now = performance.now();
  let next = Number.POSITIVE_INFINITY;
  for (const deadline of active) {
    if (deadline.at <= now) {
      active.delete(deadline);
      deadline.expire();
    } else if (deadline.at < next) next = deadline.at;
  }
  if (next !== Number.POSITIVE_INFINITY) arm(next);
}
