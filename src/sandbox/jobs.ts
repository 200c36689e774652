import type { Db } from './db.js';
import type { SandboxClock } from './clock.js';

/**
 * The sandbox's background work (bulk activities, list deletes, scheduled sends, the tracking
 * simulation). Jobs live in SQLite so a file-backed sandbox resumes them after a restart. A job is a
 * synchronous handler (SQLite is synchronous) that may enqueue follow-up jobs, which is how an
 * activity moves visibly from `initialized` to `processing` to `completed`: each step is one job.
 */
export type JobHandler = (payload: unknown, job: { id: number; kind: string; dueAt: number }) => void;

export interface JobEngine {
  register(kind: string, handler: JobHandler): void;
  /**
   * Queues work; it becomes due `delayMs` (default 0) after the sandbox clock's now, or at `at`. A job
   * queued by a running job counts its delay from the running job's due time instead: after a clock
   * jump, work then still happens in the order it would have in real time (an import accepted before
   * a scheduled send finishes before the send, not after it).
   */
  enqueue(kind: string, payload: unknown, options?: { delayMs?: number; at?: number }): number;
  /**
   * Runs every job that is due now and was queued before this call started; follow-ups queued by
   * those jobs wait for the next call. Returns how many ran.
   */
  runDue(): number;
  /** Runs due jobs, including follow-ups, until nothing is due. Returns how many ran. */
  drain(maxJobs?: number): number;
  /**
   * Runs due jobs, follow-ups included, until about `budgetMs` of real time is spent (at least one job
   * runs), and says whether due work remains. A served sandbox calls it again as soon as waiting
   * requests have been answered, so one long piece of work never holds a request up for long.
   */
  runFor(budgetMs: number): { ran: number; more: boolean };
  /** Jobs not yet run, due or not. */
  pendingCount(): number;
  /** Removes a pending job (e.g. an unscheduled send). */
  cancel(id: number): boolean;
}

export const jobsSchema = [
  `CREATE TABLE IF NOT EXISTS sandbox_jobs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     due_at INTEGER NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS sandbox_jobs_due ON sandbox_jobs(due_at, id)`,
];

export function createJobEngine(db: Db, clock: SandboxClock): JobEngine {
  const handlers = new Map<string, JobHandler>();
  const insert = db.prepare('INSERT INTO sandbox_jobs (kind, payload, due_at) VALUES (?, ?, ?)');
  const due = db.prepare(
    'SELECT id, kind, payload, due_at FROM sandbox_jobs WHERE due_at <= ? AND id <= ? ORDER BY due_at, id LIMIT 1',
  );
  const remove = db.prepare('DELETE FROM sandbox_jobs WHERE id = ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM sandbox_jobs');
  const maxId = db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM sandbox_jobs');

  /** Due time of the job whose handler is running (follow-ups count from it), else undefined. */
  let runningDueAt: number | undefined;

  const runOne = (ceilingId: number): boolean => {
    const row = due.get(clock.nowMs(), ceilingId) as
      { id: number; kind: string; payload: string; due_at: number } | undefined;
    if (!row) return false;
    const handler = handlers.get(row.kind);
    runningDueAt = row.due_at;
    try {
      db.transaction(() => {
        remove.run(row.id);
        if (handler) handler(JSON.parse(row.payload) as unknown, { id: row.id, kind: row.kind, dueAt: row.due_at });
      })();
    } finally {
      runningDueAt = undefined;
    }
    return true;
  };

  return {
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    enqueue(kind, payload, options = {}) {
      const at = options.at ?? (runningDueAt ?? clock.nowMs()) + (options.delayMs ?? 0);
      return Number(insert.run(kind, JSON.stringify(payload ?? null), Math.floor(at)).lastInsertRowid);
    },
    runDue() {
      const ceiling = (maxId.get() as { m: number }).m;
      let ran = 0;
      while (runOne(ceiling)) ran++;
      return ran;
    },
    drain(maxJobs = 1_000_000) {
      let ran = 0;
      while (ran < maxJobs && runOne(Number.MAX_SAFE_INTEGER)) ran++;
      return ran;
    },
    runFor(budgetMs) {
      const deadline = performance.now() + budgetMs;
      let ran = 0;
      while (runOne(Number.MAX_SAFE_INTEGER)) {
        ran++;
        if (performance.now() >= deadline) break;
      }
      return { ran, more: due.get(clock.nowMs(), Number.MAX_SAFE_INTEGER) !== undefined };
    },
    pendingCount() {
      return (count.get() as { n: number }).n;
    },
    cancel(id) {
      return remove.run(id).changes > 0;
    },
  };
}
