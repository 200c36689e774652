import { randomUUID } from 'node:crypto';
import type { WatchStore } from '../watch/store.js';
import type { LoadedScenario } from './directory.js';
import { serializeError } from './errors.js';
import { Execution, type ClientPool } from './execution.js';
import type { Ledger } from './ledger.js';
import type { Plan } from './plan.js';
import { flushAggregator, processBundle } from './settle.js';
import type { ScenarioStates } from './state.js';
import type { RunRecord, RunStatus, RunTrigger, ScenarioEvent } from './types.js';

/**
 * One run, whatever started it: the lease, the run record, recovery of runs a crash interrupted, the
 * work itself, then the totals, the status and the consecutive-error count.
 */

export interface RunContextParts {
  ledger: Ledger;
  states: ScenarioStates;
  store: WatchStore;
  clients: ClientPool;
  now: () => Date;
}

export interface ExecuteOptions {
  trigger: RunTrigger;
  incompleteId?: string | null;
  signal?: AbortSignal;
  onEvent?: (event: ScenarioEvent) => void;
}

export async function executeRun(
  parts: RunContextParts,
  loaded: LoadedScenario,
  plan: Plan,
  options: ExecuteOptions,
  work: (x: Execution) => Promise<void>,
): Promise<RunRecord> {
  const { ledger, states } = parts;
  const token = randomUUID();
  states.acquire(loaded.name, token);
  try {
    ledger.recordVersion(loaded.name, loaded.version, loaded.text);
    const run = ledger.createRun(loaded.name, loaded.version, options.trigger, options.incompleteId ?? null);
    const x = new Execution(ledger, loaded, plan, run.id, parts.clients, options.signal, options.onEvent);
    x.now = parts.now();
    x.emit({ type: 'run-started', run });
    const requestsBefore = await parts.clients.requests();
    try {
      await recoverInterrupted(x);
      if (!x.aborted) await work(x);
    } catch (err) {
      x.worsen('error');
      x.runError ??= serializeError(err);
    }
    const requests = (await parts.clients.requests()) - requestsBefore;
    ledger.addToRun(run.id, {
      bundles: x.tally.bundles,
      operations: x.tally.operations,
      requests,
      incompletes: x.tally.incompletes,
      cycle: x.cycle,
    });
    const status: RunStatus = x.aborted ? 'interrupted' : x.outcome;
    const finished = ledger.finishRun(run.id, status, x.runError ?? null);
    states.noteResult(loaded.name, status, loaded.scenario.settings.maxConsecutiveErrors);
    x.emit({ type: 'run-finished', run: finished });
    return finished;
  } finally {
    states.release(loaded.name, token);
  }
}

/**
 * Runs of this scenario whose process died (or that a signal stopped): their open bundles are
 * finished now, inside this run, each from the operation it was at; values waiting for the
 * trigger's aggregator are sent on by this run's cycles (or here, for a run without a cycle).
 */
async function recoverInterrupted(x: Execution): Promise<void> {
  const runs = x.ledger.interruptedRuns(x.scenario).filter((r) => r.id !== x.runId);
  for (const run of runs) {
    const open = x.ledger.openBundles(run.id);
    if (open.length > 0) x.notice(`continuing run ${run.id} (interrupted): ${open.length} bundle(s) in progress`);
    for (const bundle of open) {
      if (x.aborted) return;
      x.tally.bundles++;
      await processBundle(x, bundle);
    }
    x.ledger.markRecovered(run.id);
  }
  if (runs.length > 0 && !x.plan.trigger) await flushAggregator(x, true);
}
