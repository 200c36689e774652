import { classifyError, serializeError } from './errors.js';
import type { Execution } from './execution.js';
import type { BundleRow, LedgerStep } from './ledger.js';
import { applyMapper, passesFilter, scopeFor } from './mapping.js';
import { evaluateMapper } from './expression/index.js';
import { operate } from './operate.js';
import type { Step } from './plan.js';
import type { IncompleteReason, SerializedError } from './types.js';

/**
 * The walker: one bundle through the flow, depth first (a bundle finishes the chain before the next
 * starts, as on the hosted platform). Each operation has a path in the bundle's tree (`2`, `3#1/4`:
 * module 4 under the first output of module 3), which is how the ledger finds what a resumed bundle
 * already did. A search or iterator runs what follows once per output; an aggregator collects what
 * reaches it into chunks, and what follows it runs once per chunk.
 */

export interface Failure {
  moduleId: number;
  reason: IncompleteReason;
  error: SerializedError;
}

export interface BundleWalk {
  failure: Failure | undefined;
  /** An error no handler covers, or `rollback`: the run stops as an error. */
  fatal: boolean;
  /** The run was asked to stop (signal) between two operations: the bundle stays open. */
  interrupted: boolean;
  /** Values that reached a cycle-level aggregator (source: the trigger). */
  collected: unknown[];
}

interface WalkContext {
  x: Execution;
  bundleId: number;
  priors: Map<string, LedgerStep>;
  walk: BundleWalk;
}

type Flow = 'stop' | undefined;

/** Walks a bundle from where its kind starts (module 1, after the trigger, or after an aggregator). */
export async function walkBundle(x: Execution, bundle: BundleRow): Promise<BundleWalk> {
  const walk: BundleWalk = { failure: undefined, fatal: false, interrupted: false, collected: [] };
  const ctx: WalkContext = { x, bundleId: bundle.id, priors: x.ledger.stepsOf(bundle.id), walk };
  const start = x.plan.byId.get(bundle.start_module);
  if (!start) {
    walk.failure = {
      moduleId: bundle.start_module,
      reason: 'config',
      error: { name: 'ScenarioConfigError', message: `module ${bundle.start_module} is no longer in the scenario` },
    };
    walk.fatal = true;
    return walk;
  }
  const outputs = new Map<number, unknown>();
  let from = start.index;
  if (bundle.kind !== 'single') {
    outputs.set(start.id, JSON.parse(bundle.data));
    from = start.index + 1;
  }
  // The trigger's own aggregator collects across the whole cycle: this bundle walks up to it.
  const cycleAggregator = bundle.kind === 'event' || bundle.kind === 'replay' ? aggregatorOfTrigger(x) : undefined;
  const end = cycleAggregator?.index ?? x.plan.steps.length;
  await walkRange(ctx, from, end, outputs, '', walk.collected);
  return walk;
}

export function aggregatorOfTrigger(x: Execution): Step | undefined {
  return x.plan.trigger ? x.plan.aggregatorOf.get(x.plan.trigger.id) : undefined;
}

async function walkRange(
  ctx: WalkContext,
  from: number,
  end: number,
  outputs: Map<number, unknown>,
  prefix: string,
  sink: unknown[],
): Promise<Flow> {
  const { x } = ctx;
  for (let i = from; i < end; i++) {
    const step = x.plan.steps[i] as Step;
    if (x.aborted) {
      ctx.walk.interrupted = true;
      return 'stop';
    }
    const path = prefix ? `${prefix}/${step.id}` : String(step.id);
    if (step.kind === 'aggregator') return undefined; // reached only past its range: closed by its source
    const result = await operate(x, step, ctx.bundleId, path, outputs, ctx.priors.get(path));
    if (result.kind === 'filtered') return undefined;
    let produced: unknown[];
    if (result.kind === 'failed') {
      const handled = handleFailure(ctx, step, result, outputs);
      if (handled === 'stop' || handled === 'end') return handled === 'stop' ? 'stop' : undefined;
      produced = handled;
    } else produced = result.outputs;

    if (step.kind !== 'search' && step.kind !== 'iterator') {
      if (produced.length === 0) return undefined;
      outputs.set(step.id, produced[0]);
      continue;
    }
    const aggregator = x.plan.aggregatorOf.get(step.id);
    const childEnd = aggregator ? aggregator.index : end;
    const collected: unknown[] = aggregator ? [] : sink;
    for (let k = 0; k < produced.length; k++) {
      const child = new Map(outputs).set(step.id, produced[k]);
      if ((await walkRange(ctx, i + 1, childEnd, child, `${path}#${k + 1}`, collected)) === 'stop') return 'stop';
    }
    if (!aggregator) return undefined;
    // An empty aggregation emits nothing: what follows would have nothing to act on.
    for (let c = 0; c * aggregator.chunk < collected.length; c++) {
      const array = collected.slice(c * aggregator.chunk, (c + 1) * aggregator.chunk);
      const aggPath = `${path}/${aggregator.id}#${c + 1}`;
      recordAggregation(x, aggregator, ctx.bundleId, aggPath, array, ctx.priors.has(aggPath));
      const after = new Map(outputs).set(aggregator.id, { array, count: array.length });
      if ((await walkRange(ctx, aggregator.index + 1, end, after, aggPath, sink)) === 'stop') return 'stop';
    }
    return undefined;
  }
  if (end < x.plan.steps.length) collect(ctx, x.plan.steps[end] as Step, outputs, sink);
  return undefined;
}

