import { phaseSync } from '../watch/debug.js';
import type { Execution } from './execution.js';
import type { BundleRow } from './ledger.js';
import type { IncompleteExecution } from './types.js';
import { aggregatorOfTrigger, recordAggregation, walkBundle, type BundleWalk, type Failure } from './walk.js';

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
    ledger.atomically(settleDone, x, bundle.id, aggregator?.id, walk.collected);
    if (aggregator && x.buffered !== undefined) x.buffered += walk.collected.length;
    return;
  }
  const failure = walk.failure;
  const store = x.settings.storeIncomplete && x.stopRequested !== 'rollback';
  if (!store) {
    ledger.settleBundle(bundle.id, 'failed', x.runId);
    x.worsen('error');
    return;
  }
  const incomplete = ledger.atomically(settleIncomplete, x, bundle.id, failure);
  x.incompleteStored(incomplete);
  x.worsen(walk.fatal ? 'error' : 'warning');
}

/** Sends the trigger aggregator's buffered values on, a chunk at a time (all of them when `all`). */
export async function flushAggregator(x: Execution, all: boolean): Promise<void> {
  const aggregator = aggregatorOfTrigger(x);
  if (!aggregator) return;
  // The count is kept in memory between chunks (one owner per trigger writes this buffer); the
  // database is asked again after every chunk taken and at the end of a cycle.
  if (all) x.buffered = undefined;
  for (;;) {
    if (x.aborted || x.stopRequested) return;
    x.buffered ??= x.ledger.bufferCount(x.scenario, aggregator.id);
    if (x.buffered === 0 || (!all && x.buffered < aggregator.chunk)) return;
    const chunk = x.ledger.takeChunk(x.scenario, aggregator.id, aggregator.chunk, x.runId, x.cycle);
    x.buffered = undefined;
    if (!chunk) return;
    const data = JSON.parse(chunk.data) as { array: unknown[] };
    recordAggregation(x, aggregator, chunk.id, String(aggregator.id), data.array, false);
    x.tally.bundles++;
    await processBundle(x, chunk);
  }
}

function settleDone(x: Execution, bundleId: number, aggregatorId: number | undefined, collected: unknown[]): void {
  const { ledger } = x;
  if (aggregatorId !== undefined) for (const value of collected) ledger.bufferValue(x.scenario, aggregatorId, value);
  ledger.settleBundle(bundleId, 'done', x.runId);
  phaseSync('in-settle', String(bundleId));
  const open = ledger.openIncompleteOf(bundleId);
  if (open) ledger.setIncompleteStatus(open.id, 'resolved');
}

function settleIncomplete(x: Execution, bundleId: number, failure: Failure): IncompleteExecution {
  x.ledger.settleBundle(bundleId, 'incomplete', x.runId);
  return x.ledger.storeIncomplete({
    scenario: x.scenario,
    version: x.loaded.version,
    runId: x.runId,
    bundleId,
    moduleId: failure.moduleId,
    reason: failure.reason,
    error: failure.error,
  });
}
