import { evaluateMapper, type ExpressionScope } from './expression/index.js';
import { evaluateFilter } from './filter/index.js';
import type { Execution } from './execution.js';
import type { Filter } from './format.js';

/** The engine's side of the mapping language and filters (expression/, filter/): scope and input. */

export function scopeFor(x: Execution, outputs: ReadonlyMap<number, unknown>, warnings: string[]): ExpressionScope {
  return {
    outputs,
    now: x.now,
    timezone: x.timezone,
    warn: (w) => warnings.push(w.field ? `${w.field}: ${w.message}` : w.message),
  };
}

/**
 * The module's input from its mapper. A top-level field that resolves to null (a reference to nothing,
 * already recorded as a warning) is left out, as if not given: the module's own defaults and required
 * checks then apply, and its error names the field.
 */
export function applyMapper(mapper: Record<string, unknown>, scope: ExpressionScope): Record<string, unknown> {
  const resolved = evaluateMapper(mapper, scope) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved)) if (value !== null && value !== undefined) input[key] = value;
  return input;
}

export function passesFilter(filter: Filter, scope: ExpressionScope): boolean {
  return evaluateFilter(filter, scope);
}
