import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('Create a Contact', () => {
  const t = useModuleTestbed();

  it('creates a contact with every field, sub-resources and lists included, under the API field names', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'Customers' })).body;
    const field = (await t.api('POST', '/contact_custom_fields', { label: 'Shoe size', type: 'string' })).body;
    const contact = await t.run('create-contact', {
      create_source: 'Account',
      email_address: 'jane@example.com',
      permission_to_send: 'explicit',
      first_name: 'Jane',
      last_name: 'Doe',
      job_title: 'Buyer',
      company_name: 'Acme',
      birthday_month: 2,
      birthday_day: 29,
      anniversary: '11/15/2006',
      phone_numbers: [{ phone_number: '555-0100', kind: 'work' }],
      street_addresses: [{ kind: 'home', street: '1 Main St', city: 'Springfield', postal_code: '12345' }],
      custom_fields: [{ custom_field_id: field.custom_field_id, value: '42' }],
      list_memberships: [list.list_id, list.list_id],
    });
    expect(contact.contact_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(contact.email_address).toMatchObject({ address: 'jane@example.com', permission_to_send: 'explicit' });
    expect(contact).toMatchObject({
      first_name: 'Jane',
      last_name: 'Doe',
      job_title: 'Buyer',
      company_name: 'Acme',
      birthday_month: 2,
      birthday_day: 29,
      create_source: 'Account',
    });
    expect(contact.anniversary).toBe('2006-11-15');
    expect(contact.phone_numbers).toMatchObject([{ phone_number: '555-0100', kind: 'work' }]);
    expect(contact.street_addresses).toMatchObject([
      { kind: 'home', street: '1 Main St', city: 'Springfield', postal_code: '12345' },
    ]);
    expect(contact.custom_fields).toMatchObject([{ custom_field_id: field.custom_field_id, value: '42' }]);
    expect(contact.list_memberships).toEqual([list.list_id]);
  });

  it.each([
    [
      'birthday month without day',
      { birthday_month: 3 },
      /Birthday Day \(birthday_day\): is required when Birthday Month is set/,
    ],
    [
      'birthday day without month',
      { birthday_day: 3 },
      /Birthday Month \(birthday_month\): is required when Birthday Day is set/,
    ],
    [
      'a fourth phone number',
      { phone_numbers: [1, 2, 3, 4].map((i) => ({ phone_number: `555-010${i}` })) },
      /Phone Number \(phone_numbers\): a contact has at most 3 phone numbers/,
    ],
    [
      'an address without kind',
      { street_addresses: [{ street: '1 Main St' }] },
      /Street Addresses › #1 › Kind \(street_addresses\.0\.kind\): is required/,
    ],
    [
      '26 custom fields',
      { custom_fields: Array.from({ length: 26 }, () => ({ custom_field_id: crypto.randomUUID(), value: 'x' })) },
      /Custom Field \(custom_fields\): a contact has at most 25 custom fields/,
    ],
    [
      '51 lists',
      { list_memberships: Array.from({ length: 51 }, () => crypto.randomUUID()) },
      /Contact List IDs \(list_memberships\): at most 50 contact lists/,
    ],
    [
      'a 51-character first name',
      { first_name: 'x'.repeat(51) },
      /First Name \(first_name\): must be at most 50 characters/,
    ],
    ['an impossible anniversary', { anniversary: '02/30/2020' }, /Anniversary \(anniversary\): must be a real date/],
    ['a malformed email', { email_address: 'jane.example.com' }, /Email \(email_address\): must be an email address/],
    ['a bad create source', { create_source: 'Robot' }, /Create Source \(create_source\): must be Account or Contact/],
  ])('refuses %s before sending anything, naming the field', async (_case, extra, message) => {
    const mark = t.requests.length;
    await expect(
      t.run('create-contact', { create_source: 'Account', email_address: 'limits@example.com', ...extra }),
    ).rejects.toThrow(message);
    expect(t.requests.length).toBe(mark);
  });

  it('needs an email, a first name or a last name', async () => {
    await expect(t.run('create-contact', { create_source: 'Contact', job_title: 'CEO' })).rejects.toThrow(
      /Email \(email_address\): give an Email, a First Name or a Last Name/,
    );
  });

  it('surfaces the 409 of an address already taken, deleted contacts included', async () => {
    const first = await t.run('create-contact', { create_source: 'Account', email_address: 'taken@example.com' });
    await t.run('delete-contact', { contact_id: first.contact_id });
    await expect(
      t.run('create-contact', { create_source: 'Account', email_address: 'taken@example.com' }),
    ).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/already exists/i),
    });
  });
});
