import { describe, expect, it } from 'vitest';
import { openDatabase, applySchema } from '../../src/sandbox/db.js';
import { createClock } from '../../src/sandbox/clock.js';
import { createJobEngine, jobsSchema } from '../../src/sandbox/jobs.js';

/** The job engine on its own: order, follow-ups, and the runDue/drain contract tests rely on. */

const START = Date.parse('2026-03-02T15:00:00.000Z');
const MINUTE = 60_000;

function engine() {
  const db = openDatabase(undefined);
  applySchema(db, jobsSchema);
  const clock = createClock({ mode: 'manual', start: START });
  const jobs = createJobEngine(db, clock);
  const log: string[] = [];
  return { clock, jobs, log };
}

describe('job engine', () => {
  it('runs due jobs in order of due time, then of queueing, and leaves the others pending', () => {
    const { clock, jobs, log } = engine();
    jobs.register('note', (payload) => log.push(String(payload)));
    jobs.enqueue('note', 'late', { delayMs: 10 * MINUTE });
    jobs.enqueue('note', 'first');
    jobs.enqueue('note', 'middle', { at: START + MINUTE });
    jobs.enqueue('note', 'second');
    clock.advance(MINUTE);
    expect(jobs.drain()).toBe(3);
    expect(log).toEqual(['first', 'second', 'middle']);
    expect(jobs.pendingCount()).toBe(1);
  });

  it('leaves follow-ups to the next runDue, so a test can observe each step', () => {
    const { jobs, log } = engine();
    jobs.register('step', (payload) => {
      log.push(`step ${String(payload)}`);
      if (payload === 1) jobs.enqueue('step', 2);
    });
    jobs.enqueue('step', 1);
    expect(jobs.runDue()).toBe(1);
    expect(log).toEqual(['step 1']);
    expect(jobs.runDue()).toBe(1);
    expect(log).toEqual(['step 1', 'step 2']);
  });

  it("after a clock jump, dates a follow-up from its parent's due time, so it still runs before later work", () => {
    // An activity accepted now (two steps) and a send scheduled in an hour; the clock then jumps a day.
    const { clock, jobs, log } = engine();
    jobs.register('activity.start', () => {
      log.push('start');
      jobs.enqueue('activity.run', null);
    });
    jobs.register('activity.run', () => log.push('run'));
    jobs.register('send', () => log.push('send'));
    jobs.enqueue('activity.start', null);
    jobs.enqueue('send', null, { at: START + 60 * MINUTE });
    clock.advance(24 * 60 * MINUTE);
    jobs.drain();
    expect(log).toEqual(['start', 'run', 'send']);
  });

  it('cancels a pending job', () => {
    const { clock, jobs, log } = engine();
    jobs.register('note', (payload) => log.push(String(payload)));
    const id = jobs.enqueue('note', 'never', { delayMs: MINUTE });
    expect(jobs.cancel(id)).toBe(true);
    expect(jobs.cancel(id)).toBe(false);
    clock.advance(MINUTE);
    expect(jobs.drain()).toBe(0);
    expect(log).toEqual([]);
  });
});

describe('job engine: runFor, the served sandbox slice', () => {
  it('runs follow-ups within one call and says when due work remains', () => {
    const { jobs, log } = engine();
    jobs.register('chain', (payload) => {
      const n = payload as number;
      log.push(`chain ${n}`);
      if (n < 3) jobs.enqueue('chain', n + 1);
    });
    jobs.enqueue('chain', 1);
    expect(jobs.runFor(1_000)).toEqual({ ran: 3, more: false });
    expect(log).toEqual(['chain 1', 'chain 2', 'chain 3']);
  });

  it('stops once its budget is spent, after at least one job, leaving the rest due', () => {
    const { jobs, log } = engine();
    jobs.register('note', (payload) => log.push(String(payload)));
    for (let i = 0; i < 5; i++) jobs.enqueue('note', i);
    expect(jobs.runFor(0)).toEqual({ ran: 1, more: true });
    expect(log).toEqual(['0']);
    expect(jobs.pendingCount()).toBe(4);
  });
});
