import { afterEach, describe, expect, it } from 'vitest';
import { planEnabledBudget, serveScenarios, type DaemonEvent } from '../../../../src/runtime/scenario/daemon/index.js';
import { useScenarioTestbed } from '../helpers.js';

const DAY = 86_400_000;

/** A flow of one API call and one reshaping step: each run makes exactly one request. */
const flow = (list: string) => `flow:
  - id: 1
    module: create-contact-list
    mapper: { name: "${list} {{formatDate(now; 'HH:mm:ss.SSS')}}" }
  - id: 2
    module: builtin:compose
    mapper: { made: "{{1.list_id}}" }
`;

describe('serveScenarios (the ctct serve loop) over the scenario library and the sandbox', () => {
  // The sandbox clock starts at the wall clock (the run records are stamped with it) and moves only
  // when the loop waits: a wait is a jump, so a day of schedule takes no real time.
  const t = useScenarioTestbed({ clock: { mode: 'manual', start: new Date().toISOString() } });
  const enabled: string[] = [];
  const enable = (...names: string[]) => {
    for (const name of names) t.lib.setEnabled(name, true);
    enabled.push(...names);
  };
  afterEach(() => {
    for (const name of enabled.splice(0)) t.lib.setEnabled(name, false);
  });

  function serve(extra: Partial<Parameters<typeof serveScenarios>[0]> = {}) {
    const events: DaemonEvent[] = [];
    const controller = new AbortController();
    const done = serveScenarios({
      library: t.lib,
      stop: controller.signal,
      now: () => t.sandbox.clock.nowMs(),
      sleep: async (ms: number) => t.sandbox.clock.advance(ms),
      onEvent: (event) => events.push(event),
      rescanMs: 60_000,
      ...extra,
    });
    return { events, controller, done };
  }
  const of = <T extends DaemonEvent['type']>(events: DaemonEvent[], type: T) =>
    events.filter((e): e is Extract<DaemonEvent, { type: T }> => e.type === type);

  it('runs an enabled scenario on its interval grid, and says why the others are not scheduled', async () => {
    t.write('quarterly', `name: Every 15 minutes\nscheduling: { type: interval, every: 15m }\n${flow('Tick')}`);
    t.write('on-demand', `name: Manual\n${flow('Manual')}`);
    t.write('disabled', `name: Off\nscheduling: { type: interval, every: 1s }\n${flow('Off')}`);
    t.write('bad-schedule', `name: Bad\nscheduling: { type: daily, at: "25:00" }\n${flow('Bad')}`);
    enable('quarterly', 'on-demand', 'bad-schedule');

    const { events, done } = serve({ maxRuns: 3 });
    expect(await done).toEqual({ runs: 3 });

    const finished = of(events, 'run-finished');
    expect(finished.map((e) => [e.name, e.run.status, e.run.trigger, e.run.requests])).toEqual([
      ['quarterly', 'success', 'schedule', 1],
      ['quarterly', 'success', 'schedule', 1],
      ['quarterly', 'success', 'schedule', 1],
    ]);
    // One run per 15-minute slot of the grid: each starts at or after the second it was due, never twice in one.
    const dues = of(events, 'run-due').map((e) => Date.parse(e.dueAt));
    expect(dues.every((due) => due % 900_000 === 0)).toBe(true);
    expect(new Set(dues).size).toBe(3);
    of(events, 'run-due').forEach((e) => expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Date.parse(e.dueAt)));

    const schedule = of(events, 'schedule')[0]!;
    expect(schedule.scenarios.map((s) => [s.name, s.schedule])).toEqual([['quarterly', 'every 15m']]);
    expect(Object.fromEntries(schedule.idle.map((i) => [i.name, i.reason]))).toMatchObject({
      'on-demand': 'on demand: runs only with ctct scenario run',
      disabled: 'disabled',
      'bad-schedule': 'its scheduling block has problems',
    });
    const invalid = of(events, 'invalid')[0]!;
    expect(invalid.name).toBe('bad-schedule');
    expect(invalid.problems[0]).toMatchObject({ field: 'scheduling.at' });
    expect(invalid.problems[0]!.message).toContain('"25:00" is not a time of day');
    expect(of(events, 'budget')[0]!.plan).toMatchObject({ over: false, needed: 96 });
  }, 30_000);

  it('over the daily budget: prints the figures and spaces the polls out instead of failing', async () => {
    t.write('greedy', `name: Greedy\nscheduling: { type: interval, every: 1s }\n${flow('Greedy')}`);
    enable('greedy');
    const { events, done } = serve({ maxRuns: 1, budget: { dailyLimit: 1_000 } });
    await done;
    const plan = of(events, 'budget')[0]!.plan;
    expect(plan).toMatchObject({ over: true, available: 900, needed: 86_400 });
    expect(plan.summary.join('\n')).toContain(
      'greedy: every 1s: 86,400 runs × 1 requests = 86,400/day → at most one run every 1m 36s',
    );
    // What ctct scenario enable prints: the same plan, before any daemon runs.
    expect((await planEnabledBudget(t.lib, { dailyLimit: 1_000 })).summary).toEqual(plan.summary);
    const started = Date.parse(of(events, 'run-due')[0]!.at);
    const next = Date.parse(of(events, 'run-finished')[0]!.nextRunAt!);
    expect(next - started).toBeGreaterThanOrEqual(96_000 - 1);
  }, 30_000);

  it('makes up once for a run missed while no daemon ran, then follows the schedule', async () => {
    // Daily at a time two hours ahead; three hours pass with no daemon running (the token lasts 24 h).
    const at = new Date(t.sandbox.clock.nowMs() + 2 * 3_600_000).toISOString().slice(11, 16);
    t.write('daily', `name: Daily\nscheduling: { type: daily, at: "${at}" }\n${flow('Daily')}`);
    enable('daily');
    await t.lib.runScenario('daily');
    t.sandbox.clock.advance(3 * 3_600_000);
    const { events, done } = serve({ maxRuns: 1 });
    await done;
    const due = of(events, 'run-due')[0]!;
    expect(due).toMatchObject({ name: 'daily', catchUp: true });
    const finished = of(events, 'run-finished')[0]!;
    expect(finished.run.status).toBe('success');
    const next = finished.nextRunAt!;
    expect(next.slice(11, 16)).toBe(at);
    expect(Date.parse(next) - t.sandbox.clock.nowMs()).toBeLessThanOrEqual(DAY);
  }, 30_000);

  it('a stop finishes the operation in flight, ends the loop, and the next start finishes the run', async () => {
    t.write('stopped', `name: Stopped\nscheduling: { type: interval, every: 1s }\n${flow('Stopped')}`);
    enable('stopped');
    const controller = new AbortController();
    const events: DaemonEvent[] = [];
    const first = serve({
      stop: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'scenario-event' && event.event.type === 'operation-finished') controller.abort('SIGTERM');
      },
    });
    await first.done;
    expect(of(events, 'stopping')[0]).toMatchObject({ reason: 'SIGTERM' });
    expect(of(events, 'stopped')[0]).toMatchObject({ runs: 1 });
    const run = of(events, 'run-finished')[0]!.run;
    const detail = t.lib.getRun(run.id)!;
    // Module 1 ran; the stop came before module 2.
    expect(detail.operations.map((o) => [o.moduleId, o.status])).toEqual([[1, 'success']]);

    const second = serve({ maxRuns: 1 });
    await second.done;
    // The next start finishes the interrupted run first, at the operation it stopped before.
    const recovered = of(second.events, 'recovered')[0]!.runs;
    expect(recovered.map((r) => [r.scenario, r.trigger, r.status])).toEqual([['stopped', 'recovery', 'success']]);
    const finishing = t.lib.getRun(recovered[0]!.id)!;
    expect(finishing.operations.map((o) => [o.moduleId, o.status])).toEqual([[2, 'success']]);
    expect(finishing.operations[0]!.output).toEqual({
      made: (detail.operations[0]!.output as { list_id: string }).list_id,
    });
  }, 30_000);

  it('retries an incomplete execution when its automatic retry is due', async () => {
    t.write('flaky', `name: Flaky\nscheduling: { type: interval, every: 1h }\n${flow('Flaky')}`);
    enable('flaky');
    // The API fails the create once with a 503: a transient error, stored and retried in 1 minute.
    t.sandbox.faults.injectNext({ fault: 'error', status: 503, method: 'POST', path: '/contact_lists' });
    const controller = new AbortController();
    const events: DaemonEvent[] = [];
    const { done } = serve({
      stop: controller.signal,
      retryEveryMs: 30_000,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'retried') controller.abort('done');
      },
    });
    await done;
    const run = of(events, 'run-finished')[0]!.run;
    expect(run.status).toBe('warning');
    const stored = of(events, 'scenario-event').find((e) => e.event.type === 'incomplete-stored')!;
    const incomplete = (stored.event as Extract<typeof stored.event, { type: 'incomplete-stored' }>).incomplete;
    const retried = of(events, 'retried')[0]!;
    expect(retried.results).toEqual([{ id: incomplete.id, ok: true, run: expect.anything() }]);
    // Retried by the loop after the failed run, once: the list exists exactly once.
    expect(events.indexOf(retried)).toBeGreaterThan(events.indexOf(of(events, 'run-finished')[0]!));
    const lists = (await t.client.get('/contact_lists', { query: { limit: 1000 } })) as { lists: { name: string }[] };
    expect(lists.lists.filter((list) => list.name.startsWith('Flaky '))).toHaveLength(1);
    expect(t.lib.getIncomplete(incomplete.id)!.status).toBe('resolved');
  }, 30_000);

  it('runs a once whose time passed before any daemon ran, then never again', async () => {
    const past = new Date(t.sandbox.clock.nowMs() - 3_600_000).toISOString();
    t.write('once', `name: Once\nscheduling: { type: once, at: "${past}" }\n${flow('Once')}`);
    enable('once');
    const { events, done } = serve({ maxRuns: 1 });
    await done;
    expect(of(events, 'run-due')[0]).toMatchObject({ name: 'once', catchUp: true });
    expect(of(events, 'run-finished')[0]).toMatchObject({ nextRunAt: null });
  }, 30_000);
});
