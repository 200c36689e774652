import type {
  IncompleteExecution,
  IncompleteReason,
  IncompleteStatus,
  OperationRecord,
  OperationStatus,
  RunRecord,
  RunStatus,
  RunTrigger,
  SerializedError,
} from './types.js';

/** SQLite rows of the ledger and their public records. */

export interface RunRow {
  id: string;
  scenario: string;
  version: string;
  trigger: string;
  incomplete_id: string | null;
  status: string;
  cycles: number;
  bundles: number;
  operations: number;
  requests: number;
  incompletes: number;
  error: string | null;
  started_at: string;
  ended_at: string | null;
  owner_pid: number | null;
  owner_host: string | null;
}

export interface OperationRow {
  id: number;
  run_id: string;
  bundle_id: number | null;
  cycle: number;
  module_id: number;
  module: string;
  path: string;
  status: string;
  input: string | null;
  output: string | null;
  output_count: number;
  filter_passed: number | null;
  requests: number;
  error: string | null;
  attempt: number;
  started_at: string;
  duration_ms: number | null;
  warnings: string | null;
  truncated: number;
}

export interface IncompleteRow {
  id: string;
  scenario: string;
  version: string;
  run_id: string;
  bundle_id: number;
  module_id: number;
  reason: string;
  error: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  size: number;
}

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function readRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    scenario: r.scenario,
    version: r.version,
    trigger: r.trigger as RunTrigger,
    incompleteId: r.incomplete_id,
    status: r.status as RunStatus,
    cycles: r.cycles,
    bundles: r.bundles,
    operations: r.operations,
    requests: r.requests,
    incompletes: r.incompletes,
    error: json(r.error) as SerializedError | null,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  };
}

export function readOperation(r: OperationRow): OperationRecord {
  return {
    id: r.id,
    runId: r.run_id,
    cycle: r.cycle,
    bundleId: r.bundle_id ?? 0,
    moduleId: r.module_id,
    module: r.module,
    path: r.path,
    status: r.status as OperationStatus,
    input: json(r.input),
    output: json(r.output),
    outputCount: r.output_count,
    filterPassed: r.filter_passed === null ? null : r.filter_passed === 1,
    requests: r.requests,
    error: json(r.error) as SerializedError | null,
    attempt: r.attempt,
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    warnings: (json(r.warnings) as string[] | null) ?? [],
    truncated: r.truncated === 1,
  };
}

export function readIncomplete(r: IncompleteRow): IncompleteExecution {
  return {
    id: r.id,
    scenario: r.scenario,
    version: r.version,
    runId: r.run_id,
    bundleId: r.bundle_id,
    moduleId: r.module_id,
    reason: r.reason as IncompleteReason,
    error: JSON.parse(r.error) as SerializedError,
    status: r.status as IncompleteStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    size: r.size,
  };
}
