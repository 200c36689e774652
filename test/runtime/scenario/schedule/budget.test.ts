import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimateRequestsPerRun,
  parseSchedule,
  planBudget,
  type Schedule,
} from '../../../../src/runtime/scenario/schedule/index.js';

function every(text: string): Schedule {
  const result = parseSchedule({ type: 'interval', every: text });
  if (!result.ok) throw new Error('bad schedule');
  return result.schedule;
}

describe('planBudget', () => {
  it('leaves scenarios as scheduled when they fit, and says how much they need', () => {
    const plan = planBudget([
      { name: 'openers', schedule: every('15m'), requestsPerRun: 3 },
      { name: 'bounces', schedule: every('1h'), requestsPerRun: 10 },
    ]);
    expect(plan.needed).toBe(96 * 3 + 24 * 10);
    expect(plan.over).toBe(false);
    expect(plan.scenarios.map((s) => s.minGapMs)).toEqual([0, 0]);
    expect(plan.summary).toHaveLength(1);
    expect(plan.summary[0]).toContain('need about 528 requests a day');
    expect(plan.summary[0]).toContain('10,000 a day');
  });

  it('over budget: gives each a fair share, spaces polls out, and prints the figures', () => {
    const plan = planBudget([
      { name: 'small', schedule: every('1h'), requestsPerRun: 10 }, // 240/day: below an equal share, kept
      { name: 'hungry', schedule: every('1m'), requestsPerRun: 10 }, // 14,400/day
      { name: 'greedy', schedule: every('30s'), requestsPerRun: 2 }, // 5,760/day
    ]);
    expect(plan.over).toBe(true);
    expect(plan.available).toBe(9_000);
    const [small, hungry, greedy] = plan.scenarios;
    expect(small!.minGapMs).toBe(0);
    // The rest split 9,000 − 240 = 8,760 equally: 4,380 each.
    expect(hungry!.allowedRunsPerDay).toBe(438);
    expect(greedy!.allowedRunsPerDay).toBe(2_190);
    expect(hungry!.minGapMs).toBe(Math.ceil(86_400_000 / 438));
    expect(plan.scenarios.reduce((sum, s) => sum + s.allowedRequestsPerDay, 0)).toBeLessThanOrEqual(plan.available);
    expect(plan.summary.join('\n')).toMatch(
      /hungry: every 1m: 1,440 runs × 10 requests = 14,400\/day → at most one run every 3m 18s/,
    );
    expect(plan.summary.join('\n')).toContain('small: every 1h: 24 runs × 10 requests = 240/day, unchanged');
  });

  it('keeps at least one run a day for every scenario', () => {
    const plan = planBudget([{ name: 'huge', schedule: every('1s'), requestsPerRun: 20_000 }]);
    expect(plan.scenarios[0]!.allowedRunsPerDay).toBe(1);
  });

  it('within budget, never stretches; over it, never hands out more than is available (beyond one run each)', () => {
    const input = fc.record({
      name: fc.string(),
      every: fc.constantFrom('10s', '1m', '5m', '15m', '1h', '1d'),
      requestsPerRun: fc.integer({ min: 1, max: 200 }),
    });
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 8 }), (inputs) => {
        const plan = planBudget(
          inputs.map((i) => ({ name: i.name, schedule: every(i.every), requestsPerRun: i.requestsPerRun })),
        );
        if (!plan.over) expect(plan.scenarios.every((s) => s.minGapMs === 0)).toBe(true);
        const floor = plan.scenarios.reduce((sum, s) => sum + (s.allowedRunsPerDay === 1 ? s.requestsPerRun : 0), 0);
        expect(plan.scenarios.reduce((sum, s) => sum + s.allowedRequestsPerDay, 0)).toBeLessThanOrEqual(
          plan.available + floor,
        );
        for (const s of plan.scenarios)
          expect(s.allowedRequestsPerDay).toBeLessThanOrEqual(Math.max(s.requestsPerDay, s.requestsPerRun));
      }),
    );
  });
});

describe('estimateRequestsPerRun', () => {
  it('uses recent runs when there are some, else one per API module per cycle', () => {
    expect(
      estimateRequestsPerRun(
        [{ module: 'watch-contacts' }, { module: 'builtin:aggregator' }, { module: 'add-contacts-to-lists' }],
        2,
      ),
    ).toBe(4);
    expect(estimateRequestsPerRun([{ module: 'watch-contacts' }], 1, [3, 4, 8])).toBe(5);
    expect(estimateRequestsPerRun([{ module: 'builtin:compose' }], 1)).toBe(1);
  });
});
