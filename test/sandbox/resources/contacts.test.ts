import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import {
  advance,
  createContact,
  createCustomField,
  createList,
  createTag,
  runActivity,
  uniqueEmail,
} from './contacts-fixtures.js';

describe('POST /contacts', () => {
  const t = useSandbox();
  let listId: string;
  let fieldId: string;
  const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));

  beforeAll(async () => {
    listId = await createList(t, 'Validation list');
    fieldId = await createCustomField(t, 'Favourite colour');
  });

  it('creates a contact: 201 with the resource, implicit permission by default', async () => {
    const address = uniqueEmail();
    const res = await t.api('POST', '/contacts', {
      create_source: 'Contact',
      email_address: { address },
      first_name: 'Ann',
      last_name: 'Lee',
      job_title: 'Chef',
      company_name: 'Bistro',
      birthday_month: 2,
      birthday_day: 29,
      list_memberships: [listId],
      custom_fields: [{ custom_field_id: fieldId, value: 'green' }],
      phone_numbers: [{ phone_number: '555-0100', kind: 'mobile' }],
      street_addresses: [{ kind: 'work', street: '1 Main St', city: 'Boston', postal_code: '02101' }],
      notes: [{ content: 'Met at the fair' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email_address: { address, permission_to_send: 'implicit', opt_in_source: 'Contact', confirm_status: 'off' },
      first_name: 'Ann',
      create_source: 'Contact',
      birthday_month: 2,
      birthday_day: 29,
      list_memberships: [listId],
      custom_fields: [{ custom_field_id: fieldId, value: 'green' }],
      phone_numbers: [{ phone_number: '555-0100', kind: 'mobile', create_source: 'Contact' }],
      street_addresses: [{ kind: 'work', street: '1 Main St', city: 'Boston', postal_code: '02101' }],
      notes: [{ content: 'Met at the fair' }],
      created_at: '2026-03-02T15:00:00.000Z',
    });
    expect(res.body.contact_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.notes[0].note_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.deleted_at).toBeUndefined();
  });

  it('creates a contact with a name and no email address', async () => {
    const res = await t.api('POST', '/contacts', { create_source: 'Account', last_name: 'Only' });
    expect(res.status).toBe(201);
    expect(res.body.email_address).toBeUndefined();
  });

  it.each([
    ['MM/DD/YYYY', '03/04/2020'],
    ['M/D/YYYY', '3/4/2020'],
    ['YYYY/MM/DD', '2020/03/04'],
    ['YYYY/M/D', '2020/3/4'],
    ['YYYY-MM-DD', '2020-03-04'],
    ['YYYY-M-D', '2020-3-4'],
    ['M-D-YYYY', '3-4-2020'],
    ['M-DD-YYYY', '3-04-2020'],
    ['MM-DD-YYYY', '03-04-2020'],
  ])('accepts the anniversary format %s and normalises it to YYYY-MM-DD', async (_format, value) => {
    const body = await createContact(t, { anniversary: value });
    expect(body.anniversary).toBe('2020-03-04');
  });

  it.each([
    ['email of 80 characters', { email_address: { address: `${'a'.repeat(64)}@${'b'.repeat(3)}.example.com` } }],
    [
      'names of 50 characters',
      {
        first_name: 'f'.repeat(50),
        last_name: 'l'.repeat(50),
        job_title: 'j'.repeat(50),
        company_name: 'c'.repeat(50),
      },
    ],
    ['3 phone numbers', { phone_numbers: many(3, (i) => ({ phone_number: `555-010${i}`, kind: 'home' })) }],
    [
      '3 street addresses',
      { street_addresses: many(3, () => ({ kind: 'home', street: 's'.repeat(255), city: 'c'.repeat(50) })) },
    ],
    ['birthday 12/31', { birthday_month: 12, birthday_day: 31 }],
    ['every permission value', { email_address: { address: uniqueEmail(), permission_to_send: 'temp_hold' } }],
  ])('accepts limits at the boundary: %s', async (_name, body) => {
    const res = await t.api('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: uniqueEmail() },
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it.each([
    ['create_source missing', { create_source: undefined }, /create_source is required/],
    ['create_source not an enum value', { create_source: 'Robot' }, /create_source must be one of/],
    ['no email and no name', { email_address: undefined, job_title: 'Chef' }, /at least one of/],
    ['email of 81 characters', { email_address: { address: `${'a'.repeat(69)}@example.com` } }, /maximum length of 80/],
    ['malformed email', { email_address: { address: 'not-an-email' } }, /not a valid email/],
    ['email object without address', { email_address: { permission_to_send: 'explicit' } }, /address is required/],
    [
      'unknown permission',
      { email_address: { address: 'p@example.com', permission_to_send: 'maybe' } },
      /permission_to_send must be one of/,
    ],
    ['first_name of 51', { first_name: 'x'.repeat(51) }, /first_name exceeds the maximum length of 50/],
    ['last_name of 51', { last_name: 'x'.repeat(51) }, /last_name exceeds/],
    ['job_title of 51', { job_title: 'x'.repeat(51) }, /job_title exceeds/],
    ['company_name of 51', { company_name: 'x'.repeat(51) }, /company_name exceeds/],
    ['birthday_month without day', { birthday_month: 5 }, /birthday_day is required/],
    ['birthday_day without month', { birthday_day: 5 }, /birthday_month is required/],
    [
      'birthday_month 13',
      { birthday_month: 13, birthday_day: 1 },
      /birthday_month must be an integer from 1 through 12/,
    ],
    ['birthday_day 32', { birthday_month: 1, birthday_day: 32 }, /birthday_day must be an integer from 1 through 31/],
    ['anniversary in an unknown format', { anniversary: '4 March 20' }, /anniversary must be a valid date/],
    ['anniversary that is no date', { anniversary: '2020-02-30' }, /anniversary must be a valid date/],
    ['anniversary longer than 10', { anniversary: '2020-03-04T00' }, /anniversary exceeds/],
    [
      '4 phone numbers',
      { phone_numbers: many(4, (i) => ({ phone_number: `1${i}` })) },
      /phone_numbers accepts at most 3/,
    ],
    [
      'phone number of 26',
      { phone_numbers: [{ phone_number: '1'.repeat(26) }] },
      /phone_number exceeds the maximum length of 25/,
    ],
    ['phone kind fax', { phone_numbers: [{ phone_number: '1', kind: 'fax' }] }, /kind must be one of/],
    [
      '4 street addresses',
      { street_addresses: many(4, () => ({ kind: 'home' })) },
      /street_addresses accepts at most 3/,
    ],
    ['address without kind', { street_addresses: [{ city: 'Paris' }] }, /kind is required/],
    ['street of 256', { street_addresses: [{ kind: 'home', street: 's'.repeat(256) }] }, /street exceeds/],
    ['postal_code of 51', { street_addresses: [{ kind: 'home', postal_code: '1'.repeat(51) }] }, /postal_code exceeds/],
    [
      '26 custom fields',
      { custom_fields: many(26, () => ({ custom_field_id: '00000000-0000-4000-8000-000000000000', value: 'v' })) },
      /custom_fields accepts at most 25/,
    ],
    [
      'an unknown custom field',
      { custom_fields: [{ custom_field_id: '00000000-0000-4000-8000-000000000001', value: 'v' }] },
      /does not exist/,
    ],
    [
      'custom field value of 256',
      { custom_fields: [{ custom_field_id: 'FIELD', value: 'v'.repeat(256) }] },
      /value exceeds/,
    ],
    [
      '51 lists',
      { list_memberships: many(51, (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) },
      /list_memberships accepts at most 50/,
    ],
    ['an unknown list', { list_memberships: ['00000000-0000-4000-8000-00000000abcd'] }, /the list .* does not exist/],
    ['a malformed list id', { list_memberships: ['nope'] }, /UUID format/],
    ['an unknown tag', { taggings: ['00000000-0000-4000-8000-00000000abcd'] }, /the tag .* does not exist/],
    [
      'a note of 2001 characters',
      { notes: [{ content: 'n'.repeat(2001) }] },
      /content exceeds the maximum length of 2000/,
    ],
  ])('rejects %s with 400', async (_name, override, message) => {
    const body: Record<string, unknown> = {
      create_source: 'Account',
      email_address: { address: uniqueEmail() },
      ...override,
    };
    if (Array.isArray(body.custom_fields))
      body.custom_fields = body.custom_fields.map((f: any) =>
        f.custom_field_id === 'FIELD' ? { ...f, custom_field_id: fieldId } : f,
      );
    const res = await t.api('POST', '/contacts', JSON.parse(JSON.stringify(body)));
    expect(res.status).toBe(400);
    expect(res.body[0].error_key).toBe('contacts.api.validation.error');
    expect(res.body.map((e: any) => e.error_message).join(' | ')).toMatch(message);
  });

  it('reports every problem of a request at once', async () => {
    const res = await t.api('POST', '/contacts', {
      create_source: 'Account',
      first_name: 'x'.repeat(51),
      birthday_month: 13,
    });
    expect(res.status).toBe(400);
    expect(res.body.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 409 contacts.api.conflict for an existing email, whatever its case', async () => {
    const address = uniqueEmail('dup');
    await createContact(t, { email_address: { address } });
    const res = await t.api('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: address.toUpperCase() },
    });
    expect(res.status).toBe(409);
    expect(res.body[0].error_key).toBe('contacts.api.conflict');
  });

  it('answers 409 for the email of a soft-deleted contact', async () => {
    const address = uniqueEmail('deleted');
    const contact = await createContact(t, { email_address: { address } });
    expect((await t.api('DELETE', `/contacts/${contact.contact_id}`)).status).toBe(204);
    const res = await t.api('POST', '/contacts', { create_source: 'Account', email_address: { address } });
    expect(res.status).toBe(409);
    expect(res.body[0].error_message).toContain(contact.contact_id);
  });

  it('answers 415 when the body is not sent as application/json', async () => {
    const res = await t.api('POST', '/contacts', JSON.stringify({ create_source: 'Account', last_name: 'X' }), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(415);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await t.api('POST', '/contacts', '{"create_source": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
  });

  it('needs the contact_data scope', async () => {
    const grant = t.sandbox.oauth.issueGrant(t.sandbox.credentials.client_id, ['campaign_data'], 'no-contact-scope');
    const res = await t.api('GET', '/contacts', undefined, { authorization: `Bearer ${grant.access_token}` });
    expect(res.status).toBe(403);
  });
});

describe('GET /contacts/{contact_id}', () => {
  const t = useSandbox();

  it('returns core properties only, and subresources on request', async () => {
    const listId = await createList(t);
    const tagId = await createTag(t);
    const created = await createContact(t, {
      list_memberships: [listId],
      taggings: [tagId],
      phone_numbers: [{ phone_number: '1', kind: 'home' }],
    });
    const plain = await t.api('GET', `/contacts/${created.contact_id}`);
    expect(plain.status).toBe(200);
    for (const key of ['custom_fields', 'list_memberships', 'phone_numbers', 'street_addresses', 'taggings', 'notes'])
      expect(plain.body).not.toHaveProperty(key);
    const some = await t.api('GET', `/contacts/${created.contact_id}?include=list_memberships,taggings`);
    expect(some.body.list_memberships).toEqual([listId]);
    expect(some.body.taggings).toEqual([tagId]);
    expect(some.body).not.toHaveProperty('phone_numbers');
  });

  it.each([
    ['an unknown id', '00000000-0000-4000-8000-0000000000ff'],
    ['a malformed id', 'not-a-uuid'],
  ])('answers 404 for %s', async (_name, id) => {
    const res = await t.api('GET', `/contacts/${id}`);
    expect(res.status).toBe(404);
    expect(res.body[0].error_key).toBe('contacts.api.not_found');
  });

  it('answers 400 for an unknown include value', async () => {
    const created = await createContact(t);
    expect((await t.api('GET', `/contacts/${created.contact_id}?include=friends`)).status).toBe(400);
  });
});

describe('PUT /contacts/{contact_id}', () => {
  const t = useSandbox();

  it('replaces core fields (omitted ones become null) and keeps omitted subresources', async () => {
    const listId = await createList(t);
    const address = uniqueEmail();
    const created = await createContact(t, {
      email_address: { address },
      first_name: 'Ann',
      last_name: 'Lee',
      job_title: 'Chef',
      birthday_month: 1,
      birthday_day: 2,
      list_memberships: [listId],
      phone_numbers: [{ phone_number: '111', kind: 'home' }],
    });
    advance(t, 60_000);
    const res = await t.api('PUT', `/contacts/${created.contact_id}`, {
      update_source: 'Account',
      email_address: { address },
      first_name: 'Annie',
    });
    expect(res.status).toBe(200);
    expect(res.body.first_name).toBe('Annie');
    for (const key of ['last_name', 'job_title', 'birthday_month', 'birthday_day'])
      expect(res.body).not.toHaveProperty(key);
    expect(res.body.update_source).toBe('Account');
    expect(res.body.create_source).toBe('Account');
    expect(res.body.phone_numbers.map((p: any) => p.phone_number)).toEqual(['111']);
    expect(res.body.list_memberships).toEqual([listId]);
    expect(res.body.updated_at).toBe(t.sandbox.clock.nowIso());
    expect(res.body.created_at).toBe(created.created_at);
  });

  it('replaces subresources that are given, and an empty list array clears memberships', async () => {
    const [a, b] = [await createList(t), await createList(t)];
    const created = await createContact(t, {
      list_memberships: [a],
      phone_numbers: [{ phone_number: '1', kind: 'home' }],
    });
    const res = await t.api('PUT', `/contacts/${created.contact_id}`, {
      update_source: 'Account',
      email_address: created.email_address,
      phone_numbers: [{ phone_number: '2', kind: 'work' }, { phone_number: '3' }],
      list_memberships: [b],
    });
    expect(res.body.phone_numbers.map((p: any) => p.phone_number)).toEqual(['2', '3']);
    expect(res.body.list_memberships).toEqual([b]);
    const cleared = await t.api('PUT', `/contacts/${created.contact_id}`, {
      update_source: 'Account',
      email_address: created.email_address,
      list_memberships: [],
    });
    expect(cleared.body.list_memberships).toEqual([]);
  });

  it('removes the email address when email_address is omitted (a core property)', async () => {
    const created = await createContact(t, { first_name: 'Kept' });
    const res = await t.api('PUT', `/contacts/${created.contact_id}`, { update_source: 'Account', first_name: 'Kept' });
    expect(res.status).toBe(200);
    expect(res.body.email_address).toBeUndefined();
    const reuse = await t.api('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: created.email_address.address },
    });
    expect(reuse.status).toBe(201);
  });

  it('changes the address, and answers 409 for an address another contact holds', async () => {
    const other = await createContact(t);
    const created = await createContact(t);
    const moved = uniqueEmail('moved');
    const ok = await t.api('PUT', `/contacts/${created.contact_id}`, {
      update_source: 'Contact',
      email_address: { address: moved },
    });
    expect(ok.body.email_address.address).toBe(moved);
    const clash = await t.api('PUT', `/contacts/${created.contact_id}`, {
      update_source: 'Contact',
      email_address: { address: other.email_address.address.toUpperCase() },
    });
    expect(clash.status).toBe(409);
    expect(clash.body[0].error_key).toBe('contacts.api.conflict');
  });

  it('records an opt-out when permission_to_send becomes unsubscribed', async () => {
    const listId = await createList(t);
    const created = await createContact(t, { list_memberships: [listId] });
    const res = await t.api('PUT', `/contacts/${created.contact_id}`, {
      update_source: 'Contact',
      email_address: {
        address: created.email_address.address,
        permission_to_send: 'unsubscribed',
        opt_out_reason: 'Too many emails',
      },
    });
    expect(res.body.email_address).toMatchObject({
      permission_to_send: 'unsubscribed',
      opt_out_source: 'Contact',
      opt_out_reason: 'Too many emails',
    });
    expect(res.body.email_address.opt_out_date).toBe(t.sandbox.clock.nowIso());
    expect(res.body.list_memberships).toEqual([]);
  });

  it.each([
    ['update_source missing', {}, /update_source is required/],
    ['update_source invalid', { update_source: 'Someone' }, /update_source must be one of/],
    ['first_name too long', { update_source: 'Account', first_name: 'x'.repeat(51) }, /first_name exceeds/],
    ['nothing identifying left', { update_source: 'Account', job_title: 'Chef' }, /at least one of/],
  ])('rejects %s with 400', async (_name, body, message) => {
    const created = await createContact(t);
    const res = await t.api('PUT', `/contacts/${created.contact_id}`, body);
    expect(res.status).toBe(400);
    expect(res.body.map((e: any) => e.error_message).join(' ')).toMatch(message);
  });

  it('answers 404 for an unknown contact', async () => {
    const res = await t.api('PUT', '/contacts/00000000-0000-4000-8000-0000000000ff', {
      update_source: 'Account',
      last_name: 'X',
    });
    expect(res.status).toBe(404);
  });
});

describe('DELETE /contacts/{contact_id} and revival', () => {
  const t = useSandbox();

  async function deletedContact(listId: string): Promise<any> {
    const created = await createContact(t, { list_memberships: [listId], first_name: 'Del' });
    advance(t, 1000);
    expect((await t.api('DELETE', `/contacts/${created.contact_id}`)).status).toBe(204);
    return created;
  }

  it('soft-deletes: 204, deleted_at as a date, memberships removed, updated_at bumped', async () => {
    const listId = await createList(t);
    const created = await createContact(t, { list_memberships: [listId] });
    advance(t, 3600 * 1000);
    const res = await t.api('DELETE', `/contacts/${created.contact_id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const after = await t.api('GET', `/contacts/${created.contact_id}?include=list_memberships`);
    expect(after.status).toBe(200);
    expect(after.body.deleted_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(after.body.deleted_at).toBe(t.sandbox.clock.nowIso().slice(0, 10));
    expect(after.body.updated_at).toBe(t.sandbox.clock.nowIso());
    expect(after.body.list_memberships).toEqual([]);
  });

  it('hides deleted contacts from the default listing but not from status=deleted or all', async () => {
    const listId = await createList(t);
    const gone = await deletedContact(listId);
    const ids = async (query: string) =>
      ((await t.api('GET', `/contacts?limit=500${query}`)).body.contacts as any[]).map((c) => c.contact_id);
    expect(await ids('')).not.toContain(gone.contact_id);
    expect(await ids('&status=deleted')).toContain(gone.contact_id);
    expect(await ids('&status=all')).toContain(gone.contact_id);
    expect(await ids(`&status=all&email=${encodeURIComponent(gone.email_address.address)}`)).toEqual([gone.contact_id]);
  });

  it('answers 404 for an unknown contact and 204 again for a deleted one', async () => {
    expect((await t.api('DELETE', '/contacts/00000000-0000-4000-8000-0000000000ff')).status).toBe(404);
    const gone = await deletedContact(await createList(t));
    expect((await t.api('DELETE', `/contacts/${gone.contact_id}`)).status).toBe(204);
  });

  it('revives through PUT with update_source Account (and refuses update_source Contact)', async () => {
    const gone = await deletedContact(await createList(t));
    const refused = await t.api('PUT', `/contacts/${gone.contact_id}`, {
      update_source: 'Contact',
      email_address: gone.email_address,
      first_name: 'Back',
    });
    expect(refused.status).toBe(400);
    const res = await t.api('PUT', `/contacts/${gone.contact_id}`, {
      update_source: 'Account',
      email_address: { address: gone.email_address.address },
      first_name: 'Back',
    });
    expect(res.status).toBe(200);
    expect(res.body.deleted_at).toBeUndefined();
    expect(res.body.first_name).toBe('Back');
  });

  it('revives through the sign-up form', async () => {
    const listId = await createList(t);
    const gone = await deletedContact(listId);
    const res = await t.api('POST', '/contacts/sign_up_form', {
      email_address: gone.email_address.address,
      list_memberships: [listId],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ contact_id: gone.contact_id, action: 'updated' });
    const after = await t.api('GET', `/contacts/${gone.contact_id}?include=list_memberships`);
    expect(after.body.deleted_at).toBeUndefined();
    expect(after.body.list_memberships).toEqual([listId]);
  });

  it('revives when the contact is added to a list (add_list_memberships)', async () => {
    const listId = await createList(t);
    const gone = await deletedContact(listId);
    const res = await t.api('POST', '/activities/add_list_memberships', {
      source: { contact_ids: [gone.contact_id] },
      list_ids: [listId],
    });
    expect(res.status).toBe(201);
    await runActivity(t, res.body.activity_id);
    const after = await t.api('GET', `/contacts/${gone.contact_id}?include=list_memberships`);
    expect(after.body.deleted_at).toBeUndefined();
    expect(after.body.list_memberships).toEqual([listId]);
  });
});
