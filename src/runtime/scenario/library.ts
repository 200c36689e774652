import { WatchStore } from '../watch/store.js';
import { watchStatePath } from '../watch/state-dir.js';
import { ConnectionStore } from '../../connection/store.js';
import { clientFromEnvironment } from '../../client/environment.js';
import {
  blankScenarioText,
  defaultScenarioDir,
  listScenarioFiles,
  listTemplates,
  loadScenario,
  templateText,
  writeScenarioFile,
  type LoadedScenario,
  type ScenarioListing,
  type ScenarioTemplate,
} from './directory.js';
import { ScenarioRunError } from './errors.js';
import { ClientPool } from './execution.js';
import { Ledger } from './ledger.js';
import { compilePlan } from './plan.js';
import { describeProblem } from './parse.js';
import { executeRun } from './run.js';
import { runCycles, triggerIdentity, triggerInput } from './cycle.js';
import { ScenarioStates } from './state.js';
import { resolveIncomplete, type ResolveAction } from './resolve.js';
import type {
  ClientFactory,
  IncompleteExecution,
  IncompleteFilter,
  ResolveOptions,
  RunDetail,
  RunFilter,
  RunOptions,
  RunRecord,
  ScenarioProblem,
  ScenarioState,
  TriggerState,
} from './types.js';
import { validateScenario } from './validate.js';
import { Execution } from './execution.js';

/** The scenario library's entry: one object over a scenarios directory and the state database. */

export interface ScenariosOptions {
  /** The scenarios directory (default: beside the connections). */
  dir?: string;
  /** The SQLite file shared with the watch runtime (default `watchStatePath(env)`). */
  stateFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Builds module clients (default: the CLI's precedence: CTCT_ACCESS_TOKEN, then the default connection). */
  clientFor?: ClientFactory;
  /** What `now` means in mappings (default the computer's clock). */
  now?: () => Date;
}

export interface ScenarioInfo extends ScenarioListing {
  state: ScenarioState;
  lastRun: RunRecord | undefined;
  unresolvedIncompletes: number;
}

export type ResolveResult = { id: string; ok: true; run?: RunRecord } | { id: string; ok: false; error: string };

export function openScenarios(options: ScenariosOptions = {}): Scenarios {
  return new Scenarios(options);
}

export class Scenarios {
  readonly dir: string;
  readonly store: WatchStore;
  readonly ledger: Ledger;
  readonly states: ScenarioStates;
  private readonly clients: ClientPool;
  private readonly env: NodeJS.ProcessEnv;
  private readonly now: () => Date;

  constructor(options: ScenariosOptions = {}) {
    this.env = options.env ?? process.env;
    this.dir = options.dir ?? defaultScenarioDir(this.env);
    this.store = new WatchStore(options.stateFile ?? watchStatePath(this.env));
    this.ledger = new Ledger(this.store.db);
    this.states = new ScenarioStates(this.store.db);
    this.now = options.now ?? (() => new Date());
    this.clients = new ClientPool(
      options.clientFor ??
        ((connection, overrides) =>
          clientFromEnvironment({ ...(connection !== undefined ? { connection } : {}), overrides })),
    );
  }

  // ---- files

  async list(): Promise<ScenarioInfo[]> {
    return (await listScenarioFiles(this.dir)).map((l) => ({
      ...l,
      state: this.states.get(l.name),
      lastRun: this.ledger.listRuns({ scenario: l.name, limit: 1 })[0],
      unresolvedIncompletes: this.ledger.unresolvedCount(l.name),
    }));
  }

  load(nameOrFile: string): Promise<LoadedScenario> {
    return loadScenario(nameOrFile, this.dir);
  }

  async save(name: string, text: string): Promise<LoadedScenario> {
    const saved = await writeScenarioFile(this.dir, name, text);
    this.ledger.recordVersion(saved.name, saved.version, saved.text);
    return saved;
  }

  async create(name: string, options: { from?: string; title?: string } = {}): Promise<LoadedScenario> {
    const existing = await loadScenario(name, this.dir).catch(() => undefined);
    if (existing)
      throw new ScenarioRunError(
        `Scenario ${name} exists already (${existing.file}).`,
        'Pick another name, or edit that file.',
        2,
      );
    const text = options.from ? await templateText(options.from) : blankScenarioText(options.title ?? name);
    return this.save(name, text);
  }

