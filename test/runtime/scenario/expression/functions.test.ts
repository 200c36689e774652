import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../../../src/runtime/scenario/expression/index.js';
import { failure, run } from './helpers.js';

/** [template, expected value]: every function, with its edge cases. The scenario's zone is Europe/Paris. */
const CASES: readonly (readonly [string, unknown])[] = [
  // text
  ['{{lower(1.email_address.address)}}', 'ada@example.com'],
  ['{{upper("straße")}}', 'STRASSE'],
  ['{{trim("  a b  ")}}', 'a b'],
  ['{{capitalize(1.first_name)}}', 'Ada'],
  ['{{capitalize(emptystring)}}', ''],
  ['{{replace("a.b.c"; "."; "-")}}', 'a-b-c'],
  ['{{replace("1+1"; "+"; " plus ")}}', '1 plus 1'],
  ['{{substring("Hello"; 0; 3)}}', 'Hel'],
  ['{{substring("Hello"; 2)}}', 'llo'],
  ['{{split("a,b,,c"; ",")}}', ['a', 'b', '', 'c']],
  ['{{split("abc"; emptystring)}}', ['a', 'b', 'c']],
  ['{{join(1.tags; " / ")}}', 'vip / beta / vip'],
  ['{{join(1.tags)}}', 'vip, beta, vip'],
  ['{{length("héllo")}}', 5],
  ['{{length(1.tags)}}', 3],
  ['{{length(null)}}', 0],
  ['{{contains(1.email_address.address; "@")}}', true],
  ['{{contains(1.tags; "beta")}}', true],
  ['{{contains(1.tags; "gamma")}}', false],
  ['{{contains(null; "x")}}', false],
  ['{{startsWith(1.last_name; "Love")}}', true],
  ['{{endsWith(1.last_name; "x")}}', false],
  ['{{ifempty(1.blank; "n/a")}}', 'n/a'],
  ['{{ifempty(1.nothing; "n/a")}}', 'n/a'],
  ['{{ifempty(1.list_memberships; "none")}}', 'none'],
  ['{{ifempty(1.score; 0)}}', 42],
  ['{{if(1.score > 40; "high"; "low")}}', 'high'],
  ['{{if(1.score = 41; "x")}}', null],
  ['{{if(1.active & 1.score >= 42; "yes"; "no")}}', 'yes'],
  ['{{toString(1.score)}}', '42'],
  ['{{toString(null)}}', ''],
  ['{{toString(1.tags)}}', 'vip, beta, vip'],
  ['{{encodeURL("a b&c/d")}}', 'a%20b%26c%2Fd'],
  ['{{lower(null)}}', null],
  // numbers
  ['{{toNumber(1.ratio)}}', 2.5],
  ['{{toNumber(" 12 ")}}', 12],
  ['{{toNumber(true)}}', 1],
  ['{{toNumber(null)}}', null],
  ['{{parseNumber("1 234,5"; ",")}}', 1234.5],
  ['{{parseNumber("1,234.5")}}', 1234.5],
  ['{{parseNumber("-12")}}', -12],
  ['{{round(2.5)}}', 3],
  ['{{round(-2.5)}}', -3],
  ['{{round(1.005; 2)}}', 1.01],
  ['{{floor(2.7)}}', 2],
  ['{{ceil(2.1)}}', 3],
  ['{{min(3; 1; 2)}}', 1],
  ['{{max(3.items[].qty)}}', 4],
  ['{{min(emptyarray)}}', null],
  ['{{sum(3.items[].qty)}}', 9],
  ['{{sum(1; "2"; 3.items[].qty)}}', 12],
  // dates (now is 2026-03-29T08:15:30.250Z, a DST change day in Paris)
  ['{{now}}', '2026-03-29T08:15:30.250Z'],
  ['{{now()}}', '2026-03-29T08:15:30.250Z'],
  ['{{formatDate(now; "YYYY-MM-DD HH:mm:ss")}}', '2026-03-29 10:15:30'],
  ['{{formatDate(now; "YYYY-MM-DD HH:mm Z"; "UTC")}}', '2026-03-29 08:15 +00:00'],
  ['{{formatDate(now; "D MMMM YY, h:mm A ZZ"; "America/New_York")}}', '29 March 26, 4:15 AM -0400'],
  ['{{formatDate(now; "dddd ddd MMM M/D H:m:s.SSS a")}}', 'Sunday Sun Mar 3/29 10:15:30.250 am'],
  ['{{formatDate(now; "[YYYY is] YYYY X x")}}', 'YYYY is 2026 1774772130 1774772130250'],
  ['{{formatDate(1.created_at; "DD/MM HH:mm")}}', '29/03 00:30'],
  ['{{formatDate("2026-07-01"; "YYYY-MM-DDTHH:mm:ssZ")}}', '2026-07-01T00:00:00+02:00'],
  ['{{formatDate(0; "YYYY-MM-DD"; "UTC")}}', '1970-01-01'],
  ['{{parseDate("2026-03-01T09:00:00+01:00")}}', '2026-03-01T08:00:00.000Z'],
  ['{{parseDate("2026-03-01 09:00")}}', '2026-03-01T08:00:00.000Z'],
  ['{{parseDate("2026-03-01"; null; "UTC")}}', '2026-03-01T00:00:00.000Z'],
  ['{{parseDate("01/03/2026 9:05 PM"; "DD/MM/YYYY h:mm A")}}', '2026-03-01T20:05:00.000Z'],
  ['{{parseDate("March 5, 2026"; "MMMM D, YYYY"; "UTC")}}', '2026-03-05T00:00:00.000Z'],
  ['{{parseDate("2026-03-29 02:30"; "YYYY-MM-DD HH:mm")}}', '2026-03-29T01:30:00.000Z'],
  ['{{parseDate("2026-10-25 02:30"; "YYYY-MM-DD HH:mm")}}', '2026-10-25T00:30:00.000Z'],
  ['{{parseDate("1700000000"; "X")}}', '2023-11-14T22:13:20.000Z'],
  ['{{parseDate("2026-03-01 +0530"; "YYYY-MM-DD ZZ")}}', '2026-02-28T18:30:00.000Z'],
  ['{{addDays("2026-03-28T09:00:00+01:00"; 1)}}', '2026-03-29T07:00:00.000Z'],
  ['{{addDays(now; -29)}}', '2026-02-28T09:15:30.250Z'],
  ['{{addHours(now; 1.5)}}', '2026-03-29T09:45:30.250Z'],
  ['{{addMinutes(now; -15)}}', '2026-03-29T08:00:30.250Z'],
  // arrays
  ['{{first(1.tags)}}', 'vip'],
  ['{{get(last(3.items); "id")}}', undefined],
  ['{{last(1.tags)}}', 'vip'],
  ['{{first(emptyarray)}}', null],
  ['{{get(3.items; 2)}}', { id: 'b', qty: 3 }],
  ['{{get(`3`; "phone_numbers[2].phone_number")}}', '+44 20 7'],
  ['{{get(`1`; "`Customer Name`")}}', 'Ada L.'],
  ['{{map(3.items; "id")}}', ['a', 'b']],
  ['{{map(3.phone_numbers; "phone_number"; "kind"; "work")}}', ['+44 20 7']],
  ['{{map(3.items; "qty"; "id"; split("a,b"; ","))}}', [2, 3]],
  ['{{slice(1.tags; 1)}}', ['beta', 'vip']],
  ['{{slice(1.tags; 0; 2)}}', ['vip', 'beta']],
  ['{{distinct(1.tags)}}', ['vip', 'beta']],
  [
    '{{distinct(3.phone_numbers; "kind")}}',
    [
      { phone_number: '+33 1 23', kind: 'home' },
      { phone_number: '+44 20 7', kind: 'work' },
    ],
  ],
  ['{{merge(1.tags; split("x"; ","); null)}}', ['vip', 'beta', 'vip', 'x']],
  // keywords and operators
  ['{{emptystring}}', ''],
  ['{{null}}', null],
  ['{{true}}', true],
  ['{{false}}', false],
  ['{{emptyarray}}', []],
  ['a{{space}}b{{tab}}c{{newline}}', 'a b\tc\n'],
  ['{{1.score = "42"}}', true],
  ['{{1.first_name != "ada"}}', false],
  ['{{1.score < 50}}', true],
  ['{{"10" < "9"}}', false],
  ['{{"b" > "a"}}', true],
  ['{{"2026-03-01" < "2026-03-01T10:00:00Z"}}', true],
  ['{{1.nothing < 5}}', false],
  ['{{1.score <= 42 & 1.score >= 42}}', true],
  ['{{false | 1.active}}', true],
  ['{{1.score + 8}}', 50],
  ['{{1.score - 2 * 3}}', 36],
  ['{{(1.score - 2) * 3}}', 120],
  ['{{10 / 4}}', 2.5],
  ['{{10 % 4}}', 2],
  ['{{-1.score}}', -42],
  ['{{1.ratio * 2}}', 5],
  ['{{1.tags = split("vip,beta,vip"; ",")}}', true],
];

