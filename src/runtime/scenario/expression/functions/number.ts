import { asNumber } from '../values.js';
import {
  describeForMessage,
  fail,
  integerArg,
  nullPassing,
  numberArg,
  textArg,
  type CallContext,
  type FunctionSpec,
} from './types.js';

/** Rounds half away from zero at `digits` decimals, in decimal (1.005 → 1.01), not binary. */
function roundHalfAway(value: number, digits: number): number {
  if (Math.abs(value) >= 1e15 || digits > 15) return value;
  const scaled = Number(`${Math.abs(value)}e${digits}`);
  const rounded = Number(`${Math.round(scaled)}e${-digits}`);
  const signed = Math.sign(value) * rounded;
  return Number.isFinite(signed) ? signed : Math.sign(value) * Math.round(Math.abs(value));
}

/** The numbers among the arguments: each argument is a number or an array of numbers. */
function collectNumbers(args: readonly unknown[], context: CallContext): number[] {
  const numbers: number[] = [];
  for (const arg of args) {
    for (const value of Array.isArray(arg) ? arg : [arg]) {
      if (value === null || value === undefined) continue;
      const number = asNumber(value);
      if (number === undefined) fail(context, `${describeForMessage(value)} is not a number`);
      numbers.push(number);
    }
  }
  return numbers;
}

/** min() or max() over numbers and arrays of numbers; null when there are none. */
function extreme(pick: (a: number, b: number) => number): FunctionSpec {
  return {
    min: 1,
    max: Infinity,
    call: (args, context) => {
      const numbers = collectNumbers(args, context);
      return numbers.length === 0 ? null : numbers.reduce((a, b) => pick(a, b));
    },
  };
}

const THOUSANDS_SEPARATORS = new Set([' ', '\u00a0', '\u202f', "'", ',', '.']);

export const NUMBER_FUNCTIONS: Record<string, FunctionSpec> = {
  toNumber: nullPassing({
    min: 1,
    max: 1,
    call: (args, context) => {
      const value = args[0];
      if (typeof value === 'boolean') return value ? 1 : 0;
      const number = asNumber(value);
      if (number === undefined)
        fail(context, `${describeForMessage(value)} is not a number (parseNumber reads "1 234,5"-style text)`);
      return number;
    },
  }),
  parseNumber: nullPassing({
    min: 1,
    max: 2,
    call: (args, context) => {
      const text = textArg(context, args, 0).trim();
      const decimal = args.length > 1 ? textArg(context, args, 1) : '.';
      if (decimal !== '.' && decimal !== ',') fail(context, 'the decimal separator must be "." or ","');
      let cleaned = '';
      for (const [index, char] of Array.from(text).entries()) {
        if (char >= '0' && char <= '9') cleaned += char;
        else if (char === decimal) cleaned += '.';
        else if ((char === '-' || char === '+') && index === 0) cleaned += char;
        else if (!THOUSANDS_SEPARATORS.has(char)) fail(context, `${describeForMessage(text)} is not a number`);
      }
      const number = Number(cleaned);
      if (!/[0-9]/.test(cleaned) || !Number.isFinite(number))
        fail(context, `${describeForMessage(text)} is not a number`);
      return number;
    },
  }),
  round: nullPassing({
    min: 1,
    max: 2,
    call: (args, context) => {
      const digits = args.length > 1 ? integerArg(context, args, 1) : 0;
      if (digits < 0 || digits > 15) fail(context, 'the number of decimals must be between 0 and 15');
      return roundHalfAway(numberArg(context, args, 0), digits);
    },
  }),
  floor: nullPassing({ min: 1, max: 1, call: (args, context) => Math.floor(numberArg(context, args, 0)) }),
  ceil: nullPassing({ min: 1, max: 1, call: (args, context) => Math.ceil(numberArg(context, args, 0)) }),
  min: extreme(Math.min),
  max: extreme(Math.max),
  sum: {
    min: 1,
    max: Infinity,
    call: (args, context) => {
      const total = collectNumbers(args, context).reduce((a, b) => a + b, 0);
      if (!Number.isFinite(total)) fail(context, 'the sum is too large to be a number');
      return total;
    },
  },
};
