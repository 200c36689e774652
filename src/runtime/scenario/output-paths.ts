import type { z } from 'zod';

/**
 * Does a path exist in a module's output schema? Keys must be declared by the object schemas along
 * the way; an index (or `[]`) steps into an array's items. A schema that is open (record, any,
 * unknown, a passthrough or catch-all object) accepts every path below it, as does no schema at all.
 */
type Def = { type: string; [key: string]: unknown };

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

export function outputHasPath(schema: z.ZodType | undefined, path: readonly (string | number)[]): boolean {
  return reaches(schema, path, 0, 0);
}

function reaches(schema: unknown, path: readonly (string | number)[], at: number, depth: number): boolean {
  if (schema === undefined || depth > 64) return true;
  const def = defOf(schema);
  if (!def) return true;
  if (WRAPPERS.has(def.type)) return reaches(def.innerType, path, at, depth + 1);
  if (def.type === 'pipe') return reaches(def.out ?? def.in, path, at, depth + 1);
  if (def.type === 'lazy') return reaches((def.getter as () => unknown)(), path, at, depth + 1);
  if (def.type === 'union')
    return (def.options as unknown[]).some((option) => reaches(option, path, at, depth + 1));
  if (def.type === 'intersection')
    return reaches(def.left, path, at, depth + 1) || reaches(def.right, path, at, depth + 1);
  if (at >= path.length) return true;
  const step = path[at] as string | number;
  if (def.type === 'array') return typeof step === 'number' && reaches(def.element, path, at + 1, depth + 1);
  if (def.type === 'object') {
    if (typeof step === 'number') return false;
    const shape = def.shape as Record<string, unknown>;
    if (Object.hasOwn(shape, step)) return reaches(shape[step], path, at + 1, depth + 1);
    const catchall = defOf(def.catchall);
    return catchall !== undefined && catchall.type !== 'never';
  }
  if (def.type === 'record' || def.type === 'any' || def.type === 'unknown') return true;
  return false; // a string, number, boolean…: nothing below it
}
