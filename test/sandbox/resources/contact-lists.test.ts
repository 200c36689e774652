import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { advance, allPages, createContact, createList } from './contacts-fixtures.js';

describe('/contact_lists', () => {
  const t = useSandbox();

  it('creates a list: 201 with the list, favorite false by default', async () => {
    const res = await t.api('POST', '/contact_lists', { name: 'Newsletter', description: 'Monthly news' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      list_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Newsletter',
      description: 'Monthly news',
      favorite: false,
      created_at: t.sandbox.clock.nowIso(),
      updated_at: t.sandbox.clock.nowIso(),
    });
  });

  it('answers 409 for a name already in use', async () => {
    await createList(t, 'Taken');
    const res = await t.api('POST', '/contact_lists', { name: 'Taken' });
    expect(res.status).toBe(409);
    expect(res.body[0].error_key).toBe('contacts.api.conflict');
  });

  it.each([
    ['no name', {}, /name is required/],
    ['a name of 256 characters', { name: 'n'.repeat(256) }, /maximum length of 255/],
    [
      'a description of 256 characters',
      { name: 'Long description', description: 'd'.repeat(256) },
      /description exceeds/,
    ],
    ['a favorite that is not a boolean', { name: 'Fav', favorite: 'yes' }, /favorite must be true or false/],
  ])('rejects %s with 400', async (_name, body, message) => {
    const res = await t.api('POST', '/contact_lists', body);
    expect(res.status).toBe(400);
    expect(res.body[0].error_message).toMatch(message);
  });

  it('accepts a name of 255 characters', async () => {
    expect((await t.api('POST', '/contact_lists', { name: 'n'.repeat(255) })).status).toBe(201);
  });

  it('gets and updates a list; PUT to a name in use is refused', async () => {
    const id = await createList(t, 'Before');
    await createList(t, 'Other');
    advance(t, 1000);
    const put = await t.api('PUT', `/contact_lists/${id}`, { name: 'After', favorite: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      list_id: id,
      name: 'After',
      favorite: true,
      updated_at: t.sandbox.clock.nowIso(),
    });
    expect(put.body).not.toHaveProperty('description');
    expect((await t.api('GET', `/contact_lists/${id}`)).body.name).toBe('After');
    expect((await t.api('PUT', `/contact_lists/${id}`, { name: 'Other' })).status).toBe(400);
    expect((await t.api('PUT', `/contact_lists/${id}`, { favorite: true })).status).toBe(400);
  });

  it('answers 404 for unknown and malformed list ids', async () => {
    expect((await t.api('GET', '/contact_lists/00000000-0000-4000-8000-0000000000ff')).status).toBe(404);
    expect((await t.api('GET', '/contact_lists/abc')).status).toBe(404);
    expect((await t.api('PUT', '/contact_lists/00000000-0000-4000-8000-0000000000ff', { name: 'X' })).status).toBe(404);
    expect((await t.api('DELETE', '/contact_lists/abc')).status).toBe(404);
  });

  it('counts members with include_membership_count=all|active', async () => {
    const id = await createList(t);
    await createContact(t, { list_memberships: [id] });
    const leaving = await createContact(t, { list_memberships: [id] });
    await t.api('PUT', `/contacts/${leaving.contact_id}`, {
      update_source: 'Account',
      email_address: { address: leaving.email_address.address, permission_to_send: 'unsubscribed' },
      list_memberships: [id],
    });
    expect((await t.api('GET', `/contact_lists/${id}?include_membership_count=all`)).body.membership_count).toBe(1);
    const page = await t.api(
      'GET',
      `/contact_lists?include_membership_count=active&name=${encodeURIComponent((await t.api('GET', `/contact_lists/${id}`)).body.name)}`,
    );
    expect(page.body.lists).toEqual([expect.objectContaining({ list_id: id, membership_count: 1 })]);
    expect((await t.api('GET', '/contact_lists')).body.lists[0]).not.toHaveProperty('membership_count');
    const bad = await t.api('GET', '/contact_lists?include_membership_count=some');
    expect(bad.status).toBe(400);
    expect(bad.body[0].error_message).toBe('include_membership_count does not have a valid value');
  });

  it('deletes asynchronously: 202 with the activity and a Location header, then the list is gone', async () => {
    const id = await createList(t, 'Doomed');
    const member = await createContact(t, { list_memberships: [id] });
    advance(t, 5000);
    const res = await t.api('DELETE', `/contact_lists/${id}`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ state: 'initialized', percent_done: 0, activity_errors: [] });
    expect(res.body._links.self.href).toBe(`/v3/activities/${res.body.activity_id}`);
    expect(res.headers.get('location')).toBe(`/v3/activities/${res.body.activity_id}`);
    // Until the activity runs the list is still there.
    expect((await t.api('GET', `/contact_lists/${id}`)).body).not.toHaveProperty('deleted_at');
    t.sandbox.jobs.runDue();
    expect((await t.api('GET', res.headers.get('location')!.replace('/v3', ''))).body.state).toBe('processing');
    t.sandbox.jobs.runDue();
    const activity = await t.api('GET', `/activities/${res.body.activity_id}`);
    expect(activity.body).toMatchObject({ state: 'completed', percent_done: 100, status: { list_count: 1 } });
    const list = await t.api('GET', `/contact_lists/${id}`);
    expect(list.body.deleted_at).toBe(t.sandbox.clock.nowIso());
    const contact = await t.api('GET', `/contacts/${member.contact_id}?include=list_memberships`);
    expect(contact.body.list_memberships).toEqual([]);
    expect(contact.body.updated_at).toBe(t.sandbox.clock.nowIso());
    // Deleted lists leave the default listing, free their name and refuse updates.
    const names = async (q: string) =>
      ((await t.api('GET', `/contact_lists?limit=1000${q}`)).body.lists as any[]).map((l) => l.list_id);
    expect(await names('')).not.toContain(id);
    expect(await names('&status=deleted')).toEqual([id]);
    expect(await names('&status=all')).toContain(id);
    expect((await t.api('PUT', `/contact_lists/${id}`, { name: 'Revived' })).status).toBe(404);
    expect((await t.api('POST', '/contact_lists', { name: 'Doomed' })).status).toBe(201);
  });

  it('membership changes bump the contact updated_at', async () => {
    const id = await createList(t);
    const contact = await createContact(t);
    advance(t, 60_000);
    const put = await t.api('PUT', `/contacts/${contact.contact_id}`, {
      update_source: 'Account',
      email_address: contact.email_address,
      list_memberships: [id],
    });
    expect(put.body.updated_at).toBe(t.sandbox.clock.nowIso());
    expect(put.body.updated_at).not.toBe(contact.updated_at);
  });
});

