import { describe, expect, it } from 'vitest';
import {
  evaluateMapper,
  isTemplate,
  parseTemplate,
  templateReferences,
} from '../../../../src/runtime/scenario/expression/index.js';
import { failure, OUTPUTS, run, scopeFor } from './helpers.js';

describe('references', () => {
  it.each([
    ['{{1.email_address.address}}', 'Ada@Example.com'],
    ['{{3.phone_numbers[1].phone_number}}', '+33 1 23'],
    ['{{3.phone_numbers[2].kind}}', 'work'],
    ['{{1.`Customer Name`}}', 'Ada L.'],
    ['{{3.items[].id}}', ['a', 'b', null]],
    ['{{3.phone_numbers[].kind}}', ['home', 'work']],
    ['{{1.score}}', 42],
    ['{{1.active}}', true],
    ['{{1.nothing}}', null],
    ['{{1.tags}}', ['vip', 'beta', 'vip']],
    ['{{`3`.items[2].qty}}', 3],
  ])('%s resolves to %j', (text, expected) => {
    expect(run(text).value).toEqual(expected);
  });

  it('gives the whole bundle for {{`1`}}', () => {
    expect(run('{{`1`}}').value).toBe(OUTPUTS.get(1));
  });

  it.each([
    ['{{1.missing}}', 'has no field "missing"'],
    ['{{2.anything}}', 'module 2 has no output'],
    ['{{3.phone_numbers[5].kind}}', 'has 2 elements, no [5]'],
    ['{{1.first_name.length}}', 'is text, which has no fields'],
    ['{{3.items.id}}', 'is an array (use [1] or [] before ".id")'],
    ['{{1.email_address[1]}}', 'is an object, not an array'],
  ])('%s is null with a warning that says why (%s)', (text, why) => {
    const { value, warnings } = run(text);
    expect(value).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(why);
    expect(warnings[0]!.reference).toBe(text.slice(2, -2));
    expect(warnings[0]!.position).toBe(2);
  });

  it('warns once for a mapped array whose elements lack the field, keeping the others', () => {
    const { value, warnings } = run('{{3.items[].id}}');
    expect(value).toEqual(['a', 'b', null]);
    expect(warnings).toHaveLength(1);
  });

  it('a missing reference in text reads as nothing but still warns', () => {
    const { value, warnings } = run('Hi {{1.nickname}}!');
    expect(value).toBe('Hi !');
    expect(warnings[0]!.position).toBe(5);
  });

  it('does not warn inside ifempty, whose fallback says what an empty value becomes', () => {
    expect(run('{{ifempty(1.nickname; "friend")}}')).toEqual({ value: 'friend', warnings: [] });
  });

  it.each([
    ['{{1.__proto__}}', 2],
    ['{{1.constructor}}', 2],
    ['{{1.a.prototype}}', 4],
    ['{{1.`__proto__`.x}}', 2],
    ['x {{3.items[1].constructor.name}}', 13],
  ])('refuses %s when parsing', (text, position) => {
    const error = failure(text);
    expect(error.message).toContain('cannot be read');
    expect(error.position).toBe(position + 2);
  });

  it('reads own properties of plain objects only', () => {
    const inherited = Object.create({ secret: 'inherited' }) as Record<string, unknown>;
    inherited.own = 'mine';
    const outputs = new Map<number, unknown>([
      [1, { plain: inherited, date: new Date(0), map: new Map([['size', 1]]), list: [1, 2] }],
    ]);
    expect(run('{{1.plain.secret}}', outputs).value).toBeNull();
    expect(run('{{1.date.getTime}}', outputs).value).toBeNull();
    expect(run('{{1.map.size}}', outputs).value).toBeNull();
    expect(run('{{1.list.length}}', outputs).value).toBeNull();
    expect(run('{{1.plain.toString}}', outputs).value).toBeNull();
  });

  it('an own key named like a prototype member is refused even when present in data', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown;
    const outputs = new Map([[1, data]]);
    expect(failure('{{1.__proto__.polluted}}', outputs).message).toContain('cannot be read');
    expect(failure('{{get(`1`; "__proto__.polluted")}}', outputs).message).toContain('cannot be read');
    expect(run('{{get(`1`; "ok")}}', outputs).value).toBe(1);
  });
});

