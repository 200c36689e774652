import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('Delete a Contact List', () => {
  const t = useModuleTestbed();

  it('answers with the deletion activity (202) and the list is gone once it has run; its contacts stay', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'Doomed' })).body;
    const contact = (
      await t.api('POST', '/contacts', {
        create_source: 'Account',
        email_address: { address: 'stay@example.com' },
        list_memberships: [list.list_id],
      })
    ).body;
    const activity = await t.run('delete-contact-list', { list_id: list.list_id });
    expect(activity).toMatchObject({
      activity_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      state: expect.any(String),
      _links: { self: { href: `/v3/activities/${activity.activity_id}` } },
    });
    expect(t.requests.at(-1)?.status).toBe(202);
    await t.sandbox.jobs.drain();
    expect((await t.api('GET', `/activities/${activity.activity_id}`)).body.state).toBe('completed');
    const lists = (await t.api('GET', '/contact_lists')).body.lists.map((l: { list_id: string }) => l.list_id);
    expect(lists).not.toContain(list.list_id);
    expect((await t.api('GET', `/contacts/${contact.contact_id}`)).status).toBe(200);
  });

  it('surfaces the API 404 for an unknown list', async () => {
    await expect(t.run('delete-contact-list', { list_id: crypto.randomUUID() })).rejects.toMatchObject({
      status: 404,
      message: expect.any(String),
    });
  });
});
