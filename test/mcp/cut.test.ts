import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutItems, cutTexts } from '../../src/mcp/cut.js';

const size = (v: unknown): number => JSON.stringify(v).length;
const bundle = fc.record({
  id: fc.uuid(),
  name: fc.string({ maxLength: 300 }),
  tags: fc.array(fc.string({ maxLength: 40 }), { maxLength: 30 }),
  nested: fc.record({ html: fc.string({ maxLength: 3000 }), count: fc.integer() }),
});

describe('cutItems', () => {
  it('keeps everything that fits, untouched and without a note', () => {
    const items = [{ a: 1 }, { a: 2 }];
    expect(cutItems(items, 1000, 'x')).toEqual({ value: items });
  });

  it('property: keeps a prefix of the items that fits, and says how many of how many', () => {
    fc.assert(
      fc.property(fc.array(bundle, { maxLength: 40 }), fc.integer({ min: 2000, max: 20000 }), (items, max) => {
        const cut = cutItems(items, max, 'Ask for fewer.');
        if (!cut.note) {
          expect(cut.value).toEqual(items);
          return;
        }
        expect(size(cut.value)).toBeLessThanOrEqual(max);
        expect(cut.value.length).toBeGreaterThan(0);
        if (cut.value.length > 1 || size(items[0]) <= max) expect(cut.value).toEqual(items.slice(0, cut.value.length));
        expect(cut.note).toMatch(new RegExp(`of ${items.length} items`));
        expect(cut.note).toContain('Ask for fewer.');
      }),
      { numRuns: 200 },
    );
  });
});

describe('cutTexts', () => {
  it('property: the cut value fits, keeps every key and every type, and names what it cut', () => {
    fc.assert(
      fc.property(bundle, fc.integer({ min: 1500, max: 6000 }), (value, max) => {
        const cut = cutTexts(value, max);
        if (!cut.note) {
          expect(cut.value).toEqual(value);
          return;
        }
        expect(size(cut.value)).toBeLessThanOrEqual(max);
        expect(Object.keys(cut.value)).toEqual(Object.keys(value));
        expect(typeof cut.value.nested.html).toBe('string');
        expect(cut.value.nested.count).toBe(value.nested.count);
        expect(cut.note).toMatch(/were cut to fit/);
      }),
      { numRuns: 200 },
    );
  });

  it('marks a cut text with how much was left out', () => {
    const cut = cutTexts({ html_content: 'x'.repeat(10_000) }, 1000);
    expect(cut.value.html_content).toMatch(/… \[cut: [\d,]+ more characters\]$/);
    expect(cut.note).toContain('html_content');
  });
});
