import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { listContacts } from '../../../src/sandbox/resources/contacts/query.js';
import {
  advance,
  allPages,
  createContact,
  createList,
  createTag,
  importContacts,
  runActivity,
  uniqueEmail,
} from './contacts-fixtures.js';

const HOUR = 3600 * 1000;
const ids = (body: any): string[] => (body.contacts as any[]).map((c) => c.contact_id);

describe('GET /contacts filters', () => {
  const t = useSandbox();
  const c: Record<string, any> = {};
  let listA: string;
  let listB: string;
  let tag: string;
  let t0: string;
  let t1: string;
  let t2: string;

  beforeAll(async () => {
    listA = await createList(t);
    listB = await createList(t);
    tag = await createTag(t);
    t0 = t.sandbox.clock.nowIso();
    c.plain = await createContact(t, { first_name: 'Plain', list_memberships: [listA] });
    advance(t, HOUR);
    t1 = t.sandbox.clock.nowIso();
    c.tagged = await createContact(t, { first_name: 'Tagged', taggings: [tag], list_memberships: [listB] });
    c.held = await createContact(t, { email_address: { address: uniqueEmail(), permission_to_send: 'temp_hold' } });
    c.opted = await createContact(t, { list_memberships: [listA] });
    c.deleted = await createContact(t);
    advance(t, HOUR);
    t2 = t.sandbox.clock.nowIso();
    await t.api('PUT', `/contacts/${c.plain.contact_id}`, {
      update_source: 'Account',
      email_address: c.plain.email_address,
      first_name: 'Plainer',
    });
    await t.api('PUT', `/contacts/${c.opted.contact_id}`, {
      update_source: 'Contact',
      email_address: { address: c.opted.email_address.address, permission_to_send: 'unsubscribed' },
    });
    await t.api('DELETE', `/contacts/${c.deleted.contact_id}`);
  });

  const query = async (q: string) => {
    const res = await t.api('GET', `/contacts?${q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return ids(res.body);
  };

  it.each([
    ['(default)', '', ['plain', 'tagged', 'held', 'opted']],
    ['all', 'status=all', ['plain', 'tagged', 'held', 'opted', 'deleted']],
    ['active', 'status=active', ['plain', 'tagged', 'held']],
    ['deleted', 'status=deleted', ['deleted']],
    ['unsubscribed', 'status=unsubscribed', ['opted']],
    ['temp_hold', 'status=temp_hold', ['held']],
    ['deleted,unsubscribed', 'status=deleted,unsubscribed', ['opted', 'deleted']],
  ])('status %s', async (_name, q, expected) => {
    expect(await query(q)).toEqual(expected.map((k) => c[k].contact_id));
  });

  it('email matches one address exactly, case-insensitively', async () => {
    expect(await query(`email=${encodeURIComponent(c.tagged.email_address.address.toUpperCase())}`)).toEqual([
      c.tagged.contact_id,
    ]);
    expect(await query('email=nobody%40example.com')).toEqual([]);
  });

  it('lists and tags select members', async () => {
    expect(await query(`lists=${listB}`)).toEqual([c.tagged.contact_id]);
    expect(await query(`lists=${listA},${listB}`)).toEqual([c.plain.contact_id, c.tagged.contact_id]);
    expect(await query(`tags=${tag}`)).toEqual([c.tagged.contact_id]);
  });

  it('date ranges: updated, created and opt-out, after inclusive and before exclusive', async () => {
    expect(await query(`created_after=${t1}`)).toEqual(['tagged', 'held', 'opted'].map((k) => c[k].contact_id));
    expect(await query(`created_before=${t1}`)).toEqual([c.plain.contact_id]);
    expect(await query(`updated_after=${encodeURIComponent(t2)}`)).toEqual([c.plain.contact_id, c.opted.contact_id]);
    expect(await query(`status=all&updated_after=${t2}`)).toEqual([
      c.plain.contact_id,
      c.opted.contact_id,
      c.deleted.contact_id,
    ]);
    expect(await query(`updated_after=${t0}&updated_before=${t2}`)).toEqual([c.tagged.contact_id, c.held.contact_id]);
    expect(await query(`optout_after=${t1}`)).toEqual([c.opted.contact_id]);
    expect(await query(`optout_before=${t1}`)).toEqual([]);
  });

  it('accepts dates, offsets and an unencoded + offset', async () => {
    const day = t0.slice(0, 10);
    expect((await query(`created_after=${day}`)).length).toBe(4);
    const local = new Date(Date.parse(t1) + 2 * HOUR).toISOString().slice(0, 19);
    expect(await query(`created_after=${local}+02:00`)).toEqual(await query(`created_after=${t1}`));
  });

  it('include projects subresources on every contact; include_count adds contacts_count', async () => {
    const res = await t.api('GET', '/contacts?include=taggings,list_memberships&include_count=true');
    expect(res.body.contacts_count).toBe(4);
    const tagged = res.body.contacts.find((x: any) => x.contact_id === c.tagged.contact_id);
    expect(tagged.taggings).toEqual([tag]);
    expect(tagged.list_memberships).toEqual([listB]);
    expect(tagged).not.toHaveProperty('phone_numbers');
    const plain = await t.api('GET', '/contacts');
    expect(plain.body).not.toHaveProperty('contacts_count');
    expect(plain.body.contacts[0]).not.toHaveProperty('list_memberships');
  });

  it.each([
    ['an unknown status', 'status=gone'],
    ['an unknown include', 'include=friends'],
    [
      '26 lists',
      `lists=${Array.from({ length: 26 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',')}`,
    ],
    [
      '51 tags',
      `tags=${Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',')}`,
    ],
    ['a malformed list id', 'lists=abc'],
    ['a malformed date', 'updated_after=yesterday'],
    ['limit 0', 'limit=0'],
    ['limit 501', 'limit=501'],
    ['a non-numeric limit', 'limit=ten'],
    ['include_count that is not a boolean', 'include_count=yes'],
    ['a cursor that was not issued', 'cursor=bm9wZQ'],
  ])('answers 400 for %s', async (_name, q) => {
    const res = await t.api('GET', `/contacts?${q}`);
    expect(res.status).toBe(400);
    expect(res.body[0]).toHaveProperty('error_key');
  });
});

describe('GET /contacts pagination', () => {
  const t = useSandbox();
  let listId: string;
  const total = 1203;

  beforeAll(async () => {
    listId = await createList(t);
    const rows = Array.from({ length: total }, (_, i) => ({
      email: `page${String(i).padStart(5, '0')}@example.com`,
      first_name: `P${i}`,
    }));
    const activity = await importContacts(t, rows, listId);
    expect(activity.status.person_count).toBe(total);
  });

  it('pages by 50 by default and omits _links.next on the last page', async () => {
    const first = await t.api('GET', '/contacts');
    expect(first.body.contacts).toHaveLength(50);
    expect(first.body._links.next.href).toMatch(/^\/v3\/contacts\?cursor=[A-Za-z0-9_%-]+$/);
  });

  it('serves up to 500 per page; following next hrefs returns every contact once, in creation order', async () => {
    const pages = await allPages(t, '/contacts?limit=500&include=list_memberships&include_count=true');
    expect(pages.map((p) => p.contacts.length)).toEqual([500, 500, 203]);
    expect(pages[pages.length - 1]._links).toBeUndefined();
    const emails = pages.flatMap((p) => p.contacts.map((x: any) => x.email_address.address));
    expect(emails).toEqual(Array.from({ length: total }, (_, i) => `page${String(i).padStart(5, '0')}@example.com`));
    // The cursor carries the query: later pages keep the projection and the count.
    for (const page of pages) {
      expect(page.contacts_count).toBe(total);
      expect(page.contacts[0].list_memberships).toEqual([listId]);
    }
  });

  it('keeps filters across pages', async () => {
    const pages = await allPages(t, `/contacts?limit=100&lists=${listId}&created_after=2026-01-01`);
    expect(pages.reduce((n, p) => n + p.contacts.length, 0)).toBe(total);
  });

  it('ends exactly when the last page is full', async () => {
    const pages = await allPages(t, '/contacts?limit=401');
    expect(pages.map((p) => p.contacts.length)).toEqual([401, 401, 401]);
  });

  it('pages a lists filter the same whether members are collected first or probed while scanning', async () => {
    const everyContact = (await allPages(t, '/contacts?limit=500')).flatMap((p) => ids(p));
    const sparse = await createList(t);
    const chosen = everyContact.filter((_, i) => i % 7 === 3);
    const add = await t.api('POST', '/activities/add_list_memberships', {
      source: { contact_ids: chosen },
      list_ids: [sparse],
    });
    await runActivity(t, add.body.activity_id);
    const walk = (lists: string, sparseMembers: number): string[] => {
      const seen: string[] = [];
      let params: Record<string, string> = { lists, limit: '40' };
      for (;;) {
        const page = listContacts(t.sandbox.ctx.db, params, sparseMembers) as any;
        seen.push(...ids(page));
        const href: string | undefined = page._links?.next?.href;
        if (!href) return seen;
        params = { cursor: decodeURIComponent(href.split('cursor=')[1] as string) };
      }
    };
    for (const lists of [sparse, `${listId},${sparse}`]) {
      const collected = walk(lists, Number.MAX_SAFE_INTEGER);
      expect(walk(lists, 0)).toEqual(collected);
    }
    expect(walk(sparse, 0)).toEqual(chosen);
  });

  it('stays consistent when contacts are added while paging', async () => {
    const first = await t.api('GET', '/contacts?limit=500');
    await createContact(t, { email_address: { address: uniqueEmail('late') } });
    const rest = await allPages(t, first.body._links.next.href.replace(/^\/v3/, ''));
    const seen = [...ids(first.body), ...rest.flatMap((p) => ids(p))];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total + 1);
  });
});
