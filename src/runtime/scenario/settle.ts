import { phaseSync } from '../watch/debug.js';
import type { Execution } from './execution.js';
import type { BundleRow } from './ledger.js';
import { aggregatorOfTrigger, recordAggregation, walkBundle, type BundleWalk } from './walk.js';

/**
 * A bundle walked and settled: done, stored as an incomplete execution, or failed; a settled bundle
 * reaching the trigger's aggregator leaves its values in the durable buffer IN THE SAME transaction,
 * so a crash can neither drop them nor add them twice.
 */
export async function processBundle(x: Execution, bundle: BundleRow): Promise<BundleWalk> {
  const walk = await walkBundle(x, bundle);
  settleBundle(x, bundle, walk);
  return walk;
}

export function settleBundle(x: Execution, bundle: BundleRow, walk: BundleWalk): void {
  if (walk.interrupted) return;
  const { ledger } = x;
  if (!walk.failure) {
    const aggregator = aggregatorOfTrigger(x);
    ledger.db.transaction(() => {
      if (aggregator) for (const value of walk.collected) ledger.bufferValue(x.scenario, aggregator.id, value);
      ledger.settleBundle(bundle.id, 'done', x.runId);
      phaseSync('in-settle', String(bundle.id));
      const open = ledger.openIncompleteOf(bundle.id);
      if (open) ledger.setIncompleteStatus(open.id, 'resolved');
    })();
    return;
  }
  const failure = walk.failure;
  const store = x.settings.storeIncomplete && x.stopRequested !== 'rollback';
  if (!store) {
    ledger.settleBundle(bundle.id, 'failed', x.runId);
    x.worsen('error');
    return;
  }
  const incomplete = ledger.db.transaction(() => {
    ledger.settleBundle(bundle.id, 'incomplete', x.runId);
    return ledger.storeIncomplete({
      scenario: x.scenario,
      version: x.loaded.version,
      runId: x.runId,
      bundleId: bundle.id,
      moduleId: failure.moduleId,
      reason: failure.reason,
      error: failure.error,
    });
  })();
  x.incompleteStored(incomplete);
  x.worsen(walk.fatal ? 'error' : 'warning');
}

/** Sends the trigger aggregator's buffered values on, a chunk at a time (all of them when `all`). */
export async function flushAggregator(x: Execution, all: boolean): Promise<void> {
  const aggregator = aggregatorOfTrigger(x);
  if (!aggregator) return;
  for (;;) {
    if (x.aborted || x.stopRequested) return;
    const waiting = x.ledger.bufferCount(x.scenario, aggregator.id);
    if (waiting === 0 || (!all && waiting < aggregator.chunk)) return;
    const chunk = x.ledger.takeChunk(x.scenario, aggregator.id, aggregator.chunk, x.runId, x.cycle);
    if (!chunk) return;
    const data = JSON.parse(chunk.data) as { array: unknown[] };
    recordAggregation(x, aggregator, chunk.id, String(aggregator.id), data.array, false);
    x.tally.bundles++;
    await processBundle(x, chunk);
  }
}