describe('templates', () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['{{1.score}} points', '42 points'],
    ['{{1.first_name}} {{1.last_name}}', 'ada Lovelace'],
    ['tags: {{1.tags}}', 'tags: vip, beta, vip'],
    ['{{1.active}}!', 'true!'],
    ['[{{1.nothing}}]', '[]'],
    ['{{1.email_address}}.', '{"address":"Ada@Example.com","permission_to_send":"implicit"}.'],
    ['{{3.items}}', [{ id: 'a', qty: 2 }, { id: 'b', qty: 3 }, { qty: 4 }]],
    ['items: {{3.items}}', 'items: {"id":"a","qty":2}, {"id":"b","qty":3}, {"qty":4}'],
    [' {{1.score}}', ' 42'],
    ['{{"{{"}} is literal', '{{ is literal'],
    ['a }} b', 'a }} b'],
    ['{{ 1.score }}', 42],
    ['{{"}}"}}', '}}'],
  ])('%j gives %j', (text, expected) => {
    expect(run(text).value).toEqual(expected);
  });

  it('isTemplate tells mapped text from selected values', () => {
    expect(isTemplate('{{1.a}}')).toBe(true);
    expect(isTemplate('Hello {{1.a}}')).toBe(true);
    expect(isTemplate('Hello')).toBe(false);
    expect(isTemplate(42)).toBe(false);
    expect(isTemplate(null)).toBe(false);
  });

  it('templateReferences lists every reference with its path and position', () => {
    const template = parseTemplate('{{1.a.b}} {{if(3.items[2].id = "x"; 3.items[].qty; `1`)}}');
    expect(templateReferences(template)).toEqual([
      { moduleId: 1, path: ['a', 'b'], position: 2 },
      { moduleId: 3, path: ['items', 2, 'id'], position: 15 },
      { moduleId: 3, path: ['items', 0, 'qty'], position: 36 },
      { moduleId: 1, path: [], position: 51 },
    ]);
  });
});

describe('evaluateMapper', () => {
  it('evaluates mapped fields, keeps selected ones, and keeps types of whole-field references', () => {
    const { scope, warnings } = scopeFor();
    const mapper = {
      email_address: { address: '{{lower(1.email_address.address)}}' },
      list_ids: ['fixed-list', '{{1.tags[1]}}'],
      score: '{{1.score}}',
      note: 'score {{1.score}}',
      limit: 50,
      flag: false,
      none: null,
    };
    expect(evaluateMapper(mapper, scope)).toEqual({
      email_address: { address: 'ada@example.com' },
      list_ids: ['fixed-list', 'vip'],
      score: 42,
      note: 'score 42',
      limit: 50,
      flag: false,
      none: null,
    });
    expect(warnings).toEqual([]);
  });

  it('names the field in warnings and errors', () => {
    const { scope, warnings } = scopeFor();
    evaluateMapper({ contact: { phones: ['{{1.phone}}'] } }, scope);
    expect(warnings[0]!.field).toBe('contact.phones[0]');
    try {
      evaluateMapper({ a: { b: '{{1.score / 0}}' } }, scope);
      expect.unreachable();
    } catch (error) {
      expect((error as { field: string }).field).toBe('a.b');
      expect((error as { position: number }).position).toBe(10);
    }
  });

  it('keeps a field named __proto__ as a plain own field of the result', () => {
    const { scope } = scopeFor();
    const mapper = JSON.parse('{"__proto__": {"polluted": "{{1.score}}"}}') as unknown;
    const result = evaluateMapper(mapper, scope) as Record<string, unknown>;
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
