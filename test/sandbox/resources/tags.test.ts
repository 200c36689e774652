import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { allPages, createContact, createTag } from './contacts-fixtures.js';

describe('/contact_tags', () => {
  const t = useSandbox();

  it('creates a tag: 201 with its source', async () => {
    const res = await t.api('POST', '/contact_tags', { name: 'VIP', tag_source: 'Contact' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      tag_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'VIP',
      tag_source: 'Contact',
      created_at: t.sandbox.clock.nowIso(),
      updated_at: t.sandbox.clock.nowIso(),
    });
  });

  it.each([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['a name of 256 characters', { name: 't'.repeat(256) }],
  ])('rejects %s with 400', async (_name, body) => {
    expect((await t.api('POST', '/contact_tags', body)).status).toBe(400);
  });

  it('answers 409 for a name in use, on create and on rename', async () => {
    const id = await createTag(t, 'Alpha');
    await createTag(t, 'Beta');
    expect((await t.api('POST', '/contact_tags', { name: 'alpha' })).status).toBe(409);
    expect((await t.api('PUT', `/contact_tags/${id}`, { name: 'Beta' })).status).toBe(409);
    const renamed = await t.api('PUT', `/contact_tags/${id}`, { name: 'Gamma' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Gamma');
  });

  it('counts tagged contacts with include_count', async () => {
    const id = await createTag(t, 'Counted');
    await createContact(t, { taggings: [id] });
    await createContact(t, { taggings: [id] });
    expect((await t.api('GET', `/contact_tags/${id}?include_count=true`)).body.contacts_count).toBe(2);
    expect((await t.api('GET', `/contact_tags/${id}`)).body).not.toHaveProperty('contacts_count');
  });

  it('deletes asynchronously: 202 with an activity, then contacts lose the tag', async () => {
    const id = await createTag(t, 'Temporary');
    const contact = await createContact(t, { taggings: [id] });
    const res = await t.api('DELETE', `/contact_tags/${id}`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      state: 'initialized',
      activity_errors: [],
      status: { items_total_count: 1, items_completed_count: 0 },
    });
    expect((await t.api('GET', `/contact_tags/${id}`)).status).toBe(200);
    t.sandbox.jobs.runDue();
    t.sandbox.jobs.runDue();
    expect((await t.api('GET', `/activities/${res.body.activity_id}`)).body.state).toBe('completed');
    expect((await t.api('GET', `/contact_tags/${id}`)).status).toBe(404);
    expect((await t.api('GET', `/contacts/${contact.contact_id}?include=taggings`)).body.taggings).toEqual([]);
  });

  it('answers 404 for unknown or malformed ids', async () => {
    expect((await t.api('GET', '/contact_tags/00000000-0000-4000-8000-0000000000ff')).status).toBe(404);
    expect((await t.api('DELETE', '/contact_tags/nope')).status).toBe(404);
  });
});

describe('/contact_tags paging', () => {
  const t = useSandbox();

  it('pages with the documented cursor up to 500 per page', async () => {
    for (let i = 0; i < 120; i++) await createTag(t, `T${i}`);
    const pages = await allPages(t, '/contact_tags?limit=50&include_count=true');
    expect(pages.map((p) => p.tags.length)).toEqual([50, 50, 20]);
    expect(pages[0]._links.next.href).toMatch(/^\/v3\/contact_tags\?cursor=/);
    expect(pages[2].tags[0]).toHaveProperty('contacts_count', 0);
    expect(new Set(pages.flatMap((p) => p.tags.map((x: any) => x.tag_id))).size).toBe(120);
    expect((await t.api('GET', '/contact_tags?limit=500')).body.tags).toHaveLength(120);
    expect((await t.api('GET', '/contact_tags?limit=501')).status).toBe(400);
  });
});
