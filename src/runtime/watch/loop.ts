import { CtctApiError, NetworkError, TimeoutError } from '../../client/errors.js';
import type { CycleReport, WatchConsumer, Watcher } from './watcher.js';

export interface LoopOptions {
  /** Pause between the end of one cycle and the start of the next. */
  everyMs: number;
  /** Run one cycle and return. */
  once?: boolean;
  /** Stops the loop between two events (or during a pause or a fetch). */
  signal?: AbortSignal;
  onCycle?: (report: CycleReport) => void;
  /** A transient failure (network, timeout, 5xx): the loop reports it and polls again next time. */
  onTransientError?: (error: unknown) => void;
}

/**
 * Polls until stopped. Transient failures are reported and retried at the next interval (the state is
 * consistent after any failure); anything else (bad token, bad input, a consumer that refuses) ends the
 * loop with that error. With `once`, every failure is returned to the caller.
 */
export async function runWatchLoop(watcher: Watcher, consumer: WatchConsumer, options: LoopOptions): Promise<void> {
  const { signal } = options;
  for (;;) {
    if (signal?.aborted) return;
    try {
      const report = await watcher.cycle(consumer, signal ? { signal } : {});
      options.onCycle?.(report);
    } catch (err) {
      if (signal?.aborted) return;
      if (options.once || !isTransient(err)) throw err;
      options.onTransientError?.(err);
    }
    if (options.once || signal?.aborted) return;
    await pause(options.everyMs, signal);
  }
}

/** Failures that say nothing about the watch itself: the next poll may well succeed. */
export function isTransient(err: unknown): boolean {
  if (err instanceof NetworkError || err instanceof TimeoutError) return true;
  return err instanceof CtctApiError && err.status !== undefined && (err.status >= 500 || err.status === 429);
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
