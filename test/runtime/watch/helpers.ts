import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { createClient, type CtctClient } from '../../../src/client/index.js';
import { defineModule, type ListingModule } from '../../../src/modules/define.js';
import { limitField } from '../../../src/modules/fields.js';
import { findModule } from '../../../src/modules/registry.js';
import {
  ServerClock,
  Watcher,
  WatchStore,
  type StartPoint,
  type WatchConsumer,
  type WatchEvent,
} from '../../../src/runtime/watch/index.js';
import { useModuleTestbed, type ModuleTestbed } from '../../helpers/modules.js';

export interface WatchTestbed extends ModuleTestbed {
  /** A client whose fetch reads the sandbox's Date header (what the CLI builds). */
  watchClient: CtctClient;
  clock: ServerClock;
  stateDir: string;
  store: WatchStore;
  /** Opens a watcher on the shared store (connection "test" unless named). */
  open(module: string, input: Record<string, unknown>, start?: StartPoint, connection?: string): Watcher;
}

/** The module testbed plus a temporary watch state directory and a client with a server clock. */
export function useWatchTestbed(): WatchTestbed {
  const t = useModuleTestbed() as WatchTestbed;
  beforeAll(() => {
    t.stateDir = tempStateDir();
    t.store = new WatchStore(join(t.stateDir, 'watch-state.sqlite'));
    t.clock = new ServerClock();
    t.watchClient = createClient({
      baseUrl: t.server!.url,
      token: { getToken: async () => t.sandbox.credentials.access_token },
      budget: false,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      fetch: t.clock.wrap(globalThis.fetch),
    });
  });
  afterAll(() => {
    t.store?.close();
    if (t.stateDir) rmSync(t.stateDir, { recursive: true, force: true });
  });
  t.open = (module, input, start, connection = 'test') =>
    Watcher.open({
      module: findModule(module),
      input,
      client: t.watchClient,
      store: t.store,
      connection,
      serverClock: t.clock,
      ...(start ? { start } : {}),
    });
  return t;
}

/** A consumer that keeps every event it acknowledges. */
export function collector(): WatchConsumer & { events: WatchEvent[]; keys(): string[] } {
  const events: WatchEvent[] = [];
  return {
    events,
    deliver(event) {
      events.push(event);
    },
    keys: () => events.map((e) => e.key),
  };
}

/** Keys that occur more than once. */
export function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return [...twice];
}

/**
 * A temporary state directory, on tmpfs when the machine has one: the tests exercise the runtime's
 * logic thousands of times, and disk flushes would only make them slow (the benchmark measures those).
 */
export function tempStateDir(): string {
  return mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ctct-watch-test-'));
}

/** A row of a synthetic event source: an id and an ISO time. */
export interface SyntheticRow {
  id: string;
  time: string;
}

/**
 * A trigger over a synthetic source (no API): the runtime's edge cases can be driven exactly. With
 * `dedupe: 'window'` an event is (row, time); with `forever` it is the row itself, whatever its time.
 */
export function syntheticTrigger(
  fetchRows: (since: string | undefined) => Iterable<SyntheticRow>,
  options: { overlapMs: number; dedupe?: 'window' | 'forever' },
): ListingModule {
  const dedupe = options.dedupe ?? 'window';
  return defineModule({
    key: 'synthetic-watch',
    name: 'Synthetic Watch',
    group: 'Other',
    kind: 'trigger',
    description: 'test source',
    scopes: [],
    input: z.object({ limit: limitField('events') }),
    output: 'rows',
    outputSchema: z.object({ id: z.string(), time: z.string() }),
    run: async () => [],
    watch: {
      async *fetch(_input, since) {
        yield* fetchRows(since);
      },
      key: (item: SyntheticRow) => (dedupe === 'window' ? `${item.id}|${item.time}` : item.id),
      time: (item: SyntheticRow) => item.time,
      overlapMs: options.overlapMs,
      ...(options.dedupe ? { dedupe: options.dedupe } : {}),
    },
  }) as ListingModule;
}
