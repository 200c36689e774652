import { beforeAll, describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';
import { runModule } from '../../../src/modules/run.js';
import { splitJsonImport } from '../../../src/modules/contact/import-contacts.js';

describe('Import Contacts', () => {
  const t = useModuleTestbed();

  const newList = async (name: string) => (await t.api('POST', '/contact_lists', { name })).body.list_id as string;
  const membersOf = async (listId: string) =>
    (await t.api('GET', `/contacts?lists=${listId}&include_count=true&limit=1`)).body.contacts_count as number;

  let sizeField: string;
  beforeAll(async () => {
    sizeField = (await t.api('POST', '/contact_custom_fields', { label: 'Shoe size', type: 'string' })).body
      .custom_field_id;
  });

  it('imports flat contacts with phones, addresses and cf: custom fields as one activity', async () => {
    const list = await newList('Small');
    const out = await t.run('import-contacts', {
      list_ids: [list],
      contacts: [
        {
          email: 'ann@example.com',
          first_name: 'Ann',
          mobile_phone: '555-0101',
          work_city: 'Springfield',
          'cf:Shoe_size': '38',
          birthday_month: 5,
          birthday_day: 1,
        },
        { email: 'bob@example.com', last_name: 'Bee', anniversary: '2020-01-31' },
      ],
    });
    expect(out).toMatchObject({
      contacts_count: 2,
      parts: 1,
      activities: [
        {
          part: 1,
          first_row: 1,
          last_row: 2,
          contacts_count: 2,
          activity_id: expect.any(String),
          state: 'initialized',
        },
      ],
    });
    await t.sandbox.jobs.drain();
    const ann = (
      await t.api(
        'GET',
        '/contacts?email=ann@example.com&include=phone_numbers,street_addresses,custom_fields,list_memberships',
      )
    ).body.contacts[0];
    expect(ann).toMatchObject({ first_name: 'Ann', birthday_month: 5, birthday_day: 1, list_memberships: [list] });
    expect(ann.phone_numbers).toMatchObject([{ phone_number: '555-0101', kind: 'mobile' }]);
    expect(ann.street_addresses).toMatchObject([{ kind: 'work', city: 'Springfield' }]);
    expect(ann.custom_fields).toMatchObject([{ custom_field_id: sizeField, value: '38' }]);
  });

  it('splits 40,001 contacts into 2 activities (40,000 + 1): nothing is dropped', async () => {
    const list = await newList('Big');
    const contacts = Array.from({ length: 40_001 }, (_, i) => ({ email: `big${i}@example.com` }));
    const mark = t.requests.length;
    const out = await t.run('import-contacts', { list_ids: [list], contacts });
    expect(t.requestsSince(mark, '/v3/activities/contacts_json_import')).toHaveLength(2);
    expect(out.contacts_count).toBe(40_001);
    expect(
      out.activities.map((a: Record<string, number>) => [a.part, a.first_row, a.last_row, a.contacts_count]),
    ).toEqual([
      [1, 1, 40_000, 40_000],
      [2, 40_001, 40_001, 1],
    ]);
    expect(new Set(out.activities.map((a: { activity_id: string }) => a.activity_id)).size).toBe(2);
    await t.sandbox.jobs.drain();
    expect(await membersOf(list)).toBe(40_001);
  });

  it('splits along contact boundaries before 4 MB of JSON, so the API never silently drops the tail', async () => {
    const list = await newList('Wide');
    // About 1.6 KB of JSON per contact: 3,000 contacts are ~4.8 MB, more than one request may carry.
    const long = (n: number, c: string) => c.repeat(n);
    const contacts = Array.from({ length: 3000 }, (_, i) => ({
      email: `wide${i}@example.com`,
      home_street: long(250, 'h'),
      work_street: long(250, 'w'),
      other_street: long(250, 'o'),
      home_city: long(50, 'c'),
      work_city: long(50, 'c'),
      other_city: long(50, 'c'),
      home_state: long(50, 's'),
      work_state: long(50, 's'),
      other_state: long(50, 's'),
      first_name: long(50, 'f'),
      last_name: long(50, 'l'),
      company_name: long(50, 'n'),
      job_title: long(50, 'j'),
    }));
    const out = await t.run('import-contacts', { list_ids: [list], contacts });
    expect(out.parts).toBe(2);
    const [first, second] = out.activities;
    expect(first.first_row).toBe(1);
    expect(second.first_row).toBe(first.last_row + 1);
    expect(second.last_row).toBe(3000);
    await t.sandbox.jobs.drain();
    expect(await membersOf(list)).toBe(3000);
    const lastOne = (await t.api('GET', '/contacts?email=wide2999@example.com&include=street_addresses')).body
      .contacts[0];
    expect(lastOne.street_addresses).toHaveLength(3);
  });

  it('when a later part is refused, says which parts were already accepted so nothing is imported twice', async () => {
    const list = await newList('Half');
    const contacts = Array.from({ length: 3000 }, (_, i) => ({
      email: `half${i}@example.com`,
      home_street: 's'.repeat(250),
      work_street: 'w'.repeat(250),
      other_street: 'o'.repeat(250),
      first_name: 'f'.repeat(50),
      last_name: 'l'.repeat(50),
      job_title: 'j'.repeat(50),
      company_name: 'c'.repeat(50),
      home_city: 'h'.repeat(50),
      work_city: 'k'.repeat(50),
      other_city: 'm'.repeat(50),
      home_state: 'x'.repeat(50),
      work_state: 'y'.repeat(50),
      other_state: 'z'.repeat(50),
    }));
    // The moment part 1 is accepted, the next import request fails (POSTs are never retried).
    const progress = (message: string) => {
      if (/part 1 of 2 .* accepted/.test(message))
        t.sandbox.faults.injectNext({
          fault: 'error',
          status: 503,
          method: 'POST',
          path: '/activities/contacts_json_import',
        });
    };
    const err = (await runModule(
      'import-contacts',
      { list_ids: [list], contacts },
      { client: t.client, progress },
    ).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('ImportPartError');
    expect(err.message).toMatch(/part 2 of 2 \(contacts \d+–3000\) was refused/);
    expect(err.message).toMatch(
      /Already accepted and importing: part 1 \(contacts 1–\d+\) = activity [0-9a-f-]{36}\. Import only contacts \d+ onwards again/,
    );
    const firstPartEnd = Number(/contacts 1–(\d+)/.exec(err.message)?.[1]);
    await t.sandbox.jobs.drain();
    expect(await membersOf(list)).toBe(firstPartEnd);
  });

  it('keeps every part within the byte and row budgets (unit check of the cut)', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ email: `r${i}@example.com`, first_name: 'x'.repeat(i) }));
    const parts = splitJsonImport(rows, ['list'], 1_000, 7);
    let next = 1;
    for (const part of parts) {
      expect(part.first_row).toBe(next);
      expect(part.contacts_count).toBeLessThanOrEqual(7);
      const body = JSON.stringify({ import_data: rows.slice(part.first_row - 1, part.last_row), list_ids: ['list'] });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1_000);
      next = part.last_row + 1;
    }
    expect(next).toBe(51);
  });

  it.each([
    [
      { email: 'ok@example.com', first_name: 'x'.repeat(51) },
      /Contacts › row 2 › column first_name \(contacts\.1\.first_name\): is 51 characters long; at most 50/,
    ],
    [
      { first_name: 'NoEmail' },
      /Contacts › row 2 › column email \(contacts\.1\.email\): is missing: every contact needs an email/,
    ],
    [{ email: 'not-an-email' }, /row 2 › column email .*"not-an-email" is not an email address/],
    [
      { email: 'b@example.com', birthday_month: 13, birthday_day: 1 },
      /row 2 › column birthday_month .*from 1 through 12/,
    ],
    [
      { email: 'b@example.com', birthday_day: 1 },
      /row 2 › column birthday_month .*is required when birthday_day is given/,
    ],
    [{ email: 'b@example.com', anniversary: '31/01/2020' }, /row 2 › column anniversary .*must be a real date/],
    [
      { email: 'b@example.com', favourite_colour: 'blue' },
      /row 2 › column favourite_colour .*is not a property of an imported contact/,
    ],
    [{ email: 'b@example.com', sms_number: '+44 20 7946 0000' }, /row 2 › column sms_number .*must be a US number/],
    [{ email: 'b@example.com', first_name: { nested: true } }, /row 2 › column first_name .*must be text or a number/],
  ])('refuses a bad row naming its number and column, before sending: %j', async (bad, message) => {
    const mark = t.requests.length;
    await expect(
      t.run('import-contacts', { list_ids: [crypto.randomUUID()], contacts: [{ email: 'fine@example.com' }, bad] }),
    ).rejects.toThrow(message);
    expect(t.requests.length).toBe(mark);
  });

  it('lists the first ten bad rows and counts the rest', async () => {
    const contacts = Array.from({ length: 25 }, (_, i) => ({ first_name: `n${i}` }));
    const err = await t.run('import-contacts', { list_ids: [crypto.randomUUID()], contacts }).catch((e: unknown) => e);
    expect((err as { problems: unknown[] }).problems).toHaveLength(11);
    expect((err as Error).message).toMatch(/15 more rows have problems/);
  });

  it('needs 1 to 50 list ids', async () => {
    await expect(t.run('import-contacts', { list_ids: [], contacts: [{ email: 'a@example.com' }] })).rejects.toThrow(
      /Contact List ID \(list_ids\): give at least 1 contact list id/,
    );
  });

  it('with Wait for Completion, polls each activity to its end with progress, reporting counts and activity_errors', async () => {
    const list = await newList('Waited');
    const progress: string[] = [];
    const out = (await runModule(
      'import-contacts',
      {
        list_ids: [list],
        wait: true,
        // The second row names a custom field the account does not have: only the API can know.
        contacts: [
          { email: 'w1@example.com' },
          { email: 'w2@example.com', 'cf:no such field': 'x' },
          { email: 'w3@example.com' },
        ],
      },
      { client: t.client, progress: (m) => progress.push(m) },
    )) as Record<string, any>;
    expect(out.completed).toBe(true);
    expect(out.activities[0].state).toBe('completed');
    expect(out.totals).toMatchObject({ person_count: 2, error_count: 1, activity_errors_count: 1 });
    expect(out.activities[0].activity_errors[0]).toMatch(/no such field/);
    expect(progress[0]).toMatch(/part 1 of 1 \(contacts 1–3\) accepted as activity/);
    expect(progress.some((m) => /completed, 100% done/.test(m))).toBe(true);
    expect(await membersOf(list)).toBe(2);
  });

  it('surfaces the API error when a target list does not exist', async () => {
    await expect(
      t.run('import-contacts', { list_ids: [crypto.randomUUID()], contacts: [{ email: 'x@example.com' }] }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/does not exist/),
    });
  });
});