describe('functions, keywords and operators', () => {
  it.each(CASES)('%s', (text, expected) => {
    const { value, warnings } = run(text);
    if (expected === undefined) expect(warnings.length).toBeGreaterThan(0);
    else expect(warnings).toEqual([]);
    expect(value).toEqual(expected === undefined ? null : expected);
  });

  it('covers every function', () => {
    const used = new Set(CASES.flatMap(([text]) => [...text.matchAll(/([A-Za-z]+)\(/g)].map((match) => match[1])));
    expect(FUNCTION_NAMES.filter((name) => !used.has(name))).toEqual([]);
  });

  it('evaluates only the branch if() takes', () => {
    expect(run('{{if(true; 1; 1 / 0)}}').value).toBe(1);
    expect(run('{{ifempty(1.score; 1 / 0)}}').value).toBe(42);
    expect(run('{{false & 1 / 0}}').value).toBe(false);
  });
});

/** [template, what the message says, position]: every error the language reports. */
const ERRORS: readonly (readonly [string, string, number])[] = [
  // parsing
  ['{{1.a', '"{{" is not closed', 0],
  ['ab {{}}', 'is empty', 3],
  ['{{1.a b}}', 'unexpected "b"', 6],
  ['{{lower(1.a, 1.b)}}', 'separated by ";"', 11],
  ['{{"abc}}', 'text is not closed', 2],
  ['{{"a\\qb"}}', 'unknown escape', 4],
  ['{{1.`abc}}', 'backticked name is not closed', 4],
  ['{{1.``}}', 'empty backticked name', 4],
  ['{{foo}}', 'unknown name "foo"', 2],
  ['{{Lower}}', 'did you mean the function lower', 2],
  ['{{frobnicate(1)}}', 'unknown function "frobnicate"', 2],
  ['{{toLower(1.a)}}', 'did you mean lower', 2],
  ['{{lower()}}', 'takes 1 argument, not 0', 2],
  ['{{replace("a"; "b")}}', 'takes 3 arguments, not 2', 2],
  ['{{if(true)}}', 'takes 2 to 3 arguments', 2],
  ['{{lower(1.a}}', 'to close lower', 11],
  ['{{(1 + 2}}', 'to close "("', 8],
  ['{{1 < 2 < 3}}', 'cannot be chained', 8],
  ['{{0.a}}', 'module ids are whole numbers from 1', 2],
  ['{{1.a[0]}}', 'numbered from 1', 6],
  ['{{1.a[x]}}', 'element number', 6],
  ['{{1.a.1.5}}', 'backticks', 6],
  ['{{1. a}}', 'nothing may stand between', 5],
  ['{{1.a.+}}', 'expected a field name', 6],
  ['{{`name`}}', 'a reference starts with a module id', 2],
  ['{{{1.a}}}', 'cannot be nested', 2],
  ['{{1 # 2}}', 'unexpected character "#"', 4],
  ['{{1 +}}', 'ends too early', 5],
  ['{{)}}', 'expected a value', 2],
  // evaluation
  ['{{"a" + 1}}', 'to join text', 6],
  ['{{1 / 0}}', 'by zero', 4],
  ['{{5 % 0}}', 'by zero', 4],
  ['{{-"x"}}', 'needs a number', 2],
  ['{{1.tags < 3}}', 'cannot order an array', 9],
  ['{{lower(1.tags)}}', 'must be text, not an array', 2],
  ['{{replace("a"; emptystring; "b")}}', 'the text to find is empty', 2],
  ['{{substring("abc"; -1)}}', 'cannot be negative', 2],
  ['{{substring("abc"; 1.5)}}', 'whole number', 2],
  ['{{join("abc")}}', 'must be an array', 2],
  ['{{encodeURL("\ud800")}}', 'lone surrogate', 2],
  ['{{toNumber("12abc")}}', 'is not a number', 2],
  ['{{parseNumber("12x")}}', 'is not a number', 2],
  ['{{parseNumber("1"; ";")}}', 'decimal separator', 2],
  ['{{round(1; 20)}}', 'between 0 and 15', 2],
  ['{{floor("a")}}', 'must be a number', 2],
  ['{{sum(1; "x")}}', 'is not a number', 2],
  ['{{formatDate("yesterday"; "YYYY")}}', 'is not a date', 2],
  ['{{formatDate(now; "YYYY"; "Mars/Olympus")}}', 'not an IANA time zone', 2],
  ['{{formatDate(now; "[YYYY")}}', 'not closed by "]"', 2],
  ['{{formatDate("2026-02-30"; "YYYY")}}', 'has no day 30', 2],
  ['{{parseDate("March 5"; "MMMM D")}}', 'has no year', 2],
  ['{{parseDate("2026-13-01"; "YYYY-MM-DD")}}', 'no month 13', 2],
  ['{{parseDate("2026/01/01"; "YYYY-MM-DD")}}', 'expected "-" at character 5', 2],
  ['{{parseDate("2026-01-01 25:00"; "YYYY-MM-DD HH:mm")}}', 'not a time of day', 2],
  ['{{parseDate("13:00 PM"; "YYYY h:mm A")}}', 'expected 4 digits for YYYY', 2],
  ['{{parseDate("2026-01-01x"; "YYYY-MM-DD")}}', 'unexpected "x"', 2],
  ['{{parseDate("soon")}}', 'is not ISO 8601', 2],
  ['{{parseDate("2026-01-01T10:00+25:00")}}', 'is not a zone offset', 2],
  ['{{addDays(now; 1.5)}}', 'whole number', 2],
  ['{{addHours(now; 1000000000000)}}', 'outside the years 1 to 9999', 2],
  ['{{first("abc")}}', 'must be an array', 2],
  ['{{get(3.items; 0)}}', 'element numbers start at 1', 2],
  ['{{get(3.items; "a..b")}}', 'empty field name', 2],
  ['{{get(3.items; "[0]")}}', 'element number from 1', 2],
  ['{{map(3.items; "constructor")}}', 'cannot be read', 2],
  ['{{merge(1.tags; "x")}}', 'must be an array', 2],
];

describe('errors', () => {
  it.each(ERRORS)('%s: %s (at %i)', (text, message, position) => {
    const error = failure(text);
    expect(error.name).toBe('ExpressionError');
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
  });

  it('refuses a scope whose time zone is unknown, with a message', () => {
    expect(() => run('{{formatDate(now; "YYYY")}}', undefined, 'Nowhere/Land')).toThrow(/not an IANA time zone/);
  });
});
