import type { CtctClient } from '../../client/index.js';
import type { ScenarioProblem } from './format.js';

/** The records the scenario library reads and writes (see README.md for their meaning). */

export type RunTrigger = 'manual' | 'schedule' | 'retry' | 'resume' | 'replay' | 'recovery';
/**
 * running: in progress (or interrupted, if its process died: `recover()` finishes it); interrupted:
 * stopped by its signal between two operations (the next run of the scenario finishes it);
 * success: every bundle went through; warning: some bundles became incomplete executions (or were
 * ignored after an error); error: the run stopped on an error (counts toward disabling); skipped: it
 * did not start (disabled, sequential with unresolved incompletes, invalid file).
 */
export type RunStatus = 'running' | 'interrupted' | 'success' | 'warning' | 'error' | 'skipped';
export type OperationStatus = 'running' | 'success' | 'error' | 'filtered' | 'ignored' | 'reconciled';
export type IncompleteStatus = 'unresolved' | 'resolved' | 'discarded';
/** Why a bundle became an incomplete execution; the first three are retried automatically. */
export type IncompleteReason =
  'connection' | 'timeout' | 'rate-limit' | 'outcome-unknown' | 'data' | 'auth' | 'config' | 'runtime';

export interface RunRecord {
  id: string;
  scenario: string;
  /** The scenario file's content hash the run used. */
  version: string;
  trigger: RunTrigger;
  /** The incomplete execution a retry/resume/replay run works on. */
  incompleteId: string | null;
  status: RunStatus;
  cycles: number;
  /** Bundles that entered the flow (trigger events, or 1 for a flow without a trigger). */
  bundles: number;
  operations: number;
  /** HTTP requests made (retries included). */
  requests: number;
  incompletes: number;
  error: SerializedError | null;
  startedAt: string;
  endedAt: string | null;
}

export interface OperationRecord {
  id: number;
  runId: string;
  cycle: number;
  /** Ledger id of the bundle this operation belongs to. */
  bundleId: number;
  moduleId: number;
  module: string;
  /** Where in the bundle's tree: `2` or `3#1/4` (module 4 under output 1 of module 3). */
  path: string;
  status: OperationStatus;
  /** The resolved mapper (payloads are capped at 64 KB; `truncated` says when cut). */
  input: unknown;
  output: unknown;
  outputCount: number;
  /** true/false when a filter ran before the module, null when there was none. */
  filterPassed: boolean | null;
  requests: number;
  error: SerializedError | null;
  attempt: number;
  startedAt: string;
  durationMs: number | null;
  warnings: string[];
  truncated: boolean;
}

export interface RunDetail {
  run: RunRecord;
  operations: OperationRecord[];
  incompletes: IncompleteExecution[];
}

export interface SerializedError {
  name: string;
  message: string;
  status?: number;
  hint?: string;
  /** The module and field at fault, when known. */
  moduleId?: number;
  field?: string;
}

export interface IncompleteExecution {
  id: string;
  scenario: string;
  version: string;
  runId: string;
  bundleId: number;
  /** The module that failed (resume starts there). */
  moduleId: number;
  reason: IncompleteReason;
  error: SerializedError;
  status: IncompleteStatus;
  /** Automatic retries made so far. */
  attempts: number;
  /** When the next automatic retry is due; null = none (needs the user). */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Size of what is stored to continue (the trigger bundle and upstream outputs), in bytes. */
  size: number;
}

export interface ScenarioState {
  scenario: string;
  enabled: boolean;
  consecutiveErrors: number;
  /** Why it was disabled (e.g. after max consecutive errors); null when enabled or disabled by hand. */
  disabledReason: string | null;
  lastRunAt: string | null;
  lastStatus: RunStatus | null;
}

/** A trigger module's watch (checkpoint, backlog) inside a scenario. */
export interface TriggerState {
  scenario: string;
  moduleId: number;
  initialized: boolean;
  start: string;
  checkpoint: string | null;
  /** Events fetched and not yet processed (Limit deferred them). */
  backlog: number;
  delivered: number;
}

/** What `runScenario` reports as it goes (the CLI's live log, the web app's live view). */
export type ScenarioEvent =
  | { type: 'run-started'; run: RunRecord }
  | { type: 'cycle-started'; runId: string; cycle: number }
  | { type: 'operation-started'; runId: string; operation: OperationRecord }
  | { type: 'operation-finished'; runId: string; operation: OperationRecord }
  | { type: 'incomplete-stored'; runId: string; incomplete: IncompleteExecution }
  | { type: 'cycle-finished'; runId: string; cycle: number; bundles: number; waiting: number }
  | { type: 'notice'; runId: string; message: string }
  | { type: 'run-finished'; run: RunRecord };

export interface RunOptions {
  trigger?: 'manual' | 'schedule';
  signal?: AbortSignal;
  onEvent?: (event: ScenarioEvent) => void;
  /** Overrides the scenario's settings.maxCycles for this run. */
  maxCycles?: number;
}

export interface ResolveOptions {
  signal?: AbortSignal;
  onEvent?: (event: ScenarioEvent) => void;
}

export interface RunFilter {
  scenario?: string;
  status?: RunStatus | RunStatus[];
  trigger?: RunTrigger;
  /** Runs started before this ISO time (paging backwards). */
  before?: string;
  limit?: number;
}

export interface IncompleteFilter {
  scenario?: string;
  status?: IncompleteStatus | IncompleteStatus[];
  limit?: number;
}

/**
 * Builds the client a module runs with; `connection` is the module's connection name, if any. The
 * client must use `overrides.fetch` (it reads the server's clock for triggers starting "from now").
 */
export type ClientFactory = (
  connection: string | undefined,
  overrides: { fetch: typeof globalThis.fetch },
) => Promise<CtctClient>;

export type { ScenarioProblem };
