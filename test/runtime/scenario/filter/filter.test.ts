import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpressionScope, ExpressionWarning } from '../../../../src/runtime/scenario/expression/index.js';
import { ExpressionError } from '../../../../src/runtime/scenario/expression/index.js';
import {
  evaluateFilter,
  filterReferences,
  FILTER_OPERATORS,
  validateFilter,
  type Filter,
} from '../../../../src/runtime/scenario/filter/index.js';

const BUNDLE = {
  email: 'Ada@Example.com',
  score: 42,
  scoreText: '42',
  created: '2026-03-01T09:00:00Z',
  tags: ['vip', 'Beta'],
  none: null,
  blank: '',
  empty: [],
  opted: true,
  optedText: 'false',
};

function scope(warnings: ExpressionWarning[] = []): ExpressionScope {
  return {
    outputs: new Map([[1, BUNDLE]]),
    now: new Date('2026-03-02T00:00:00Z'),
    timezone: 'Europe/Paris',
    warn: (warning) => warnings.push(warning),
  };
}

function single(a: unknown, o: string, b?: unknown): Filter {
  return { conditions: [[b === undefined ? { a, o } : { a, o, b }]] };
}

/** [a, operator, b, passes]: at least one case per operator that passes and one that does not. */
const CASES: readonly (readonly [unknown, string, unknown, boolean])[] = [
  ['{{1.email}}', 'text:equal', 'Ada@Example.com', true],
  ['{{1.email}}', 'text:equal', 'ada@example.com', false],
  ['{{1.email}}', 'text:equal:ci', 'ada@example.com', true],
  ['{{1.email}}', 'text:notequal', 'ada@example.com', true],
  ['{{1.email}}', 'text:notequal:ci', 'ada@example.com', false],
  ['{{1.email}}', 'text:contain', '@Example', true],
  ['{{1.email}}', 'text:contain', '@example', false],
  ['{{1.email}}', 'text:contain:ci', '@EXAMPLE', true],
  ['{{1.email}}', 'text:notcontain', 'z', true],
  ['{{1.email}}', 'text:notcontain:ci', 'ADA', false],
  ['{{1.email}}', 'text:startwith', 'Ada', true],
  ['{{1.email}}', 'text:startwith:ci', 'ada', true],
  ['{{1.email}}', 'text:notstartwith', 'ada', true],
  ['{{1.email}}', 'text:notstartwith:ci', 'ada', false],
  ['{{1.email}}', 'text:endwith', '.com', true],
  ['{{1.email}}', 'text:endwith:ci', '.COM', true],
  ['{{1.email}}', 'text:notendwith', '.com', false],
  ['{{1.email}}', 'text:notendwith:ci', '@ourcompany.com', true],
  ['{{1.none}}', 'text:equal', '', true],
  ['{{1.score}}', 'text:equal', '42', true],
  ['{{1.score}}', 'number:equal', 42, true],
  ['{{1.scoreText}}', 'number:equal', '42.0', true],
  ['{{1.score}}', 'number:notequal', 41, true],
  ['{{1.score}}', 'number:greater', 41, true],
  ['{{1.score}}', 'number:greater', 42, false],
  ['{{1.score}}', 'number:greaterorequal', 42, true],
  ['{{1.score}}', 'number:less', '{{1.score + 1}}', true],
  ['{{1.score}}', 'number:lessorequal', 41, false],
  ['{{1.created}}', 'date:less', '{{now}}', true],
  ['{{1.created}}', 'date:greater', '2026-03-01', true],
  ['{{1.created}}', 'date:equal', '2026-03-01T10:00:00+01:00', true],
  ['{{1.created}}', 'date:notequal', '2026-03-01T10:00:00+01:00', false],
  ['{{1.created}}', 'date:greaterorequal', '2026-03-01T09:00:00Z', true],
  ['{{1.created}}', 'date:lessorequal', '2026-02-28', false],
  ['{{1.email}}', 'exist', undefined, true],
  ['{{1.missing}}', 'exist', undefined, false],
  ['{{1.blank}}', 'exist', undefined, false],
  ['{{1.empty}}', 'notexist', undefined, true],
  ['{{1.score}}', 'notexist', undefined, false],
  ['{{1.tags}}', 'array:contain', 'vip', true],
  ['{{1.tags}}', 'array:contain', 'beta', false],
  ['{{1.tags}}', 'array:contain:ci', 'beta', true],
  ['{{1.tags}}', 'array:notcontain', 'gold', true],
  ['{{1.tags}}', 'array:notcontain:ci', 'VIP', false],
  ['{{1.none}}', 'array:contain', 'vip', false],
  ['{{1.tags}}', 'array:length:equal', 2, true],
  ['{{1.tags}}', 'array:length:notequal', 2, false],
  ['{{1.tags}}', 'array:length:greater', 1, true],
  ['{{1.empty}}', 'array:length:less', 1, true],
  ['{{1.tags}}', 'array:length:greaterorequal', 3, false],
  ['{{1.none}}', 'array:length:lessorequal', 0, true],
  ['{{1.opted}}', 'boolean:equal', true, true],
  ['{{1.optedText}}', 'boolean:equal', false, true],
  ['{{1.opted}}', 'boolean:notequal', 'true', false],
];

