import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';
import { cutCsvImport } from '../../../src/modules/contact/import/csv.js';

describe('Import Contact by CSV', () => {
  const t = useModuleTestbed();

  const newList = async (name: string) => (await t.api('POST', '/contact_lists', { name })).body.list_id as string;
  const membersOf = async (listId: string) =>
    (await t.api('GET', `/contacts?lists=${listId}&include_count=true&limit=1`)).body.contacts_count as number;

  it(
    'imports a CSV with quoted commas and line breaks, case-insensitive headings ' +
      'and a custom field column, and waits for it',
    async () => {
      await t.api('POST', '/contact_custom_fields', { label: 'Team', type: 'string' });
      const list = await newList('From CSV');
      const data = [
        'Email,First_Name,company_name,street,CF:Team',
        'ann@example.com,Ann,"Acme, Inc.","1 Main St',
        'Suite 2",Blue',
        '',
        'bob@example.com,Bob,,,Red',
      ].join('\r\n');
      const out = await t.run('import-contacts-csv', { list_ids: [list], file_name: 'people.csv', data, wait: true });
      expect(out).toMatchObject({
        contacts_count: 2,
        parts: 1,
        completed: true,
        activities: [
          {
            part: 1,
            first_row: 1,
            last_row: 2,
            first_line: 2,
            last_line: 5,
            state: 'completed',
            source_file_name: 'people.csv',
          },
        ],
      });
      expect(out.totals).toMatchObject({ person_count: 2, error_count: 0 });
      const ann = (
        await t.api('GET', '/contacts?email=ann@example.com&include=street_addresses,custom_fields,list_memberships')
      ).body.contacts[0];
      expect(ann).toMatchObject({ first_name: 'Ann', company_name: 'Acme, Inc.', list_memberships: [list] });
      expect(ann.street_addresses[0].street).toBe('1 Main St\nSuite 2');
      expect(ann.custom_fields[0].value).toBe('Blue');
    },
  );

  it('splits a file past 40,000 lines into parts that each start with the header: nothing is dropped', async () => {
    const list = await newList('Huge CSV');
    const lines = ['email,first_name', ...Array.from({ length: 40_001 }, (_, i) => `csv${i}@example.com,N${i}`)];
    const mark = t.requests.length;
    const out = await t.run('import-contacts-csv', { list_ids: [list], file_name: 'huge.csv', data: lines.join('\n') });
    expect(t.requestsSince(mark, '/v3/activities/contacts_file_import')).toHaveLength(2);
    // 40,000 lines per file with the header: 39,999 contacts, then the other 2.
    expect(
      out.activities.map((a: Record<string, unknown>) => [
        a.first_row,
        a.last_row,
        a.first_line,
        a.last_line,
        a.source_file_name,
      ]),
    ).toEqual([
      [1, 39_999, 2, 40_000, 'huge-part1of2.csv'],
      [40_000, 40_001, 40_001, 40_002, 'huge-part2of2.csv'],
    ]);
    // The API counts the header in items_total_count: each part carried its own header.
    expect(out.activities.map((a: { status: { items_total_count: number } }) => a.status.items_total_count)).toEqual([
      40_000, 3,
    ]);
    await t.sandbox.jobs.drain();
    expect(await membersOf(list)).toBe(40_001);
  });

  it('splits before 4 MB along row boundaries (long rows keep the test small)', async () => {
    const list = await newList('Wide CSV');
    const row = (i: number) =>
      [`wcsv${i}@example.com`, 's'.repeat(250), ...['c', 't', 'f', 'l', 'j', 'n'].map((c) => c.repeat(50))].join(',');
    const data = [
      'email,street,city,state,first_name,last_name,job_title,company_name',
      ...Array.from({ length: 8_000 }, (_, i) => row(i)),
    ].join('\n');
    expect(Buffer.byteLength(data)).toBeGreaterThan(4 * 1024 * 1024);
    const out = await t.run('import-contacts-csv', { list_ids: [list], file_name: 'wide.csv', data });
    expect(out.parts).toBe(2);
    expect(out.activities[1].first_row).toBe(out.activities[0].last_row + 1);
    await t.sandbox.jobs.drain();
    expect(await membersOf(list)).toBe(8_000);
  });

  it('keeps every part within the line and byte budgets, quoted line breaks included (unit check of the cut)', async () => {
    const data = [
      'email,street',
      ...Array.from({ length: 30 }, (_, i) => `p${i}@example.com,"line oné${i % 3 === 0 ? '\r\nline two' : ''}"`),
    ].join('\r\n');
    // Fed in 7-byte chunks: rows, quoted values, \r\n pairs and UTF-8 sequences are cut anywhere.
    const bytes = Buffer.from(data);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const texts: string[] = [];
    const { parts, rows } = await cutCsvImport(chunks, (lines) => void texts.push(lines.join('')), {
      maxLines: 6,
      maxBytes: 200,
    });
    expect(rows).toBe(30);
    expect(texts).toHaveLength(parts.length);
    let next = 1;
    let line = 2;
    for (const [i, part] of parts.entries()) {
      const text = texts[i] as string;
      expect(part.first_line).toBe(line);
      line = (part.last_line as number) + 1;
      expect(text.startsWith('email,street\n')).toBe(true);
      expect(text.split('\n').length - 1).toBeLessThanOrEqual(6);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(200);
      expect(part.first_row).toBe(next);
      next = part.last_row + 1;
    }
    expect(next).toBe(31);
    expect(line).toBe(42); // 1 header line + 30 rows + 10 quoted line breaks
    expect(texts.join('')).toContain('"line oné\nline two"');
  });

  it.each([
    [
      'an unknown heading',
      'email,e-mail_2\na@example.com,x',
      /Data › line 1 › column e-mail_2 \(data\): is not a column heading the API accepts \(column 2\)/,
    ],
    [
      'no email heading',
      'first_name,last_name\nAnn,Lee',
      /Data › line 1 › column email \(data\): is missing from the header/,
    ],
    ['a heading given twice', 'email,city,City\na@example.com,x,y', /column city .*appears twice/],
    [
      'a bad email on line 3',
      'email,first_name\na@example.com,A\nnope,B',
      /Data › line 3 › column email \(data\): "nope" is not an email address/,
    ],
    [
      'too many values',
      'email,first_name\na@example.com,Lee, Ann',
      /Data › line 2 \(data\): has 3 values but the header has 2 columns/,
    ],
    ['only a header', 'email,first_name\n', /the file holds no contacts/],
    ['broken quoting', 'email,first_name\na@example.com,"Ann', /is not valid CSV/],
  ])('refuses %s before sending, naming line and column', async (_case, data, message) => {
    const mark = t.requests.length;
    await expect(
      t.run('import-contacts-csv', { list_ids: [crypto.randomUUID()], file_name: 'x.csv', data }),
    ).rejects.toThrow(message);
    expect(t.requests.length).toBe(mark);
  });

  it('needs a .csv file name', async () => {
    await expect(
      t.run('import-contacts-csv', {
        list_ids: [crypto.randomUUID()],
        file_name: 'people.xlsx',
        data: 'email\na@example.com',
      }),
    ).rejects.toThrow(/File Name \(file_name\): must be a file name ending in \.csv/);
  });

  it('surfaces the API error for a list that does not exist', async () => {
    await expect(
      t.run('import-contacts-csv', {
        list_ids: [crypto.randomUUID()],
        file_name: 'x.csv',
        data: 'email\na@example.com',
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/does not exist/),
    });
  });
});
