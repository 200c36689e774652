import { describe, expect, it } from 'vitest';
import type { Watcher } from '../../../src/runtime/watch/index.js';
import { collector, duplicates, useWatchTestbed, type WatchTestbed } from './helpers.js';

/**
 * Watch Contacts on the runtime, against the sandbox. Polling sees states, not changes: a contact
 * updated twice between two polls shows only its last update. So the truth is computed from the
 * sandbox's own store at every poll instant: the events that state stands for (create, update more
 * than a second after creation or after a poll saw another state, delete; list filter applied).
 * Everything observable at a poll must come out exactly once.
 */

const PAGE = 500;
/**
 * An edit within a second of the creation may be the creation's own write, so it is reported only
 * when an earlier poll of the watch saw the contact in another state (the module's rule).
 */
const CREATION_MARGIN_MS = 1000;

type Filter = { events: ('create' | 'update' | 'delete')[]; lists?: string[] };

interface StoredContact {
  contact_id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

function storedContacts(t: WatchTestbed): StoredContact[] {
  return t.sandbox.ctx.db
    .prepare('SELECT contact_id, created_at, updated_at, deleted_at FROM contacts')
    .all() as StoredContact[];
}

function membersOf(t: WatchTestbed, lists: readonly string[]): Set<string> {
  const rows = t.sandbox.ctx.db
    .prepare(`SELECT contact_id FROM list_memberships WHERE list_id IN (${lists.map(() => '?').join(',')})`)
    .all(...lists) as { contact_id: string }[];
  return new Set(rows.map((r) => r.contact_id));
}

/**
 * The event keys the store's current state stands for, for a watch with this filter; `observed` holds
 * the updated_at this watch's polls saw last for each contact (read and updated here).
 */
function observableEvents(t: WatchTestbed, filter: Filter, observed = new Map<string, string>()): Map<string, string> {
  const members = filter.lists ? membersOf(t, filter.lists) : undefined;
  const out = new Map<string, string>(); // key -> contact_id
  for (const c of storedContacts(t)) {
    if (c.deleted_at !== null) {
      if (filter.events.includes('delete') && !filter.lists)
        out.set(`delete|${c.contact_id}|${c.updated_at}`, c.contact_id);
      continue;
    }
    if (members && !members.has(c.contact_id)) continue;
    if (filter.events.includes('create')) out.set(`create|${c.contact_id}|${c.created_at}`, c.contact_id);
    const sinceCreation = Date.parse(c.updated_at) - Date.parse(c.created_at);
    const seenOtherwise = observed.has(c.contact_id) && observed.get(c.contact_id) !== c.updated_at;
    if (
      filter.events.includes('update') &&
      (sinceCreation > CREATION_MARGIN_MS || (sinceCreation > 0 && seenOtherwise))
    )
      out.set(`update|${c.contact_id}|${c.updated_at}`, c.contact_id);
    if (filter.events.some((e) => e !== 'delete')) observed.set(c.contact_id, c.updated_at);
  }
  return out;
}

async function newList(t: WatchTestbed, name: string): Promise<string> {
  const res = await t.api('POST', '/contact_lists', { name });
  expect(res.status).toBe(201);
  return res.body.list_id as string;
}

let emails = 0;
async function createContact(t: WatchTestbed, lists: readonly string[]): Promise<{ id: string; email: string }> {
  const email = `watcher${++emails}@example.com`;
  const res = await t.api('POST', '/contacts', {
    email_address: { address: email, permission_to_send: 'implicit' },
    first_name: 'New',
    create_source: 'Account',
    list_memberships: lists,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.contact_id as string, email };
}

async function updateContact(
  t: WatchTestbed,
  id: string,
  email: string,
  firstName: string,
  lists: readonly string[],
): Promise<void> {
  const res = await t.api('PUT', `/contacts/${id}`, {
    email_address: { address: email },
    first_name: firstName,
    update_source: 'Account',
    list_memberships: lists,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function deleteContact(t: WatchTestbed, id: string): Promise<void> {
  expect((await t.api('DELETE', `/contacts/${id}`)).status).toBe(204);
}

describe('Watch Contacts on the runtime', () => {
  const t = useWatchTestbed();

  it("tells create, update and delete apart, and a list filter keeps only that list's contacts", async () => {
    const [news, other] = [await newList(t, 'Kinds news'), await newList(t, 'Kinds other')];
    const all = t.open('watch-contacts', { limit: 100 });
    const listed = t.open('watch-contacts', { lists: [news], events: ['create', 'update'], limit: 100 });
    const [allOut, listedOut] = [collector(), collector()];
    await all.cycle(allOut);
    await listed.cycle(listedOut);
    t.sandbox.clock.advance(2000);

    const a = await createContact(t, [news]);
    const b = await createContact(t, [other]);
    const doomed = await createContact(t, [other]);
    t.sandbox.clock.advance(5000);
    await updateContact(t, a.id, a.email, 'Changed', [news]);
    await deleteContact(t, doomed.id);
    t.sandbox.clock.advance(1000);
    await all.cycle(allOut);
    await listed.cycle(listedOut);

    const kinds = (events: typeof allOut.events) =>
      events.map((e) => `${(e.bundle as any).event} ${(e.bundle as any).contact_id}`).sort();
    expect(kinds(allOut.events)).toEqual(
      [`create ${a.id}`, `create ${b.id}`, `delete ${doomed.id}`, `update ${a.id}`].sort(),
    );
    expect(kinds(listedOut.events)).toEqual([`create ${a.id}`, `update ${a.id}`].sort());
    all.close();
    listed.close();
  });

  it(
    'an edit within a second of the creation is an update when a poll ' +
      'saw the contact before it, and part of the create when not',
    async () => {
      const watcher = t.open('watch-contacts', { limit: 100 });
      const consumer = collector();
      await watcher.cycle(consumer);
      t.sandbox.clock.advance(2000);
      const kinds = () => consumer.events.map((e) => `${(e.bundle as any).event} ${(e.bundle as any).first_name}`);

      // a poll lands between the creation and an edit 300 ms later: both states were seen, both reported
      const seenApart = await createContact(t, []);
      await watcher.cycle(consumer);
      t.sandbox.clock.advance(300);
      await updateContact(t, seenApart.id, seenApart.email, 'Edited', []);
      t.sandbox.clock.advance(1000);
      await watcher.cycle(consumer);
      expect(kinds()).toEqual(['create New', 'update Edited']);

      // no poll in between: one create, carrying the edited contact
      const seenTogether = await createContact(t, []);
      t.sandbox.clock.advance(300);
      await updateContact(t, seenTogether.id, seenTogether.email, 'Edited too', []);
      t.sandbox.clock.advance(1000);
      await watcher.cycle(consumer);
      t.sandbox.clock.advance(60_000);
      await watcher.cycle(consumer);
      expect(kinds()).toEqual(['create New', 'update Edited', 'create Edited too']);
      watcher.close();
    },
  );

  it('costs its two queries when idle, and with k changes only the pages they fill', async () => {
    const list = await newList(t, 'Costs');
    const watcher = t.open('watch-contacts', { limit: 5000 });
    const consumer = collector();
    await watcher.cycle(consumer);
    let mostRequests = 0;
    let last = 0;
    // The expected cost is derived from the data: each query reads the contacts changed since
    // `checkpoint - overlap`, so right after a burst the overlap window still holds the burst.
    for (const changes of [0, 3, 0, 700, 1200, 0, 2, 0]) {
      t.sandbox.clock.advance(20 * 60_000);
      const ids: string[] = [];
      for (let i = 0; i < changes; i++) {
        if (i % 10 === 9 && ids.length > 0) await deleteContact(t, ids.pop() as string);
        else ids.push((await createContact(t, [list])).id);
      }
      t.sandbox.clock.advance(1000);
      const since = new Date(Date.parse(watcher.state.checkpoint as string) - 10 * 60_000).toISOString();
      const stored = storedContacts(t).filter((c) => c.updated_at >= since);
      const expectedPages = (n: number) => Math.max(1, Math.ceil(n / PAGE));
      const expected =
        expectedPages(stored.filter((c) => c.deleted_at === null).length) +
        expectedPages(stored.filter((c) => c.deleted_at !== null).length);
      const mark = t.requests.length;
      const report = await watcher.cycle(consumer);
      const requests = t.requestsSince(mark);
      mostRequests = Math.max(mostRequests, requests.length);
      expect(requests.every((r) => r.url.startsWith('/v3/contacts?'))).toBe(true);
      expect({ changes, requests: requests.length }).toEqual({ changes, requests: expected });
      if (changes === 0) expect(report.delivered).toBe(0);
      last = requests.length;
    }
    // idle, with a quiet overlap window: the two queries and nothing more
    expect(last).toBe(2);
    expect(mostRequests).toBeGreaterThan(3);
    watcher.close();

    // a list filter (no deletes possible) and a delete-only watch each need one query
    for (const input of [{ lists: [list], events: ['create', 'update'] }, { events: ['delete'] }]) {
      const w = t.open('watch-contacts', input);
      await w.cycle(collector());
      const mark = t.requests.length;
      await w.cycle(collector());
      expect(t.requestsSince(mark)).toHaveLength(1);
      w.close();
    }
  });
});

describe('Watch Contacts on the runtime, model', () => {
  const t = useWatchTestbed();

  it(
    'model: thousands of creates, same-second updates, deletes and list ' +
      'moves, polled at random with random Limits, come out exactly once',
    async () => {
      let seed = 424242;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const [l1, l2, l3] = [await newList(t, 'Model 1'), await newList(t, 'Model 2'), await newList(t, 'Model 3')];
      const filters: Filter[] = [
        { events: ['create', 'update', 'delete'] },
        { events: ['create', 'update'], lists: [l1] },
        { events: ['delete'] },
        { events: ['create', 'delete'] },
      ];
      const live = new Map<string, { email: string; lists: string[]; createdAtStep: number }>();
      let step = 0;
      let changes = 0;

      const watches = filters.map((filter) => ({
        filter,
        consumer: collector(),
        required: new Set<string>(),
        optional: new Set<string>(),
        lastPollStep: -1,
        observed: new Map<string, string>(),
      }));
      const open = (w: (typeof watches)[number]): Watcher =>
        t.open('watch-contacts', { ...w.filter, limit: 1 + Math.floor(random() * 40) }, { kind: 'all' }, 'model');
      let watchers = watches.map(open);
      const poll = async (i: number) => {
        const w = watches[i]!;
        // The truth at this instant: a create seen in a list the contact joined after its first poll may
        // or may not be reported (whether it still falls in the overlap window): it is allowed, not required.
        for (const [key, contactId] of observableEvents(t, w.filter, w.observed)) {
          const contact = live.get(contactId);
          const joinedLater =
            w.filter.lists !== undefined &&
            key.startsWith('create|') &&
            contact !== undefined &&
            contact.createdAtStep <= w.lastPollStep;
          if (joinedLater) {
            if (!w.required.has(key)) w.optional.add(key);
          } else w.required.add(key);
        }
        w.lastPollStep = step;
        return watchers[i]!.cycle(w.consumer);
      };

      for (; step < 2300; step++) {
        const r = random();
        const ids = [...live.keys()];
        if (r < 0.3 || ids.length === 0) {
          const lists = [l1, l2, l3].filter(() => random() < 0.4);
          const { id, email } = await createContact(t, lists);
          live.set(id, { email, lists, createdAtStep: step });
          changes++;
        } else if (r < 0.55) {
          const id = pick(ids);
          const c = live.get(id)!;
          await updateContact(t, id, c.email, `Name${step}`, c.lists);
          changes++;
        } else if (r < 0.65) {
          // a list move: out of one list, into another
          const id = pick(ids);
          const c = live.get(id)!;
          c.lists = c.lists.includes(l1)
            ? [...c.lists.filter((l) => l !== l1), l2]
            : [...c.lists.filter((l) => l !== l2), l1];
          await updateContact(t, id, c.email, `Moved${step}`, c.lists);
          changes++;
        } else if (r < 0.72) {
          const id = pick(ids);
          await deleteContact(t, id);
          live.delete(id);
          changes++;
        } else if (r < 0.86) {
          // same millisecond, same second, or later
          const roll = random();
          t.sandbox.clock.advance(
            roll < 0.3 ? 0 : roll < 0.8 ? Math.floor(random() * 1000) : Math.floor(random() * 30 * 60_000),
          );
        } else if (r < 0.985) {
          await poll(Math.floor(random() * watches.length));
        } else {
          for (const w of watchers) w.close();
          watchers = watches.map(open);
        }
      }
      // drain: a Limit large enough for whatever is left (the Limit is not part of a watch's identity)
      t.sandbox.clock.advance(60_000);
      for (const w of watchers) w.close();
      watchers = watches.map((w) =>
        t.open('watch-contacts', { ...w.filter, limit: 1_000_000 }, { kind: 'all' }, 'model'),
      );
      for (const [i, w] of watches.entries()) {
        expect((await poll(i)).waiting).toBe(0);
        const out = w.consumer.keys();
        expect(duplicates(out), `${JSON.stringify(w.filter)}: duplicates`).toEqual([]);
        expect(
          [...w.required].filter((k) => !out.includes(k)),
          `${JSON.stringify(w.filter)}: lost`,
        ).toEqual([]);
        expect(
          out.filter((k) => !w.required.has(k) && !w.optional.has(k)),
          `${JSON.stringify(w.filter)}: not true`,
        ).toEqual([]);
        watchers[i]!.close();
      }
      expect(changes).toBeGreaterThan(1500);
      expect(watches[0]!.required.size).toBeGreaterThan(1000);
    },
    120_000,
  );
});
