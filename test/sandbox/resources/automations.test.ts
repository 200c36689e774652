import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { addList } from '../engine/fixtures.js';

/** Automation workflows: created by their trigger, renamed, promoted, paused, listed (stored, not run). */

describe('/automations/workflows', () => {
  const t = useSandbox();
  const listJoin = (listId: string) => ({
    type: 'Action',
    action_name: 'list_join',
    unique_by: 'list_ids',
    parameters: [{ parameter_name: 'list_ids', type: 'LIST', parameter_value: [listId] }],
  });

  it('creates a draft from a trigger, promotes it, pauses and resumes it, and keeps edits in the draft', async () => {
    const list = addList(t, 'Automation list');
    const created = await t.api('POST', '/automations/workflows?workflowName=Welcome%20series', listJoin(list));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      name: 'Welcome series',
      name_explicitly_set: true,
      status: 'DRAFT',
      structured_tags: [{ key: 'GOAL', value: 'goal_undefined' }],
      draft_definition: { state: 'DRAFT', trigger: { trigger_def: listJoin(list) } },
    });
    expect(created.body.active_definition).toBeUndefined();
    expect((await t.api('GET', `/automations/workflows/${id}`)).body).toEqual(created.body);

    const promoted = await t.api('PUT', `/automations/workflows/${id}`, {
      automation_flow: { description: 'For new subscribers', draft_definition: { state: 'ACTIVE' } },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({
      status: 'ACTIVE',
      description: 'For new subscribers',
      active_definition: { state: 'ACTIVE', trigger: { trigger_def: listJoin(list) } },
      draft_definition: { state: 'PROMOTED' },
    });

    // Echoing GET's document back changes nothing.
    const echoed = await t.api('PUT', `/automations/workflows/${id}`, { automation_flow: promoted.body });
    expect(echoed.status).toBe(200);
    expect(echoed.body).toEqual(promoted.body);

    const paused = await t.api('PUT', `/automations/workflows/${id}`, {
      automation_flow: { active_definition: { state: 'PAUSED' } },
    });
    expect(paused.body).toMatchObject({ status: 'PAUSED', active_definition: { state: 'PAUSED' } });

    const birthday = { type: 'Date', action_name: 'calendar_date', bounds: { after: 'P-7D', before: 'P-6D' } };
    const edited = await t.api('PUT', `/automations/workflows/${id}`, {
      automation_flow: {
        active_definition: { state: 'ACTIVE' },
        draft_definition: { trigger: { trigger_def: birthday } },
      },
    });
    expect(edited.body).toMatchObject({
      status: 'ACTIVE',
      active_definition: { trigger: { trigger_def: listJoin(list) } },
      draft_definition: { state: 'DRAFT', trigger: { trigger_def: birthday } },
    });
    expect((await t.api('GET', `/automations/workflows/${id}`)).body).toEqual(edited.body);
  });

  it('lists summaries newest first, filtered by name, channel, origin and goal', async () => {
    const list = addList(t, 'Listed automation list');
    const first = (await t.api('POST', '/automations/workflows?workflowName=First', listJoin(list))).body;
    const second = (await t.api('POST', '/automations/workflows?workflowName=Second', listJoin(list))).body;
    const all = await t.api('GET', '/automations/workflows');
    expect(all.status).toBe(209);
    const ids = all.body.flow_summaries.map((s: any) => s.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    const asc = (await t.api('GET', '/automations/workflows?sort_direction=ASC')).body.flow_summaries;
    expect(asc.map((s: any) => s.id)).toEqual([...ids].reverse());

    const byName = await t.api('GET', '/automations/workflows?name=First');
    expect(byName.body.flow_summaries).toEqual([
      expect.objectContaining({ id: first.id, name: 'First', status: 'DRAFT', draft_state: 'DRAFT' }),
    ]);
    expect((await t.api('GET', '/automations/workflows?name=first')).body.flow_summaries).toEqual([]);
    for (const query of ['channel=sms', 'created_from=TEMPLATE', 'goals=post_purchase_followup'])
      expect((await t.api('GET', `/automations/workflows?name=First&${query}`)).body.flow_summaries, query).toEqual([]);
    for (const query of ['channel=email', 'created_from=SCRATCH', 'goals=goal_undefined'])
      expect(
        (await t.api('GET', `/automations/workflows?name=First&${query}`)).body.flow_summaries,
        query,
      ).toHaveLength(1);
  });

  it.each([
    ['no type', { action_name: 'list_join' }, 'type is required'],
    ['an Action without its name', { type: 'Action' }, 'action_name is required'],
    ['an unknown list', listJoinWith('no-such-list'), 'do not exist: no-such-list'],
    ['a segment that does not exist', { type: 'segment_join', segment_id: '999999' }, 'No segment has the id 999999'],
    [
      'a date field without record.',
      { type: 'Date', action_name: 'x', trigger_date: { date_field: 'anniversary' } },
      'record.',
    ],
    ['bounds in hours', { type: 'Date', action_name: 'x', bounds: { after: 'PT1H', before: 'P1D' } }, 'bounds.after'],
    [
      'bounds the wrong way round',
      { type: 'Date', action_name: 'x', bounds: { after: 'P1D', before: 'P0D' } },
      'earlier',
    ],
  ])('refuses a trigger with %s (400 saying what to fix)', async (_, trigger, message) => {
    const res = await t.api('POST', '/automations/workflows', trigger);
    expect(res.status).toBe(400);
    expect(res.body[0].error_message).toContain(message);
  });

  it('refuses bad updates and filters, and names an unknown workflow', async () => {
    const created = (await t.api('POST', '/automations/workflows', { type: 'Action', action_name: 'contact_added' }))
      .body;
    expect(created).toMatchObject({ name: 'Untitled automation', name_explicitly_set: false });
    const put = (flow: unknown) => t.api('PUT', `/automations/workflows/${created.id}`, { automation_flow: flow });
    expect((await put({ active_definition: { state: 'PAUSED' } })).body[0].error_message).toContain(
      'never been activated',
    );
    expect((await put({ draft_definition: { state: 'PROMOTED' } })).body[0].error_message).toContain('never promoted');
    expect((await put({ draft_definition: { state: 'DONE' } })).status).toBe(400);
    expect((await put({ id: 'another' })).body[0].error_message).toContain('not the id in the path');
    expect((await put({ name: '' })).status).toBe(400);
    expect((await t.api('PUT', `/automations/workflows/${created.id}`, { name: 'x' })).status).toBe(400);
    const renamed = await put({ name: 'Renamed', status: 'ACTIVE' });
    expect(renamed.body).toMatchObject({ name: 'Renamed', name_explicitly_set: true, status: 'DRAFT' });

    expect((await t.api('GET', '/automations/workflows?sort_direction=desc')).status).toBe(400);
    expect((await t.api('GET', '/automations/workflows?created_from=COPY')).status).toBe(400);
    const unknown = await t.api('GET', '/automations/workflows/8f2c1d4e-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(400);
    expect(unknown.body[0].error_message).toContain('8f2c1d4e-0000-4000-8000-000000000000');
  });
});

function listJoinWith(listId: string) {
  return {
    type: 'Action',
    action_name: 'list_join',
    parameters: [{ parameter_name: 'list_ids', parameter_value: [listId] }],
  };
}
