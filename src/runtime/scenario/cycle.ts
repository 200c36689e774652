import { canonicalJson, watchedInput } from '../watch/canonical.js';
import { isTransient } from '../watch/loop.js';
import type { WatchStore } from '../watch/store.js';
import { parseStartPoint } from '../watch/times.js';
import { Watcher, type WatchConsumer } from '../watch/watcher.js';
import type { WatchIdentity } from '../watch/store.js';
import { phaseSync } from '../watch/debug.js';
import { serializeError } from './errors.js';
import type { Execution } from './execution.js';
import { applyMapper, scopeFor } from './mapping.js';
import type { BundleRow } from './ledger.js';
import type { Step } from './plan.js';
import { flushAggregator, processBundle } from './settle.js';

/**
 * Execution cycles. With a trigger, each cycle is one poll of its watch: events come out of the
 * watch's backlog one at a time (at most Limit), each claimed as a ledger bundle INSIDE the watch's
 * hand-over transaction, walked through the flow, settled, then acknowledged. Without a trigger, the
 * flow runs once from module 1.
 */

/** The trigger's watch is keyed by scenario and module id (and what it watches, Limit aside). */
export function triggerIdentity(scenario: string, trigger: Step, input: Record<string, unknown>): WatchIdentity {
  return {
    connection: `scenario:${scenario}`,
    module: `${trigger.id}:${trigger.module?.key ?? trigger.def.module}`,
    input: canonicalJson(watchedInput(input)),
  };
}

export function triggerInput(x: Execution, trigger: Step): Record<string, unknown> {
  return applyMapper(trigger.def.mapper, scopeFor(x, new Map(), []));
}

class StopCycle extends Error {}

export async function runCycles(x: Execution, store: WatchStore, maxCycles: number): Promise<void> {
  if (!x.plan.trigger) {
    x.cycle = 1;
    x.emit({ type: 'cycle-started', runId: x.runId, cycle: 1 });
    const first = x.plan.steps[0] as Step;
    const bundle = x.ledger.claimBundle({
      scenario: x.scenario,
      runId: x.runId,
      cycle: 1,
      kind: 'single',
      eventKey: null,
      startModule: first.id,
      data: {},
    });
    x.tally.bundles++;
    await processBundle(x, bundle);
    x.emit({ type: 'cycle-finished', runId: x.runId, cycle: 1, bundles: 1, waiting: 0 });
    return;
  }
  let watcher: Watcher | undefined;
  try {
    for (let cycle = 1; cycle <= maxCycles; cycle++) {
      x.cycle = cycle;
      x.emit({ type: 'cycle-started', runId: x.runId, cycle });
      const before = x.tally.bundles;
      const result = await triggerCycle(
        x,
        store,
        x.plan.trigger,
        () => watcher,
        (w) => (watcher = w),
      );
      x.emit({
        type: 'cycle-finished',
        runId: x.runId,
        cycle,
        bundles: x.tally.bundles - before,
        waiting: result.waiting,
      });
      if (!result.more || x.stopRequested || x.aborted) return;
    }
  } finally {
    watcher?.close();
  }
}

