import type { LoadedScenario } from './directory.js';
import { ScenarioRunError } from './errors.js';
import { compilePlan } from './plan.js';
import { executeRun, type RunContextParts } from './run.js';
import { flushAggregator, processBundle } from './settle.js';
import type { ResolveOptions, RunRecord } from './types.js';

/**
 * Resolving an incomplete execution, each as a run of its own: `resume` (and the automatic `retry`)
 * continue its bundle at the failed operation, reusing what succeeded before; `replay` runs a copy of
 * its trigger bundle through the current file from the start. Both use the file as it is now.
 */
export type ResolveAction = 'resume' | 'replay' | 'retry';

export interface ResolveParts extends RunContextParts {
  load(name: string): Promise<LoadedScenario>;
  assertValid(loaded: LoadedScenario): Promise<void>;
}

export async function resolveIncomplete(
  parts: ResolveParts,
  action: ResolveAction,
  id: string,
  options: ResolveOptions,
): Promise<RunRecord> {
  const { ledger } = parts;
  const incomplete = ledger.incomplete(id);
  if (!incomplete)
    throw new ScenarioRunError(
      `No incomplete execution ${id}.`,
      'List them with `ctct runs list` and `ctct runs show RUN_ID`.',
      2,
    );
  if (incomplete.status !== 'unresolved')
    throw new ScenarioRunError(
      `Incomplete execution ${id} is ${incomplete.status} already.`,
      'Only unresolved ones can be resumed, replayed or discarded.',
      2,
    );
  const loaded = await parts.load(incomplete.scenario);
  await parts.assertValid(loaded);
  const plan = compilePlan(loaded.scenario);
  const bundle = ledger.bundle(incomplete.bundleId);
  if (!bundle) throw new ScenarioRunError(`The bundle of incomplete execution ${id} is gone.`, 'Discard it.', 1);
  return executeRun(
    parts,
    loaded,
    plan,
    {
      trigger: action,
      incompleteId: id,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    },
    async (x) => {
      x.cycle = 1;
      x.tally.bundles++;
      if (action === 'replay') {
        const copy = ledger.db.transaction(() => {
          ledger.setIncompleteStatus(id, 'resolved');
          return ledger.claimBundle({
            scenario: x.scenario,
            runId: x.runId,
            cycle: 1,
            kind: bundle.kind === 'event' ? 'replay' : bundle.kind,
            eventKey: null,
            startModule: bundle.start_module,
            data: JSON.parse(bundle.data),
          });
        })();
        await processBundle(x, copy);
      } else {
        // Open again under this run, so that a crash during the resume is recovered like any other.
        ledger.settleBundle(bundle.id, 'processing', x.runId);
        await processBundle(x, { ...bundle, status: 'processing', run_id: x.runId });
      }
      await flushAggregator(x, true);
    },
  );
}
