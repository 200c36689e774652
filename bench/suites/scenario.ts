import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/client/index.js';
import { openScenarios } from '../../src/runtime/scenario/index.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { DEFAULT_ACCOUNT } from '../../src/sandbox/store/account.js';
import type { BenchResult } from '../run.js';

/**
 * The scenario engine. The sandbox runs in this process and the client reaches it through
 * `app.fetch`, timed, so "engine time" is each run's wall time minus the time spent inside the
 * sandbox: the walker, mappings, the ledger's writes (one per pure operation, two per API one,
 * plus the claim and the settle of each bundle, grouped into few commits) and the client's own work.
 *
 * 1. One cycle of 10,000 trigger bundles (Watch Contacts, from all) through compose → aggregator →
 *    Add Contacts to Lists: engine time per operation, and RSS after 2,000 and after 10,000 bundles
 *    (flat: bundles stream out of the watch backlog one at a time; nothing is held per bundle).
 * 2. The shipped "openers → Engaged" shape over a campaign's opens: requests per cycle against the
 *    API minimum, the report's pages (500 rows a page) plus ⌈bundles / 500⌉ Add Contacts to Lists.
 */
export const title = 'scenario: engine overhead, 10,000 bundles in a cycle, requests per aggregated cycle';

const BUNDLES = Number(process.env.BENCH_SCENARIO_BUNDLES ?? 10_000);

