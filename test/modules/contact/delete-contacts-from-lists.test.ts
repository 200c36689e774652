import { beforeAll, describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

/** Delete Contacts from Lists and its twin Add Contacts to Lists (one definer). */
describe('Delete Contacts from Lists / Add Contacts to Lists', () => {
  const t = useModuleTestbed();
  let target: string;
  let source: string;
  const contacts: string[] = [];

  beforeAll(async () => {
    target = (await t.api('POST', '/contact_lists', { name: 'Target' })).body.list_id;
    source = (await t.api('POST', '/contact_lists', { name: 'Source' })).body.list_id;
    for (let i = 0; i < 4; i++) {
      const lists = i < 2 ? [target, source] : [target];
      contacts.push(
        (
          await t.api('POST', '/contacts', {
            create_source: 'Account',
            email_address: { address: `m${i}@example.com` },
            list_memberships: lists,
          })
        ).body.contact_id,
      );
    }
  });

  const members = async (listId: string) => {
    const body = (await t.api('GET', `/contacts?lists=${listId}&limit=500`)).body;
    return body.contacts.map((c: { contact_id: string }) => c.contact_id).sort();
  };

  it('removes the given contacts from the target list as an activity, keeping the contacts', async () => {
    const activity = await t.run('delete-contacts-from-lists', { list_ids: [target], contact_ids: [contacts[3]] });
    expect(activity).toMatchObject({
      activity_id: expect.any(String),
      state: 'initialized',
      _links: { self: { href: `/v3/activities/${activity.activity_id}` } },
    });
    await t.sandbox.jobs.drain();
    expect(await members(target)).toEqual(contacts.slice(0, 3).sort());
    expect((await t.api('GET', `/contacts/${contacts[3]}`)).status).toBe(200);
  });

  it('removes every member of a source list', async () => {
    await t.run('delete-contacts-from-lists', { list_ids: [target], source_list_ids: [source] });
    await t.sandbox.jobs.drain();
    expect(await members(target)).toEqual([contacts[2]]);
  });

  it('adds contacts back with the twin, keeping their other memberships', async () => {
    const activity = await t.run('add-contacts-to-lists', {
      list_ids: [target],
      contact_ids: [contacts[0], contacts[3]],
    });
    expect(activity.state).toBe('initialized');
    await t.sandbox.jobs.drain();
    expect(await members(target)).toEqual([contacts[0], contacts[2], contacts[3]].sort());
    expect(await members(source)).toEqual(contacts.slice(0, 2).sort());
  });

  it.each([
    [
      'no source',
      {},
      /give exactly one source of contacts: All Active Contacts \(true\), Contact IDs or Contact List IDs/,
    ],
    [
      'two sources',
      { all_active_contacts: true, contact_ids: [crypto.randomUUID()] },
      /not 2 \(All Active Contacts and Contact IDs\)/,
    ],
    [
      'three sources',
      { all_active_contacts: true, contact_ids: [crypto.randomUUID()], source_list_ids: [crypto.randomUUID()] },
      /not 3/,
    ],
    ['All Active Contacts false as the only "source"', { all_active_contacts: false }, /give exactly one source/],
  ])('refuses %s before sending anything', async (_case, sources, message) => {
    for (const key of ['delete-contacts-from-lists', 'add-contacts-to-lists']) {
      const mark = t.requests.length;
      await expect(t.run(key, { list_ids: [target], ...sources })).rejects.toThrow(message);
      expect(t.requests.length).toBe(mark);
    }
  });

  it('keeps to the API caps: 500 contact ids, 50 target lists', async () => {
    await expect(
      t.run('delete-contacts-from-lists', {
        list_ids: [target],
        contact_ids: Array.from({ length: 501 }, () => crypto.randomUUID()),
      }),
    ).rejects.toThrow(/Contact IDs \(contact_ids\): at most 500 contact ids per request/);
    await expect(
      t.run('delete-contacts-from-lists', {
        list_ids: Array.from({ length: 51 }, () => crypto.randomUUID()),
        all_active_contacts: true,
      }),
    ).rejects.toThrow(/List IDs \(list_ids\): at most 50 contact lists/);
    await expect(t.run('delete-contacts-from-lists', { list_ids: [], all_active_contacts: true })).rejects.toThrow(
      /List IDs \(list_ids\): give at least 1/,
    );
  });
});
