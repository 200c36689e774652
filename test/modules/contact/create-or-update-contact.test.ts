import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('Create or Update a Contact', () => {
  const t = useModuleTestbed();

  it('creates a new contact (created: true), then updates it by email, appending lists (created: false)', async () => {
    const a = (await t.api('POST', '/contact_lists', { name: 'Newsletter' })).body.list_id;
    const b = (await t.api('POST', '/contact_lists', { name: 'Offers' })).body.list_id;
    const created = await t.run('create-or-update-contact', {
      email_address: 'signup@example.com',
      first_name: 'Sam',
      street_address: { kind: 'home', city: 'Springfield' },
      list_memberships: [a],
    });
    expect(created).toEqual({ contact_id: expect.stringMatching(/^[0-9a-f-]{36}$/), action: 'created', created: true });

    const updated = await t.run('create-or-update-contact', {
      email_address: 'signup@example.com',
      last_name: 'Smith',
      list_memberships: [b],
    });
    expect(updated).toEqual({ contact_id: created.contact_id, action: 'updated', created: false });
    const contact = (await t.api('GET', `/contacts/${created.contact_id}?include=list_memberships,street_addresses`))
      .body;
    expect(contact).toMatchObject({ first_name: 'Sam', last_name: 'Smith' });
    expect([...contact.list_memberships].sort()).toEqual([a, b].sort());
    expect(contact.street_addresses).toMatchObject([{ kind: 'home', city: 'Springfield' }]);
  });

  it('re-subscribes an unsubscribed contact, as its description warns', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'Again' })).body.list_id;
    const contact = (
      await t.api('POST', '/contacts', {
        create_source: 'Account',
        email_address: { address: 'optout@example.com', permission_to_send: 'unsubscribed' },
      })
    ).body;
    const { findModule } = await import('../../../src/modules/registry.js');
    expect(findModule('create-or-update-contact').description).toMatch(/RE-SUBSCRIBE/);
    await t.run('create-or-update-contact', { email_address: 'optout@example.com', list_memberships: [list] });
    const after = (await t.api('GET', `/contacts/${contact.contact_id}`)).body;
    expect(after.email_address.permission_to_send).toBe('explicit');
  });

  it("needs at least one list and keeps to the endpoint's 50-character email limit, before sending", async () => {
    const mark = t.requests.length;
    await expect(
      t.run('create-or-update-contact', { email_address: 'x@example.com', list_memberships: [] }),
    ).rejects.toThrow(/Contact List IDs \(list_memberships\): give at least 1 contact list id/);
    await expect(
      t.run('create-or-update-contact', {
        email_address: `${'x'.repeat(45)}@example.com`,
        list_memberships: [crypto.randomUUID()],
      }),
    ).rejects.toThrow(/Email \(email_address\): must be at most 50 characters/);
    expect(t.requests.length).toBe(mark);
  });

  it('surfaces the API error for a list that does not exist', async () => {
    await expect(
      t.run('create-or-update-contact', {
        email_address: 'nolist@example.com',
        list_memberships: [crypto.randomUUID()],
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/does not exist/),
    });
  });
});
