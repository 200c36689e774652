import type { LoadedScenario, ScenarioListing } from '../directory.js';
import type { BudgetPlan } from '../schedule/index.js';
import type {
  ResolveOptions,
  RunFilter,
  RunOptions,
  RunRecord,
  ScenarioEvent,
  ScenarioProblem,
  ScenarioState,
} from '../types.js';

/**
 * What the daemon needs of the scenario library (`Scenarios` from `openScenarios()` has all of it):
 * the daemon schedules, the library runs. Nothing here runs a module.
 */
export interface DaemonLibrary {
  list(): Promise<(ScenarioListing & { state: ScenarioState; lastRun: RunRecord | undefined })[]>;
  runScenario(scenario: LoadedScenario | string, options: RunOptions): Promise<RunRecord>;
  retryDue(now: Date, options: ResolveOptions): Promise<readonly { id: string; ok: boolean; error?: string }[]>;
  recover(options: ResolveOptions): Promise<RunRecord[]>;
  listRuns(filter: RunFilter): RunRecord[];
  state(name: string): ScenarioState;
  prune?(now: Date): Promise<number>;
}

/** A scenario as the daemon schedules it. */
export interface ScheduledScenario {
  readonly name: string;
  readonly schedule: string;
  /** ISO time of the next run; null when it has none (on demand, once already run). */
  readonly nextRunAt: string | null;
  /** Least time between two runs, set by the budget plan (0 = as scheduled). */
  readonly minGapMs: number;
}

/** What `ctct serve --json` prints, one a line. */
export type DaemonEvent =
  | { type: 'serve-started'; at: string; dir?: string }
  | { type: 'recovered'; runs: RunRecord[] }
  | { type: 'schedule'; at: string; scenarios: ScheduledScenario[]; idle: { name: string; reason: string }[] }
  | { type: 'budget'; at: string; plan: BudgetPlan }
  | { type: 'invalid'; at: string; name: string; problems: ScenarioProblem[] }
  | { type: 'run-due'; at: string; name: string; dueAt: string; catchUp: boolean }
  | { type: 'scenario-event'; name: string; event: ScenarioEvent }
  | { type: 'run-finished'; at: string; name: string; run: RunRecord; nextRunAt: string | null }
  | { type: 'run-failed'; at: string; name: string; error: { name: string; message: string } }
  | { type: 'retried'; at: string; results: readonly { id: string; ok: boolean; error?: string }[] }
  | { type: 'pruned'; at: string; runs: number }
  | { type: 'stopping'; at: string; reason: string }
  | { type: 'stopped'; at: string; runs: number };
