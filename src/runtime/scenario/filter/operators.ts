import { parseIsoDate } from '../expression/date-format.js';
import { asNumber, isEmpty, renderText, valuesEqual } from '../expression/values.js';

/**
 * The filter operators, named as the hosted platform names them (`text:equal`, `number:greater`,
 * `date:less`, `exist`, …). No pattern operator: a user's regular expression can take exponential time.
 */
export type OperandKind = 'text' | 'number' | 'date' | 'boolean' | 'array' | 'any';

/** Why a condition could not be decided: the values are not of the operator's kind. */
export class OperandMismatch {
  constructor(readonly message: string) {}
}

export interface FilterOperator {
  readonly name: string;
  readonly description: string;
  /** What `a` must be. */
  readonly a: OperandKind;
  /** What `b` must be, or null when the operator takes no `b` (exist, notexist). */
  readonly b: OperandKind | null;
  readonly test: (a: unknown, b: unknown, timezone: string) => boolean | OperandMismatch;
}

const TEXT_TESTS: Record<string, [string, (a: string, b: string) => boolean]> = {
  equal: ['equal to', (a, b) => a === b],
  contain: ['contains', (a, b) => a.includes(b)],
  startwith: ['starts with', (a, b) => a.startsWith(b)],
  endwith: ['ends with', (a, b) => a.endsWith(b)],
};

const ORDER_TESTS: Record<string, [string, (order: number) => boolean]> = {
  equal: ['equal to', (order) => order === 0],
  notequal: ['not equal to', (order) => order !== 0],
  greater: ['greater than', (order) => order > 0],
  less: ['less than', (order) => order < 0],
  greaterorequal: ['greater than or equal to', (order) => order >= 0],
  lessorequal: ['less than or equal to', (order) => order <= 0],
};

function text(value: unknown): string | OperandMismatch {
  if (Array.isArray(value) || (value !== null && typeof value === 'object'))
    return new OperandMismatch(`is ${Array.isArray(value) ? 'an array' : 'an object'}, not text`);
  return renderText(value, 0);
}

function number(value: unknown): number | OperandMismatch {
  const parsed = asNumber(value);
  return parsed ?? new OperandMismatch(`is ${describe(value)}, not a number`);
}

function instant(value: unknown, timezone: string): number | OperandMismatch {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const parsed = parseIsoDate(value, timezone);
    if (typeof parsed === 'number') return parsed;
  }
  return new OperandMismatch(`is ${describe(value)}, not an ISO 8601 date`);
}

function boolean(value: unknown): boolean | OperandMismatch {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return new OperandMismatch(`is ${describe(value)}, not true or false`);
}