  templates(): Promise<ScenarioTemplate[]> {
    return listTemplates();
  }

  /** Problems with module id and field; empty when the scenario can run. */
  async validate(scenario: LoadedScenario | string): Promise<ScenarioProblem[]> {
    const loaded = typeof scenario === 'string' ? await this.load(scenario) : scenario;
    const connections = await new ConnectionStore({ env: this.env }).names().catch(() => undefined);
    return validateScenario(loaded.scenario, connections ? { connections } : {});
  }

  // ---- runs

  /** One execution now: validates first (a ScenarioRunError lists the problems), then runs. */
  async runScenario(scenario: LoadedScenario | string, options: RunOptions = {}): Promise<RunRecord> {
    const loaded = typeof scenario === 'string' ? await this.load(scenario) : scenario;
    await this.assertValid(loaded);
    const plan = compilePlan(loaded.scenario);
    const trigger = options.trigger ?? 'manual';
    const state = this.states.get(loaded.name);
    const skip = (reason: string) => this.skipped(loaded, trigger, reason, options);
    if (trigger === 'schedule' && !state.enabled)
      return skip(`the scenario is disabled${state.disabledReason ? ` (${state.disabledReason})` : ''}`);
    if (loaded.scenario.settings.sequential && this.ledger.unresolvedCount(loaded.name) > 0)
      return skip('sequential processing: incomplete executions are unresolved (resolve them first)');
    return executeRun(this.parts(), loaded, plan, { trigger, ...signalAndEvents(options) }, (x) =>
      runCycles(x, this.store, options.maxCycles ?? loaded.scenario.settings.maxCycles),
    );
  }

  /** Finishes what crashed runs of every scenario in the directory left open. */
  async recover(options: ResolveOptions = {}): Promise<RunRecord[]> {
    const out: RunRecord[] = [];
    for (const info of await listScenarioFiles(this.dir)) {
      if (!info.scenario || this.ledger.interruptedRuns(info.name).length === 0) continue;
      const loaded = await this.load(info.file);
      out.push(
        await executeRun(
          this.parts(),
          loaded,
          compilePlan(loaded.scenario),
          { trigger: 'recovery', ...signalAndEvents(options) },
          async () => undefined,
        ),
      );
    }
    return out;
  }

  listRuns(filter: RunFilter = {}): RunRecord[] {
    return this.ledger.listRuns(filter);
  }

  getRun(id: string): RunDetail | undefined {
    const run = this.ledger.run(id);
    if (!run) return undefined;
    return { run, operations: this.ledger.operationsOfRun(id), incompletes: this.ledger.incompletesOfRun(id) };
  }

  // ---- incomplete executions

  listIncompletes(filter: IncompleteFilter = {}): IncompleteExecution[] {
    return this.ledger.listIncompletes(filter);
  }

  getIncomplete(id: string): IncompleteExecution | undefined {
    return this.ledger.incomplete(id);
  }

  dueIncompleteExecutions(now: Date = this.now()): IncompleteExecution[] {
    return this.ledger.dueIncompletes(now);
  }

  /** Retries every due incomplete execution (automatic retry: the daemon calls this on its ticks). */
  async retryDue(now: Date = this.now(), options: ResolveOptions = {}): Promise<ResolveResult[]> {
    const due = this.dueIncompleteExecutions(now);
    return this.resolveMany(
      'retry',
      due.map((i) => i.id),
      options,
    );
  }

  resume(id: string, options: ResolveOptions = {}): Promise<RunRecord> {
    return resolveIncomplete(this.resolveParts(), 'resume', id, options);
  }

  replay(id: string, options: ResolveOptions = {}): Promise<RunRecord> {
    return resolveIncomplete(this.resolveParts(), 'replay', id, options);
  }

  discard(id: string): IncompleteExecution {
    const found = this.ledger.incomplete(id);
    if (!found) throw notFound(id);
    if (found.status === 'unresolved') this.ledger.setIncompleteStatus(id, 'discarded');
    return this.ledger.incomplete(id) as IncompleteExecution;
  }

