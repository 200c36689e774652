import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DurationError, parseDuration } from '../../../src/sandbox/control/duration.js';

const UNITS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

describe('parseDuration', () => {
  it.each([
    ['3d', 3 * UNITS.d],
    ['2h30m', 2.5 * UNITS.h],
    ['1h 30m', 1.5 * UNITS.h],
    ['90s', 90_000],
    ['500ms', 500],
    ['1.5h', 1.5 * UNITS.h],
    ['2w', 2 * UNITS.w],
    ['1500', 1500],
    [' 1d ', UNITS.d],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '3x', 'd', '-1d', '1mo', '1y', '3d4', 'three days', '1d,2h'])(
    'refuses %j with a message that shows the accepted forms',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      expect(() => parseDuration(text)).toThrow(/3d|2h30m/);
    },
  );

  it('adds up any sequence of whole-number parts', () => {
    const part = fc.record({ n: fc.integer({ min: 0, max: 1000 }), unit: fc.constantFrom(...Object.keys(UNITS)) });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), fc.boolean(), (parts, spaced) => {
        const text = parts.map((p) => `${p.n}${p.unit}`).join(spaced ? ' ' : '');
        const expected = parts.reduce((sum, p) => sum + p.n * UNITS[p.unit as keyof typeof UNITS], 0);
        expect(parseDuration(text)).toBe(expected);
      }),
    );
  });
});
