import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../../src/sandbox/resources/campaigns/dates.js';

describe('parseInstant (dates in campaign and report parameters)', () => {
  it.each([
    ['2022-05-17', '2022-05-17T00:00:00.000Z'],
    ['2022-05-17T16:37:59.091Z', '2022-05-17T16:37:59.091Z'],
    ['2019-01-01T00:00:00-0500', '2019-01-01T05:00:00.000Z'],
    ['2019-01-01T00:00:00+05:30', '2018-12-31T18:30:00.000Z'],
    ['2018-08-16T12:30:00Z', '2018-08-16T12:30:00.000Z'],
    ['2018-08-16T12:30', '2018-08-16T12:30:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(new Date(parseInstant(text) as number).toISOString()).toBe(iso);
  });

  it.each(['', '0', 'tomorrow', '2022-13-01', '2022-02-30', '2022-05-17T25:00:00Z', '2022-05-17+05:00', '17/05/2022'])(
    'rejects %j',
    (text) => {
      expect(parseInstant(text)).toBeUndefined();
    },
  );
});
