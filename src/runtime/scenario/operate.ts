import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { OutcomeUnknownError } from '../../client/errors.js';
import type { CtctClient } from '../../client/index.js';
import { parseModuleInput } from '../../modules/input.js';
import { createRunContext } from '../../modules/run.js';
import { phase } from '../watch/debug.js';
import { classifyError, ScenarioConfigError, serializeError } from './errors.js';
import type { Execution } from './execution.js';
import type { LedgerStep } from './ledger.js';
import { applyMapper, passesFilter, scopeFor } from './mapping.js';
import type { Step } from './plan.js';
import { findCreated, operationSafety } from './reconcile.js';
import type { IncompleteReason, OperationStatus, SerializedError } from './types.js';

/**
 * One operation: one module run for one bundle, written to the ledger before (status running, with
 * the resolved input) and after. A step the ledger shows finished is not run again: its outputs come
 * from the ledger (a resumed bundle). A step it shows in flight (a crash) is redone only when that is
 * safe (reconcile.ts); otherwise its outcome is unknown and it fails with that reason.
 */

export type StepResult =
  | { kind: 'ok'; outputs: unknown[] }
  | { kind: 'filtered' }
  | { kind: 'failed'; reason: IncompleteReason; error: SerializedError };

const READ_FILE_MAX_BYTES = 64 * 1024 * 1024;

export async function operate(
  x: Execution,
  step: Step,
  bundleId: number,
  path: string,
  outputs: ReadonlyMap<number, unknown>,
  prior: LedgerStep | undefined,
): Promise<StepResult> {
  if (prior && (prior.status === 'success' || prior.status === 'reconciled') && prior.result !== undefined)
    return { kind: 'ok', outputs: prior.result as unknown[] };
  const warnings: string[] = [];
  const scope = scopeFor(x, outputs, warnings);
  const confidential = x.settings.confidential;
  const attempt = prior ? prior.attempt + 1 : 1;
  const started = performance.now();
  const base = { runId: x.runId, bundleId, cycle: x.cycle, moduleId: step.id, module: step.def.module, path };

  let filterPassed: boolean | null = null;
  let input: Record<string, unknown>;
  try {
    if (step.def.filter) {
      filterPassed = passesFilter(step.def.filter, scope);
      if (!filterPassed) {
        const id = x.ledger.recordOperation(
          { ...base, input: undefined, attempt, confidential },
          {
            status: 'filtered',
            filterPassed,
            requests: 0,
            durationMs: performance.now() - started,
            warnings,
            confidential,
          },
        );
        report(x, id, false);
        return { kind: 'filtered' };
      }
    }
    input = applyMapper(step.def.mapper, scope);
  } catch (err) {
    return failWithoutCall(x, base, step, err, attempt, filterPassed, warnings, started);
  }

  if (!step.module) return operatePure(x, step, base, input, attempt, filterPassed, warnings, started);
  const id = x.ledger.startOperation({ ...base, input, attempt, confidential });
  // an API operation's records are durable one by one: the start before any request goes out
  x.ledger.writes.commit();
  report(x, id, true);
  await phase('op-started', `${step.def.module} ${path}`);
  let client: CtctClient | undefined;
  try {
    client = step.module ? (await x.clients.get(step.def.connection)).client : undefined;
  } catch (err) {
    return finishFailed(x, id, step, err, filterPassed, warnings, started, 0);
  }
  const before = client?.stats().requests ?? 0;
  const requests = () => (client?.stats().requests ?? 0) - before;
  let status: OperationStatus = 'success';
  let results: unknown[];
  try {
    if (prior?.status === 'running' && step.module) {
      // In flight when the last process died: did it reach the API?
      const safety = operationSafety(step.module.key, step.kind, input);
      if (safety === 'unknown') throw outcomeUnknown(step);
      if (safety === 'reconcile') {
        const found = await findCreated(step.module.key, input, client!).catch(() => {
          throw outcomeUnknown(step);
        });
        if (found) status = 'reconciled';
        results = found ? [found] : await runStep(x, step, input, client);
      } else results = await runStep(x, step, input, client);
    } else {
      results = await runStep(x, step, input, client).catch(async (err: unknown) => {
        if (!(err instanceof OutcomeUnknownError) || !step.module) throw err;
        if (operationSafety(step.module.key, step.kind, input) !== 'reconcile') throw err;
        const found = await findCreated(step.module.key, input, client!).catch(() => {
          throw err;
        });
        if (!found) throw err; // not made, but the answer was lost once: the user decides (no blind repeat)
        status = 'reconciled';
        return [found];
      });
    }
  } catch (err) {
    return finishFailed(x, id, step, err, filterPassed, warnings, started, requests());
  }
  await phase('op-returned', `${step.def.module} ${path}`);
  const n = requests();
  x.tally.bundleRequests += n;
  x.ledger.finishOperation(id, {
    status,
    outputs: results,
    shown: shownOutput(step, results),
    filterPassed,
    requests: n,
    durationMs: performance.now() - started,
    warnings,
    confidential,
  });
  x.ledger.writes.commit();
  report(x, id, false);
  await phase('op-finished', `${step.def.module} ${path}`);
  return { kind: 'ok', outputs: results };
}

type OperationBase = { runId: string; bundleId: number; cycle: number; moduleId: number; module: string; path: string };

