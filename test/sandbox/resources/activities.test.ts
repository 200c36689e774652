import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { ALL_SCOPES } from '../../../src/sandbox/index.js';
import { allPages, createContact, createList, createTag, runActivity, uniqueEmail } from './contacts-fixtures.js';

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const memberships = async (t: ReturnType<typeof useSandbox>, contactId: string): Promise<string[]> =>
  (await t.api('GET', `/contacts/${contactId}?include=list_memberships`)).body.list_memberships;

describe('bulk activity lifecycle', () => {
  const t = useSandbox();

  it('moves visibly from initialized to processing to completed', async () => {
    const listId = await createList(t);
    const contact = await createContact(t);
    const res = await t.api('POST', '/activities/add_list_memberships', {
      source: { contact_ids: [contact.contact_id] },
      list_ids: [listId],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: 'initialized',
      percent_done: 0,
      activity_errors: [],
      status: { items_total_count: 1, items_completed_count: 0, list_count: 1 },
      _links: { self: { href: `/v3/activities/${res.body.activity_id}` } },
    });
    expect(res.body).not.toHaveProperty('started_at');
    expect(await memberships(t, contact.contact_id)).toEqual([]);

    t.sandbox.clock.advance(1000);
    t.sandbox.jobs.runDue();
    const processing = await t.api('GET', `/activities/${res.body.activity_id}`);
    expect(processing.body).toMatchObject({ state: 'processing', started_at: t.sandbox.clock.nowIso() });
    expect(processing.body).not.toHaveProperty('completed_at');

    t.sandbox.clock.advance(1000);
    t.sandbox.jobs.runDue();
    const done = await t.api('GET', `/activities/${res.body.activity_id}`);
    expect(done.body).toMatchObject({
      state: 'completed',
      percent_done: 100,
      completed_at: t.sandbox.clock.nowIso(),
      status: { items_total_count: 1, items_completed_count: 1, list_count: 1 },
    });
    expect(await memberships(t, contact.contact_id)).toEqual([listId]);
  });

  it('fails when every target list was deleted before the activity ran', async () => {
    const listId = await createList(t);
    const contact = await createContact(t);
    // Jobs run in the order they were queued: the list delete is processed before the add.
    const deletion = await t.api('POST', '/activities/list_delete', { list_ids: [listId] });
    const add = await t.api('POST', '/activities/add_list_memberships', {
      source: { contact_ids: [contact.contact_id] },
      list_ids: [listId],
    });
    expect(add.status).toBe(201);
    t.sandbox.jobs.runDue();
    t.sandbox.jobs.runDue();
    expect((await t.api('GET', `/activities/${deletion.body.activity_id}`)).body.state).toBe('completed');
    const failed = await t.api('GET', `/activities/${add.body.activity_id}`);
    expect(failed.body.state).toBe('failed');
    expect(failed.body.activity_errors).toEqual([`The list ${listId} no longer exists.`]);
    expect(await memberships(t, contact.contact_id)).toEqual([]);
  });
});

