import type { PathStep } from '../ast.js';
import { describePath, parsePathText, walkPath } from '../lookup.js';
import { canonicalKey, checkArrayLength, valuesEqual } from '../values.js';
import { arrayArg, fail, integerArg, nullPassing, textArg, type CallContext, type FunctionSpec } from './types.js';

function pathArg(context: CallContext, args: readonly unknown[], index: number): PathStep[] {
  const value = args[index];
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 1) fail(context, `element numbers start at 1; ${value} is not one`);
    return [{ kind: 'index', index: value }];
  }
  const steps = parsePathText(textArg(context, args, index));
  if (typeof steps === 'string') fail(context, steps);
  return steps;
}

export const ARRAY_FUNCTIONS: Record<string, FunctionSpec> = {
  first: nullPassing({ min: 1, max: 1, call: (args, context) => arrayArg(context, args, 0)[0] ?? null }),
  last: nullPassing({ min: 1, max: 1, call: (args, context) => arrayArg(context, args, 0).at(-1) ?? null }),
  get: nullPassing({
    min: 2,
    max: 2,
    call: (args, context) => {
      const steps = pathArg(context, args, 1);
      const walked = walkPath(args[0], steps, context.position);
      if (walked.missing)
        context.scope.warn({
          message: `get(…): "${describePath(steps)}" found nothing: the value ${walked.missing.why}`,
          position: context.position,
        });
      return walked.value;
    },
  }),
  // map(array; path[; filter path; value or values]): the path's value in each element that has it.
  map: nullPassing({
    min: 2,
    max: 4,
    call: (args, context) => {
      const elements = arrayArg(context, args, 0);
      const steps = pathArg(context, args, 1);
      const filterSteps = args.length > 2 ? pathArg(context, args, 2) : undefined;
      const wanted = args[3];
      const accepted = (element: unknown): boolean => {
        if (!filterSteps) return true;
        const probe = walkPath(element, filterSteps, context.position);
        if (probe.missing) return false;
        return Array.isArray(wanted)
          ? wanted.some((candidate) => valuesEqual(candidate, probe.value))
          : valuesEqual(wanted, probe.value);
      };
      const values: unknown[] = [];
      for (const element of elements) {
        if (!accepted(element)) continue;
        const walked = walkPath(element, steps, context.position);
        if (!walked.missing) values.push(walked.value);
      }
      return values;
    },
  }),
  slice: nullPassing({
    min: 2,
    max: 3,
    call: (args, context) => {
      const elements = arrayArg(context, args, 0);
      const start = integerArg(context, args, 1);
      return args.length > 2 ? elements.slice(start, integerArg(context, args, 2)) : elements.slice(start);
    },
  }),
  distinct: nullPassing({
    min: 1,
    max: 2,
    call: (args, context) => {
      const elements = arrayArg(context, args, 0);
      const steps = args.length > 1 ? pathArg(context, args, 1) : undefined;
      const seen = new Set<string>();
      return elements.filter((element) => {
        const key = canonicalKey(steps ? walkPath(element, steps, context.position).value : element);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    },
  }),
  merge: {
    min: 1,
    max: Infinity,
    call: (args, context) => {
      const arrays = args.filter((arg) => arg !== null && arg !== undefined);
      arrays.forEach((_, index) => arrayArg(context, arrays, index));
      const total = (arrays as unknown[][]).reduce((count, array) => count + array.length, 0);
      checkArrayLength(total, context.position);
      return (arrays as unknown[][]).flat(1);
    },
  },
};
