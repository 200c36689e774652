import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../src/runtime/scenario/parse.js';
import { validateScenario } from '../../../../src/runtime/scenario/validate.js';

const scenario = (scheduling: string) =>
  parseScenario(
    `name: Check\nscheduling: ${scheduling}\nflow:\n  - id: 1\n    module: builtin:compose\n    mapper: { a: 1 }\n`,
    'check.yaml',
  ).scenario;

describe('ctct scenario validate checks the scheduling block', () => {
  it('reports each problem at its key under scheduling', () => {
    expect(validateScenario(scenario('{ type: weekly, days: [mon, someday], at: "9h", timezone: Paris }'))).toEqual([
      { field: 'scheduling.timezone', message: expect.stringContaining('"Paris" is not an IANA time zone') },
      { field: 'scheduling.at', message: expect.stringContaining('"9h" is not a time of day') },
      { field: 'scheduling.days[1]', message: expect.stringContaining('"someday" is not a day of the week') },
    ]);
  });

  it('accepts a sound one', () => {
    expect(validateScenario(scenario('{ type: daily, at: ["09:00", "17:30"], timezone: Europe/Paris }'))).toEqual([]);
  });
});
