import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { createContact, createCustomField, createList, runActivity, uniqueEmail } from './contacts-fixtures.js';

const FULL = 'custom_fields,list_memberships,phone_numbers,street_addresses';

describe('POST /activities/contacts_json_import', () => {
  const t = useSandbox();
  let listId: string;

  beforeAll(async () => {
    listId = await createList(t);
    await createCustomField(t, 'Shoe size');
  });

  const find = async (email: string) => {
    const res = await t.api('GET', `/contacts?status=all&include=${FULL}&email=${encodeURIComponent(email)}`);
    return res.body.contacts[0];
  };
  const importRows = async (rows: unknown[]) => {
    const res = await t.api('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [listId] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { accepted: res.body, done: await runActivity(t, res.body.activity_id) };
  };

  it('creates contacts with implicit permission, opt_in_source Account, and the list', async () => {
    const email = uniqueEmail('imp');
    const { accepted, done } = await importRows([
      {
        email,
        first_name: 'Ida',
        birthday_month: '4',
        birthday_day: 9,
        anniversary: '12/25/2015',
        phone: '555-0001',
        mobile_phone: '555-0002',
        street: '1 Elm St',
        street2: 'Apt 2',
        city: 'Springfield',
        home_city: 'Shelbyville',
        zip: 12345,
        work_street: '9 Office Rd',
        work_country: 'US',
        'home country': 'Canada',
        'cf:Shoe_size': '42',
      },
    ]);
    expect(accepted).toMatchObject({ state: 'initialized', status: { items_total_count: 2, person_count: 0 } });
    expect(done).toMatchObject({
      state: 'completed',
      status: {
        items_total_count: 2,
        items_completed_count: 2,
        person_count: 1,
        error_count: 0,
        correctable_count: 0,
        cannot_add_to_list_count: 0,
      },
      activity_errors: [],
    });
    const contact = await find(email);
    expect(contact).toMatchObject({
      first_name: 'Ida',
      birthday_month: 4,
      birthday_day: 9,
      anniversary: '2015-12-25',
      create_source: 'Account',
      email_address: { permission_to_send: 'implicit', opt_in_source: 'Account' },
      list_memberships: [listId],
      custom_fields: [{ value: '42' }],
    });
    expect(contact.phone_numbers.map((p: any) => [p.kind, p.phone_number])).toEqual([
      ['other', '555-0001'],
      ['mobile', '555-0002'],
    ]);
    const byKind = Object.fromEntries(contact.street_addresses.map((a: any) => [a.kind, a]));
    expect(byKind.home).toMatchObject({
      street: '1 Elm St Apt 2',
      city: 'Shelbyville',
      postal_code: '12345',
      country: 'Canada',
    });
    expect(byKind.work).toMatchObject({ street: '9 Office Rd', country: 'US' });
  });

  it('updates only the supplied properties of an existing contact', async () => {
    const existing = await createContact(t, {
      first_name: 'Old',
      last_name: 'Kept',
      phone_numbers: [{ phone_number: '1', kind: 'home' }],
    });
    const { done } = await importRows([
      { email: existing.email_address.address.toUpperCase(), first_name: 'New', work_phone: '2' },
    ]);
    expect(done.status.person_count).toBe(1);
    const contact = await find(existing.email_address.address);
    expect(contact.contact_id).toBe(existing.contact_id);
    expect(contact).toMatchObject({
      first_name: 'New',
      last_name: 'Kept',
      email_address: { permission_to_send: 'implicit' },
    });
    expect(contact.phone_numbers.map((p: any) => p.phone_number)).toEqual(['1', '2']);
    expect(contact.list_memberships).toEqual([listId]);
  });

  it('does not add unsubscribed contacts to lists and counts them', async () => {
    const opted = await createContact(t, {
      email_address: { address: uniqueEmail(), permission_to_send: 'unsubscribed' },
    });
    const { done } = await importRows([{ email: opted.email_address.address, last_name: 'Still' }]);
    expect(done.status).toMatchObject({ person_count: 1, cannot_add_to_list_count: 1 });
    const contact = await find(opted.email_address.address);
    expect(contact.list_memberships).toEqual([]);
    expect(contact.last_name).toBe('Still');
    expect(contact.email_address.permission_to_send).toBe('unsubscribed');
  });

  it('revives a deleted contact it imports', async () => {
    const gone = await createContact(t);
    await t.api('DELETE', `/contacts/${gone.contact_id}`);
    await importRows([{ email: gone.email_address.address }]);
    const contact = await find(gone.email_address.address);
    expect(contact.deleted_at).toBeUndefined();
    expect(contact.list_memberships).toEqual([listId]);
  });

  it('reports rows it cannot import, correctable or not, and imports the rest', async () => {
    const good = uniqueEmail('good');
    const { done } = await importRows([
      { email: 'not-an-email' },
      { first_name: 'No email' },
      { email: uniqueEmail(), birthday_month: 13, birthday_day: 1 },
      { email: uniqueEmail(), anniversary: 'someday' },
      { email: uniqueEmail(), 'cf:Unknown_field': 'x' },
      { email: uniqueEmail(), first_name: 'x'.repeat(51) },
      { email: uniqueEmail(), birthday_month: 3 },
      { sms_number: '5551234567' },
      'not an object',
      { email: good },
    ]);
    expect(done.status).toMatchObject({ items_total_count: 11, person_count: 1, correctable_count: 5, error_count: 4 });
    expect(done.activity_errors).toHaveLength(9);
    expect(done.activity_errors[0]).toBe('import_data[0]: "not-an-email" is not a valid email address.');
    expect(done.activity_errors[4]).toMatch(/^import_data\[4\]: the custom field Unknown_field does not exist/);
    expect(await find(good)).toBeDefined();
  });

  it.each([
    ['no list_ids', { import_data: [{ email: 'a@example.com' }] }],
    ['empty list_ids', { import_data: [{ email: 'a@example.com' }], list_ids: [] }],
    [
      '51 list_ids',
      {
        import_data: [{ email: 'a@example.com' }],
        list_ids: Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
      },
    ],
    [
      'an unknown list',
      { import_data: [{ email: 'a@example.com' }], list_ids: ['00000000-0000-4000-8000-000000000999'] },
    ],
    ['no import_data', { list_ids: ['LIST'] }],
    ['an empty import_data', { import_data: [], list_ids: ['LIST'] }],
    [
      'a bad sms_permission_to_send',
      { import_data: [{ email: 'a@example.com' }], list_ids: ['LIST'], sms_permission_to_send: 'maybe' },
    ],
  ])('rejects %s with 400', async (_name, body) => {
    const res = await t.api(
      'POST',
      '/activities/contacts_json_import',
      JSON.parse(JSON.stringify(body).replace('"LIST"', JSON.stringify(listId))),
    );
    expect(res.status).toBe(400);
  });
});

describe('import limits', () => {
  const t = useSandbox();
  let listId: string;

  beforeAll(async () => {
    listId = await createList(t);
  });

  const count = async () => (await t.api('GET', '/contacts?limit=1&include_count=true')).body.contacts_count as number;

  it('keeps exactly the first 40,000 contacts of a larger JSON import', async () => {
    const rows = Array.from({ length: 40_005 }, (_, i) => ({ email: `bulk${i}@example.com` }));
    const res = await t.api('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [listId] });
    expect(res.status).toBe(201);
    expect(res.body.status.items_total_count).toBe(40_001);
    const done = await runActivity(t, res.body.activity_id);
    expect(done.status.person_count).toBe(40_000);
    expect(await count()).toBe(40_000);
    const last = await t.api('GET', '/contacts?email=bulk39999%40example.com');
    expect(last.body.contacts).toHaveLength(1);
    expect((await t.api('GET', '/contacts?email=bulk40000%40example.com')).body.contacts).toHaveLength(0);
  });

  it('imports only the rows within the first 4 MB of a JSON body', async () => {
    const padding = 'p'.repeat(2000);
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      email: `big${String(i).padStart(5, '0')}@example.com`,
      padding,
    }));
    const rowBytes = JSON.stringify(rows[0]).length + 1;
    const before = await count();
    const res = await t.api('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [listId] });
    const done = await runActivity(t, res.body.activity_id);
    const kept = done.status.person_count as number;
    expect(kept).toBeLessThan(2500);
    expect(Math.abs(kept - Math.floor((4 * 1024 * 1024) / rowBytes))).toBeLessThanOrEqual(2);
    expect(await count()).toBe(before + kept);
    expect(
      (await t.api('GET', `/contacts?email=big${String(kept - 1).padStart(5, '0')}%40example.com`)).body.contacts,
    ).toHaveLength(1);
    expect(
      (await t.api('GET', `/contacts?email=big${String(kept).padStart(5, '0')}%40example.com`)).body.contacts,
    ).toHaveLength(0);
  });
});

