import { ExpressionError } from '../errors.js';
import type { ExpressionScope } from '../scope.js';
import { asNumber, describeValue, renderText } from '../values.js';

export interface CallContext {
  readonly name: string;
  readonly position: number;
  readonly scope: ExpressionScope;
}

export interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  /** Receives evaluated arguments (if and ifempty, which evaluate lazily, live in the evaluator). */
  readonly call: (args: readonly unknown[], context: CallContext) => unknown;
}

export function fail(context: CallContext, message: string): never {
  throw new ExpressionError(`${context.name}(…): ${message}`, context.position);
}

function ordinal(index: number): string {
  return ['first', 'second', 'third', 'fourth'][index] ?? `argument ${index + 1}`;
}

/** Text, or a number or boolean written as text. */
export function textArg(context: CallContext, args: readonly unknown[], index: number): string {
  const value = args[index];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return renderText(value, context.position);
  return fail(context, `the ${ordinal(index)} argument must be text, not ${describeValue(value)}`);
}

export function numberArg(context: CallContext, args: readonly unknown[], index: number): number {
  const value = args[index];
  const number = asNumber(value);
  if (number === undefined)
    fail(context, `the ${ordinal(index)} argument must be a number, not ${describeForMessage(value)}`);
  return number;
}

export function integerArg(context: CallContext, args: readonly unknown[], index: number): number {
  const number = numberArg(context, args, index);
  if (!Number.isSafeInteger(number))
    fail(context, `the ${ordinal(index)} argument must be a whole number, not ${number}`);
  return number;
}

export function arrayArg(context: CallContext, args: readonly unknown[], index: number): readonly unknown[] {
  const value = args[index];
  if (Array.isArray(value)) return value;
  return fail(context, `the ${ordinal(index)} argument must be an array, not ${describeForMessage(value)}`);
}

export function describeForMessage(value: unknown): string {
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return describeValue(value);
}

/** Wraps a function whose first argument may be null: null in, null out (the warning was already given). */
export function nullPassing(spec: FunctionSpec): FunctionSpec {
  return {
    ...spec,
    call: (args, context) => (args[0] === null || args[0] === undefined ? null : spec.call(args, context)),
  };
}
