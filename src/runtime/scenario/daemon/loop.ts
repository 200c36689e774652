import type { PlanOptions } from '../schedule/index.js';
import { describeEntries, nextAt, scanScenarios, type Entry } from './table.js';
import type { DaemonEvent, DaemonLibrary } from './types.js';

export interface ServeOptions {
  library: DaemonLibrary;
  /** Aborting it stops the daemon: the operation in flight finishes, the run stops there, the loop ends. */
  stop: AbortSignal;
  onEvent?: (event: DaemonEvent) => void;
  /** The clock (default Date.now). */
  now?: () => number;
  /**
   * Waits until the clock has moved `ms` on or `signal` aborts (default: a timer). Tests on the
   * sandbox's clock pass one that advances that clock instead of waiting.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How often the directory is read again for new, edited, enabled or disabled scenarios (default 30 s). */
  rescanMs?: number;
  /** How often due incomplete executions are retried (default 60 s). */
  retryEveryMs?: number;
  /** How often old runs are pruned (default 6 h). */
  pruneEveryMs?: number;
  budget?: PlanOptions;
  /** Stop after this many scheduled runs (tests, `--runs`). */
  maxRuns?: number;
}

/** Waits `ms`, or less if `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(ms, 2_147_483_647));
    signal.addEventListener('abort', done, { once: true });
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * `ctct serve`'s loop: runs every enabled scenario on its schedule, one run at a time (the earliest
 * due first), all through the process's one request budget; retries due incomplete executions;
 * re-reads the directory so edits, enables and disables take effect without a restart. Returns when
 * `stop` aborts (after the run in flight has stopped at an operation boundary) or after `maxRuns`.
 */
export async function serveScenarios(options: ServeOptions): Promise<{ runs: number }> {
  const { library, stop } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? pause;
  const emit = (event: DaemonEvent): void => options.onEvent?.(event);
  const rescanMs = options.rescanMs ?? 30_000;
  const retryEveryMs = options.retryEveryMs ?? 60_000;
  const pruneEveryMs = options.pruneEveryMs ?? 6 * 3_600_000;
  const budget = options.budget ?? {};
  let runs = 0;

  emit({ type: 'serve-started', at: iso(now()) });
  // Runs a killed daemon left open are finished first, each at the operation it was in.
  const recovered = await library.recover({ signal: stop });
  if (recovered.length > 0) emit({ type: 'recovered', runs: recovered });

  let entries = new Map<string, Entry>();
  let lastPlanText = '';
  const invalidSeen = new Set<string>();
  let nextScanAt = 0;
  let nextRetryAt = now();
  let nextPruneAt = now();

  const scan = async (): Promise<void> => {
    const result = await scanScenarios(library, entries, now(), budget);
    const scheduleText = JSON.stringify([describeEntries(result.entries.values()), result.idle]);
    const changed = scheduleText !== lastPlanText;
    entries = result.entries;
    for (const bad of result.invalid) {
      const key = `${bad.name}@${bad.version}`;
      if (invalidSeen.has(key)) continue;
      invalidSeen.add(key);
      emit({ type: 'invalid', at: iso(now()), name: bad.name, problems: bad.problems });
    }
    if (changed) {
      lastPlanText = scheduleText;
      emit({ type: 'schedule', at: iso(now()), scenarios: describeEntries(entries.values()), idle: result.idle });
      emit({ type: 'budget', at: iso(now()), plan: result.plan });
    }
    nextScanAt = now() + rescanMs;
  };

  while (!stop.aborted) {
    if (now() >= nextScanAt) await scan();
    if (stop.aborted) break;
    if (now() >= nextRetryAt) {
      const results = await library.retryDue(new Date(now()), {
        signal: stop,
        onEvent: (event) => emit({ type: 'scenario-event', name: '(retry)', event }),
      });
      if (results.length > 0) emit({ type: 'retried', at: iso(now()), results });
      nextRetryAt = now() + retryEveryMs;
    }
    if (library.prune && now() >= nextPruneAt) {
      const pruned = await library.prune(new Date(now()));
      if (pruned > 0) emit({ type: 'pruned', at: iso(now()), runs: pruned });
      nextPruneAt = now() + pruneEveryMs;
    }
    const due = [...entries.values()]
      .filter((entry) => entry.nextAt !== null && entry.nextAt <= now())
      .sort((a, b) => a.nextAt! - b.nextAt!)[0];
    if (!due) {
      const soonest = Math.min(
        nextScanAt,
        nextRetryAt,
        ...[...entries.values()].map((entry) => entry.nextAt ?? Number.POSITIVE_INFINITY),
      );
      if (soonest > now()) await sleep(soonest - now(), stop);
      continue;
    }
    await runOne(due);
    runs += 1;
    if (options.maxRuns !== undefined && runs >= options.maxRuns) break;
  }
  if (stop.aborted) emit({ type: 'stopping', at: iso(now()), reason: String(stop.reason ?? 'stop requested') });
  emit({ type: 'stopped', at: iso(now()), runs });
  return { runs };

  async function runOne(entry: Entry): Promise<void> {
    emit({ type: 'run-due', at: iso(now()), name: entry.name, dueAt: iso(entry.nextAt!), catchUp: entry.catchUp });
    const startedAt = now();
    entry.lastStartAt = startedAt;
    entry.catchUp = false;
    try {
      const run = await library.runScenario(entry.name, {
        trigger: 'schedule',
        signal: stop,
        onEvent: (event) => emit({ type: 'scenario-event', name: entry.name, event }),
      });
      entry.nextAt = nextAt(entry, now());
      // The library disables a scenario after too many consecutive errors: stop scheduling it now.
      if (!library.state(entry.name).enabled) {
        entries.delete(entry.name);
        nextScanAt = now();
      }
      emit({
        type: 'run-finished',
        at: iso(now()),
        name: entry.name,
        run,
        nextRunAt: entry.nextAt === null ? null : iso(entry.nextAt),
      });
    } catch (error) {
      // A file that no longer loads or validates: say so, and try again at its next slot (it may be fixed).
      entry.nextAt = nextAt(entry, now());
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      emit({ type: 'run-failed', at: iso(now()), name: entry.name, error: { name, message } });
    }
  }
}
