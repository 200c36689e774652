import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/client/index.js';
import { findModule } from '../../src/modules/registry.js';
import {
  ServerClock,
  Watcher,
  WatchStore,
  type CycleReport,
  type WatchConsumer,
} from '../../src/runtime/watch/index.js';
import { createSandbox } from '../../src/sandbox/index.js';
import type { BenchResult } from '../run.js';

/**
 * Watch Contacts over 100,000 contacts with 1% (1,000) of them changing between polls: 900 updates,
 * 50 creates and 50 deletes, spread over a one-hour poll interval. The sandbox runs in this process
 * (rate limits off) and the client reaches it through `app.fetch`, timed, so the figures are the
 * runtime's and the client's own time: each cycle's wall time minus the time spent inside app.fetch.
 *
 * Requests per cycle are compared with the least any poller could make: ceil(live changes / 500)
 * pages of changed contacts plus one page of deleted ones. The runtime reads a little more, by
 * design: each query starts at `checkpoint - overlap` (10 minutes before the newest delivered change)
 * to catch late writes, so the previous interval's last ten minutes are read again (and deduped).
 */
export const title = 'watch: Watch Contacts over 100,000 contacts, 1% changing between polls';

const TOTAL = Number(process.env.BENCH_WATCH_CONTACTS ?? 100_000);
const CHANGES = Math.round(TOTAL / 100);
const CYCLES = 5;
const PER_IMPORT = 40_000;
const HOUR = 3_600_000;
const PAGE = 500;

