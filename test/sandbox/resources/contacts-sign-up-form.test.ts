import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { createContact, createCustomField, createList, uniqueEmail } from './contacts-fixtures.js';

describe('POST /contacts/sign_up_form', () => {
  const t = useSandbox();
  let listA: string;
  let listB: string;
  let color: string;
  let size: string;

  beforeAll(async () => {
    listA = await createList(t);
    listB = await createList(t);
    color = await createCustomField(t, 'Color');
    size = await createCustomField(t, 'Size');
  });

  const get = async (id: string) =>
    (await t.api('GET', `/contacts/${id}?include=list_memberships,custom_fields,phone_numbers,street_addresses`)).body;

  it('creates a new contact: 201, explicit permission with opt_in_source Contact', async () => {
    const email = uniqueEmail('signup');
    const res = await t.api('POST', '/contacts/sign_up_form', {
      email_address: email,
      first_name: 'Sam',
      list_memberships: [listA],
      phone_number: '555-0101',
      street_address: { kind: 'home', city: 'Austin' },
      custom_fields: [{ custom_field_id: color, value: 'red' }],
      anniversary: '1/2/2019',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ contact_id: expect.any(String), action: 'created' });
    const contact = await get(res.body.contact_id);
    expect(contact).toMatchObject({
      first_name: 'Sam',
      anniversary: '2019-01-02',
      create_source: 'Contact',
      email_address: { address: email, permission_to_send: 'explicit', opt_in_source: 'Contact' },
      list_memberships: [listA],
      custom_fields: [{ custom_field_id: color, value: 'red' }],
      phone_numbers: [{ phone_number: '555-0101' }],
      street_addresses: [{ kind: 'home', city: 'Austin' }],
    });
  });

  it('updates an existing contact partially: 200, lists and custom fields appended, other fields kept', async () => {
    const existing = await createContact(t, {
      first_name: 'Old',
      last_name: 'Name',
      list_memberships: [listA],
      custom_fields: [{ custom_field_id: color, value: 'blue' }],
    });
    const res = await t.api('POST', '/contacts/sign_up_form', {
      email_address: existing.email_address.address.toUpperCase(),
      first_name: 'New',
      list_memberships: [listB],
      custom_fields: [{ custom_field_id: size, value: 'L' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ contact_id: existing.contact_id, action: 'updated' });
    const contact = await get(existing.contact_id);
    expect(contact.first_name).toBe('New');
    expect(contact.last_name).toBe('Name');
    expect(contact.list_memberships.sort()).toEqual([listA, listB].sort());
    expect(contact.custom_fields).toEqual([
      { custom_field_id: color, value: 'blue' },
      { custom_field_id: size, value: 'L' },
    ]);
    expect(contact.update_source).toBe('Contact');
    expect(contact.email_address.permission_to_send).toBe('explicit');
  });

  it('re-subscribes an unsubscribed contact (explicit permission, opt-out cleared)', async () => {
    const existing = await createContact(t, {
      email_address: { address: uniqueEmail(), permission_to_send: 'unsubscribed' },
    });
    expect(existing.email_address.permission_to_send).toBe('unsubscribed');
    const res = await t.api('POST', '/contacts/sign_up_form', {
      email_address: existing.email_address.address,
      list_memberships: [listA],
    });
    expect(res.status).toBe(200);
    const contact = await get(existing.contact_id);
    expect(contact.email_address.permission_to_send).toBe('explicit');
    expect(contact.email_address).not.toHaveProperty('opt_out_date');
    expect(contact.list_memberships).toEqual([listA]);
  });

  it.each([
    ['no list_memberships', { email_address: 'x@example.com' }, /list_memberships/],
    ['an empty list_memberships', { email_address: 'x@example.com', list_memberships: [] }, /at least one list/],
    [
      'an unknown list',
      { email_address: 'x@example.com', list_memberships: ['00000000-0000-4000-8000-0000000000aa'] },
      /does not exist/,
    ],
    ['no email address', { list_memberships: ['LIST'] }, /email_address is required/],
    [
      'an email of 51 characters',
      { email_address: `${'a'.repeat(39)}@example.com`, list_memberships: ['LIST'] },
      /maximum length of 50/,
    ],
    ['a malformed email', { email_address: 'nope', list_memberships: ['LIST'] }, /not a valid email/],
    [
      'a street address without kind',
      { email_address: 'x@example.com', list_memberships: ['LIST'], street_address: { city: 'Rome' } },
      /kind is required/,
    ],
    [
      'a birthday day without month',
      { email_address: 'x@example.com', list_memberships: ['LIST'], birthday_day: 3 },
      /birthday_month is required/,
    ],
  ])('rejects %s with 400', async (_name, body, message) => {
    const res = await t.api(
      'POST',
      '/contacts/sign_up_form',
      JSON.parse(JSON.stringify(body).replace('"LIST"', JSON.stringify(listA))),
    );
    expect(res.status).toBe(400);
    expect(res.body.map((e: any) => e.error_message).join(' ')).toMatch(message);
  });
});