describe('POST /activities/contacts_file_import', () => {
  const t = useSandbox();
  let listA: string;
  let listB: string;

  beforeAll(async () => {
    listA = await createList(t);
    listB = await createList(t);
    await createCustomField(t, 'Tier');
  });

  const upload = async (
    csv: string,
    fields: Record<string, string>,
    fileName = 'contacts.csv',
    headers: Record<string, string> = {},
  ) => {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), fileName);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await t.sandbox.fetch('/v3/activities/contacts_file_import', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.sandbox.credentials.access_token}`, ...headers },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('imports a CSV sent as multipart/form-data into every listed list', async () => {
    const csv = [
      'Email,First_Name,last_name,cf:Tier,city,anniversary',
      'zoe@example.com,Zoe,Zed,gold,Oslo,2001-2-3',
      '"yan@example.com","Yan, Jr.",,,,',
      '', // every row ends with CRLF, the last one too
    ].join('\r\n');
    const res = await upload(csv, { list_ids: `${listA}, ${listB}` });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: 'initialized',
      source_file_name: 'contacts.csv',
      status: { items_total_count: 3 },
    });
    const done = await runActivity(t, res.body.activity_id);
    expect(done.status).toMatchObject({ items_total_count: 3, person_count: 2, error_count: 0 });
    const zoe = (await t.api('GET', `/contacts?email=zoe%40example.com&include=${FULL}`)).body.contacts[0];
    expect(zoe).toMatchObject({
      first_name: 'Zoe',
      last_name: 'Zed',
      anniversary: '2001-02-03',
      custom_fields: [{ value: 'gold' }],
      street_addresses: [{ kind: 'home', city: 'Oslo' }],
    });
    expect(zoe.list_memberships.sort()).toEqual([listA, listB].sort());
    const yan = (await t.api('GET', '/contacts?email=yan%40example.com')).body.contacts[0];
    expect(yan.first_name).toBe('Yan, Jr.');
    expect(yan).not.toHaveProperty('last_name');
  });

  it('processes at most 40,000 lines including the header', async () => {
    const lines = ['email'];
    for (let i = 0; i < 40_010; i++) lines.push(`line${i}@example.com`);
    const res = await upload(lines.join('\n'), { list_ids: listA });
    expect(res.status).toBe(201);
    expect(res.body.status.items_total_count).toBe(40_000);
    const done = await runActivity(t, res.body.activity_id);
    expect(done.status.person_count).toBe(39_999);
    expect((await t.api('GET', '/contacts?email=line39998%40example.com')).body.contacts).toHaveLength(1);
    expect((await t.api('GET', '/contacts?email=line39999%40example.com')).body.contacts).toHaveLength(0);
  });

  it('imports only the complete lines within the first 4 MB of a CSV, silently', async () => {
    const header = 'email,street';
    const line = (i: number) => `mb${String(i).padStart(6, '0')}@example.com,${'n'.repeat(120)}`;
    const lineBytes = line(0).length + 1;
    const lines = [header];
    for (let i = 0; lines.length < 40_000; i++) lines.push(line(i)); // within the line cap, over 4 MB
    const csv = `${lines.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(4 * 1024 * 1024);
    const res = await upload(csv, { list_ids: listB });
    expect(res.status).toBe(201);
    const done = await runActivity(t, res.body.activity_id);
    const kept = Math.floor((4 * 1024 * 1024 - (header.length + 1)) / lineBytes);
    expect(done).toMatchObject({
      state: 'completed',
      activity_errors: [],
      status: { person_count: kept, error_count: 0 },
    });
    expect(
      (
        await t.api(
          'GET',
          `/contacts?email=${encodeURIComponent(`mb${String(kept - 1).padStart(6, '0')}@example.com`)}`,
        )
      ).body.contacts,
    ).toHaveLength(1);
    expect(
      (await t.api('GET', `/contacts?email=${encodeURIComponent(`mb${String(kept).padStart(6, '0')}@example.com`)}`))
        .body.contacts,
    ).toHaveLength(0);
  });

  it('answers 415 for a file that is not .csv', async () => {
    expect((await upload('email\na@example.com\n', { list_ids: listA }, 'contacts.txt')).status).toBe(415);
  });

  it('answers 415 when the body is not multipart', async () => {
    const res = await t.api('POST', '/activities/contacts_file_import', { list_ids: listA }, {});
    expect(res.status).toBe(415);
  });

  it.each([
    ['no list_ids', {}],
    ['an unknown list', { list_ids: '00000000-0000-4000-8000-000000000999' }],
    ['a malformed list id', { list_ids: 'abc' }],
  ])('answers 400 for %s', async (_name, fields) => {
    expect((await upload('email\na@example.com\n', fields)).status).toBe(400);
  });

  it('answers 400 for a CSV without an email column', async () => {
    const res = await upload('first_name\nAnn\n', { list_ids: listA });
    expect(res.status).toBe(400);
    expect(res.body[0].error_message).toMatch(/email/);
  });
});
