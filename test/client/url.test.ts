import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUrl, encodeComponent, encodeQuery } from '../../src/client/url.js';

/** encodeURIComponent's answer, or the error it throws (lone surrogates). */
function reference(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch (err) {
    return `throws ${(err as Error).name}`;
  }
}

function ours(value: string): string {
  try {
    return encodeComponent(value);
  } catch (err) {
    return `throws ${(err as Error).name}`;
  }
}

describe('encodeComponent', () => {
  it('is encodeURIComponent for any string (its shortcut only skips strings it would leave alone)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.constantFrom('a b', 'ü', '%', '&=', "!*'()-._~", '/', '?#'),
        ),
        (value) => ours(value) === reference(value),
      ),
      { numRuns: 2000 },
    );
  });
});

describe('encodeQuery', () => {
  it.each([
    ['a comma list for an array', { include: ['a', 'b c'] }, undefined, 'include=a,b%20c'],
    ['repeated names when asked', { bounce_code: ['B', 'D'] }, ['bounce_code'], 'bounce_code=B&bounce_code=D'],
    ['nothing for undefined, null and empty arrays', { a: undefined, b: null, c: [], d: 0 }, undefined, 'd=0'],
    ['encoded names and values', { 'q&x': 'a=b', n: 5, t: true }, undefined, 'q%26x=a%3Db&n=5&t=true'],
  ] as const)('%s', (_name, query, repeat, expected) => {
    expect(encodeQuery(query as never, repeat)).toBe(expected);
  });

  it('builds base + path + query, appending to a query the path already has', () => {
    expect(buildUrl('https://api.cc.email/v3', '/contacts', { limit: 500 })).toBe(
      'https://api.cc.email/v3/contacts?limit=500',
    );
    expect(buildUrl('https://api.cc.email/v3', '/contacts?cursor=x', { limit: 500 })).toBe(
      'https://api.cc.email/v3/contacts?cursor=x&limit=500',
    );
  });
});
