import type { ModuleDefinition } from '../../modules/define.js';
import { outputFields } from '../../modules/output-info.js';

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
