import type Database from 'better-sqlite3';
import { LEDGER_SCHEMA } from './ledger-schema.js';
import { newId } from './ids.js';
import { listIncompletes } from './queries.js';
import { readIncomplete, type IncompleteRow } from './rows.js';
import type { IncompleteExecution, IncompleteFilter, IncompleteReason, SerializedError } from './types.js';

/**
 * Incomplete executions in the ledger: one per failed bundle, with its reason, its error and, for
 * connection, timeout and rate-limit errors, when the next automatic retry is due.
 */

const AUTO_RETRY_DELAYS_MS = [60_000, 600_000, 600_000, 1_800_000, 1_800_000, 1_800_000, 10_800_000, 10_800_000];
/** The automatic retry schedule after the original run: 1 min, 10, 10, 30, 30, 30 min, 3 h, 3 h. */
export const AUTO_RETRY_SCHEDULE_MS: readonly number[] = AUTO_RETRY_DELAYS_MS;

export function isAutoRetried(reason: IncompleteReason): boolean {
  return reason === 'connection' || reason === 'timeout' || reason === 'rate-limit';
}

/** Creates the ledger's tables, then serves the incomplete executions (Ledger adds the rest). */
export class IncompleteLedger {
  private readonly i;

  constructor(readonly db: Database.Database) {
    db.transaction(() => {
      for (const sql of LEDGER_SCHEMA) db.exec(sql);
    })();
    this.i = {
      insertIncomplete: db.prepare(
        `INSERT INTO scenario_incompletes (id, scenario, version, run_id, bundle_id, module_id, reason, error, status, ` +
          `attempts, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unresolved', 0, ?, ?, ?)`,
      ),
      incomplete: db.prepare<[string], IncompleteRow>(
        `SELECT i.*, LENGTH(b.data) AS size FROM scenario_incompletes i ` +
          `JOIN scenario_bundles b ON b.id = i.bundle_id WHERE i.id = ?`,
      ),
      incompleteOfBundle: db.prepare<[number], IncompleteRow>(
        `SELECT i.*, LENGTH(b.data) AS size FROM scenario_incompletes i JOIN scenario_bundles b ON b.id = i.bundle_id
         WHERE i.bundle_id = ? AND i.status = 'unresolved'`,
      ),
      updateIncomplete: db.prepare(
        `UPDATE scenario_incompletes SET status = ?, attempts = ?, next_attempt_at = ?, ` +
          `reason = ?, error = ?, module_id = ?, updated_at = ? WHERE id = ?`,
      ),
      due: db.prepare<[string], IncompleteRow>(
        `SELECT i.*, LENGTH(b.data) AS size FROM scenario_incompletes i JOIN scenario_bundles b ON b.id = i.bundle_id
         WHERE i.status = 'unresolved' AND i.next_attempt_at IS NOT NULL AND i.next_attempt_at <= ? ORDER BY i.next_attempt_at`,
      ),
      unresolvedCount: db.prepare<[string], { n: number }>(
        `SELECT COUNT(*) AS n FROM scenario_incompletes WHERE scenario = ? AND status = 'unresolved'`,
      ),
    };
  }

  // ---- incomplete executions

  storeIncomplete(i: {
    scenario: string;
    version: string;
    runId: string;
    bundleId: number;
    moduleId: number;
    reason: IncompleteReason;
    error: SerializedError;
  }): IncompleteExecution {
    const existing = this.i.incompleteOfBundle.get(i.bundleId);
    const now = new Date();
    if (existing) {
      // A bundle has one incomplete execution; a failed retry updates it (the schedule moves on).
      const attempts = existing.attempts + 1;
      const delay = isAutoRetried(i.reason) ? AUTO_RETRY_DELAYS_MS[attempts] : undefined;
      this.i.updateIncomplete.run(
        'unresolved',
        attempts,
        delay === undefined ? null : new Date(now.getTime() + delay).toISOString(),
        i.reason,
        JSON.stringify(i.error),
        i.moduleId,
        now.toISOString(),
        existing.id,
      );
      return this.incomplete(existing.id) as IncompleteExecution;
    }
    const id = newId('i');
    const next = isAutoRetried(i.reason)
      ? new Date(now.getTime() + (AUTO_RETRY_DELAYS_MS[0] as number)).toISOString()
      : null;
    this.i.insertIncomplete.run(
      id,
      i.scenario,
      i.version,
      i.runId,
      i.bundleId,
      i.moduleId,
      i.reason,
      JSON.stringify(i.error),
      next,
      now.toISOString(),
      now.toISOString(),
    );
    return this.incomplete(id) as IncompleteExecution;
  }

  openIncompleteOf(bundleId: number): IncompleteExecution | undefined {
    const row = this.i.incompleteOfBundle.get(bundleId);
    return row ? readIncomplete(row) : undefined;
  }

  incomplete(id: string): IncompleteExecution | undefined {
    const row = this.i.incomplete.get(id);
    return row ? readIncomplete(row) : undefined;
  }

  setIncompleteStatus(id: string, status: 'resolved' | 'discarded'): void {
    const row = this.i.incomplete.get(id);
    if (!row) return;
    this.i.updateIncomplete.run(
      status,
      row.attempts,
      null,
      row.reason,
      row.error,
      row.module_id,
      new Date().toISOString(),
      id,
    );
  }

  listIncompletes(filter: IncompleteFilter = {}): IncompleteExecution[] {
    return listIncompletes(this.db, filter);
  }

  dueIncompletes(now: Date): IncompleteExecution[] {
    return this.i.due.all(now.toISOString()).map(readIncomplete);
  }

  unresolvedCount(scenario: string): number {
    return (this.i.unresolvedCount.get(scenario) as { n: number }).n;
  }

  incompletesOfRun(runId: string): IncompleteExecution[] {
    const rows = this.db
      .prepare(
        `SELECT i.*, LENGTH(b.data) AS size FROM scenario_incompletes i ` +
          `JOIN scenario_bundles b ON b.id = i.bundle_id WHERE i.run_id = ? ORDER BY i.created_at`,
      )
      .all(runId) as IncompleteRow[];
    return rows.map(readIncomplete);
  }
}
