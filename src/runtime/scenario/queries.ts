import type Database from 'better-sqlite3';
import { readIncomplete, readRun, type IncompleteRow, type RunRow } from './rows.js';
import type { IncompleteExecution, IncompleteFilter, RunFilter, RunRecord } from './types.js';

/** The ledger's filtered listings and its retention (queries built from the filter given). */

class Where {
  readonly clauses: string[] = [];
  readonly args: unknown[] = [];
  add(clause: string, ...values: unknown[]): void {
    this.clauses.push(clause);
    this.args.push(...values);
  }
  in(column: string, values: readonly unknown[]): void {
    if (values.length) this.add(`${column} IN (${values.map(() => '?').join(',')})`, ...values);
  }
  toString(): string {
    return this.clauses.length ? ` WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function listRuns(db: Database.Database, filter: RunFilter): RunRecord[] {
  const where = new Where();
  if (filter.scenario) where.add('scenario = ?', filter.scenario);
  where.in('status', list(filter.status));
  if (filter.trigger) where.add('trigger = ?', filter.trigger);
  if (filter.before) where.add('started_at < ?', filter.before);
  const sql = `SELECT * FROM scenario_runs${where} ORDER BY started_at DESC, id DESC LIMIT ?`;
  return (db.prepare(sql).all(...where.args, filter.limit ?? 50) as RunRow[]).map(readRun);
}

export function listIncompletes(db: Database.Database, filter: IncompleteFilter): IncompleteExecution[] {
  const where = new Where();
  if (filter.scenario) where.add('i.scenario = ?', filter.scenario);
  where.in('i.status', list(filter.status));
  const sql =
    `SELECT i.*, LENGTH(b.data) AS size FROM scenario_incompletes i ` +
    `JOIN scenario_bundles b ON b.id = i.bundle_id${where} ORDER BY i.created_at, i.id LIMIT ?`;
  return (db.prepare(sql).all(...where.args, filter.limit ?? 500) as IncompleteRow[]).map(readIncomplete);
}

/** Deletes runs (with their operations and settled bundles) started before `before`. */
export function pruneRuns(db: Database.Database, before: string, scenario?: string): number {
  return db.transaction(() => {
    const runs = db
      .prepare(
        `SELECT id FROM scenario_runs WHERE started_at < ? ` +
          `AND status != 'running'${scenario ? ' AND scenario = ?' : ''}`,
      )
      .all(...(scenario ? [before, scenario] : [before])) as { id: string }[];
    const dropOps = db.prepare('DELETE FROM scenario_operations WHERE run_id = ?');
    // A bundle still needed (an unresolved incomplete execution, or an event's dedupe record) stays.
    const dropBundles = db.prepare(
      `DELETE FROM scenario_bundles WHERE run_id = ? AND status IN ('done', 'failed')
         AND id NOT IN (SELECT bundle_id FROM scenario_incompletes WHERE status = 'unresolved')`,
    );
    const dropRun = db.prepare('DELETE FROM scenario_runs WHERE id = ?');
    for (const r of runs) {
      dropOps.run(r.id);
      dropBundles.run(r.id);
      dropRun.run(r.id);
    }
    return runs.length;
  })();
}
