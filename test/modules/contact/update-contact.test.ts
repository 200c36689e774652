import { beforeAll, describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

const ALL = 'custom_fields,list_memberships,phone_numbers,street_addresses,taggings,notes';

describe('Update a Contact', () => {
  const t = useModuleTestbed();
  let lists: string[];
  let fields: string[];

  beforeAll(async () => {
    lists = [];
    for (const name of ['A', 'B', 'C']) lists.push((await t.api('POST', '/contact_lists', { name })).body.list_id);
    fields = [];
    for (const label of ['Size', 'Color', 'Tier'])
      fields.push((await t.api('POST', '/contact_custom_fields', { label, type: 'string' })).body.custom_field_id);
  });

  async function fullContact(email: string) {
    const res = await t.api('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: email, permission_to_send: 'explicit' },
      first_name: 'Jane',
      last_name: 'Doe',
      job_title: 'Buyer',
      company_name: 'Acme',
      birthday_month: 4,
      birthday_day: 12,
      anniversary: '2010-05-01',
      phone_numbers: [
        { phone_number: '555-0100', kind: 'home' },
        { phone_number: '555-0199', kind: 'mobile' },
      ],
      street_addresses: [{ kind: 'work', street: '9 Elm St', city: 'Shelbyville', country: 'US' }],
      custom_fields: [
        { custom_field_id: fields[0], value: '42' },
        { custom_field_id: fields[1], value: 'red' },
      ],
      list_memberships: [lists[0], lists[1]],
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('changes only the given fields: untouched core fields, phones, addresses, custom fields and lists survive', async () => {
    const before = await fullContact('keep@example.com');
    const mark = t.requests.length;
    const updated = await t.run('update-contact', {
      contact_id: before.contact_id,
      update_source: 'Account',
      job_title: 'Head Buyer',
      custom_fields: [{ custom_field_id: fields[2], value: 'gold' }],
    });
    // Two reads (for the merge, and again right before writing), one PUT.
    expect(t.requestsSince(mark).map((r) => r.method)).toEqual(['GET', 'GET', 'PUT']);
    expect(updated.job_title).toBe('Head Buyer');

    const after = (await t.api('GET', `/contacts/${before.contact_id}?include=${ALL}`)).body;
    expect(after).toMatchObject({
      first_name: 'Jane',
      last_name: 'Doe',
      company_name: 'Acme',
      job_title: 'Head Buyer',
      birthday_month: 4,
      birthday_day: 12,
      anniversary: '2010-05-01',
      update_source: 'Account',
    });
    expect(after.email_address).toMatchObject({ address: 'keep@example.com', permission_to_send: 'explicit' });
    expect(after.phone_numbers.map((p: { phone_number: string; kind: string }) => [p.kind, p.phone_number])).toEqual([
      ['home', '555-0100'],
      ['mobile', '555-0199'],
    ]);
    expect(after.street_addresses).toMatchObject([
      { kind: 'work', street: '9 Elm St', city: 'Shelbyville', country: 'US' },
    ]);
    expect(
      new Map(after.custom_fields.map((f: { custom_field_id: string; value: string }) => [f.custom_field_id, f.value])),
    ).toEqual(
      new Map([
        [fields[0], '42'],
        [fields[1], 'red'],
        [fields[2], 'gold'],
      ]),
    );
    expect([...after.list_memberships].sort()).toEqual([lists[0], lists[1]].sort());
  });

  it(
    'replaces the sub-resources that are given, clears a name given as empty text ' +
      'and removes a custom field given an empty value',
    async () => {
      const before = await fullContact('replace@example.com');
      await t.run('update-contact', {
        contact_id: before.contact_id,
        update_source: 'Contact',
        email_address: 'replaced@example.com',
        first_name: '',
        birthday_day: 20,
        phone_numbers: [{ phone_number: '555-0142', kind: 'work' }],
        custom_fields: [{ custom_field_id: fields[1], value: '' }],
        list_memberships: [lists[2]],
      });
      const after = (await t.api('GET', `/contacts/${before.contact_id}?include=${ALL}`)).body;
      expect(after.first_name).toBeUndefined();
      expect(after.last_name).toBe('Doe');
      expect([after.birthday_month, after.birthday_day]).toEqual([4, 20]);
      expect(after.email_address.address).toBe('replaced@example.com');
      expect(after.phone_numbers).toMatchObject([{ phone_number: '555-0142', kind: 'work' }]);
      expect(after.street_addresses).toHaveLength(1);
      expect(after.custom_fields).toMatchObject([{ custom_field_id: fields[0], value: '42' }]);
      expect(after.list_memberships).toEqual([lists[2]]);
    },
  );

  it('restores a deleted contact with Update Source Account', async () => {
    const before = await fullContact('revive@example.com');
    await t.api('DELETE', `/contacts/${before.contact_id}`);
    const revived = await t.run('update-contact', {
      contact_id: before.contact_id,
      update_source: 'Account',
      last_name: 'Back',
    });
    expect(revived.deleted_at).toBeUndefined();
    expect(revived).toMatchObject({ first_name: 'Jane', last_name: 'Back' });
  });

  it('refuses a birthday half that the stored contact cannot complete, before the PUT', async () => {
    const created = (
      await t.api('POST', '/contacts', { create_source: 'Account', email_address: { address: 'nobday@example.com' } })
    ).body;
    const mark = t.requests.length;
    await expect(
      t.run('update-contact', { contact_id: created.contact_id, update_source: 'Account', birthday_month: 5 }),
    ).rejects.toThrow(
      /Birthday Day \(birthday_day\): is required when Birthday Month is set .*the contact has none stored/,
    );
    expect(t.requestsSince(mark).map((r) => r.method)).toEqual(['GET']);
  });

  it('needs Update Source, and surfaces the API 404 for an unknown contact', async () => {
    await expect(t.run('update-contact', { contact_id: crypto.randomUUID(), first_name: 'X' })).rejects.toThrow(
      /Update Source \(update_source\): is required/,
    );
    await expect(
      t.run('update-contact', { contact_id: crypto.randomUUID(), update_source: 'Account', first_name: 'X' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
