import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { createContact, createCustomField, createList, createTag } from './contacts-fixtures.js';
import {
  addContacts,
  addList,
  advance,
  createCampaign,
  DAY,
  readAllPages,
  sendCampaignNow,
  setRecipients,
} from '../engine/fixtures.js';

/** Segments: their CRUD, the criteria evaluator, contacts by segment (202 then 200) and sends to a segment. */

type Criterion = Record<string, unknown>;
const criteria = (...group: Criterion[]) => JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group } });

describe('segments', () => {
  const t = useSandbox();
  let named = 0;
  const create = async (segmentCriteria: string, name = `Segment ${++named}`) => {
    const res = await t.api('POST', '/segments', { name, segment_criteria: segmentCriteria });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { segment_id: number; name: string };
  };
  /** The segment's contact ids through GET /contacts?segment_id= (202 once after an edit, then 200). */
  const members = async (segmentId: number): Promise<string[]> => {
    let res = await t.api('GET', `/contacts?segment_id=${segmentId}&limit=500`);
    if (res.status === 202) {
      expect(res.body).toEqual({ contacts: [], status: 'processing' });
      res = await t.api('GET', `/contacts?segment_id=${segmentId}&limit=500`);
    }
    expect(res.status).toBe(200);
    return res.body.contacts.map((c: any) => c.contact_id);
  };

  it('creates, reads, lists, renames, replaces and deletes segments', async () => {
    const text = criteria({ source: 'contact', field: 'first_name', op: 'eq', const_value: 'Zed' });
    const made = await create(text, 'Crud segment');
    expect(made).toMatchObject({ name: 'Crud segment', segment_criteria: text, created_at: t.sandbox.clock.nowIso() });
    expect((await t.api('POST', '/segments', { name: 'crud SEGMENT', segment_criteria: text })).status).toBe(409);
    expect((await t.api('GET', `/segments/${made.segment_id}`)).body).toEqual(made);
    advance(t, 1000);
    const renamed = await t.api('PATCH', `/segments/${made.segment_id}/name`, { name: 'Crud renamed' });
    expect(renamed.body).toMatchObject({ name: 'Crud renamed', edited_at: t.sandbox.clock.nowIso() });
    const other = await create(text, 'Another');
    expect((await t.api('PATCH', `/segments/${other.segment_id}/name`, { name: 'Crud renamed' })).status).toBe(409);
    advance(t, 1000);
    const replaced = await t.api('PUT', `/segments/${made.segment_id}`, {
      name: 'Crud replaced',
      segment_criteria: text,
    });
    expect(replaced.status).toBe(200);
    const byName = (await t.api('GET', '/segments?sort_by=name')).body.segments.map((s: any) => s.name);
    expect(byName).toEqual([...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const byDate = (await t.api('GET', '/segments')).body.segments;
    expect(byDate[0].segment_id).toBe(made.segment_id); // most recently edited first
    const paged = await readAllPages(t, '/segments?limit=1', 'segments');
    expect(paged.items.length).toBe(byDate.length);

    expect((await t.api('DELETE', `/segments/${made.segment_id}`)).status).toBe(204);
    expect((await t.api('GET', `/segments/${made.segment_id}`)).status).toBe(200); // details are preserved
    expect((await t.api('GET', '/segments')).body.segments.map((s: any) => s.segment_id)).not.toContain(
      made.segment_id,
    );
    expect((await t.api('DELETE', `/segments/${made.segment_id}`)).status).toBe(404);
    expect((await t.api('PUT', `/segments/${made.segment_id}`, { name: 'x', segment_criteria: text })).status).toBe(
      404,
    );
    expect((await t.api('GET', '/segments/abc')).status).toBe(404);
    await create(text, 'Crud replaced'); // a deleted segment's name is free again
  });

  it('rejects criteria it cannot evaluate, saying what to fix', async () => {
    for (const bad of [
      'not json',
      JSON.stringify({
        criteria: { type: 'or', group: [{ source: 'contact', field: 'first_name', op: 'eq', const_value: 'a' }] },
      }),
      criteria({ source: 'contact', field: 'shoe', op: 'eq', const_value: 'a' }),
      criteria({ source: 'contact', field: 'first_name', op: 'resembles', const_value: 'a' }),
      criteria({ source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-days', param: '2000' }),
      criteria({
        source: 'tracking',
        field: 'opened',
        op: 'contains-any',
        const_value: 'last-n-campaigns',
        param: '501',
      }),
      criteria({ source: 'list_membership', op: 'eq', const_value: '00000000-0000-4000-8000-000000000001' }),
    ]) {
      const res = await t.api('POST', '/segments', { name: `Bad ${++named}`, segment_criteria: bad });
      expect(res.status, bad).toBe(400);
      expect(res.body[0].error_message).toMatch(/segment_criteria/);
    }
  });

  it('evaluates contact, list, tag and custom field conditions, nested and/or', async () => {
    const field = await createCustomField(t, 'Tier');
    const list = await createList(t, 'Segment list');
    const tag = await createTag(t, 'Segment tag');
    const make = (first: string, city: string, extra: Record<string, unknown> = {}) =>
      createContact(t, { first_name: first, street_addresses: [{ kind: 'home', city }], ...extra });
    const ann = await make('Ann', 'Boston', {
      list_memberships: [list],
      custom_fields: [{ custom_field_id: field, value: 'gold' }],
    });
    const bea = await make('Bea', 'Boston', { taggings: [tag] });
    const cid = await make('Cid', 'Denver', { list_memberships: [list] });
    await make('Dot', 'Denver');
    const segment = await create(
      criteria(
        { source: 'contact', field: 'city', op: 'eq', const_value: 'boston' },
        {
          type: 'or',
          group: [
            { source: 'list_membership', field: 'list_id', op: 'eq', const_value: list },
            { source: 'tags', field: 'tag_id', op: 'contains-any', const_value: tag },
          ],
        },
      ),
    );
    expect(await members(segment.segment_id)).toEqual([ann.contact_id, bea.contact_id]);
    const gold = await create(criteria({ source: 'contact', field: 'cf:Tier', op: 'eq', const_value: 'Gold' }));
    expect(await members(gold.segment_id)).toEqual([ann.contact_id]);
    const outside = await create(
      criteria(
        { source: 'list_membership', op: 'ne', const_value: list },
        { source: 'contact', field: 'first_name', op: 'starts-with', const_value: 'd' },
      ),
    );
    expect(await members(outside.segment_id)).toHaveLength(1);
    // Segments are dynamic: a change to a contact shows at once; deleted contacts drop out.
    expect((await t.api('DELETE', `/contacts/${ann.contact_id}`)).status).toBe(204);
    expect(await members(segment.segment_id)).toEqual([bea.contact_id]);
    expect(await members(gold.segment_id)).toEqual([]);
    // A changed criteria needs evaluating again: 202 once more.
    const put = await t.api('PUT', `/segments/${segment.segment_id}`, {
      name: 'Denver people',
      segment_criteria: criteria({ source: 'contact', field: 'city', op: 'eq', const_value: 'Denver' }),
    });
    expect(put.status).toBe(200);
    expect((await t.api('GET', `/contacts?segment_id=${segment.segment_id}`)).status).toBe(202);
    expect(await members(segment.segment_id)).toContain(cid.contact_id);
    expect((await t.api('GET', `/contacts?segment_id=${segment.segment_id}&status=all`)).status).toBe(400);
    expect((await t.api('GET', '/contacts?segment_id=99999')).status).toBe(404);
  });

  it('evaluates tracking conditions against the same events as the reports', async () => {
    const list = addList(t, 'Tracked list');
    addContacts(t, 'tracked', 60, [list]);
    const { primaryId } = await sendCampaignNow(t, 'Tracked campaign', [list]);
    advance(t, 8 * DAY);
    const report = async (name: string) =>
      (await readAllPages(t, `/reports/email_reports/${primaryId}/tracking/${name}?limit=500`)).items.map(
        (r: any) => r.contact_id,
      );
    const opened = await create(
      criteria({
        source: 'tracking',
        field: 'opened',
        op: 'contains-any',
        const_value: 'last-n-campaigns',
        param: '1',
      }),
    );
    expect((await members(opened.segment_id)).sort()).toEqual((await report('unique_opens')).sort());
    const notOpened = await create(
      criteria({
        source: 'tracking',
        field: 'not_opened',
        op: 'contains-any',
        const_value: 'campaign-activities',
        param: primaryId,
      }),
    );
    const openers = new Set(await report('unique_opens'));
    const expected = (await report('sends')).filter((id: string) => !openers.has(id)).sort();
    expect((await members(notOpened.segment_id)).sort()).toEqual(expected);
    const recent = await create(
      criteria({ source: 'tracking', field: 'clicked', op: 'contains-any', const_value: 'last-n-days', param: '30' }),
    );
    expect((await members(recent.segment_id)).sort()).toEqual([...new Set(await report('clicks'))].sort());
  });

  it('sends to a segment, exports it and adds it to a list', async () => {
    const list = addList(t, 'Segment audience');
    addContacts(t, 'audience', 10, [list]);
    const lucky = await create(
      criteria(
        { source: 'list_membership', op: 'eq', const_value: list },
        { source: 'contact', field: 'email_address', op: 'contains', const_value: 'audience1' },
      ),
    );
    const expected = await members(lucky.segment_id); // audience1 and audience10
    expect(expected).toHaveLength(2);
    const { primaryId } = await createCampaign(t, 'Segment send');
    await setRecipients(t, primaryId, [], { contact_list_ids: [], segment_ids: [lucky.segment_id] });
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' })).status).toBe(
      201,
    );
    const sends = (await readAllPages(t, `/reports/email_reports/${primaryId}/tracking/sends`)).items;
    expect(sends.map((s: any) => s.contact_id).sort()).toEqual([...expected].sort());
    const history = (await t.api('GET', `/emails/activities/${primaryId}/send_history`)).body;
    expect(history[0]).toMatchObject({ segment_ids: [lucky.segment_id], count: 2 });
    const target = addList(t, 'From segment');
    const add = await t.api('POST', '/activities/add_list_memberships', {
      source: { segment_id: lucky.segment_id },
      list_ids: [target],
    });
    expect(add.status).toBe(201);
    t.sandbox.jobs.drain();
    const inTarget = (await t.api('GET', `/contacts?lists=${target}`)).body.contacts.map((c: any) => c.contact_id);
    expect(inTarget.sort()).toEqual([...expected].sort());
    const exported = await t.api('POST', '/activities/contact_exports', {
      segment_id: lucky.segment_id,
      fields: ['email_address'],
    });
    t.sandbox.jobs.drain();
    const csv = (await t.api('GET', `/contact_exports/${exported.body.activity_id}`)).body as string;
    expect(csv.split('\r\n').filter(Boolean).sort()).toEqual(
      ['audience10@example.com', 'audience1@example.com', 'email_address'].sort(),
    );
    expect((await t.api('PUT', `/emails/activities/${primaryId}`, { segment_ids: [424242] })).status).toBe(400);
    // A scheduled send keeps its segment from being deleted.
    const later = await createCampaign(t, 'Segment later');
    await setRecipients(t, later.primaryId, [], { contact_list_ids: [], segment_ids: [lucky.segment_id] });
    const future = new Date(t.sandbox.clock.nowMs() + DAY).toISOString();
    expect(
      (await t.api('POST', `/emails/activities/${later.primaryId}/schedules`, { scheduled_date: future })).status,
    ).toBe(201);
    expect((await t.api('DELETE', `/segments/${lucky.segment_id}`)).status).toBe(400);
  });
});