describe('/contact_lists paging and the account cap', () => {
  const t = useSandbox();

  it('holds at most 1,000 lists, pages with cursors, counts with include_count', async () => {
    for (let i = 0; i < 1000; i++) {
      const res = await t.api('POST', '/contact_lists', { name: `L${String(i).padStart(4, '0')}` });
      expect(res.status).toBe(201);
    }
    const over = await t.api('POST', '/contact_lists', { name: 'One too many' });
    expect(over.status).toBe(400);
    expect(over.body[0].error_message).toMatch(/at most 1000/);

    const first = await t.api('GET', '/contact_lists?include_count=true');
    expect(first.body.lists).toHaveLength(50);
    expect(first.body.lists_count).toBe(1000);
    const pages = await allPages(t, '/contact_lists?limit=300');
    expect(pages.map((p) => p.lists.length)).toEqual([300, 300, 300, 100]);
    const names = pages.flatMap((p) => p.lists.map((l: any) => l.name));
    expect(new Set(names).size).toBe(1000);
    expect(names[0]).toBe('L0000');
    expect((await t.api('GET', '/contact_lists?limit=1000')).body.lists).toHaveLength(1000);
    expect((await t.api('GET', '/contact_lists?limit=1001')).status).toBe(400);
    expect((await t.api('GET', '/contact_lists?channel_type=sms')).body.lists).toEqual([]);
  });
});
