import { beforeAll, describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';
import { findModule } from '../../../src/modules/registry.js';
import { parseModuleInput } from '../../../src/modules/input.js';
import { createRunContext } from '../../../src/modules/run.js';
import type { ListingModule, WatchSpec } from '../../../src/modules/define.js';

/**
 * Watch Contacts' watch spec (the polling runtime is tested on its own): fetch + key/time/toBundle
 * must classify create, update and delete from the contacts' own timestamps, so overlapping polls
 * give the same keys, and must honour the list filter.
 */
describe('Watch Contacts', () => {
  const t = useModuleTestbed();
  const module = findModule('watch-contacts') as ListingModule;
  const watch = module.watch as WatchSpec<
    Record<string, unknown>,
    { event: string; time: string; contact: { contact_id: string } }
  >;
  const ids: Record<string, string> = {};
  let list: string;
  let since: string;
  let c2CreatedAt: string;

  const poll = async (raw: Record<string, unknown>, from: string | undefined) => {
    const input = parseModuleInput(module, raw) as Record<string, unknown>;
    const ctx = createRunContext({ client: t.client });
    const items = [];
    for await (const item of watch.fetch(input, from, ctx)) items.push(item);
    return { input, items };
  };
  const create = async (name: string, lists: string[] = []) => {
    const res = await t.api('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: `${name}@example.com` },
      first_name: name,
      list_memberships: lists,
    });
    ids[name] = res.body.contact_id;
    return res.body;
  };
  const tick = () => t.sandbox.clock.advance(5_000);

  beforeAll(async () => {
    list = (await t.api('POST', '/contact_lists', { name: 'Watched' })).body.list_id;
    await create('old', [list]);
    await create('oldGone');
    t.sandbox.clock.advance(60_000);
    since = t.sandbox.clock.nowIso();
    tick();
    await create('fresh', [list]); // created only
    tick();
    await t.api('PUT', `/contacts/${ids.old}`, {
      update_source: 'Account',
      email_address: { address: 'old@example.com' },
      first_name: 'Older',
    }); // updated only
    tick();
    c2CreatedAt = (await create('busy')).created_at; // created, then updated in the same window
    tick();
    await t.api('PUT', `/contacts/${ids.busy}`, {
      update_source: 'Contact',
      email_address: { address: 'busy@example.com' },
      first_name: 'Busier',
    });
    tick();
    await create('brief', [list]); // created, then deleted
    tick();
    await t.api('DELETE', `/contacts/${ids.brief}`);
    await t.api('DELETE', `/contacts/${ids.oldGone}`); // an old contact deleted now
    tick();
  });

  it("classifies create, update and delete from the contacts' timestamps, with keys naming kind, contact and time", async () => {
    const { items } = await poll({}, since);
    const seen = items
      .map((e) => `${e.event} ${Object.entries(ids).find(([, id]) => id === e.contact.contact_id)?.[0]}`)
      .sort();
    expect(seen).toEqual(
      ['create busy', 'create fresh', 'delete brief', 'delete oldGone', 'update busy', 'update old'].sort(),
    );
    for (const item of items) {
      expect(watch.time(item) >= since).toBe(true);
      expect(watch.key(item)).toBe(`${item.event}|${item.contact.contact_id}|${watch.time(item)}`);
    }
    const busy = items.filter((e) => e.contact.contact_id === ids.busy);
    expect(busy.find((e) => e.event === 'create')?.time).toBe(c2CreatedAt);
    expect(Date.parse(busy.find((e) => e.event === 'update')?.time ?? '')).toBeGreaterThan(Date.parse(c2CreatedAt));
    expect(new Set(items.map(watch.key)).size).toBe(items.length);
  });

  it('gives the same keys when a later poll overlaps the earlier one, and nothing new for unchanged contacts', async () => {
    const first = (await poll({}, since)).items.map(watch.key);
    // A poll starting after busy's creation still sees its update under the same key, and no create.
    const later = (await poll({}, new Date(Date.parse(c2CreatedAt) + 1_000).toISOString())).items;
    expect(later.every((e) => first.includes(watch.key(e)))).toBe(true);
    expect(later.some((e) => e.event === 'update' && e.contact.contact_id === ids.busy)).toBe(true);
    expect(later.some((e) => e.event === 'create' && e.contact.contact_id === ids.busy)).toBe(false);
    // Nothing happened after the last change: an empty poll.
    expect((await poll({}, t.sandbox.clock.nowIso())).items).toEqual([]);
  });

  it('toBundle adds the event to the contact (API field names) and drops unselected kinds', async () => {
    const { input, items } = await poll({ events: ['update'] }, since);
    const bundles = items.map((e) => watch.toBundle?.(e, input)).filter(Boolean) as Record<string, unknown>[];
    expect(bundles.map((b) => b.event)).toEqual(['update', 'update']);
    expect(bundles.find((b) => b.contact_id === ids.old)).toMatchObject({
      event: 'update',
      first_name: 'Older',
      email_address: { address: 'old@example.com' },
    });
    const creates = await poll({ events: ['create'] }, since);
    const createEvent = creates.items.find((e) => e.event === 'create');
    expect(
      createEvent && watch.toBundle?.(createEvent, (await poll({ events: ['delete'] }, since)).input),
    ).toBeUndefined();
  });

  it('asks only for what the events need: created_after for creations alone, no deleted query without delete', async () => {
    const mark = t.requests.length;
    const { items } = await poll({ events: ['create'] }, since);
    expect(items.map((e) => e.event)).toEqual(['create', 'create']);
    const calls = t.requestsSince(mark, '/v3/contacts');
    expect(calls).toHaveLength(1);
    expect(decodeURIComponent(calls[0]?.url ?? '')).toContain(`created_after=${since}`);

    const mark2 = t.requests.length;
    await poll({}, since);
    const urls = t.requestsSince(mark2, '/v3/contacts').map((r) => decodeURIComponent(r.url));
    expect(urls).toHaveLength(2);
    expect(urls[0]).toContain(`updated_after=${since}`);
    expect(urls[1]).toMatch(/status=deleted/);
    expect(urls[1]).toContain(`updated_after=${since}`);
  });

  it('honours the list filter: only members of the lists, with their list_memberships, and no deleted query', async () => {
    const mark = t.requests.length;
    const { input, items } = await poll({ lists: [list] }, since);
    expect(items.map((e) => `${e.event} ${e.contact.contact_id}`).sort()).toEqual(
      [`create ${ids.fresh}`, `update ${ids.old}`].sort(),
    );
    const urls = t.requestsSince(mark, '/v3/contacts').map((r) => decodeURIComponent(r.url));
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain(`lists=${list}`);
    expect(urls[0]).toContain('include=list_memberships');
    const bundle = watch.toBundle?.(items[0] as never, input) as Record<string, unknown>;
    expect(bundle.list_memberships).toEqual([list]);
  });

  it('refuses delete as the only event together with a list filter, saying why', async () => {
    await expect(t.run('watch-contacts', { events: ['delete'], lists: [list] })).rejects.toThrow(
      /Contact Lists \(lists\): delete events cannot be watched per list/,
    );
    await expect(t.run('watch-contacts', { events: [] })).rejects.toThrow(
      /Event \(events\): choose at least one event/,
    );
    await expect(t.run('watch-contacts', { events: ['created'] })).rejects.toThrow(
      /Event › #1 \(events\.0\): must be one of create, update, delete/,
    );
  });

  it('run returns the most recent events once, newest first, up to Limit', async () => {
    const bundles = await t.runList('watch-contacts', { limit: 3 });
    expect(bundles).toHaveLength(3);
    const times = bundles.map((b) => Date.parse(b.event === 'create' ? b.created_at : b.updated_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(bundles.map((b) => b.event)).toContain('delete');
    const all = await t.runList('watch-contacts', { limit: 100 });
    // Creations of the live contacts (a deleted contact gives only its delete event), updates and deletes.
    expect(
      all
        .filter((b) => b.event === 'create')
        .map((b) => b.first_name)
        .sort(),
    ).toEqual(['Busier', 'Older', 'fresh'].sort());
    expect(all.filter((b) => b.event === 'delete')).toHaveLength(2);
  });
});
