import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, relativeNextPath } from '../../src/client/index.js';
import { startScriptServer, type RecordedRequest, type ScriptServer } from './fixtures/script-server.js';

/**
 * A paged collection as the API serves it: `limit` on the first request, then an opaque cursor that
 * carries the position and the page size; `_links.next.href` is `/v3/...?cursor=...`.
 */
function collection(total: number, max: number, itemsKey = 'contacts', lastLink: 'absent' | 'null' = 'absent') {
  return (req: RecordedRequest) => {
    const cursor = req.query.get('cursor');
    let start = 0;
    let size = Number(req.query.get('limit') ?? 50);
    if (cursor)
      ({ start, size } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { start: number; size: number });
    if (size > max)
      return { status: 400, body: [{ error_key: 'validation', error_message: `limit must be at most ${max}` }] };
    const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({ id: start + i }));
    const nextStart = start + items.length;
    const next =
      nextStart < total
        ? {
            next: {
              href: `${req.path}?cursor=${Buffer.from(JSON.stringify({ start: nextStart, size })).toString('base64url')}`,
            },
          }
        : lastLink === 'null'
          ? { next: null }
          : {};
    return { body: { [itemsKey]: items, _links: next } };
  };
}

let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

const client = () => createClient({ baseUrl: server.base, token: 'token-aaaaaaaaaaaa', budget: false });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('paginate', () => {
  it('makes exactly 3 requests for 1,200 items from a 500-max endpoint, following next links verbatim', async () => {
    server.script(collection(5000, 500));
    const items = await collect(
      client().paginate<{ id: number }>('/contacts', {
        itemsKey: 'contacts',
        pageSize: 500,
        limit: 1200,
        query: { status: 'all' },
      }),
    );
    expect(items).toHaveLength(1200);
    expect(items.map((i) => i.id)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.url).toBe('/v3/contacts?status=all&limit=500');
    // later requests are the href as given: no limit, no repeated filters
    for (const req of server.requests.slice(1)) {
      expect([...req.query.keys()]).toEqual(['cursor']);
      expect(req.path).toBe('/v3/contacts');
    }
  });

  it('asks for no more than the caller wants when that is less than a page', async () => {
    server.script(collection(5000, 500));
    const items = await collect(client().contacts.listAll({}, { limit: 7 }));
    expect(items).toHaveLength(7);
    expect(server.requests.map((r) => r.url)).toEqual(['/v3/contacts?limit=7']);
  });

  it.each(['absent', 'null'] as const)('stops when _links.next is %s', async (lastLink) => {
    server.script(collection(1050, 500, 'lists', lastLink));
    const items = await collect(client().lists.listAll());
    expect(items).toHaveLength(1050);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.url).toBe('/v3/contact_lists?limit=500');
  });

  it('makes no request at all for limit 0', async () => {
    server.script(collection(10, 500));
    expect(await collect(client().emails.listAll({}, { limit: 0 }))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("uses each endpoint's maximum page size", async () => {
    const cases: [() => AsyncIterable<unknown>, string][] = [
      [() => client().customFields.listAll({ limit: 1000 }), '/v3/contact_custom_fields?limit=100'],
      [() => client().tags.listAll({}, { limit: 1000 }), '/v3/contact_tags?limit=500'],
      [
        () => client().activities.listAll({ state: 'completed' }, { limit: 1000 }),
        '/v3/activities?state=completed&limit=500',
      ],
      [
        () =>
          client().reports.contactActivityDetailsAll(
            'c1',
            { tracking_activity_type: ['em_opens', 'em_clicks'] },
            { limit: 1000 },
          ),
        '/v3/reports/contact_reports/c1/activity_details?tracking_activity_type=em_opens&tracking_activity_type=em_clicks&limit=100',
      ],
      [
        () => client().reports.emailTrackingAll('a1', 'bounces', { bounce_code: ['B', 'Z'] }, { limit: 1000 }),
        '/v3/reports/email_reports/a1/tracking/bounces?bounce_code=B&bounce_code=Z&limit=500',
      ],
    ];
    for (const [walk, firstUrl] of cases) {
      server.script(() => ({ body: { custom_fields: [], tags: [], activities: [], tracking_activities: [] } }));
      await collect(walk());
      expect(server.requests.map((r) => r.url)).toEqual([firstUrl]);
    }
  });

  it('pages() yields whole pages with their bodies and next links', async () => {
    server.script(collection(120, 50, 'campaigns'));
    const pages = await collect(client().pages<{ id: number }>('/emails', { itemsKey: 'campaigns', pageSize: 50 }));
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 20]);
    expect(pages[0]?.next).toMatch(/^\/v3\/emails\?cursor=/);
    expect(pages[2]?.next).toBeUndefined();
    expect(pages[0]?.body).toHaveProperty('_links');
  });

  it('refuses to follow a next link to another host', async () => {
    server.script([
      { body: { contacts: [{ id: 1 }], _links: { next: { href: 'https://evil.example/v3/contacts?cursor=x' } } } },
    ]);
    await expect(collect(client().paginate('/contacts', { itemsKey: 'contacts' }))).rejects.toThrow(/another host/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('relativeNextPath', () => {
  it.each([
    ['https://api.cc.email/v3', '/v3/contacts?cursor=abc', '/contacts?cursor=abc'],
    [
      'http://127.0.0.1:4000/v3',
      '/v3/contact_tags?limit=1&cursor=bGltaXQ9MSZuZXh0PTJj',
      '/contact_tags?limit=1&cursor=bGltaXQ9MSZuZXh0PTJj',
    ],
    ['https://api.cc.email/v3', 'https://api.cc.email/v3/emails?cursor=z', '/emails?cursor=z'],
    ['http://proxy.local/cc/v3', '/v3/contacts?cursor=abc', '/contacts?cursor=abc'],
    ['http://proxy.local/cc/v3', '/cc/v3/contacts?cursor=abc', '/contacts?cursor=abc'],
  ])('%s + %s -> %s', (base, href, expected) => {
    expect(relativeNextPath(base, href)).toBe(expected);
  });
});
