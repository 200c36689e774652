import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { createContact, createCustomField, createList, createTag, uniqueEmail } from './contacts-fixtures.js';
import { addContacts, addList } from '../engine/fixtures.js';

/** Contact exports (CSV content, slices), tagging in bulk, tag deletes and custom field deletes. */

const UNKNOWN = '00000000-0000-4000-8000-000000000777';

/** A small RFC 4180 reader: enough for the sandbox's files (quoted cells with commas, quotes, newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}

describe('bulk activities: exports, tagging, deletes', () => {
  const t = useSandbox();
  const finish = async (activityId: string) => {
    t.sandbox.jobs.drain();
    const res = await t.api('GET', `/activities/${activityId}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const exportCsv = async (body: Record<string, unknown>) => {
    const res = await t.api('POST', '/activities/contact_exports', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const early = await t.api('GET', `/contact_exports/${res.body.activity_id}`);
    expect(early.status).toBe(404);
    const done = await finish(res.body.activity_id);
    expect(done.state).toBe('completed');
    const href: string = done._links.results.href;
    expect(href).toBe(`/v3/contact_exports/${done.activity_id}`);
    const file = await t.api('GET', href.replace(/^\/v3/, ''));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    return { activity: done, rows: parseCsv(file.body as string) };
  };

  it('exports the requested fields of a list, with custom fields, lists and quoting', async () => {
    await createCustomField(t, 'Shoe size');
    const list = await createList(t, 'Export, "quoted"');
    const fieldId = (await t.api('GET', '/contact_custom_fields')).body.custom_fields[0].custom_field_id;
    const ann = await createContact(t, {
      email_address: { address: 'ann.export@example.com' },
      first_name: 'Ann, Jr.',
      street_addresses: [{ kind: 'home', street: '1 Main St', city: 'Boston', state: 'MA', country: 'US' }],
      custom_fields: [{ custom_field_id: fieldId, value: '38' }],
      list_memberships: [list],
    });
    await createContact(t, {
      email_address: { address: 'bob.export@example.com' },
      first_name: 'Bob',
      list_memberships: [list],
    });
    await createContact(t, { email_address: { address: uniqueEmail('outside') } });
    const { rows, activity } = await exportCsv({
      list_ids: [list],
      fields: ['email_address', 'first_name', 'city', 'cf:Shoe_size', 'email_lists'],
    });
    expect(activity.status).toEqual({ items_total_count: 2, items_completed_count: 2 });
    expect(rows).toEqual([
      ['email_address', 'first_name', 'city', 'cf:Shoe_size', 'email_lists'],
      ['ann.export@example.com', 'Ann, Jr.', 'Boston', '38', 'Export, "quoted"'],
      ['bob.export@example.com', 'Bob', '', '', 'Export, "quoted"'],
    ]);
    // status=removed exports deleted contacts only
    expect((await t.api('DELETE', `/contacts/${ann.contact_id}`)).status).toBe(204);
    const removed = await exportCsv({ list_ids: [list], status: 'removed', fields: ['email_address'] });
    expect(removed.rows).toEqual([['email_address']]);
    const removedAll = await exportCsv({ status: 'removed', fields: ['email_address'] });
    expect(removedAll.rows).toEqual([['email_address'], ['ann.export@example.com']]);
  });

  it('exports every live contact with every field by default, one slice of 500 contacts per job', async () => {
    const list = addList(t, 'Big export');
    addContacts(t, 'bulk', 1200, [list]);
    const res = await t.api('POST', '/activities/contact_exports', { list_ids: [list] });
    const id = res.body.activity_id;
    t.sandbox.jobs.runDue(); // processing
    t.sandbox.jobs.runDue(); // first slice
    const partial = (await t.api('GET', `/activities/${id}`)).body;
    expect(partial).toMatchObject({
      state: 'processing',
      status: { items_total_count: 1200, items_completed_count: 500 },
    });
    expect(partial.percent_done).toBe(41);
    expect((await t.api('GET', `/contact_exports/${id}`)).status).toBe(404);
    const done = await finish(id);
    expect(done).toMatchObject({ state: 'completed', percent_done: 100, status: { items_completed_count: 1200 } });
    const rows = parseCsv((await t.api('GET', `/contact_exports/${id}`)).body);
    expect(rows).toHaveLength(1201);
    expect(rows[0]?.slice(0, 3)).toEqual(['email_address', 'first_name', 'last_name']);
    expect(rows[0]).toContain('cf:Shoe_size');
    expect(rows[1]?.slice(0, 3)).toEqual(['bulk1@example.com', 'First1', 'bulk']);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(1200);
  });

  it('refuses exports it cannot do, saying why', async () => {
    const list = await createList(t);
    for (const [body, status] of [
      [{ fields: ['shoe'] }, 400],
      [{ fields: ['email_optin_date'] }, 400],
      [{ contact_ids: [UNKNOWN], list_ids: [list] }, 400],
      [{ tag_ids: [UNKNOWN] }, 404],
      [{ list_ids: [UNKNOWN] }, 404],
      [{ segment_id: 999 }, 404],
      [{ status: 'bouncing' }, 400],
      [{ contact_ids: [] }, 400],
    ] as const) {
      const res = await t.api('POST', '/activities/contact_exports', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
    }
    expect((await t.api('GET', `/contact_exports/${UNKNOWN}`)).status).toBe(404);
  });

  it('adds and removes tags in bulk, honouring exclude, and reports unknown contacts', async () => {
    const list = addList(t, 'Tagging');
    const ids = addContacts(t, 'tagging', 6, [list]);
    const vip = await createTag(t, 'VIP bulk');
    const add = await t.api('POST', '/activities/contacts_taggings_add', {
      source: { list_ids: [list] },
      exclude: { contact_ids: [ids[0]] },
      tag_ids: [vip],
    });
    expect(add.status).toBe(201);
    expect((await finish(add.body.activity_id)).status).toEqual({ items_total_count: 5, items_completed_count: 5 });
    expect((await t.api('GET', `/contact_tags/${vip}?include_count=true`)).body.contacts_count).toBe(5);
    const tagged = (await t.api('GET', `/contacts?tags=${vip}&limit=50`)).body.contacts.map((c: any) => c.contact_id);
    expect(tagged).not.toContain(ids[0]);

    const remove = await t.api('POST', '/activities/contacts_taggings_remove', {
      source: { contact_ids: [ids[1], ids[2], UNKNOWN] },
      tag_ids: [vip],
    });
    const removed = await finish(remove.body.activity_id);
    expect(removed.state).toBe('completed');
    expect(removed.activity_errors).toEqual([`Contact ${UNKNOWN} does not exist.`]);
    expect((await t.api('GET', `/contact_tags/${vip}?include_count=true`)).body.contacts_count).toBe(3);

    for (const [body, status] of [
      [{ source: { list_ids: [list] }, tag_ids: [UNKNOWN] }, 404],
      [{ source: { list_ids: [UNKNOWN] }, tag_ids: [vip] }, 404],
      [{ source: { contact_ids: [ids[0]] }, exclude: { contact_ids: [ids[0]] }, tag_ids: [vip] }, 400],
      [{ source: { list_ids: [list], all_active_contacts: true }, tag_ids: [vip] }, 400],
      [{ source: { list_ids: [list] } }, 400],
    ] as const) {
      const res = await t.api('POST', '/activities/contacts_taggings_add', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
    }
  });

  it('deletes tags and custom fields in bulk, taking them off every contact', async () => {
    const [a, b] = [await createTag(t, 'Gone 1'), await createTag(t, 'Gone 2')];
    const field = await createCustomField(t, 'Gone field');
    const contact = await createContact(t, {
      taggings: [a, b],
      custom_fields: [{ custom_field_id: field, value: 'x' }],
    });
    const tags = await t.api('POST', '/activities/contacts_tags_delete', { tag_ids: [a, b] });
    expect(tags.status).toBe(201);
    expect(await finish(tags.body.activity_id)).toMatchObject({
      state: 'completed',
      status: { items_total_count: 2, items_completed_count: 2 },
    });
    expect((await t.api('GET', `/contact_tags/${a}`)).status).toBe(404);
    const fields = await t.api('POST', '/activities/custom_fields_delete', { custom_field_ids: [field] });
    expect(fields.status).toBe(201);
    expect((await finish(fields.body.activity_id)).state).toBe('completed');
    const after = await t.api('GET', `/contacts/${contact.contact_id}?include=taggings,custom_fields`);
    expect(after.body.taggings).toEqual([]);
    expect(after.body.custom_fields).toEqual([]);
    expect((await t.api('POST', '/activities/contacts_tags_delete', { tag_ids: [UNKNOWN] })).status).toBe(400);
    expect((await t.api('POST', '/activities/custom_fields_delete', { custom_field_ids: [UNKNOWN] })).status).toBe(404);
    expect((await t.api('POST', '/activities/custom_fields_delete', { custom_field_ids: [] })).status).toBe(400);
  });
});
