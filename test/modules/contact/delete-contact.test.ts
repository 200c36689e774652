import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('Delete a Contact', () => {
  const t = useModuleTestbed();

  it('soft-deletes the contact and answers {contact_id, deleted: true}', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'Members' })).body;
    const contact = (
      await t.api('POST', '/contacts', {
        create_source: 'Account',
        email_address: { address: 'gone@example.com' },
        list_memberships: [list.list_id],
      })
    ).body;
    const out = await t.run('delete-contact', { contact_id: contact.contact_id });
    expect(out).toEqual({ contact_id: contact.contact_id, deleted: true });
    const after = (await t.api('GET', `/contacts/${contact.contact_id}?include=list_memberships`)).body;
    expect(after.deleted_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(after.list_memberships ?? []).toEqual([]);
  });

  it('surfaces the API 404 for an unknown contact and refuses an id that is not a UUID before sending', async () => {
    await expect(t.run('delete-contact', { contact_id: crypto.randomUUID() })).rejects.toMatchObject({ status: 404 });
    const mark = t.requests.length;
    await expect(t.run('delete-contact', { contact_id: 'jane@example.com' })).rejects.toThrow(
      /Contact ID \(contact_id\): must be a contact id \(a 36-character UUID\)/,
    );
    expect(t.requests.length).toBe(mark);
  });
});
