import { describe, expect, it } from 'vitest';
import { addContacts, addList, advance, HOUR, sendCampaignNow } from '../../sandbox/engine/fixtures.js';
import { useScenarioTestbed } from './helpers.js';

describe('running a scenario', () => {
  const t = useScenarioTestbed();

  it('runs a flow without a trigger once, recording every operation with its input and output', async () => {
    t.write(
      'make-list',
      `name: Make a list
flow:
  - id: 1
    module: create-contact-list
    mapper: { name: Engaged }
  - id: 2
    module: builtin:compose
    mapper: { made: "{{1.list_id}}", title: "List {{1.name}}" }
`,
    );
    const events: string[] = [];
    const run = await t.lib.runScenario('make-list', { onEvent: (e) => events.push(e.type) });
    expect(run.status).toBe('success');
    expect(run.operations).toBe(2);
    expect(run.requests).toBe(1);
    const detail = t.lib.getRun(run.id)!;
    expect(detail.operations.map((o) => [o.moduleId, o.status])).toEqual([
      [1, 'success'],
      [2, 'success'],
    ]);
    const list = detail.operations[0]!.output as { list_id: string };
    expect(detail.operations[1]!.output).toEqual({ made: list.list_id, title: 'List Engaged' });
    expect(events[0]).toBe('run-started');
    expect(events.at(-1)).toBe('run-finished');
  });

  it('aggregates a cycle of opens into one Add Contacts to Lists request', async () => {
    const audience = addList(t, 'Audience');
    const engaged = addList(t, 'Engaged people');
    addContacts(t, 'opener', 30, [audience]);
    const activity = (await sendCampaignNow(t, 'Spring', [audience])).primaryId;
    advance(t, 6 * HOUR);
    t.write(
      'openers',
      `name: Openers to Engaged
flow:
  - id: 1
    module: watch-email-opens-reports
    from: all
    mapper: { campaign_activity_id: ${activity}, limit: 1000 }
  - id: 2
    module: builtin:aggregator
    source: 1
    mapper: { value: "{{1.contact_id}}" }
  - id: 3
    module: add-contacts-to-lists
    mapper: { list_ids: [${engaged}], contact_ids: "{{2.array}}" }
`,
    );
    const mark = t.requests.length;
    const run = await t.lib.runScenario('openers');
    expect(run.status, JSON.stringify(t.lib.getRun(run.id))).toBe('success');
    const adds = t.requestsSince(mark, '/v3/activities/add_list_memberships');
    expect(adds).toHaveLength(1);
    expect(run.bundles).toBeGreaterThan(1);
  });
});
