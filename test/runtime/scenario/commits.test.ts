import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addContacts, addList } from '../../sandbox/engine/fixtures.js';
import { newContactsOf, useScenarioTestbed } from './helpers.js';

/**
 * What another process sees of the ledger (a second connection to the state file) while a scenario
 * runs: pure work is committed in groups, but every API request finds its own start record, and the
 * work before it, already committed. The clients reach the sandbox through its app object, in this
 * process and without yielding to the event loop, so nothing but the engine's own commit before a
 * request can make that record visible in time.
 */
describe('the ledger as another process sees it', () => {
  const seenAtRequest: { running: number; composed: number; claimed: number }[] = [];
  let reader: Database.Database | undefined;
  const t = useScenarioTestbed({
    observe: (request) => {
      if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/contact_lists') || !reader) return;
      const count = (sql: string) => (reader!.prepare(sql).get() as { n: number }).n;
      seenAtRequest.push({
        running: count(
          `SELECT COUNT(*) AS n FROM scenario_operations WHERE module = 'create-contact-list' AND status = 'running'`,
        ),
        composed: count(`SELECT COUNT(*) AS n FROM scenario_operations WHERE module = 'builtin:compose'`),
        claimed: count(`SELECT COUNT(*) AS n FROM scenario_bundles WHERE kind = 'event'`),
      });
    },
  });
  const realFetch = globalThis.fetch;
  afterAll(() => {
    globalThis.fetch = realFetch;
    reader?.close();
  });

  it('finds the start of every API operation committed when its request arrives, and everything once the run ends', async () => {
    const source = addList(t, 'Source');
    addContacts(t, 'grouped', 6, [source]);
    t.write(
      'lists-per-contact',
      `${newContactsOf('A list per contact', source)}  - id: 2
    module: builtin:compose
    mapper: { name: "List of {{1.email_address.address}}" }
  - id: 3
    module: create-contact-list
    mapper: { name: "{{2.name}}" }
`,
    );
    reader = new Database(join(t.dir, 'state.sqlite'), { readonly: true });
    // the clients' fetch (wrapped by the engine's server clock when first used) goes to the app object
    globalThis.fetch = async (input, init) => t.sandbox.app.fetch(new Request(input, init));
    const run = await t.lib.runScenario('lists-per-contact');
    expect(run.status, JSON.stringify(t.lib.getRun(run.id)?.operations)).toBe('success');
    expect(seenAtRequest).toHaveLength(6);
    seenAtRequest.forEach((seen, i) => {
      // the request in flight is recorded as running; the bundle and its compose step before it are in too
      expect(seen).toEqual({ running: 1, composed: i + 1, claimed: i + 1 });
    });
    const after = reader
      .prepare(`SELECT module, status, COUNT(*) AS n FROM scenario_operations GROUP BY module, status ORDER BY module`)
      .all();
    expect(after).toEqual([
      { module: 'builtin:compose', status: 'success', n: 6 },
      { module: 'create-contact-list', status: 'success', n: 6 },
      { module: 'watch-contacts', status: 'success', n: 1 },
    ]);
    const backlog = reader.prepare('SELECT COUNT(*) AS n FROM backlog').get() as { n: number };
    expect(backlog.n).toBe(0);
  });

  it('sees a cycle of pure bundles committed in full when the run returns', async () => {
    const source = addList(t, 'Pure source');
    addContacts(t, 'pure', 40, [source]);
    t.write(
      'pure',
      `${newContactsOf('Pure', source)}  - id: 2
    module: builtin:compose
    mapper: { who: "{{lower(1.email_address.address)}}" }
`,
    );
    const run = await t.lib.runScenario('pure');
    expect(run.status).toBe('success');
    const reader2 = new Database(join(t.dir, 'state.sqlite'), { readonly: true });
    try {
      const bundles = reader2
        .prepare(`SELECT status, COUNT(*) AS n FROM scenario_bundles WHERE run_id = ? GROUP BY status`)
        .all(run.id);
      expect(bundles).toEqual([{ status: 'done', n: 40 }]);
      const composed = reader2
        .prepare(`SELECT output FROM scenario_operations WHERE run_id = ? AND module = 'builtin:compose' ORDER BY id`)
        .all(run.id) as { output: string }[];
      expect(composed.map((c) => (JSON.parse(c.output) as { who: string }).who).sort()).toEqual(
        Array.from({ length: 40 }, (_, i) => `pure${i + 1}@example.com`).sort(),
      );
    } finally {
      reader2.close();
    }
  });
});
