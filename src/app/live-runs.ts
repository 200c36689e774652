import type { RunRecord, ScenarioEvent } from '../runtime/scenario/index.js';

/** A run started from the page: its events so far, for "Run once" to show as they happen. */
interface LiveRun {
  events: ScenarioEvent[];
  done: boolean;
  error?: unknown;
  finishedAt?: number;
}

/** Finished runs stay readable this long (the inspector reads the ledger after that). */
const KEEP_MS = 10 * 60_000;

/**
 * Runs started by the page, keyed by run id. The library reports each step through `onEvent`; the page
 * polls `events(id, after)` for what it has not seen. The ledger stays the record: this is only the
 * live view.
 */
export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();

  /** Starts `run` and resolves with its id once the library has recorded it (or with its failure). */
  start(run: (onEvent: (event: ScenarioEvent) => void) => Promise<RunRecord>): Promise<string> {
    this.forgetOld();
    const live: LiveRun = { events: [], done: false };
    return new Promise<string>((resolve, reject) => {
      let id: string | undefined;
      const onEvent = (event: ScenarioEvent): void => {
        live.events.push(event);
        if (id === undefined && event.type === 'run-started') {
          id = event.run.id;
          this.runs.set(id, live);
          resolve(id);
        }
      };
      run(onEvent)
        .then((record) => {
          if (id === undefined) {
            // skipped runs finish without a run-started event
            id = record.id;
            this.runs.set(id, live);
            resolve(id);
          }
        })
        .catch((err: unknown) => {
          live.error = err;
          if (id === undefined) reject(err);
        })
        .finally(() => {
          live.done = true;
          live.finishedAt = Date.now();
        });
    });
  }

  events(id: string, after: number): { events: ScenarioEvent[]; done: boolean; known: boolean } {
    const live = this.runs.get(id);
    if (!live) return { events: [], done: true, known: false };
    return { events: live.events.slice(after), done: live.done, known: true };
  }

  private forgetOld(): void {
    const now = Date.now();
    for (const [id, live] of this.runs)
      if (live.finishedAt !== undefined && now - live.finishedAt > KEEP_MS) this.runs.delete(id);
  }
}
