import { describe, expect, it } from 'vitest';
import { addContacts, addList, readAllPages } from '../../sandbox/engine/fixtures.js';
import { newContactsOf, useScenarioTestbed } from './helpers.js';

/** The onerror directives, incomplete executions and their retries, against the sandbox's faults. */
describe('errors in a run', () => {
  const t = useScenarioTestbed();

  /** compose → iterator over three names → Create a List each → compose; list "<p>-b" exists already (409). */
  const listFlow = (prefix: string, onerror: string | undefined) => {
    addList(t, `${prefix}-b`);
    return t.write(
      prefix,
      `name: Lists ${prefix}
settings: { maxConsecutiveErrors: 2 }
flow:
  - id: 1
    module: builtin:compose
    mapper: { names: [${prefix}-a, ${prefix}-b, ${prefix}-c] }
  - id: 2
    module: builtin:iterator
    mapper: { array: "{{1.names}}" }
  - id: 3
    module: create-contact-list
    mapper: { name: "{{2.value}}" }
${onerror ? `    onerror: ${onerror}\n` : ''}  - id: 4
    module: builtin:compose
    mapper: { made: "{{3.list_id}}" }
`,
    );
  };
  const made = async (prefix: string) =>
    (await readAllPages(t, '/contact_lists?limit=1000', 'lists')).items
      .map((l: any) => l.name as string)
      .filter((n: string) => n.startsWith(`${prefix}-`))
      .sort();

  it.each([
    ['break', 'break', 'warning', ['x1-a', 'x1-b', 'x1-c'], 1],
    ['ignore', 'ignore', 'success', ['x2-a', 'x2-b', 'x2-c'], 0],
    ['resume', '{ resume: { list_id: substitute } }', 'success', ['x3-a', 'x3-b', 'x3-c'], 0],
    ['commit', 'commit', 'success', ['x4-a', 'x4-b'], 0],
    ['rollback', 'rollback', 'error', ['x5-a', 'x5-b'], 0],
    ['no handler (a data error stops the run)', undefined, 'error', ['x6-a', 'x6-b'], 1],
  ])('onerror %s', async (_name, directive, status, lists, incompletes) => {
    const prefix = lists[0]!.slice(0, 2);
    const run = await t.lib.runScenario(listFlow(prefix, directive));
    expect(run.status).toBe(status);
    expect(await made(prefix)).toEqual(lists);
    expect(run.incompletes).toBe(incompletes);
    const detail = t.lib.getRun(run.id)!;
    const failed = detail.operations.filter((o) => o.status === 'error');
    expect(failed).toEqual([expect.objectContaining({ moduleId: 3, path: '2#2/3' })]);
    expect(failed[0]!.error?.status).toBe(409);
    if (directive?.startsWith('{'))
      expect(detail.operations.filter((o) => o.moduleId === 4).map((o) => o.output)).toContainEqual({
        made: 'substitute',
      });
    for (const i of detail.incompletes) expect(i).toMatchObject({ reason: 'data', moduleId: 3, nextAttemptAt: null });
  });

  it('a data error stored as incomplete is resumed after the fix, and replayed from the start', async () => {
    const name = listFlow('y1', 'break');
    const run = await t.lib.runScenario(name);
    const [incomplete] = t.lib.getRun(run.id)!.incompletes;
    // still failing: the incomplete execution stays, its attempt counted
    const again = await t.lib.resume(incomplete!.id);
    expect(again.status).toBe('warning');
    expect(t.lib.getIncomplete(incomplete!.id)).toMatchObject({ status: 'unresolved', attempts: 1 });
    // the fix: the conflicting list is renamed away
    const lists = (await readAllPages(t, '/contact_lists?limit=1000', 'lists')).items;
    const existing = lists.filter((l: any) => l.name === 'y1-b');
    expect(existing).toHaveLength(1);
    const renamed = await t.api('PUT', `/contact_lists/${existing[0].list_id}`, { name: 'y1-old' });
    expect(renamed.status).toBe(200);
    const resumed = await t.lib.resume(incomplete!.id);
    expect(resumed).toMatchObject({ status: 'success', trigger: 'resume', operations: 2 });
    expect(t.lib.getIncomplete(incomplete!.id)?.status).toBe('resolved');
    expect(await made('y1')).toEqual(['y1-a', 'y1-b', 'y1-c', 'y1-old']);
    await expect(t.lib.resume(incomplete!.id)).rejects.toThrow(/resolved already/);
  });

  it('rollbacks count toward disabling the scenario; a success resets the count', async () => {
    const name = listFlow('z1', 'rollback');
    t.lib.setEnabled(name, true);
    await t.lib.runScenario(name, { trigger: 'schedule' });
    expect(t.lib.state(name)).toMatchObject({ enabled: true, consecutiveErrors: 1 });
    await t.lib.runScenario(name, { trigger: 'schedule' });
    expect(t.lib.state(name)).toMatchObject({ enabled: false, consecutiveErrors: 2 });
    expect(t.lib.state(name).disabledReason).toMatch(/2 consecutive failed runs/);
    const skipped = await t.lib.runScenario(name, { trigger: 'schedule' });
    expect(skipped.status).toBe('skipped');
  });

  it('a 429 storm and 5xx faults: no run fails, retries on the schedule finish every bundle, each once', async () => {
    const source = addList(t, 'Storm source');
    const target = addList(t, 'Storm target');
    const contacts = addContacts(t, 'storm', 40, [source]);
    const name = t.write(
      'storm',
      `${newContactsOf('Storm', source)}  - id: 2
    module: add-contacts-to-lists
    mapper: { list_ids: [${target}], contact_ids: ["{{1.contact_id}}"] }
`,
    );
    t.sandbox.faults.configure({ seed: 'storm', errorRate: 0.25, errorStatuses: [500, 503], throttleRate: 0.3 });
    const runs = [await t.lib.runScenario(name)];
    let at = Date.now();
    for (
      let round = 0;
      round < 12 && t.lib.listIncompletes({ scenario: name, status: 'unresolved' }).length > 0;
      round++
    ) {
      at += 4 * 3600_000; // past any step of the schedule
      for (const r of await t.lib.retryDue(new Date(at))) if (r.ok && r.run) runs.push(r.run);
    }
    const faults = t.sandbox.faults.history().length;
    t.sandbox.faults.clear();
    runs.push(await t.lib.runScenario(name));
    expect(faults).toBeGreaterThan(10);
    expect(runs.filter((r) => r.trigger === 'retry').length).toBeGreaterThan(0);
    expect(runs.filter((r) => r.status === 'error')).toEqual([]);
    expect(t.lib.listIncompletes({ scenario: name, status: 'unresolved' })).toEqual([]);
    t.sandbox.jobs.drain();
    const members = (await readAllPages(t, `/contacts?lists=${target}&limit=500`, 'contacts')).items;
    expect(members.map((c: any) => c.contact_id).sort()).toEqual([...contacts].sort());
  });
});