  /** Bulk resume / replay / retry / discard, in order; one result per id (a failure does not stop the rest). */
  async resolveMany(
    action: ResolveAction | 'discard',
    ids: readonly string[],
    options: ResolveOptions = {},
  ): Promise<ResolveResult[]> {
    const results: ResolveResult[] = [];
    for (const id of ids) {
      try {
        if (action === 'discard') {
          this.discard(id);
          results.push({ id, ok: true });
        } else results.push({ id, ok: true, run: await resolveIncomplete(this.resolveParts(), action, id, options) });
      } catch (err) {
        results.push({ id, ok: false, error: (err as Error).message });
      }
    }
    return results;
  }

  // ---- state

  state(name: string): ScenarioState {
    return this.states.get(name);
  }

  setEnabled(name: string, enabled: boolean): ScenarioState {
    return this.states.setEnabled(name, enabled);
  }

  triggerState(loaded: LoadedScenario): TriggerState | undefined {
    const plan = compilePlan(loaded.scenario);
    if (!plan.trigger) return undefined;
    const x = new Execution(this.ledger, loaded, plan, '', this.clients, undefined, undefined);
    const record = this.store.find(triggerIdentity(loaded.name, plan.trigger, triggerInput(x, plan.trigger)));
    return {
      scenario: loaded.name,
      moduleId: plan.trigger.id,
      initialized: record?.initialized ?? false,
      start: record?.start ?? loaded.scenario.flow[0]?.from ?? 'now',
      checkpoint: record?.checkpoint ?? null,
      backlog: record ? this.store.backlogCount(record.id) : 0,
      delivered: record?.delivered ?? 0,
    };
  }

  /** Forgets the trigger's watch: the next run starts it again from its `from`. */
  resetTrigger(loaded: LoadedScenario): boolean {
    const plan = compilePlan(loaded.scenario);
    if (!plan.trigger) return false;
    const x = new Execution(this.ledger, loaded, plan, '', this.clients, undefined, undefined);
    const identity = triggerIdentity(loaded.name, plan.trigger, triggerInput(x, plan.trigger));
    const record = this.store.find(identity);
    const forgot = this.store.reset(identity);
    if (record) this.ledger.forgetEventKeys(loaded.name, `${record.id}:`);
    return forgot;
  }

  /** Deletes runs older than each scenario's retentionDays (30 by default). */
  async prune(now: Date = this.now()): Promise<number> {
    let n = 0;
    for (const info of await listScenarioFiles(this.dir)) {
      const days = info.scenario?.settings.retentionDays ?? 30;
      n += this.ledger.prune(new Date(now.getTime() - days * 86_400_000).toISOString(), info.name);
    }
    return n;
  }

  close(): void {
    this.store.close();
  }

  // ----

  private parts() {
    return { ledger: this.ledger, states: this.states, store: this.store, clients: this.clients, now: this.now };
  }

  private resolveParts() {
    return {
      ...this.parts(),
      load: (name: string) => this.load(name),
      assertValid: (l: LoadedScenario) => this.assertValid(l),
    };
  }

  private async assertValid(loaded: LoadedScenario): Promise<void> {
    const problems = await this.validate(loaded);
    if (problems.length > 0)
      throw new ScenarioRunError(
        `${loaded.file} cannot run:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`,
        `Fix the file, then check it with \`ctct scenario validate ${loaded.name}\`.`,
        2,
        problems,
      );
  }

  private skipped(
    loaded: LoadedScenario,
    trigger: RunOptions['trigger'],
    reason: string,
    options: RunOptions,
  ): RunRecord {
    const run = this.ledger.createRun(loaded.name, loaded.version, trigger ?? 'manual', null);
    const finished = this.ledger.finishRun(run.id, 'skipped', { name: 'Skipped', message: reason });
    options.onEvent?.({ type: 'notice', runId: run.id, message: `skipped: ${reason}` });
    options.onEvent?.({ type: 'run-finished', run: finished });
    return finished;
  }
}

function signalAndEvents(options: ResolveOptions) {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
}

export function notFound(id: string): ScenarioRunError {
  return new ScenarioRunError(
    `No incomplete execution ${id}.`,
    'List them with `ctct runs list --status warning` or `ctct runs show RUN_ID`.',
    2,
  );
}