async function triggerCycle(
  x: Execution,
  store: WatchStore,
  trigger: Step,
  current: () => Watcher | undefined,
  opened: (w: Watcher) => void,
): Promise<{ more: boolean; waiting: number }> {
  const { ledger } = x;
  const started = performance.now();
  const opId = ledger.startOperation({
    runId: x.runId,
    bundleId: null,
    cycle: x.cycle,
    moduleId: trigger.id,
    module: trigger.def.module,
    path: String(trigger.id),
    input: trigger.def.mapper,
    attempt: 1,
    confidential: x.settings.confidential,
  });
  const connected = await x.clients.get(trigger.def.connection).catch((err: unknown) => err as Error);
  const requestsBefore = 'client' in connected ? connected.client.stats().requests : 0;
  const bundleRequestsBefore = x.tally.bundleRequests;
  const fail = (err: unknown): { more: boolean; waiting: number } => {
    ledger.finishOperation(opId, {
      status: 'error',
      requests: 0,
      error: serializeError(err, trigger.id),
      durationMs: performance.now() - started,
      confidential: x.settings.confidential,
    });
    x.tally.operations++;
    // A poll that failed moved nothing: the next run polls the same events again.
    if (isTransient(err)) {
      x.worsen('warning');
      x.notice(`the trigger's poll failed and will be repeated by the next run: ${(err as Error).message}`);
    } else {
      x.worsen('error');
      x.runError ??= serializeError(err, trigger.id);
    }
    return { more: false, waiting: 0 };
  };
  if (!('client' in connected)) return fail(connected);

  let watcher = current();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  x.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (!watcher) {
      const input = triggerInput(x, trigger);
      const identity = triggerIdentity(x.scenario, trigger, input);
      const fresh = store.find(identity) === undefined;
      watcher = Watcher.open({
        module: trigger.module!,
        input,
        client: connected.client,
        store,
        connection: identity.connection,
        identity,
        serverClock: connected.clock,
        notice: (message) => x.notice(message),
        ...(fresh && trigger.def.from ? { start: parseStartPoint(trigger.def.from) } : {}),
      });
      opened(watcher);
    }
    const watchId = watcher.state.id;
    const key = (eventKey: string) => `${watchId}:${eventKey}`;
    // the bundle just claimed, so that its delivery need not read it back
    let claimed: BundleRow | undefined;
    const consumer: WatchConsumer = {
      claim: (event) => {
        claimed = ledger.claimBundle({
          scenario: x.scenario,
          runId: x.runId,
          cycle: x.cycle,
          kind: 'event',
          eventKey: key(event.key),
          startModule: trigger.id,
          data: event.bundle,
        });
        phaseSync('in-claim', event.key);
      },
      wasDelivered: (event) => {
        const bundle = ledger.eventBundle(x.scenario, key(event.key));
        return bundle !== undefined && bundle.status !== 'processing';
      },
      deliver: async (event) => {
        // the walk, its settling, the acknowledgement and the next hand-over join one commit
        ledger.writes.enter();
        const bundle = claimed?.event_key === key(event.key) ? claimed : ledger.eventBundle(x.scenario, key(event.key));
        claimed = undefined;
        if (!bundle || bundle.status !== 'processing') return;
        x.tally.bundles++;
        const walk = await processBundle(x, bundle);
        if (walk.interrupted) throw new StopCycle('stopped');
        await flushAggregator(x, false);
        if (x.stopRequested) stop.abort();
      },
    };
    let report;
    try {
      report = await watcher.cycle(consumer, { signal: stop.signal });
    } catch (err) {
      if (err instanceof StopCycle || x.aborted) return finishTrigger(0, 0, true);
      return fail(err);
    }
    if (!x.stopRequested) await flushAggregator(x, true);
    return finishTrigger(report.delivered, report.waiting, report.stopped, report.checkpoint);
  } catch (err) {
    return fail(err);
  } finally {
    ledger.writes.commit();
    x.signal?.removeEventListener('abort', onAbort);
  }

  function finishTrigger(delivered: number, waiting: number, stopped: boolean, checkpoint?: string | null) {
    const own = (connected as { client: { stats(): { requests: number } } }).client.stats().requests - requestsBefore;
    const requests = Math.max(0, own - (x.tally.bundleRequests - bundleRequestsBefore));
    const output = { delivered, waiting, checkpoint: checkpoint ?? null };
    ledger.finishOperation(opId, {
      status: 'success',
      outputs: [output],
      shown: output,
      requests,
      durationMs: performance.now() - started,
      confidential: x.settings.confidential,
    });
    ledger.settleTriggerOp(opId);
    x.tally.operations++;
    return { more: waiting > 0 && !stopped, waiting };
  }
}