/**
 * A step that sends no request (compose, iterator, read a file) is written to the ledger once, when
 * it ends: a crash before that leaves no trace of it, and it runs again with the same result.
 */
async function operatePure(
  x: Execution,
  step: Step,
  base: OperationBase,
  input: Record<string, unknown>,
  attempt: number,
  filterPassed: boolean | null,
  warnings: string[],
  started: number,
): Promise<StepResult> {
  const confidential = x.settings.confidential;
  const label = `${step.def.module} ${base.path}`;
  await phase('op-started', label);
  const start = { ...base, input, attempt, confidential };
  let results: unknown[];
  try {
    results = await runStep(x, step, input, undefined);
  } catch (err) {
    const error = serializeError(err, step.id);
    const durationMs = performance.now() - started;
    const id = x.ledger.recordOperation(start, {
      status: 'error',
      filterPassed,
      requests: 0,
      error,
      durationMs,
      warnings,
      confidential,
    });
    reportRecorded(x, id);
    return { kind: 'failed', reason: classifyError(err), error };
  }
  await phase('op-returned', label);
  const id = x.ledger.recordOperation(start, {
    status: 'success',
    outputs: results,
    shown: shownOutput(step, results),
    filterPassed,
    requests: 0,
    durationMs: performance.now() - started,
    warnings,
    confidential,
  });
  reportRecorded(x, id);
  await phase('op-finished', label);
  return { kind: 'ok', outputs: results };
}

/** What the run inspector shows as a step's output: the list for a search or an iterator, else the one bundle. */
function shownOutput(step: Step, results: unknown[]): unknown {
  return step.kind === 'search' || step.kind === 'iterator' ? results : results[0];
}

function outcomeUnknown(step: Step): OutcomeUnknownError {
  return new OutcomeUnknownError(
    `${step.label} (module ${step.id}) was in flight when the run stopped; ` +
      `whether the API applied it cannot be told, so it is not sent again on its own.`,
    { hint: 'Check the account, then resume the incomplete execution (it sends the request again) or discard it.' },
  );
}

async function runStep(
  x: Execution,
  step: Step,
  input: Record<string, unknown>,
  client: CtctClient | undefined,
): Promise<unknown[]> {
  switch (step.kind) {
    case 'compose':
      return [input];
    case 'iterator': {
      const array = input.array;
      if (!Array.isArray(array))
        throw new ScenarioConfigError(
          `the iterator's array is ${array === null ? 'null' : typeof array}, not an array`,
          step.id,
          'mapper.array',
        );
      return array.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v }));
    }
    case 'read-file': {
      const given = input.path;
      if (typeof given !== 'string' || !given)
        throw new ScenarioConfigError('give the file to read in mapper.path', step.id, 'mapper.path');
      const file = isAbsolute(given) ? given : resolve(x.baseDir, given);
      const info = await stat(file);
      if (info.size > READ_FILE_MAX_BYTES)
        throw new ScenarioConfigError(`${file} is larger than 64 MB`, step.id, 'mapper.path');
      const text = await readFile(file, 'utf8');
      return [{ path: file, name: file.split(/[\\/]/).pop(), text, size: info.size }];
    }
    default: {
      const module = step.module!;
      const parsed = parseModuleInput(module, input);
      const ctx = createRunContext({ client: client!, ...(x.signal ? { signal: x.signal } : {}) });
      const out = await module.run(parsed as never, ctx);
      return Array.isArray(out) ? out : [out];
    }
  }
}

function report(x: Execution, id: number, starting: boolean): void {
  if (!x.listening) {
    if (!starting) x.tally.operations++;
    return;
  }
  const record = x.ledger.operation(id);
  if (starting) x.operationStarted(record);
  else x.operationFinished(record);
}

/** An operation written once: a listener still hears of its start, then of its end. */
function reportRecorded(x: Execution, id: number): void {
  if (!x.listening) {
    x.tally.operations++;
    return;
  }
  const record = x.ledger.operation(id);
  x.operationStarted({ ...record, status: 'running', output: null, outputCount: 0, error: null, durationMs: null });
  x.operationFinished(record);
}

function finishFailed(
  x: Execution,
  id: number,
  step: Step,
  err: unknown,
  filterPassed: boolean | null,
  warnings: string[],
  started: number,
  requests: number,
): StepResult {
  const error = serializeError(err, step.id);
  x.tally.bundleRequests += requests;
  x.ledger.finishOperation(id, {
    status: 'error',
    filterPassed,
    requests,
    error,
    durationMs: performance.now() - started,
    warnings,
    confidential: x.settings.confidential,
  });
  x.ledger.writes.commit();
  report(x, id, false);
  return { kind: 'failed', reason: classifyError(err), error };
}

function failWithoutCall(
  x: Execution,
  base: OperationBase,
  step: Step,
  err: unknown,
  attempt: number,
  filterPassed: boolean | null,
  warnings: string[],
  started: number,
): StepResult {
  const error = serializeError(err, step.id);
  const confidential = x.settings.confidential;
  const id = x.ledger.recordOperation(
    { ...base, input: undefined, attempt, confidential },
    {
      status: 'error',
      filterPassed,
      requests: 0,
      error,
      durationMs: performance.now() - started,
      warnings,
      confidential,
    },
  );
  report(x, id, false);
  return { kind: 'failed', reason: classifyError(err), error };
}