describe('filter operators', () => {
  it.each(CASES)('%s %s %j → %s', (a, o, b, expected) => {
    const filter = single(a, o, b);
    expect(validateFilter(filter)).toEqual([]);
    expect(evaluateFilter(filter, scope())).toBe(expected);
  });

  it('has a case for every operator', () => {
    const used = new Set(CASES.map(([, o]) => o));
    expect([...FILTER_OPERATORS.keys()].filter((name) => !used.has(name))).toEqual([]);
  });

  it.each([
    ['{{1.email}}', 'number:greater', 3, 'a is the text "Ada@Example.com", not a number'],
    ['{{1.email}}', 'date:less', '2026-01-01', 'a is the text "Ada@Example.com", not an ISO 8601 date'],
    ['{{1.tags}}', 'boolean:equal', true, 'a is an array, not true or false'],
    ['{{1.email}}', 'array:contain', 'x', 'a is the text "Ada@Example.com", not an array'],
    ['{{1.tags}}', 'text:equal', 'vip', 'a is an array, not text'],
  ])('%s %s %j is false with a warning (%s)', (a, o, b, why) => {
    const warnings: ExpressionWarning[] = [];
    expect(evaluateFilter(single(a, o, b), scope(warnings))).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(why);
    expect(warnings[0]!.field).toBe('conditions[0][0]');
  });

  it('warns about a missing reference, except where exist asks about it', () => {
    const warnings: ExpressionWarning[] = [];
    evaluateFilter(single('{{1.missing}}', 'notexist'), scope(warnings));
    expect(warnings).toEqual([]);
    evaluateFilter(single('{{1.missing}}', 'text:equal', 'x'), scope(warnings));
    expect(warnings[0]!.field).toBe('conditions[0][0].a');
  });

  it('ORs the groups and ANDs the conditions of a group', () => {
    const yes = { a: '{{1.score}}', o: 'number:equal', b: 42 };
    const no = { a: '{{1.score}}', o: 'number:equal', b: 0 };
    expect(evaluateFilter({ conditions: [[yes, yes]] }, scope())).toBe(true);
    expect(evaluateFilter({ conditions: [[yes, no]] }, scope())).toBe(false);
    expect(evaluateFilter({ conditions: [[no], [yes, yes]] }, scope())).toBe(true);
    expect(evaluateFilter({ conditions: [[no], [yes, no]] }, scope())).toBe(false);
  });

  it('names the operand when a template fails at run time', () => {
    try {
      evaluateFilter(
        {
          conditions: [
            [
              { a: 1, o: 'exist' },
              { a: '{{1 / 0}}', o: 'number:equal', b: 1 },
            ],
          ],
        },
        scope(),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).field).toBe('conditions[0][1].a');
    }
  });

  it('lists the references of every operand', () => {
    const filter: Filter = { conditions: [[{ a: '{{1.email}}', o: 'text:equal', b: '{{3.items[1].id}}' }]] };
    expect(filterReferences(filter)).toEqual([
      { moduleId: 1, path: ['email'], position: 2, operand: ['conditions', 0, 0, 'a'] },
      { moduleId: 3, path: ['items', 1, 'id'], position: 2, operand: ['conditions', 0, 0, 'b'] },
    ]);
  });
});