/** A bundle reaching its aggregator: the aggregator's filter, then its `value`. */
function collect(ctx: WalkContext, aggregator: Step, outputs: Map<number, unknown>, sink: unknown[]): void {
  const warnings: string[] = [];
  const scope = scopeFor(ctx.x, outputs, warnings);
  try {
    if (aggregator.def.filter && !passesFilter(aggregator.def.filter, scope)) return;
    const mapper = aggregator.def.mapper;
    const value = 'value' in mapper ? evaluateMapper(mapper.value, scope) : applyMapper(mapper, scope);
    if (value !== null && value !== undefined) sink.push(value);
  } catch (err) {
    ctx.walk.failure ??= {
      moduleId: aggregator.id,
      reason: classifyError(err),
      error: serializeError(err, aggregator.id),
    };
    ctx.walk.fatal = true;
  }
}

export function recordAggregation(
  x: Execution,
  aggregator: Step,
  bundleId: number,
  path: string,
  array: unknown[],
  already: boolean,
): void {
  if (already) return;
  const confidential = x.settings.confidential;
  const output = { array, count: array.length };
  const id = x.ledger.recordOperation(
    {
      runId: x.runId,
      bundleId,
      cycle: x.cycle,
      moduleId: aggregator.id,
      module: aggregator.def.module,
      path,
      input: { count: array.length },
      attempt: 1,
      confidential,
    },
    { status: 'success', outputs: [output], shown: output, requests: 0, durationMs: 0, confidential },
  );
  if (x.listening) x.operationFinished(x.ledger.operation(id));
  else x.tally.operations++;
}

/**
 * `onerror`: resume (a substitute output; the chain goes on), ignore (this path ends), commit (the run
 * stops, a success), rollback (the run stops, an error), break (stored; other bundles go on). Without a
 * handler a transient error or an unknown outcome is stored like break; any other error stops the run.
 */
function handleFailure(
  ctx: WalkContext,
  step: Step,
  result: { reason: IncompleteReason; error: SerializedError },
  outputs: Map<number, unknown>,
): unknown[] | 'stop' | 'end' {
  const directive = step.def.onerror;
  const failure: Failure = { moduleId: step.id, reason: result.reason, error: result.error };
  if (directive !== undefined && typeof directive === 'object') {
    return [evaluateMapper(directive.resume, scopeFor(ctx.x, outputs, []))];
  }
  switch (directive) {
    case 'resume':
      return [{}];
    case 'ignore':
      return 'end';
    case 'commit':
      ctx.x.stopRequested = 'commit';
      return 'stop';
    case 'rollback':
      ctx.walk.failure ??= failure;
      ctx.walk.fatal = true;
      ctx.x.stopRequested = 'rollback';
      return 'stop';
    case 'break':
      ctx.walk.failure ??= failure;
      return 'end';
    default: {
      ctx.walk.failure ??= failure;
      const transient = ['connection', 'timeout', 'rate-limit', 'outcome-unknown'].includes(result.reason);
      if (transient) return 'end';
      ctx.walk.fatal = true;
      ctx.x.stopRequested = 'error';
      return 'stop';
    }
  }
}