export async function run(): Promise<BenchResult[]> {
  const sandbox = await createSandbox({
    rateLimits: false,
    clock: { mode: 'manual', start: '2026-03-02T08:00:00.000Z' },
  });
  const stateDir = mkdtempSync(join(tmpdir(), 'ctct-watch-bench-'));
  let serverMs = 0;
  let requests = 0;
  const inProcess: typeof globalThis.fetch = async (input, init) => {
    const t0 = performance.now();
    const response = await sandbox.app.fetch(new Request(input, init));
    const body = await response.arrayBuffer();
    serverMs += performance.now() - t0;
    requests++;
    return new Response(response.status === 204 || response.status === 304 ? null : body, {
      status: response.status,
      headers: response.headers,
    });
  };
  const clock = new ServerClock();
  const client = createClient({
    // in-process, never dialled; loopback keeps the client's plain-http check satisfied
    baseUrl: 'http://127.0.0.1/v3',
    token: sandbox.credentials.access_token,
    budget: false,
    fetch: clock.wrap(inProcess),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench JSON
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await client.request(method as 'GET', path, body === undefined ? {} : { body });
    return res.data;
  };
  const store = new WatchStore(join(stateDir, 'watch-state.sqlite'));
  const results: BenchResult[] = [];
  try {
    // 100,000 contacts through the JSON import, finished by the job engine.
    const list = await call('POST', '/contact_lists', { name: 'Watch bench' });
    const ids: string[] = [];
    for (let start = 0; start < TOTAL; start += PER_IMPORT) {
      const rows = Array.from({ length: Math.min(PER_IMPORT, TOTAL - start) }, (_, i) => ({
        email: `w${start + i}@bench.example`,
        first_name: `F${start + i}`,
      }));
      await call('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [list.list_id] });
    }
    sandbox.jobs.drain();
    for (const row of sandbox.ctx.db.prepare('SELECT contact_id FROM contacts WHERE deleted_at IS NULL').all() as {
      contact_id: string;
    }[])
      ids.push(row.contact_id);
    if (ids.length !== TOTAL) throw new Error(`loaded ${ids.length} contacts, expected ${TOTAL}`);

    // The contacts exist well before the watch starts (a start's own second counts as "from now on").
    sandbox.clock.advance(2 * HOUR);

    let delivered = 0;
    const consumer: WatchConsumer = {
      deliver() {
        delivered++;
      },
    };
    const watcher = Watcher.open({
      module: findModule('watch-contacts'),
      input: { limit: 100_000 },
      client,
      store,
      connection: 'bench',
      serverClock: clock,
    });
    const measure = async (): Promise<{ report: CycleReport; requests: number; clientMs: number }> => {
      const [r0, s0, t0] = [requests, serverMs, performance.now()];
      const report = await watcher.cycle(consumer);
      return { report, requests: requests - r0, clientMs: performance.now() - t0 - (serverMs - s0) };
    };
    const start = await measure();
    sandbox.clock.advance(HOUR);
    const idle = await measure();

    let counter = 0;
    let seed = 20260302;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const cycles: { requests: number; minimum: number; clientMs: number; delivered: number; touched: number }[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // 1% of the contacts change during the hour, one every 3.6 s: 90% updates, 5% creates, 5% deletes.
      const step = HOUR / CHANGES;
      let live = 0;
      let deleted = 0;
      // a contact changed twice in one interval is one event for a poller (it sees the last state)
      const touched = new Set<string>();
      for (let i = 0; i < CHANGES; i++) {
        sandbox.clock.advance(step);
        const roll = i % 20;
        if (roll === 0) {
          const created = await call('POST', '/contacts', {
            email_address: { address: `new${++counter}@bench.example`, permission_to_send: 'implicit' },
            create_source: 'Account',
            list_memberships: [list.list_id],
          });
          touched.add(created.contact_id as string);
          live++;
        } else if (roll === 1) {
          const id = ids.splice(Math.floor(random() * ids.length), 1)[0] as string;
          await call('DELETE', `/contacts/${id}`);
          touched.add(id);
          deleted++;
        } else {
          const id = ids[Math.floor(random() * ids.length)] as string;
          await call('PUT', `/contacts/${id}`, {
            email_address: { address: `w-changed-${++counter}@bench.example` },
            first_name: `Changed${counter}`,
            update_source: 'Account',
          });
          touched.add(id);
          live++;
        }
      }
      const before = delivered;
      const measured = await measure();
      cycles.push({
        requests: measured.requests,
        minimum: Math.ceil(live / PAGE) + Math.max(1, Math.ceil(deleted / PAGE)),
        clientMs: measured.clientMs,
        delivered: delivered - before,
        touched: touched.size,
      });
    }
    watcher.close();

    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const perCycle = mean(cycles.map((c) => c.requests));
    const minimum = mean(cycles.map((c) => c.minimum));
    const events = mean(cycles.map((c) => c.delivered));
    const touched = mean(cycles.map((c) => c.touched));
    const clientMs = mean(cycles.map((c) => c.clientMs));
    results.push(
      {
        name: "first cycle (start from the server's now): requests",
        value: start.requests,
        unit: 'req',
        target: { op: '<=', value: 4 },
        note: 'the Date probe (2 queries) + the 10 min before the start, remembered as seen (2 queries)',
      },
      { name: 'idle cycle: requests', value: idle.requests, unit: 'req', target: { op: '<=', value: 2 } },
      {
        name: `events delivered per cycle (${CHANGES} changes)`,
        value: events,
        unit: 'events',
        note: `contacts changed: ${touched} (two changes of one contact between polls are one event)`,
      },
      {
        name: 'requests per cycle',
        value: perCycle,
        unit: 'req',
        note: `minimum ${minimum} = ceil(live changes/500) + 1 deleted page`,
      },
      {
        name: 'requests per cycle / minimum',
        value: perCycle / minimum,
        unit: 'x',
        note: 'the overlap window re-reads the last 10 min of the previous interval',
      },
      { name: 'client-side time per cycle (sandbox time excluded)', value: clientMs, unit: 'ms' },
      { name: 'client-side time per delivered event', value: clientMs / events, unit: 'ms' },
    );
  } finally {
    store.close();
    await sandbox.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
  return results;
}
