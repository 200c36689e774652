import type Database from 'better-sqlite3';
import { capPayload, fullPayload } from './payload.js';
import { readOperation, type OperationRow } from './rows.js';
import type { OperationRecord, OperationStatus, SerializedError } from './types.js';

/**
 * The operations' rows in the ledger. An API operation is written twice, before (status running,
 * with its input) and after; a pure one (compose, iterator, a filter that stops the bundle, an
 * aggregation) once, when it ends, since nothing of it can be half done. The row last written is
 * kept, so that reporting it to a listener right away needs no read back.
 */

export interface OperationStart {
  runId: string;
  bundleId: number | null;
  cycle: number;
  moduleId: number;
  module: string;
  path: string;
  input: unknown;
  attempt: number;
  confidential: boolean;
}

export interface OperationEnd {
  status: OperationStatus;
  /** The module's outputs (every bundle); stored in full until the bundle is done. */
  outputs?: unknown[];
  /** What the inspector shows as output (one bundle, or the list). */
  shown?: unknown;
  filterPassed?: boolean | null;
  requests: number;
  error?: SerializedError | null;
  durationMs: number;
  warnings?: string[];
  confidential: boolean;
}

const NOTHING = { text: null, truncated: false };

export class OperationLog {
  private readonly s;
  private last: OperationRow | undefined;

  constructor(db: Database.Database) {
    const columns =
      'run_id, bundle_id, cycle, module_id, module, path, status, input, output, result, output_count, ' +
      'filter_passed, requests, error, attempt, started_at, duration_ms, warnings, truncated';
    this.s = {
      insert: db.prepare(`INSERT INTO scenario_operations (${columns}) VALUES (${columns.replace(/\w+/g, '?')})`),
      finish: db.prepare(
        `UPDATE scenario_operations SET status = ?, output = ?, result = ?, output_count = ?, filter_passed = ?,
         requests = ?, error = ?, duration_ms = ?, warnings = ?, truncated = MAX(truncated, ?) WHERE id = ?`,
      ),
      dropResult: db.prepare('UPDATE scenario_operations SET result = NULL WHERE id = ?'),
      byId: db.prepare<[number], OperationRow>('SELECT * FROM scenario_operations WHERE id = ?'),
    };
  }

  /** The record before the operation runs: status running. */
  start(o: OperationStart): number {
    const input = o.confidential ? NOTHING : capPayload(o.input);
    const row = startRow(o, input.text, input.truncated);
    return this.insert(row, null);
  }

  /** The record after it ran. */
  finish(id: number, e: OperationEnd): void {
    const shown = e.confidential ? NOTHING : capPayload(e.shown);
    const result = e.outputs === undefined ? null : fullPayload(e.outputs);
    const end = endColumns(e, shown.text);
    this.s.finish.run(
      end.status,
      end.output,
      result,
      end.output_count,
      end.filter_passed,
      end.requests,
      end.error,
      end.duration_ms,
      end.warnings,
      shown.truncated ? 1 : 0,
      id,
    );
    if (this.last?.id === id)
      this.last = { ...this.last, ...end, truncated: Math.max(this.last.truncated, shown.truncated ? 1 : 0) };
    else this.last = undefined;
  }

  /** A pure operation, recorded once it ended. */
  record(o: OperationStart, e: OperationEnd): number {
    const input = o.confidential ? NOTHING : capPayload(o.input);
    const shown = e.confidential ? NOTHING : capPayload(e.shown);
    const row: Omit<OperationRow, 'id'> = {
      ...startRow(o, input.text, input.truncated || shown.truncated),
      ...endColumns(e, shown.text),
    };
    return this.insert(row, e.outputs === undefined ? null : fullPayload(e.outputs));
  }

  /** A trigger operation's full result is not needed to continue anything. */
  dropResult(id: number): void {
    this.s.dropResult.run(id);
  }

  get(id: number): OperationRecord {
    const row = this.last?.id === id ? this.last : (this.s.byId.get(id) as OperationRow);
    return readOperation(row);
  }

  private insert(row: Omit<OperationRow, 'id'>, result: string | null): number {
    const info = this.s.insert.run(
      row.run_id,
      row.bundle_id,
      row.cycle,
      row.module_id,
      row.module,
      row.path,
      row.status,
      row.input,
      row.output,
      result,
      row.output_count,
      row.filter_passed,
      row.requests,
      row.error,
      row.attempt,
      row.started_at,
      row.duration_ms,
      row.warnings,
      row.truncated,
    );
    const id = Number(info.lastInsertRowid);
    this.last = { ...row, id };
    return id;
  }
}

function startRow(o: OperationStart, input: string | null, truncated: boolean): Omit<OperationRow, 'id'> {
  return {
    run_id: o.runId,
    bundle_id: o.bundleId,
    cycle: o.cycle,
    module_id: o.moduleId,
    module: o.module,
    path: o.path,
    status: 'running',
    input,
    output: null,
    output_count: 0,
    filter_passed: null,
    requests: 0,
    error: null,
    attempt: o.attempt,
    started_at: new Date().toISOString(),
    duration_ms: null,
    warnings: null,
    truncated: truncated ? 1 : 0,
  };
}

function endColumns(e: OperationEnd, output: string | null) {
  return {
    status: e.status,
    output,
    output_count: e.outputs?.length ?? 0,
    filter_passed: e.filterPassed === undefined || e.filterPassed === null ? null : e.filterPassed ? 1 : 0,
    requests: e.requests,
    error: e.error ? JSON.stringify(e.error) : null,
    duration_ms: e.durationMs,
    warnings: e.warnings?.length ? JSON.stringify(e.warnings) : null,
  };
}
