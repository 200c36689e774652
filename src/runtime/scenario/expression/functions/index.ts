import { ARRAY_FUNCTIONS } from './array.js';
import { DATE_FUNCTIONS } from './date.js';
import { NUMBER_FUNCTIONS } from './number.js';
import { TEXT_FUNCTIONS } from './text.js';
import type { FunctionSpec } from './types.js';

/** if and ifempty evaluate only the argument they return, so the evaluator runs them itself. */
export const LAZY_FUNCTIONS: Record<string, { readonly min: number; readonly max: number }> = {
  if: { min: 2, max: 3 },
  ifempty: { min: 2, max: 2 },
};

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = Object.assign(
  Object.create(null) as Record<string, FunctionSpec>,
  TEXT_FUNCTIONS,
  NUMBER_FUNCTIONS,
  DATE_FUNCTIONS,
  ARRAY_FUNCTIONS,
);

/** Every function name, for documentation and the web app's picker. */
export const FUNCTION_NAMES: readonly string[] = [...Object.keys(LAZY_FUNCTIONS), ...Object.keys(FUNCTIONS)].sort();

export function functionArity(name: string): { min: number; max: number } | undefined {
  if (Object.hasOwn(LAZY_FUNCTIONS, name)) return LAZY_FUNCTIONS[name];
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

/** The function a mistyped name probably meant (case, or IML aliases people write from other tools). */
export function suggestFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = FUNCTION_NAMES.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;
  const aliases: Record<string, string> = { tolower: 'lower', toupper: 'upper', concat: 'merge', count: 'length' };
  return Object.hasOwn(aliases, lower) ? aliases[lower] : undefined;
}