export async function run(): Promise<BenchResult[]> {
  const sandbox = await createSandbox({
    rateLimits: false,
    clock: { mode: 'manual', start: '2026-03-02T08:00:00.000Z' },
  });
  const home = mkdtempSync(join(tmpdir(), 'ctct-scenario-bench-'));
  let serverMs = 0;
  const inProcess: typeof globalThis.fetch = async (input, init) => {
    const t0 = performance.now();
    const response = await sandbox.app.fetch(new Request(input, init));
    const body = await response.arrayBuffer();
    serverMs += performance.now() - t0;
    return new Response(response.status === 204 || response.status === 304 ? null : body, {
      status: response.status,
      headers: response.headers,
    });
  };
  const lib = openScenarios({
    dir: join(home, 'scenarios'),
    stateFile: join(home, 'state.sqlite'),
    env: { CTCT_CONFIG_DIR: join(home, 'config') },
    clientFor: async (_c, overrides) =>
      createClient({
        baseUrl: 'http://127.0.0.1/v3',
        token: sandbox.credentials.access_token,
        budget: false,
        fetch: (input, init) => overrides.fetch(input, init),
      }),
  });
  // the ServerClock wraps globalThis.fetch: point it at the in-process sandbox
  const realFetch = globalThis.fetch;
  globalThis.fetch = inProcess;
  const client = createClient({
    baseUrl: 'http://127.0.0.1/v3',
    token: sandbox.credentials.access_token,
    budget: false,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench JSON
  const call = async (method: string, path: string, body?: unknown): Promise<any> =>
    (await client.request(method as 'GET', path, body === undefined ? {} : { body })).data;
  const write = (name: string, text: string) => {
    mkdirSync(join(home, 'scenarios'), { recursive: true });
    writeFileSync(join(home, 'scenarios', `${name}.yaml`), text);
  };
  const results: BenchResult[] = [];
  try {
    const source = await call('POST', '/contact_lists', { name: 'Bench source' });
    const target = await call('POST', '/contact_lists', { name: 'Bench target' });
    const rows = Array.from({ length: BUNDLES }, (_, i) => ({ email: `s${i}@bench.example`, first_name: `F${i}` }));
    await call('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [source.list_id] });
    sandbox.jobs.drain();
    sandbox.clock.advance(60_000);

    const flow = (limit: number) => `name: Bench
flow:
  - id: 1
    module: watch-contacts
    from: all
    mapper: { events: [create], lists: [${source.list_id}], limit: ${limit} }
  - id: 2
    module: builtin:compose
    mapper: { email: "{{lower(1.email_address.address)}}", who: "{{1.first_name}} <{{1.email_address.address}}>" }
  - id: 3
    module: builtin:aggregator
    source: 1
    mapper: { value: "{{1.contact_id}}" }
  - id: 4
    module: add-contacts-to-lists
    mapper: { list_ids: [${target.list_id}], contact_ids: "{{3.array}}" }
`;
    // First cycle: 2,000 bundles (RSS noted), then the remaining 8,000 in a second run.
    write('bench', flow(Math.round(BUNDLES / 5)));
    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    serverMs = 0;
    let t0 = performance.now();
    const first = await lib.runScenario('bench', { maxCycles: 1 });
    let wall = performance.now() - t0;
    let engine = wall - serverMs;
    global.gc?.();
    const rssSmall = process.memoryUsage().rss;
    write('bench', flow(BUNDLES));
    serverMs = 0;
    t0 = performance.now();
    const second = await lib.runScenario('bench', { maxCycles: 1 });
    wall = performance.now() - t0;
    engine += wall - serverMs;
    global.gc?.();
    const rssLarge = process.memoryUsage().rss;
    const operations = first.operations + second.operations;
    results.push(
      {
        name: 'engine time per operation (HTTP excluded)',
        value: engine / operations,
        unit: 'ms',
        target: { op: '<=', value: 0.2 },
      },
      {
        name: `bundles in the two cycles (status ${first.status}, ${second.status})`,
        value: first.bundles + second.bundles,
        unit: 'bundles',
      },
      { name: 'operations', value: operations, unit: 'ops' },
      { name: 'RSS growth over the 2,000-bundle cycle', value: (rssSmall - rssStart) / 2 ** 20, unit: 'MB' },
      {
        name: 'RSS growth over the next cycle (8,000 bundles)',
        value: (rssLarge - rssSmall) / 2 ** 20,
        unit: 'MB',
        note: `RSS ${(rssLarge / 2 ** 20).toFixed(0)} MB at the end`,
      },
    );

    // The same flow as `ctct serve` runs it: a listener hears of every operation (records reported
    // as they are written). A scenario of its own, so its trigger starts from all again: one cycle
    // of all the bundles.
    write('bench-listened', flow(BUNDLES).replace('name: Bench', 'name: Bench listened'));
    // RSS after a full GC every 2,000 composed bundles inside this one cycle: flat means nothing is
    // held per bundle. The sampling's own time is taken out of the engine's.
    let heard = 0;
    let composed = 0;
    let sampling = 0;
    const rssAt: number[] = [];
    serverMs = 0;
    t0 = performance.now();
    const listened = await lib.runScenario('bench-listened', {
      maxCycles: 1,
      onEvent: (event) => {
        if (event.type !== 'operation-finished') return;
        heard++;
        if (event.operation.module !== 'builtin:compose' || ++composed % 2_000 !== 0) return;
        const s0 = performance.now();
        global.gc?.();
        rssAt.push(process.memoryUsage().rss / 2 ** 20);
        sampling += performance.now() - s0;
      },
    });
    wall = performance.now() - t0;
    const rssChange = rssAt.length > 1 ? (rssAt.at(-1) as number) - (rssAt[0] as number) : 0;
    results.push(
      {
        name: 'engine time per operation with a listener (as ctct serve runs)',
        value: (wall - serverMs - sampling) / listened.operations,
        unit: 'ms',
        target: { op: '<=', value: 0.2 },
        note: `${listened.operations} operations, ${heard} reported as they ended`,
      },
      {
        name: 'RSS change from the 2,000th to the 10,000th bundle of one cycle',
        value: rssChange,
        unit: 'MB',
        note: `RSS ${rssAt.map((r) => r.toFixed(0)).join(' → ')} MB every 2,000 bundles`,
      },
    );

    // The aggregated example: opens of a campaign sent to the 10,000 contacts.
    const campaign = await call('POST', '/emails', {
      name: 'Bench spring',
      email_campaign_activities: [
        {
          format_type: 5,
          from_name: 'Bench',
          from_email: DEFAULT_ACCOUNT.senderEmail,
          reply_to_email: DEFAULT_ACCOUNT.senderEmail,
          subject: 'Hi',
          html_content: '<html><body>[[trackingImage]] Hello</body></html>',
        },
      ],
    });
    const activity = campaign.campaign_activities.find(
      (a: { role: string }) => a.role === 'primary_email',
    ).campaign_activity_id;
    const { from_name, from_email, reply_to_email, subject } = await call('GET', `/emails/activities/${activity}`);
    await call('PUT', `/emails/activities/${activity}`, {
      from_name,
      from_email,
      reply_to_email,
      subject,
      contact_list_ids: [source.list_id],
    });
    write(
      'openers',
      `name: Openers
flow:
  - id: 1
    module: watch-email-opens-reports
    from: all
    mapper: { campaign_activity_id: ${activity}, limit: 100000 }
  - id: 2
    module: builtin:aggregator
    source: 1
    mapper: { value: "{{1.contact_id}}" }
  - id: 3
    module: add-contacts-to-lists
    mapper: { list_ids: [${target.list_id}], contact_ids: "{{2.array}}" }
`,
    );
    await call('POST', `/emails/activities/${activity}/schedules`, { scheduled_date: '0' });
    sandbox.jobs.drain();
    sandbox.clock.advance(6 * 3_600_000);
    sandbox.jobs.drain();
    const opens = await lib.runScenario('openers', { maxCycles: 1 });
    const trigger = lib.getRun(opens.id)!.operations.find((o) => o.moduleId === 1)!;
    if (!trigger.output) throw new Error(`the openers run failed: ${JSON.stringify(trigger.error ?? opens)}`);
    const events = (trigger.output as { delivered: number }).delivered;
    const minimum = Math.max(1, Math.ceil(events / 500)) + Math.ceil(events / 500);
    results.push(
      { name: `aggregated cycle: open events`, value: events, unit: 'bundles' },
      {
        name: 'aggregated cycle: requests made',
        value: opens.requests,
        unit: 'requests',
        note: `trigger ${trigger.requests}`,
      },
      {
        name: 'requests / API minimum (report pages + ⌈bundles/500⌉)',
        value: opens.requests / minimum,
        unit: 'x',
        target: { op: '<=', value: 1 },
      },
    );
  } finally {
    globalThis.fetch = realFetch;
    lib.close();
    await sandbox.close();
    rmSync(home, { recursive: true, force: true });
  }
  return results;
}
