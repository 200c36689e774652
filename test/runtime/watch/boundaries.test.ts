import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import { ServerClock, Watcher, WatchStore, type StartPoint } from '../../../src/runtime/watch/index.js';
import { collector, syntheticTrigger, tempStateDir } from './helpers.js';

/**
 * The edges of a watch's window on a synthetic source whose clock and timestamps the test controls:
 * where a "from now" watch starts when the source stamps whole minutes or writes late, and what the
 * cycles that drain a Limit-deferred backlog ask the source for.
 */

const MINUTE = 60_000;
const OVERLAP_MS = 10 * MINUTE;

interface Row {
  id: string;
  time: number;
}

class Source {
  now = Date.parse('2026-05-01T12:00:37.250Z');
  rows: Row[] = [];
  /** The `since` of every fetch, in order. */
  fetches: (string | undefined)[] = [];
  constructor(readonly clock: ServerClock) {}

  add(id: string, time: number): void {
    this.rows.push({ id, time });
  }

  *fetch(since: string | undefined): Generator<{ id: string; time: string }> {
    this.fetches.push(since);
    this.clock.observe(new Date(this.now).toUTCString());
    for (const r of this.rows)
      if (since === undefined || r.time >= Date.parse(since)) yield { id: r.id, time: new Date(r.time).toISOString() };
  }
}

describe('watch window edges (synthetic source)', () => {
  const dir = tempStateDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const setup = (start: StartPoint | undefined, limit = 100) => {
    const clock = new ServerClock();
    const source = new Source(clock);
    const store = new WatchStore(join(dir, `edges-${++n}.sqlite`));
    const client = createClient({ baseUrl: 'http://127.0.0.1:9/v3', token: 'unused', budget: false });
    const watcher = Watcher.open({
      module: syntheticTrigger((since) => source.fetch(since), { overlapMs: OVERLAP_MS }),
      input: { limit },
      client,
      store,
      connection: 'edges',
      serverClock: clock,
      ...(start ? { start } : {}),
    });
    return { source, store, watcher };
  };

  it(
    'from now: an event written after the start but stamped earlier (whole-minute ' +
      'stamps, a late write) is delivered; what existed at the start is not',
    async () => {
      const { source, store, watcher } = setup(undefined);
      const minute = Math.floor(source.now / MINUTE) * MINUTE;
      source.add('existing-in-start-minute', minute + 5_000);
      source.add('existing-late', source.now - 4 * MINUTE);
      source.add('old', source.now - 3 * 60 * MINUTE);
      const consumer = collector();
      const first = await watcher.cycle(consumer);
      expect(first.started).toBe(true);
      expect(consumer.events).toEqual([]);

      // After the start: a report row stamped at the start's whole minute (before the start's second),
      // a write landing 6 minutes late, and an ordinary new event.
      source.now += 20_000;
      source.add('new-at-whole-minute', minute);
      source.add('new-late', source.now - 6 * MINUTE);
      source.add('new', source.now);
      await watcher.cycle(consumer);
      expect(
        consumer
          .keys()
          .map((k) => k.split('|')[0])
          .sort(),
      ).toEqual(['new', 'new-at-whole-minute', 'new-late']);

      // nothing again on the next cycle
      source.now += MINUTE;
      expect((await watcher.cycle(consumer)).delivered).toBe(0);
      watcher.close();
      store.close();
    },
  );

  it(
    "from now: what the start's own read saw is never delivered, " + "even stamped after the start's whole second",
    async () => {
      const { source, store, watcher } = setup(undefined);
      source.add('existing-in-start-second', source.now); // the Date header has whole seconds: stamped after the start point
      const consumer = collector();
      await watcher.cycle(consumer);
      expect(Date.parse(watcher.state.checkpoint as string)).toBeLessThan(source.now);
      source.add('new-in-start-second', source.now);
      source.now += MINUTE;
      await watcher.cycle(consumer);
      expect(consumer.keys().map((k) => k.split('|')[0])).toEqual(['new-in-start-second']);
      watcher.close();
      store.close();
    },
  );

  it(
    'an event stamped far in the future (a skewed clock) is delivered ' +
      'once and does not drag the window past the events stamped normally',
    async () => {
      const { source, store, watcher } = setup({ kind: 'all' }, 5);
      const consumer = collector();
      source.add('skewed', source.now + 24 * 60 * MINUTE);
      source.add('normal-1', source.now);
      for (let i = 0; i < 6; i++) {
        await watcher.cycle(consumer);
        source.now += MINUTE;
        source.add(`later-${i}`, source.now - 30_000);
      }
      source.now += MINUTE;
      await watcher.cycle(consumer);
      const delivered = consumer.keys().map((k) => k.split('|')[0]);
      expect(delivered.sort()).toEqual(
        ['later-0', 'later-1', 'later-2', 'later-3', 'later-4', 'later-5', 'normal-1', 'skewed'].sort(),
      );
      watcher.close();
      store.close();
    },
  );

  it(
    'cycles that drain a Limit-deferred backlog fetch only the overlap window ' +
      'below the newest known event, not everything since the oldest waiting one',
    async () => {
      const { source, store, watcher } = setup({ kind: 'all' }, 10);
      const t0 = source.now - 30 * 24 * 60 * MINUTE; // a month of history
      for (let i = 0; i < 100; i++) source.add(`h${String(i).padStart(3, '0')}`, t0 + i * 7 * 60 * MINUTE);
      const newest = Math.max(...source.rows.map((r) => r.time));
      const consumer = collector();
      for (let cycle = 0; cycle < 12; cycle++) await watcher.cycle(consumer);
      expect(consumer.events).toHaveLength(100);
      expect(new Set(consumer.keys()).size).toBe(100);
      // the first fetch reads everything; every later one starts at most `overlap` below the newest event
      expect(source.fetches[0]).toBeUndefined();
      for (const since of source.fetches.slice(1)) expect(since).toBe(new Date(newest - OVERLAP_MS).toISOString());
      watcher.close();
      store.close();
    },
  );
});