describe('validateFilter', () => {
  it.each([
    [null, '', 'a filter is an object'],
    [{ conditions: [] }, 'conditions', 'at least one group'],
    [{ conditions: [[]] }, 'conditions[0]', 'non-empty list'],
    [{ conditions: [['x']] }, 'conditions[0][0]', 'a condition is an object'],
    [{ conditions: [[{ a: 1 }]] }, 'conditions[0][0].o', 'give the operator'],
    [{ conditions: [[{ a: 1, o: 'text:equals', b: 'x' }]] }, 'conditions[0][0].o', 'did you mean text:equal?'],
    [{ conditions: [[{ a: 1, o: 'number:gte', b: 1 }]] }, 'conditions[0][0].o', 'did you mean number:greaterorequal?'],
    [{ conditions: [[{ a: 1, o: 'text:pattern', b: '.*' }]] }, 'conditions[0][0].o', 'patterns'],
    [{ conditions: [[{ a: 1, o: 'frob', b: 1 }]] }, 'conditions[0][0].o', 'unknown operator "frob"'],
    [{ conditions: [[{ o: 'exist' }]] }, 'conditions[0][0].a', 'give a'],
    [{ conditions: [[{ a: 1, o: 'text:equal' }]] }, 'conditions[0][0].b', 'give b'],
    [{ conditions: [[{ a: 1, o: 'exist', b: 2 }]] }, 'conditions[0][0].b', 'remove b'],
    [{ conditions: [[{ a: '{{1.x}}', o: 'number:greater', b: 'ten' }]] }, 'conditions[0][0].b', 'is not a number'],
    [
      { conditions: [[{ a: '{{1.x}}', o: 'date:less', b: 'yesterday' }]] },
      'conditions[0][0].b',
      'not an ISO 8601 date',
    ],
    [{ conditions: [[{ a: '{{1.x}}', o: 'boolean:equal', b: 'yes' }]] }, 'conditions[0][0].b', 'not true or false'],
    [{ conditions: [[{ a: '{{1.x}}', o: 'array:length:equal', b: [] }]] }, 'conditions[0][0].b', 'not a number'],
    [{ conditions: [[{ a: '{{1.x', o: 'exist' }]] }, 'conditions[0][0].a', 'is not closed'],
    [{ conditions: [[{ a: 1, o: 'exist', c: 1 }]] }, 'conditions[0][0].c', 'unknown key "c"'],
    [{ conditions: [[{ a: 1, o: 'exist' }]], when: 1 }, 'when', 'unknown key "when"'],
  ])('%j: %s %s', (filter, field, message) => {
    const problems = validateFilter(filter);
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.find((p) => p.field === field)!.message).toContain(message);
  });

  it('gives the position of a template that does not parse', () => {
    const [problem] = validateFilter({ conditions: [[{ a: 'x {{1.a +}}', o: 'exist' }]] });
    expect(problem!.position).toBe(9);
    expect(problem!.path).toEqual(['conditions', 0, 0, 'a']);
  });
});

describe('filters, on random conditions and bundles', () => {
  const operatorName = fc.oneof(fc.constantFrom(...FILTER_OPERATORS.keys()), fc.string({ maxLength: 12 }));
  const operand = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('{{1.a}}', '{{1.b}}', '{{1.a[1]}}', '{{1.missing}}', '{{now}}', '{{1.a', '{{length(1.b)}}'),
  );
  const condition = fc.record({ a: operand, o: operatorName, b: operand }, { requiredKeys: ['o'] });
  const filter = fc.record({ conditions: fc.array(fc.array(condition, { maxLength: 3 }), { maxLength: 3 }) });
  const bundle = fc.record({ a: fc.jsonValue({ maxDepth: 2 }), b: fc.jsonValue({ maxDepth: 2 }) });

  it('validateFilter never throws; a filter it accepts evaluates to a boolean or an ExpressionError', () => {
    fc.assert(
      fc.property(filter, bundle, (candidate, data) => {
        const problems = validateFilter(candidate);
        if (problems.length > 0) return;
        const at = { ...scope(), outputs: new Map([[1, data]]) };
        try {
          expect(typeof evaluateFilter(candidate as Filter, at)).toBe('boolean');
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a negated operator gives the opposite verdict whenever the operands fit', () => {
    const pairs = [...FILTER_OPERATORS.keys()]
      .filter((name) => name.includes(':not'))
      .map((name) => [name.replace(':not', ':'), name] as const);
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.jsonValue({ maxDepth: 1 }),
        fc.jsonValue({ maxDepth: 1 }),
        ([plain, negated], a, b) => {
          const warnings: ExpressionWarning[] = [];
          const yes = evaluateFilter(single(a, plain, b), scope(warnings));
          const no = evaluateFilter(single(a, negated, b), scope(warnings));
          if (warnings.length === 0) expect(no).toBe(!yes);
          else expect([yes, no]).toEqual([false, false]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
