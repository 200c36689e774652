import { createSandbox } from '../../src/sandbox/index.js';
import { createClient } from '../../src/client/index.js';
import { runModule } from '../../src/modules/run.js';
import type { BenchResult } from '../run.js';

/**
 * Issue 4's module overhead: 1,000 runs of Create a Contact and of Get an Email Campaign Activity
 * through the library against the in-process sandbox, vs the same requests made with bare fetch
 * against the same app. Both sides are interleaved in rounds so machine load hits them alike.
 */
export const title = 'modules: library runs vs bare fetch (in-process sandbox)';

const RUNS = 1000;
const ROUNDS = 20;
/** Calls per side before measuring: the library has more code for the JIT to optimise than bare fetch. */
const WARMUP = 2000;

export async function run(): Promise<BenchResult[]> {
  const sandbox = await createSandbox({ rateLimits: false });
  const token = sandbox.credentials.access_token;
  const base = 'http://127.0.0.1/v3';
  const inProcessFetch: typeof fetch = (input, init) =>
    Promise.resolve(sandbox.app.fetch(input instanceof Request ? input : new Request(input, init)));
  // The bare side sends exactly what the library sent (URL, method, headers), captured from the
  // library's own first call of each module: the baseline is the same HTTP request, with no client.
  const sent = new Map<string, { url: string; headers: Record<string, string> }>();
  const recordingFetch: typeof fetch = (input, init) => {
    const key = `${init?.method ?? 'GET'} ${String(input)
      .split('?')[0]
      ?.replace(/[0-9a-f-]{36}$/, '{id}')}`;
    if (!sent.has(key))
      // Headers from whatever form the client passes (an object, or the list of pairs it sends now).
      sent.set(key, { url: String(input), headers: Object.fromEntries(new Headers(init?.headers)) });
    return inProcessFetch(input, init);
  };
  const client = createClient({ baseUrl: base, token, budget: false, fetch: inProcessFetch });
  const capturing = createClient({ baseUrl: base, token, budget: false, fetch: recordingFetch });

  const created = await runModule(
    'create-email-campaign',
    {
      name: 'Bench campaign',
      email_campaign_activities: [
        {
          format_type: 5,
          from_name: 'Bench',
          from_email: 'owner@example.com',
          reply_to_email: 'owner@example.com',
          subject: 'Bench',
          html_content: '<html><body>[[trackingImage]]<p>Hello</p></body></html>',
        },
      ],
    },
    { client },
  );
  const activityId = (
    (created as { campaign_activities?: { role?: string; campaign_activity_id?: string }[] }).campaign_activities ?? []
  ).find((a) => a.role === 'primary_email')?.campaign_activity_id;
  if (!activityId) throw new Error('bench: no primary_email activity');
  await runModule(
    'create-contact',
    {
      create_source: 'Account',
      email_address: 'capture@example.com',
      permission_to_send: 'implicit',
      first_name: 'Bench',
      last_name: 'N0',
    },
    { client: capturing },
  );
  await runModule('get-email-campaign-activity', { campaign_activity_id: activityId }, { client: capturing });
  const createSent = sent.get('POST http://127.0.0.1/v3/contacts');
  const getSent = sent.get('GET http://127.0.0.1/v3/emails/activities/{id}');
  if (!createSent || !getSent)
    throw new Error(`bench: the library's requests were not captured (${[...sent.keys()].join(', ')})`);

  let counter = 0;
  const contactBody = () => {
    counter++;
    return {
      create_source: 'Account',
      email_address: { address: `bench${counter}@example.com`, permission_to_send: 'implicit' },
      first_name: 'Bench',
      last_name: `N${counter}`,
    };
  };
  const time = async (n: number, fn: () => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return performance.now() - t0;
  };

  const sums = { createModule: 0, createFetch: 0, getModule: 0, getFetch: 0 };
  const perRound = RUNS / ROUNDS;
  // Round 0 is the warm-up (JIT, statement cache): WARMUP calls per side, not counted.
  // Per-round ratios: a GC pause or a burst of load lands in one round of one side; their median
  // is the overhead itself, the ratio of totals would carry the accident.
  const createRatios: number[] = [];
  const getRatios: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    if (round === 1) for (const k of Object.keys(sums) as (keyof typeof sums)[]) sums[k] = 0;
    const calls = round === 0 ? WARMUP : perRound;
    const createFetch = await time(calls, async () => {
      const res = await inProcessFetch(createSent.url, {
        method: 'POST',
        headers: createSent.headers,
        body: JSON.stringify(contactBody()),
      });
      await res.json();
      // a baseline that fails fast (a header lost in the capture) would flatter no one: it must succeed
      if (res.status !== 201) throw new Error(`bench: the bare POST /contacts was answered ${res.status}`);
    });
    const createModule = await time(calls, () => {
      const b = contactBody();
      return runModule(
        'create-contact',
        {
          create_source: 'Account',
          email_address: b.email_address.address,
          permission_to_send: 'implicit',
          first_name: b.first_name,
          last_name: b.last_name,
        },
        { client },
      );
    });
    const getFetch = await time(calls, async () => {
      const res = await inProcessFetch(getSent.url, { headers: getSent.headers });
      await res.json();
      if (res.status !== 200) throw new Error(`bench: the bare GET of the activity was answered ${res.status}`);
    });
    const getModule = await time(calls, () =>
      runModule('get-email-campaign-activity', { campaign_activity_id: activityId }, { client }),
    );
    sums.createFetch += createFetch;
    sums.createModule += createModule;
    sums.getFetch += getFetch;
    sums.getModule += getModule;
    if (round > 0) {
      createRatios.push(createModule / createFetch);
      getRatios.push(getModule / getFetch);
    }
  }
  await sandbox.close();
  const per = (ms: number) => (ms / RUNS) * 1000;
  return [
    { name: 'Create a Contact via the library, per call', value: per(sums.createModule), unit: 'µs' },
    { name: 'POST /contacts with bare fetch, per call', value: per(sums.createFetch), unit: 'µs' },
    {
      name: 'Create a Contact: library / bare fetch (median of rounds)',
      value: median(createRatios),
      unit: 'x',
      target: { op: '<=', value: 1.2 },
      note: `ratio of totals ${(sums.createModule / sums.createFetch).toFixed(3)}`,
    },
    { name: 'Get an Email Campaign Activity via the library, per call', value: per(sums.getModule), unit: 'µs' },
    { name: 'GET /emails/activities/{id} with bare fetch, per call', value: per(sums.getFetch), unit: 'µs' },
    {
      name: 'Get an Email Campaign Activity: library / bare fetch (median of rounds)',
      value: median(getRatios),
      unit: 'x',
      target: { op: '<=', value: 1.2 },
      note: `ratio of totals ${(sums.getModule / sums.getFetch).toFixed(3)}`,
    },
  ];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
