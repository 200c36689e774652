import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import {
  ServerClock,
  Watcher,
  WatchStore,
  type StartPoint,
  type WatchConsumer,
  type WatchEvent,
} from '../../../src/runtime/watch/index.js';
import { duplicates, syntheticTrigger, tempStateDir } from './helpers.js';

/**
 * The runtime's model test on a synthetic source, where the test controls everything the API leaves
 * vague: late writes (an event becomes visible up to `overlap` after its timestamp), many events on
 * the same second, rows that move in time (dedupe `forever`), the order a fetch yields, random Limits,
 * and crashes at every step of a delivery (before the write, after the write, inside a fetch), each
 * followed by a restart on the same state file. What the consumer ends up with must be exactly the
 * true set of events: no losses, no duplicates.
 */

const OVERLAP_MS = 120_000;
const SECOND = 1000;

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

interface Row {
  id: string;
  /** The event time (whole seconds: equal timestamps are the rule, not the exception). */
  time: number;
  /** Server time from which a fetch sees it (a late write has visibleAt > time). */
  visibleAt: number;
}

/** An in-memory source: the "API" of the synthetic Watch module. */
class Source {
  now = Date.parse('2026-05-01T12:00:00.000Z');
  rows = new Map<string, Row>();
  failNextFetchAfter: number | undefined;
  private seq = 0;
  constructor(
    readonly clock: ServerClock,
    readonly random: Rng,
  ) {}

  /** A new event (window mode) or a new row (forever mode), stamped up to `overlap` in the past. */
  add(): Row {
    const late = this.random.chance(0.3) ? this.random.int(0, OVERLAP_MS / SECOND - 1) * SECOND : 0;
    const row = {
      id: `e${String(++this.seq).padStart(5, '0')}`,
      time: Math.floor((this.now - late) / SECOND) * SECOND,
      visibleAt: this.now,
    };
    this.rows.set(row.id, row);
    return row;
  }

  /** Forever mode: an existing row moves to a later time (a contact opening again). */
  move(): void {
    const ids = [...this.rows.keys()];
    if (ids.length === 0) return;
    const row = this.rows.get(ids[this.random.int(0, ids.length - 1)] as string) as Row;
    row.time = Math.max(row.time, Math.floor(this.now / SECOND) * SECOND);
    row.visibleAt = this.now;
  }

  *fetch(since: string | undefined): Generator<{ id: string; time: string }> {
    this.clock.observe(new Date(this.now).toUTCString());
    // A little slack below `since`, as a real source gives (the runtime must filter it), in a shuffled order.
    const from = since === undefined ? -Infinity : Date.parse(since) - 5 * SECOND;
    const visible = [...this.rows.values()].filter((r) => r.visibleAt <= this.now && r.time >= from);
    for (let i = visible.length - 1; i > 0; i--) {
      const j = this.random.int(0, i);
      [visible[i], visible[j]] = [visible[j] as Row, visible[i] as Row];
    }
    let yielded = 0;
    for (const r of visible) {
      if (this.failNextFetchAfter !== undefined && yielded === this.failNextFetchAfter) {
        this.failNextFetchAfter = undefined;
        throw new Error('simulated crash during the fetch');
      }
      yielded++;
      yield { id: r.id, time: new Date(r.time).toISOString() };
    }
  }
}

class Crash extends Error {}

/** The consumer's output is an append-only list; the mark is its length (like a file's size). */
function fileLikeConsumer(
  output: string[],
  plan: { crash?: 'before-write' | 'after-write'; at: number },
): WatchConsumer {
  let handed = 0;
  return {
    mark: () => String(output.length),
    deliver(event: WatchEvent) {
      const n = handed++;
      if (plan.crash === 'before-write' && n === plan.at) throw new Crash('crash before the write');
      output.push(event.key);
      if (plan.crash === 'after-write' && n === plan.at)
        throw new Crash('crash after the write, before the acknowledgement');
    },
    wasDelivered: (event, mark) => output[Number(mark)] === event.key,
  };
}

interface RunResult {
  output: string[];
  expected: Set<string>;
  events: number;
  crashes: number;
}