describe('add_list_memberships and remove_list_memberships', () => {
  const t = useSandbox();
  let source: string;
  let target: string;
  let tag: string;
  const c: Record<string, any> = {};

  beforeAll(async () => {
    source = await createList(t);
    target = await createList(t);
    tag = await createTag(t);
    c.a = await createContact(t, { list_memberships: [source], taggings: [tag] });
    c.b = await createContact(t, { list_memberships: [source] });
    c.outsider = await createContact(t);
    c.opted = await createContact(t, { email_address: { address: uniqueEmail(), permission_to_send: 'unsubscribed' } });
  });

  const run = async (path: string, body: unknown) => {
    const res = await t.api('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return runActivity(t, res.body.activity_id);
  };
  const clearTarget = () =>
    run('/activities/remove_list_memberships', { source: { all_active_contacts: true }, list_ids: [target] });

  it('adds the members of source lists, minus exclusions', async () => {
    const done = await run('/activities/add_list_memberships', {
      source: { list_ids: [source] },
      exclude: { contact_ids: [c.b.contact_id] },
      list_ids: [target],
    });
    expect(done.status).toEqual({ items_total_count: 1, items_completed_count: 1, list_count: 1 });
    expect(await memberships(t, c.a.contact_id)).toEqual([source, target]);
    expect(await memberships(t, c.b.contact_id)).toEqual([source]);
    await clearTarget();
  });

  it('adds all active contacts but never unsubscribed ones', async () => {
    await run('/activities/add_list_memberships', { source: { all_active_contacts: true }, list_ids: [target] });
    for (const key of ['a', 'b', 'outsider']) expect(await memberships(t, c[key].contact_id)).toContain(target);
    expect(await memberships(t, c.opted.contact_id)).toEqual([]);
    await clearTarget();
  });

  it('reports unsubscribed contacts named by id instead of adding them', async () => {
    const done = await run('/activities/add_list_memberships', {
      source: { contact_ids: [c.opted.contact_id, c.outsider.contact_id] },
      list_ids: [target],
    });
    expect(done.state).toBe('completed');
    expect(done.activity_errors).toEqual([
      `Contact ${c.opted.contact_id} is unsubscribed and cannot be added to lists.`,
    ]);
    expect(await memberships(t, c.outsider.contact_id)).toEqual([target]);
    await clearTarget();
  });

  it('adds contacts by tag', async () => {
    await run('/activities/add_list_memberships', { source: { tag_ids: [tag] }, list_ids: [target] });
    expect(await memberships(t, c.a.contact_id)).toContain(target);
    expect(await memberships(t, c.b.contact_id)).not.toContain(target);
    await clearTarget();
  });

  it('removes the members of a source list from the targets, minus exclusions', async () => {
    await run('/activities/add_list_memberships', { source: { all_active_contacts: true }, list_ids: [target] });
    const done = await run('/activities/remove_list_memberships', {
      source: { list_ids: [source] },
      exclude: { contact_ids: [c.a.contact_id] },
      list_ids: [target],
    });
    expect(done.status).toEqual({ items_total_count: 1, items_completed_count: 1, list_count: 1 });
    expect(await memberships(t, c.a.contact_id)).toContain(target);
    expect(await memberships(t, c.b.contact_id)).not.toContain(target);
    expect(await memberships(t, c.outsider.contact_id)).toContain(target);
    await clearTarget();
    expect(await memberships(t, c.outsider.contact_id)).toEqual([]);
  });

  it('caps a contact at 50 lists', async () => {
    const lists: string[] = [];
    for (let i = 0; i < 50; i++) lists.push(await createList(t));
    const contact = await createContact(t, { list_memberships: lists });
    const done = await run('/activities/add_list_memberships', {
      source: { contact_ids: [contact.contact_id] },
      list_ids: [target],
    });
    expect(done.activity_errors[0]).toMatch(/exceed 50 list memberships/);
    expect(await memberships(t, contact.contact_id)).not.toContain(target);
  });

  it.each([
    ['add', 'no source', { list_ids: ['T'] }, 400],
    ['add', 'two sources', { source: { contact_ids: [uuid(1)], all_active_contacts: true }, list_ids: ['T'] }, 400],
    ['add', 'an empty source', { source: {}, list_ids: ['T'] }, 400],
    ['add', 'no target lists', { source: { all_active_contacts: true } }, 400],
    [
      'add',
      '51 target lists',
      { source: { all_active_contacts: true }, list_ids: Array.from({ length: 51 }, (_, i) => uuid(i)) },
      400,
    ],
    [
      'add',
      '501 contact ids',
      { source: { contact_ids: Array.from({ length: 501 }, (_, i) => uuid(i)) }, list_ids: ['T'] },
      400,
    ],
    [
      'add',
      '51 source lists',
      { source: { list_ids: Array.from({ length: 51 }, (_, i) => uuid(i)) }, list_ids: ['T'] },
      400,
    ],
    [
      'add',
      'exclude with a contact_ids source',
      { source: { contact_ids: [uuid(1)] }, exclude: { contact_ids: [uuid(2)] }, list_ids: ['T'] },
      400,
    ],
    ['add', 'an unknown target list', { source: { all_active_contacts: true }, list_ids: [uuid(9)] }, 400],
    ['add', 'an unknown segment', { source: { segment_id: 7 }, list_ids: ['T'] }, 400],
    ['remove', 'a segment (not a source of this operation)', { source: { segment_id: 7 }, list_ids: ['T'] }, 400],
    ['add', 'an engagement level', { source: { engagement_level: 'high' }, list_ids: ['T'] }, 400],
    ['remove', 'an unknown target list', { source: { all_active_contacts: true }, list_ids: [uuid(9)] }, 404],
    [
      'remove',
      'exclude with a tag source',
      { source: { tag_ids: ['TAG'] }, exclude: { contact_ids: [uuid(2)] }, list_ids: ['T'] },
      400,
    ],
  ])('%s rejects %s', async (mode, _name, body, status) => {
    const json = JSON.stringify(body)
      .replaceAll('"T"', JSON.stringify(target))
      .replaceAll('"TAG"', JSON.stringify(tag));
    const res = await t.api('POST', `/activities/${mode}_list_memberships`, JSON.parse(json));
    expect(res.status).toBe(status);
  });
});

describe('contact_delete and list_delete', () => {
  const t = useSandbox();

  it('deletes contacts by id, reporting unknown ids', async () => {
    const a = await createContact(t);
    const b = await createContact(t);
    const res = await t.api('POST', '/activities/contact_delete', {
      contact_ids: [a.contact_id, b.contact_id, uuid(77)],
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toEqual({ items_total_count: 3, items_completed_count: 0 });
    const done = await runActivity(t, res.body.activity_id);
    expect(done).toMatchObject({
      state: 'completed',
      status: { items_total_count: 3, items_completed_count: 2 },
      activity_errors: [`Contact ${uuid(77)} does not exist.`],
    });
    expect((await t.api('GET', `/contacts/${a.contact_id}`)).body.deleted_at).toBeDefined();
  });

  it('deletes every member of lists', async () => {
    const listId = await createList(t);
    const a = await createContact(t, { list_memberships: [listId] });
    const bystander = await createContact(t);
    const res = await t.api('POST', '/activities/contact_delete', { list_ids: [listId] });
    const done = await runActivity(t, res.body.activity_id);
    expect(done.status).toEqual({ items_total_count: 1, items_completed_count: 1, list_count: 1 });
    expect((await t.api('GET', `/contacts/${a.contact_id}`)).body.deleted_at).toBeDefined();
    expect((await t.api('GET', `/contacts/${bystander.contact_id}`)).body.deleted_at).toBeUndefined();
  });

  it.each([
    ['both contact_ids and list_ids', { contact_ids: [uuid(1)], list_ids: [uuid(2)] }],
    ['neither', {}],
    ['501 contact ids', { contact_ids: Array.from({ length: 501 }, (_, i) => uuid(i)) }],
    ['51 list ids', { list_ids: Array.from({ length: 51 }, (_, i) => uuid(i)) }],
  ])('contact_delete rejects %s with 400', async (_name, body) => {
    expect((await t.api('POST', '/activities/contact_delete', body)).status).toBe(400);
  });

  it('deletes up to 100 lists at once', async () => {
    const lists: string[] = [];
    for (let i = 0; i < 3; i++) lists.push(await createList(t));
    const res = await t.api('POST', '/activities/list_delete', { list_ids: lists });
    expect(res.status).toBe(201);
    expect(res.body.status).toEqual({ list_count: 3 });
    const done = await runActivity(t, res.body.activity_id);
    expect(done.status.list_count).toBe(3);
    for (const id of lists) expect((await t.api('GET', `/contact_lists/${id}`)).body.deleted_at).toBeDefined();
    expect(
      (await t.api('POST', '/activities/list_delete', { list_ids: Array.from({ length: 101 }, (_, i) => uuid(i)) }))
        .status,
    ).toBe(400);
    expect((await t.api('POST', '/activities/list_delete', { list_ids: [uuid(5)] })).status).toBe(400);
    expect((await t.api('POST', '/activities/list_delete', {})).status).toBe(400);
  });
});

describe('activity queue and status listing', () => {
  const t = useSandbox();

  it('answers 429 once 1,000 activities are queued, and accepts again when they finish', async () => {
    const listId = await createList(t);
    for (let i = 0; i < 1000; i++) {
      const res = await t.api('POST', '/activities/remove_list_memberships', {
        source: { all_active_contacts: true },
        list_ids: [listId],
      });
      expect(res.status).toBe(201);
    }
    const refused = await t.api('POST', '/activities/contact_delete', { contact_ids: [uuid(1)] });
    expect(refused.status).toBe(429);
    expect(refused.body.error_message).toBe('You exceeded 1,000 queued activities for this user account');
    expect((await t.api('DELETE', `/contact_lists/${listId}`)).status).toBe(429);
    t.sandbox.jobs.runDue();
    // Started (processing) activities are still queued work.
    expect((await t.api('POST', '/activities/contact_delete', { contact_ids: [uuid(1)] })).status).toBe(429);
    t.sandbox.jobs.runDue();
    expect((await t.api('POST', '/activities/contact_delete', { contact_ids: [uuid(1)] })).status).toBe(201);
  });

  it('lists activities newest first, by state, with cursor paging', async () => {
    const all = await allPages(t, '/activities?limit=500');
    const total = all.reduce((n, p) => n + p.activities.length, 0);
    expect(total).toBe(1001);
    expect(all[0].activities[0].state).toBe('initialized');
    const created = all.flatMap((p) => p.activities.map((a: any) => a.activity_id));
    expect(new Set(created).size).toBe(total);
    const completed = await t.api('GET', '/activities?state=completed&limit=5');
    expect(completed.body.activities).toHaveLength(5);
    expect(completed.body.activities.every((a: any) => a.state === 'completed')).toBe(true);
    expect(completed.body._links.next.href).toMatch(/^\/v3\/activities\?cursor=/);
    expect((await t.api('GET', '/activities?state=initialized')).status).toBe(400);
    expect((await t.api('GET', '/activities?limit=501')).status).toBe(400);
    expect((await t.api('GET', '/activities')).body.activities).toHaveLength(50);
  });

  it('answers 404 for unknown ids and forgets activities after 10 days', async () => {
    expect((await t.api('GET', `/activities/${uuid(3)}`)).status).toBe(404);
    expect((await t.api('GET', '/activities/nope')).status).toBe(404);
    const res = await t.api('POST', '/activities/contact_delete', { contact_ids: [uuid(1)] });
    t.sandbox.clock.advance(10 * 24 * 3600 * 1000 + 1);
    const token = t.sandbox.oauth.issueGrant(
      t.sandbox.credentials.client_id,
      [...ALL_SCOPES],
      'after-ten-days',
    ).access_token;
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.api('GET', `/activities/${res.body.activity_id}`, undefined, auth)).status).toBe(404);
    expect((await t.api('GET', '/activities', undefined, auth)).body.activities).toEqual([]);
  });
});
