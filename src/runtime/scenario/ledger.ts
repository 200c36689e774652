import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { IncompleteLedger } from './incompletes.js';
import { newId } from './ids.js';
import { fullPayload } from './payload.js';
import type {
  OperationRecord,
  OperationStatus,
  RunFilter,
  RunRecord,
  RunStatus,
  RunTrigger,
  SerializedError,
} from './types.js';
import { listRuns, pruneRuns } from './queries.js';
import { WriteGroup } from './write-group.js';
import { OperationLog, type OperationEnd, type OperationStart } from './operation-log.js';
import { readOperation, readRun, type OperationRow, type RunRow } from './rows.js';

/**
 * The scenario ledger: runs, bundles, operations, the aggregation buffer and incomplete executions,
 * in the watch state's database. Writes are small transactions made at the points crash safety needs
 * (README.md, "Records and crash safety"); reads return the public records of types.ts.
 */

export type BundleKind = 'event' | 'single' | 'chunk' | 'replay';
export type BundleStatus = 'processing' | 'done' | 'incomplete' | 'failed';

export interface BundleRow {
  id: number;
  scenario: string;
  run_id: string;
  cycle: number;
  kind: BundleKind;
  event_key: string | null;
  start_module: number;
  data: string;
  status: BundleStatus;
}

/** An operation as the walker needs it to continue a bundle: status and full result. */
export interface LedgerStep {
  id: number;
  status: OperationStatus;
  result: unknown;
  attempt: number;
  input: string | null;
}

export type { OperationEnd, OperationStart } from './operation-log.js';

export { AUTO_RETRY_SCHEDULE_MS, isAutoRetried } from './incompletes.js';

export class Ledger extends IncompleteLedger {
  private readonly s;
  /** Group commit for pure work (write-group.ts). */
  readonly writes: WriteGroup;
  private readonly operations: OperationLog;
  private readonly transactions = new Map<(...args: never[]) => unknown, (...args: never[]) => unknown>();

