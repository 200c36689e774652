import type { ModuleDefinition } from '../../modules/define.js';
import { outputFields } from '../../modules/output-info.js';
import { BUILTIN_MODULES } from './format.js';

/**
 * Does a mapped path exist in a module's output bundle? Read from the module's declared fields
 * (output-info.ts). Array steps (`[2]`, `[]`) are skipped, as the field list names an array's item
 * fields after the array itself; a free-form field (`any`, or an object with no declared fields)
 * accepts any path below it.
 */
const known = new WeakMap<object, { exact: Set<string>; open: string[] }>();

function indexOf(module: ModuleDefinition): { exact: Set<string>; open: string[] } {
  let index = known.get(module);
  if (!index) {
    const fields = outputFields(module);
    const exact = new Set(fields.map((f) => f.path.join('\u0000')));
    const open = fields
      .filter(
        (f) =>
          f.type === 'any' ||
          (f.type === 'object' && !fields.some((g) => g.path.length > f.path.length && startsWith(g.path, f.path))),
      )
      .map((f) => f.path.join('\u0000'));
    index = { exact, open };
    known.set(module, index);
  }
  return index;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((p, i) => path[i] === p);
}

export function outputHasPath(module: ModuleDefinition, path: readonly (string | number)[]): boolean {
  const keys = path.filter((p): p is string => typeof p === 'string');
  if (keys.length === 0) return true;
  const { exact, open } = indexOf(module);
  if (exact.has(keys.join('\u0000'))) return true;
  for (let n = keys.length - 1; n >= 1; n--) if (open.includes(keys.slice(0, n).join('\u0000'))) return true;
  return false;
}

/**
 * The top-level fields a built-in step emits, read from what it does (walk.ts, operate.ts); undefined
 * when they cannot be told before running (an iterator emits its array's items, whatever they are).
 * Below those fields, what a mapping put there is free-form: only the first key is checked.
 */
export function builtinOutputFields(step: { module: string; mapper: Record<string, unknown> }): string[] | undefined {
  switch (step.module) {
    case BUILTIN_MODULES.aggregator:
      return ['array', 'count'];
    case BUILTIN_MODULES.readFile:
      return ['path', 'name', 'text', 'size'];
    case BUILTIN_MODULES.compose:
      return Object.keys(step.mapper);
    default:
      return undefined;
  }
}

export function builtinOutputHasPath(
  step: { module: string; mapper: Record<string, unknown> },
  path: readonly (string | number)[],
): boolean {
  const first = path.find((p): p is string => typeof p === 'string');
  const fields = builtinOutputFields(step);
  if (first === undefined || fields === undefined) return true;
  if (!fields.includes(first)) return false;
  // count, and the file's fields, are plain values: nothing lies below them
  const leaf =
    step.module === BUILTIN_MODULES.readFile || (step.module === BUILTIN_MODULES.aggregator && first === 'count');
  return !leaf || path.filter((p) => typeof p === 'string').length === 1;
}