async function runModel(seed: number, dedupe: 'window' | 'forever', dir: string): Promise<RunResult> {
  const random = rng(seed);
  const clock = new ServerClock();
  const source = new Source(clock, random);
  const module = syntheticTrigger((since) => source.fetch(since), { overlapMs: OVERLAP_MS, dedupe });
  const client = createClient({ baseUrl: 'http://127.0.0.1:9/v3', token: 'unused', budget: false });
  const file = join(dir, `model-${dedupe}-${seed}.sqlite`);
  const startKind = (['now', 'all', 'date'] as const)[random.int(0, 2)] as 'now' | 'all' | 'date';
  const start: StartPoint =
    startKind === 'date' ? { kind: 'date', at: new Date(source.now + 30 * SECOND).toISOString() } : { kind: startKind };

  // history before the watch starts
  for (let i = random.int(0, 20); i > 0; i--) {
    source.add();
    source.now += random.int(0, 3) * SECOND;
  }

  let store = new WatchStore(file);
  const stores = [store];
  const open = () =>
    Watcher.open({ module, input: { limit: 5 }, client, store, connection: 'model', serverClock: clock, start });
  let watcher = open();
  const output: string[] = [];
  let crashes = 0;
  // A restart: the dead run's connection is simply dropped (a crashed process closes nothing), its
  // lease given up as a dead process's would be, and a new run opens the same file afresh.
  const restart = () => {
    watcher.close();
    store = new WatchStore(file);
    stores.push(store);
    watcher = open();
  };
  const poll = async (limit: number, plan: { crash?: 'before-write' | 'after-write'; at: number } = { at: -1 }) => {
    (watcher as unknown as { input: { limit: number } }).input.limit = limit;
    try {
      await watcher.cycle(fileLikeConsumer(output, plan));
    } catch (err) {
      if (!(err instanceof Crash) && !(err instanceof Error && err.message.includes('simulated crash'))) throw err;
      crashes++;
      restart();
    }
  };

  // The first poll fixes the start point; with `now` it is the server's Date (whole seconds), and the
  // floor lies `overlap` below it: events written later but stamped in that window are new too.
  await poll(5);
  const startAt =
    start.kind === 'all'
      ? -Infinity
      : start.kind === 'date'
        ? Date.parse(start.at)
        : Date.parse(watcher.state.checkpoint as string);
  const floor = startKind === 'all' ? -Infinity : Date.parse(watcher.state.floor as string);
  expect(floor).toBe(startKind === 'now' ? startAt - OVERLAP_MS : startAt);
  const before = new Map([...source.rows.values()].map((r) => [r.id, r.time]));

  for (let step = 0; step < 400; step++) {
    const r = random.next();
    if (r < 0.4) {
      for (let k = random.int(1, 8); k > 0; k--) {
        if (dedupe === 'forever' && random.chance(0.4)) source.move();
        else source.add();
      }
    } else if (r < 0.65) {
      source.now += random.chance(0.3) ? 0 : random.int(1, 90) * SECOND;
    } else if (r < 0.95) {
      const roll = random.next();
      if (roll < 0.08) await poll(random.int(1, 6), { crash: 'before-write', at: random.int(0, 3) });
      else if (roll < 0.16) await poll(random.int(1, 6), { crash: 'after-write', at: random.int(0, 3) });
      else if (roll < 0.2) {
        source.failNextFetchAfter = random.int(0, 10);
        await poll(random.int(1, 6));
        source.failNextFetchAfter = undefined;
      } else await poll(random.int(1, 6));
    } else {
      restart();
    }
  }
  // drain: every event written so far must come out
  source.now += OVERLAP_MS;
  for (let i = 0; i < 200 && watcher.state.delivered < Infinity; i++) {
    const before = output.length;
    await poll(50);
    if (output.length === before && (await watcher.cycle(fileLikeConsumer(output, { at: -1 }))).waiting === 0) break;
  }
  watcher.close();
  for (const s of stores) s.close();

  const expected = new Set<string>();
  for (const row of source.rows.values()) {
    const old = before.get(row.id);
    // `now`: what existed at the start is never new (whatever its stamp); what was written after it
    // is, down to the floor (late writes). A date: what is stamped at or after it, a row that existed
    // before it excepted (its later moves are not new rows). `all`: everything.
    const counts =
      startKind === 'now'
        ? old === undefined && row.time >= floor
        : row.time >= startAt && !(old !== undefined && old < startAt);
    if (counts) expected.add(dedupe === 'window' ? `${row.id}|${new Date(row.time).toISOString()}` : row.id);
  }
  return { output, expected, events: source.rows.size, crashes };
}

describe('watch runtime model (synthetic source)', () => {
  const dir = tempStateDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['window', 'forever'] as const)(
    'delivers exactly the true set of events, across late writes, equal times, Limits and crashes (dedupe %s)',
    async (dedupe) => {
      let events = 0;
      let crashes = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const result = await runModel(seed * 7919 + (dedupe === 'forever' ? 1 : 0), dedupe, dir);
        expect(duplicates(result.output), `seed ${seed}: duplicates`).toEqual([]);
        const missing = [...result.expected].filter((k) => !result.output.includes(k));
        const extra = result.output.filter((k) => !result.expected.has(k));
        expect({ seed, missing, extra }).toEqual({ seed, missing: [], extra: [] });
        events += result.events;
        crashes += result.crashes;
      }
      // the runs above must really have exercised thousands of events and many crashes
      expect(events).toBeGreaterThan(dedupe === 'window' ? 4000 : 2000);
      expect(crashes).toBeGreaterThan(50);
    },
  );
});