  constructor(db: Database.Database) {
    super(db);
    this.writes = new WriteGroup(db);
    this.operations = new OperationLog(db);
    this.s = {
      insertRun: db.prepare(
        `INSERT INTO scenario_runs (id, scenario, version, trigger, incomplete_id, status, started_at, owner_pid, owner_host)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
      ),
      run: db.prepare<[string], RunRow>('SELECT * FROM scenario_runs WHERE id = ?'),
      addToRun: db.prepare(
        `UPDATE scenario_runs SET cycles = MAX(cycles, ?), bundles = bundles + ?, operations = operations + ?,
         requests = requests + ?, incompletes = incompletes + ? WHERE id = ?`,
      ),
      finishRun: db.prepare('UPDATE scenario_runs SET status = ?, error = ?, ended_at = ? WHERE id = ?'),
      recovered: db.prepare(
        `UPDATE scenario_runs SET status = 'interrupted', recovered = 1, owner_pid = NULL, ended_at = COALESCE(ended_at, ?) WHERE id = ?`,
      ),
      adoptRun: db.prepare('UPDATE scenario_runs SET owner_pid = ?, owner_host = ? WHERE id = ?'),
      open: db.prepare<[string], RunRow>(
        `SELECT * FROM scenario_runs WHERE scenario = ? AND status IN ('running', 'interrupted') AND recovered = 0 ORDER BY started_at`,
      ),
      insertBundle: db.prepare(
        `INSERT OR IGNORE INTO scenario_bundles (scenario, run_id, cycle, kind, event_key, start_module, data, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'processing')`,
      ),
      bundle: db.prepare<[number], BundleRow>('SELECT * FROM scenario_bundles WHERE id = ?'),
      eventBundle: db.prepare<[string, string], BundleRow>(
        'SELECT * FROM scenario_bundles WHERE scenario = ? AND event_key = ?',
      ),
      openBundles: db.prepare<[string], BundleRow>(
        `SELECT * FROM scenario_bundles WHERE run_id = ? AND status = 'processing' ORDER BY id`,
      ),
      setBundle: db.prepare('UPDATE scenario_bundles SET status = ?, run_id = ? WHERE id = ?'),
      dropResults: db.prepare(
        'UPDATE scenario_operations SET result = NULL WHERE bundle_id = ? AND result IS NOT NULL',
      ),
      stepsOf: db.prepare<
        [number],
        {
          id: number;
          path: string;
          status: OperationStatus;
          result: string | null;
          attempt: number;
          input: string | null;
        }
      >('SELECT id, path, status, result, attempt, input FROM scenario_operations WHERE bundle_id = ? ORDER BY id'),
      opsOfRun: db.prepare<[string], OperationRow>('SELECT * FROM scenario_operations WHERE run_id = ? ORDER BY id'),
      buffer: db.prepare('INSERT INTO scenario_buffer (scenario, module_id, value) VALUES (?, ?, ?)'),
      bufferCount: db.prepare<[string, number], { n: number }>(
        'SELECT COUNT(*) AS n FROM scenario_buffer WHERE scenario = ? AND module_id = ?',
      ),
      bufferTake: db.prepare<[string, number, number], { id: number; value: string }>(
        'SELECT id, value FROM scenario_buffer WHERE scenario = ? AND module_id = ? ORDER BY id LIMIT ?',
      ),
      bufferDrop: db.prepare('DELETE FROM scenario_buffer WHERE scenario = ? AND module_id = ? AND id <= ?'),
      recordVersion: db.prepare(
        'INSERT OR IGNORE INTO scenario_versions (scenario, version, text, recorded_at) VALUES (?, ?, ?, ?)',
      ),
      versionText: db.prepare<[string, string], { text: string }>(
        'SELECT text FROM scenario_versions WHERE scenario = ? AND version = ?',
      ),
    };
  }

  // ---- runs

  createRun(scenario: string, version: string, trigger: RunTrigger, incompleteId: string | null): RunRecord {
    const id = newId('r');
    this.s.insertRun.run(
      id,
      scenario,
      version,
      trigger,
      incompleteId,
      new Date().toISOString(),
      process.pid,
      hostname(),
    );
    return this.run(id) as RunRecord;
  }

  run(id: string): RunRecord | undefined {
    const row = this.s.run.get(id);
    return row ? readRun(row) : undefined;
  }

  addToRun(
    id: string,
    add: { cycle?: number; bundles?: number; operations?: number; requests?: number; incompletes?: number },
  ): void {
    this.s.addToRun.run(
      add.cycle ?? 0,
      add.bundles ?? 0,
      add.operations ?? 0,
      add.requests ?? 0,
      add.incompletes ?? 0,
      id,
    );
  }

  finishRun(id: string, status: RunStatus, error: SerializedError | null): RunRecord {
    this.s.finishRun.run(status, error ? JSON.stringify(error) : null, new Date().toISOString(), id);
    return this.run(id) as RunRecord;
  }

  /** Runs a crash (process gone) or a signal interrupted and no later run has finished yet. */
  interruptedRuns(scenario: string): RunRecord[] {
    return this.s.open
      .all(scenario)
      .filter((r) => r.status === 'interrupted' || !processIsLive(r.owner_pid, r.owner_host))
      .map(readRun);
  }

  /** An interrupted run whose bundles were finished by a later run: it stays 'interrupted' but is no longer open. */
  markRecovered(id: string): void {
    this.s.recovered.run(new Date().toISOString(), id);
  }

  adoptRun(id: string): void {
    this.s.adoptRun.run(process.pid, hostname(), id);
  }

  listRuns(filter: RunFilter = {}): RunRecord[] {
    return listRuns(this.db, filter);
  }

  operationsOfRun(runId: string): OperationRecord[] {
    return this.s.opsOfRun.all(runId).map(readOperation);
  }

  // ---- bundles

  /** Creates a bundle (for an event: once; a second claim of the same event returns the first). */
  claimBundle(b: {
    scenario: string;
    runId: string;
    cycle: number;
    kind: BundleKind;
    eventKey: string | null;
    startModule: number;
    data: unknown;
  }): BundleRow {
    const data = fullPayload(b.data);
    const info = this.s.insertBundle.run(b.scenario, b.runId, b.cycle, b.kind, b.eventKey, b.startModule, data);
    if (info.changes === 1)
      return {
        id: Number(info.lastInsertRowid),
        scenario: b.scenario,
        run_id: b.runId,
        cycle: b.cycle,
        kind: b.kind,
        event_key: b.eventKey,
        start_module: b.startModule,
        data,
        status: 'processing',
      };
    return this.s.eventBundle.get(b.scenario, b.eventKey as string) as BundleRow;
  }

  /** After a trigger reset its events may come again: their old bundles no longer stand for them. */
  forgetEventKeys(scenario: string, prefix: string): void {
    this.db
      .prepare(
        `UPDATE scenario_bundles SET event_key = NULL WHERE scenario = ? AND substr(event_key, 1, ?) = ? AND status != 'processing'`,
      )
      .run(scenario, prefix.length, prefix);
  }

  bundle(id: number): BundleRow | undefined {
    return this.s.bundle.get(id);
  }

  eventBundle(scenario: string, eventKey: string): BundleRow | undefined {
    return this.s.eventBundle.get(scenario, eventKey);
  }

  openBundles(runId: string): BundleRow[] {
    return this.s.openBundles.all(runId);
  }

  /** Settles a bundle; a finished one no longer needs its full results (the capped copies stay). */
  settleBundle(id: number, status: BundleStatus, runId: string): void {
    this.atomically(settleBundleRows, this.s, id, status, runId);
  }

  /**
   * Runs `body` in one transaction (a savepoint inside another). `body` must be one function for
   * every call, not a fresh closure: its transaction wrapper is made once and kept.
   */
  atomically<A extends unknown[], R>(body: (...args: A) => R, ...args: A): R {
    let wrapped = this.transactions.get(body as (...args: never[]) => unknown);
    if (!wrapped) {
      wrapped = this.db.transaction(body) as unknown as (...args: never[]) => unknown;
      this.transactions.set(body as (...args: never[]) => unknown, wrapped);
    }
    return (wrapped as unknown as (...args: A) => R)(...args);
  }

  /** The bundle's operations by path (the latest attempt at each), to continue it after a crash or an error. */
  stepsOf(bundleId: number): Map<string, LedgerStep> {
    const steps = new Map<string, LedgerStep>();
    for (const r of this.s.stepsOf.all(bundleId))
      steps.set(r.path, {
        id: r.id,
        status: r.status,
        result: r.result === null ? undefined : JSON.parse(r.result),
        attempt: r.attempt,
        input: r.input,
      });
    return steps;
  }

  // ---- operations

  startOperation(o: OperationStart): number {
    return this.operations.start(o);
  }

  finishOperation(id: number, e: OperationEnd): void {
    this.operations.finish(id, e);
  }

  /** A pure operation (nothing leaves the process), written once it ended. */
  recordOperation(o: OperationStart, e: OperationEnd): number {
    return this.operations.record(o, e);
  }

  /** A trigger operation's full result is not needed to continue anything. */
  settleTriggerOp(id: number): void {
    this.operations.dropResult(id);
  }

  operation(id: number): OperationRecord {
    return this.operations.get(id);
  }

  // ---- aggregation buffer (an aggregator whose source is the trigger collects across a cycle)

  bufferValue(scenario: string, moduleId: number, value: unknown): void {
    this.s.buffer.run(scenario, moduleId, fullPayload(value));
  }

  bufferCount(scenario: string, moduleId: number): number {
    return (this.s.bufferCount.get(scenario, moduleId) as { n: number }).n;
  }

  /** Moves up to `max` buffered values into a new chunk bundle, in one transaction. */
  takeChunk(scenario: string, moduleId: number, max: number, runId: string, cycle: number): BundleRow | undefined {
    return this.db.transaction(() => {
      const rows = this.s.bufferTake.all(scenario, moduleId, max);
      if (rows.length === 0) return undefined;
      const values = rows.map((r) => JSON.parse(r.value) as unknown);
      this.s.bufferDrop.run(scenario, moduleId, (rows[rows.length - 1] as { id: number }).id);
      return this.claimBundle({
        scenario,
        runId,
        cycle,
        kind: 'chunk',
        eventKey: null,
        startModule: moduleId,
        data: { array: values, count: values.length },
      });
    })();
  }

  // ---- versions

  recordVersion(scenario: string, version: string, text: string): void {
    this.s.recordVersion.run(scenario, version, text, new Date().toISOString());
  }

  versionText(scenario: string, version: string): string | undefined {
    return this.s.versionText.get(scenario, version)?.text;
  }

  /** Deletes runs (with their operations and settled bundles) started before `before`. */
  prune(before: string, scenario?: string): number {
    return pruneRuns(this.db, before, scenario);
  }
}

function settleBundleRows(
  s: { setBundle: Database.Statement; dropResults: Database.Statement },
  id: number,
  status: BundleStatus,
  runId: string,
): void {
  s.setBundle.run(status, runId, id);
  if (status === 'done' || status === 'failed') s.dropResults.run(id);
}

/** A run's owner is live while its process runs (this host) or, elsewhere, always (no lease to judge by). */
export function processIsLive(pid: number | null, host: string | null): boolean {
  if (pid === null) return false;
  if (host !== hostname()) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
