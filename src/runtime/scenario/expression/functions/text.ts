import { LIMITS } from '../limits.js';
import { checkArrayLength, checkTextLength, renderText, valuesEqual } from '../values.js';
import { arrayArg, fail, integerArg, nullPassing, textArg, type CallContext, type FunctionSpec } from './types.js';

function countOccurrences(text: string, search: string, stopAfter: number): number {
  let count = 0;
  for (let at = text.indexOf(search); at >= 0 && count <= stopAfter; at = text.indexOf(search, at + search.length))
    count += 1;
  return count;
}

export const TEXT_FUNCTIONS: Record<string, FunctionSpec> = {
  lower: nullPassing({ min: 1, max: 1, call: (args, context) => textArg(context, args, 0).toLowerCase() }),
  upper: nullPassing({ min: 1, max: 1, call: (args, context) => textArg(context, args, 0).toUpperCase() }),
  trim: nullPassing({ min: 1, max: 1, call: (args, context) => textArg(context, args, 0).trim() }),
  capitalize: nullPassing({
    min: 1,
    max: 1,
    call: (args, context) => {
      const text = textArg(context, args, 0);
      const first = text.codePointAt(0);
      if (first === undefined) return text;
      const head = String.fromCodePoint(first);
      return head.toUpperCase() + text.slice(head.length);
    },
  }),
  replace: nullPassing({
    min: 3,
    max: 3,
    call: (args, context) => {
      const text = textArg(context, args, 0);
      const search = textArg(context, args, 1);
      const replacement = textArg(context, args, 2);
      if (search === '') fail(context, 'the text to find is empty');
      if (replacement.length > search.length) {
        const growth = replacement.length - search.length;
        const most = Math.ceil(LIMITS.maxTextLength / growth);
        checkTextLength(text.length + countOccurrences(text, search, most) * growth, context.position);
      }
      return text.split(search).join(replacement);
    },
  }),
  substring: nullPassing({
    min: 2,
    max: 3,
    call: (args, context) => {
      const text = textArg(context, args, 0);
      const start = integerArg(context, args, 1);
      const end = args.length > 2 ? integerArg(context, args, 2) : text.length;
      if (start < 0 || end < 0) fail(context, 'positions count from 0 and cannot be negative');
      return text.substring(start, end);
    },
  }),
  split: nullPassing({
    min: 2,
    max: 2,
    call: (args, context) => {
      const text = textArg(context, args, 0);
      const separator = textArg(context, args, 1);
      if (separator === '') {
        const characters = Array.from(text);
        checkArrayLength(characters.length, context.position);
        return characters;
      }
      checkArrayLength(countOccurrences(text, separator, LIMITS.maxArrayLength) + 1, context.position);
      return text.split(separator);
    },
  }),
  join: nullPassing({
    min: 1,
    max: 2,
    call: (args, context) => {
      const elements = arrayArg(context, args, 0);
      const separator = args.length > 1 ? textArg(context, args, 1) : ', ';
      let length = 0;
      const pieces = elements.map((element) => {
        const piece = renderText(element, context.position);
        length += piece.length + separator.length;
        checkTextLength(length - separator.length, context.position);
        return piece;
      });
      return pieces.join(separator);
    },
  }),
  length: {
    min: 1,
    max: 1,
    call: (args, context) => {
      const value = args[0];
      if (value === null || value === undefined) return 0;
      if (Array.isArray(value)) return value.length;
      return Array.from(textArg(context, args, 0)).length;
    },
  },
  contains: {
    min: 2,
    max: 2,
    call: (args, context) => {
      const [haystack, needle] = args;
      if (haystack === null || haystack === undefined) return false;
      if (Array.isArray(haystack)) return haystack.some((element) => valuesEqual(element, needle));
      return textArg(context, args, 0).includes(textArg(context, args, 1));
    },
  },
  startsWith: {
    min: 2,
    max: 2,
    call: (args, context) =>
      args[0] !== null && args[0] !== undefined && textArg(context, args, 0).startsWith(textArg(context, args, 1)),
  },
  endsWith: {
    min: 2,
    max: 2,
    call: (args, context) =>
      args[0] !== null && args[0] !== undefined && textArg(context, args, 0).endsWith(textArg(context, args, 1)),
  },
  toString: {
    min: 1,
    max: 1,
    call: (args: readonly unknown[], context: CallContext) => renderText(args[0], context.position),
  },
  encodeURL: nullPassing({
    min: 1,
    max: 1,
    call: (args, context) => {
      const text = textArg(context, args, 0);
      try {
        return encodeURIComponent(text);
      } catch {
        return fail(context, 'the text holds a broken character (a lone surrogate) that cannot go in a URL');
      }
    },
  }),
};