function array(value: unknown): readonly unknown[] | OperandMismatch {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : new OperandMismatch(`is ${describe(value)}, not an array`);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** Applies `compare` to two converted operands, passing a mismatch through. */
function both<T>(
  a: T | OperandMismatch,
  b: T | OperandMismatch,
  compare: (a: T, b: T) => boolean,
): boolean | OperandMismatch {
  if (a instanceof OperandMismatch) return new OperandMismatch(`a ${a.message}`);
  if (b instanceof OperandMismatch) return new OperandMismatch(`b ${b.message}`);
  return compare(a, b);
}

function buildOperators(): FilterOperator[] {
  const operators: FilterOperator[] = [];
  for (const [key, [label, test]] of Object.entries(TEXT_TESTS)) {
    for (const negated of [false, true]) {
      for (const ci of [false, true]) {
        const fold = (value: string): string => (ci ? value.toLowerCase() : value);
        operators.push({
          name: `text:${negated ? 'not' : ''}${key}${ci ? ':ci' : ''}`,
          description: `text ${negated ? 'not ' : ''}${label}${ci ? ' (case insensitive)' : ''}`,
          a: 'text',
          b: 'text',
          test: (a, b) => both(text(a), text(b), (x, y) => test(fold(x), fold(y)) !== negated),
        });
      }
    }
  }
  for (const [key, [label, test]] of Object.entries(ORDER_TESTS)) {
    operators.push({
      name: `number:${key}`,
      description: `number ${label}`,
      a: 'number',
      b: 'number',
      test: (a, b) => both(number(a), number(b), (x, y) => test(x - y)),
    });
    operators.push({
      name: `date:${key}`,
      description: `date ${key === 'greater' ? 'later than' : key === 'less' ? 'earlier than' : label}`,
      a: 'date',
      b: 'date',
      test: (a, b, timezone) => both(instant(a, timezone), instant(b, timezone), (x, y) => test(x - y)),
    });
    operators.push({
      name: `array:length:${key}`,
      description: `array length ${label}`,
      a: 'array',
      b: 'number',
      test: (a, b) => {
        const elements = array(a);
        return both(elements instanceof OperandMismatch ? elements : elements.length, number(b), (x, y) => test(x - y));
      },
    });
  }
  for (const negated of [false, true]) {
    const not = negated ? 'not' : '';
    operators.push({
      name: `boolean:${not}equal`,
      description: `boolean ${negated ? 'not ' : ''}equal to`,
      a: 'boolean',
      b: 'boolean',
      test: (a, b) => both(boolean(a), boolean(b), (x, y) => (x === y) !== negated),
    });
    operators.push({
      name: `array:${not}contain`,
      description: `array ${negated ? 'does not contain' : 'contains'}`,
      a: 'array',
      b: 'any',
      test: (a, b) => {
        const elements = array(a);
        if (elements instanceof OperandMismatch) return new OperandMismatch(`a ${elements.message}`);
        return elements.some((element) => valuesEqual(element, b)) !== negated;
      },
    });
    operators.push({
      name: `array:${not}contain:ci`,
      description: `array ${negated ? 'does not contain' : 'contains'} the text (case insensitive)`,
      a: 'array',
      b: 'text',
      test: (a, b) => {
        const elements = array(a);
        const wanted = text(b);
        if (elements instanceof OperandMismatch) return new OperandMismatch(`a ${elements.message}`);
        if (wanted instanceof OperandMismatch) return new OperandMismatch(`b ${wanted.message}`);
        const folded = wanted.toLowerCase();
        return elements.some((element) => typeof element === 'string' && element.toLowerCase() === folded) !== negated;
      },
    });
  }
  operators.push({
    name: 'exist',
    description: 'exists (not empty: not null, "" or [])',
    a: 'any',
    b: null,
    test: (a) => !isEmpty(a),
  });
  operators.push({
    name: 'notexist',
    description: 'does not exist (null, "" or [])',
    a: 'any',
    b: null,
    test: (a) => isEmpty(a),
  });
  return operators;
}

const ALL = buildOperators();

/** Every operator, by name, with what it expects. */
export const FILTER_OPERATORS: ReadonlyMap<string, FilterOperator> = new Map(ALL.map((op) => [op.name, op]));

/** A nearby operator name for a typo (`text:equals`, `number:gt`, `text:contains:CI`). */
export function suggestOperator(name: string): string | undefined {
  const lower = name.toLowerCase().trim();
  if (FILTER_OPERATORS.has(lower)) return lower;
  const aliases: Record<string, string> = {
    equals: 'equal',
    contains: 'contain',
    startswith: 'startwith',
    endswith: 'endwith',
    gt: 'greater',
    lt: 'less',
    gte: 'greaterorequal',
    lte: 'lessorequal',
    ge: 'greaterorequal',
    le: 'lessorequal',
    exists: 'exist',
    notexists: 'notexist',
    eq: 'equal',
    ne: 'notequal',
  };
  const fixed = lower
    .split(':')
    .map((part) => (Object.hasOwn(aliases, part) ? aliases[part]! : part))
    .join(':');
  return FILTER_OPERATORS.has(fixed) ? fixed : undefined;
}
