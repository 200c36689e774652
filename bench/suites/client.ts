import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createClient, createRequestBudget } from '../../src/client/index.js';
import type { BenchResult } from '../run.js';
import { maxInWindow } from '../../test/client/fixtures/script-server.js';

/**
 * The client's benchmarks, against a tiny local HTTP server in its own process:
 * - throttling: 200 requests from 8 concurrent callers through the request budget; the long-run rate
 *   and the most requests the server saw in any one-second window;
 * - overhead: 5,000 sequential GETs through the client (budget off) against the same requests with
 *   bare fetch, after a warm-up, interleaved in rounds so load on the machine hits both alike.
 */
export const title = 'client: throttling and per-request overhead (local server)';

const THROTTLED_REQUESTS = Number(process.env.BENCH_CLIENT_THROTTLED ?? 200);
const CALLERS = 8;
const OVERHEAD_REQUESTS = 5_000;
const ROUNDS = 20;
/** Requests per side before counting. */
const WARMUP = 2_000;
const TOKEN = 'bench-token-0123456789abcdef';

/** The server answers a small JSON body and reports each arrival's time (ms since it started) on demand. */
const SERVER = `
const http = require('node:http');
const t0 = performance.now();
let arrivals = [];
const body = JSON.stringify({
  contact_id: '1b7a4c2e-0000-4000-8000-000000000001',
  first_name: 'Bench',
  email_address: { address: 'bench@example.com' },
});
const server = http.createServer((req, res) => {
  if (req.url === '/__arrivals') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(arrivals));
    arrivals = [];
    return;
  }
  arrivals.push(performance.now() - t0);
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
});
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, origin: `http://127.0.0.1:${line.trim()}` };
}

async function throttling(origin: string): Promise<BenchResult[]> {
  const client = createClient({ baseUrl: `${origin}/v3`, token: TOKEN, budget: createRequestBudget() });
  let next = 0;
  const caller = async () => {
    while (next < THROTTLED_REQUESTS) {
      next++;
      await client.get('/contacts/c1');
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
  const arrivals = (await (await fetch(`${origin}/__arrivals`)).json()) as number[];
  const span = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
  // The first window's 4 go at once; the long-run rate counts the requests after them over the span.
  const rate = (arrivals.length - 4) / span;
  return [
    {
      name: `throttled rate, ${THROTTLED_REQUESTS} requests from ${CALLERS} callers`,
      value: rate,
      unit: 'req/s',
      target: { op: '>=', value: 3.8 },
      note: `${span.toFixed(1)} s`,
    },
    {
      name: 'max requests in any one-second window (at the server)',
      value: maxInWindow(arrivals, 1000),
      unit: 'req',
      target: { op: '<=', value: 4 },
    },
  ];
}

async function overhead(origin: string): Promise<BenchResult[]> {
  // The bare side sends the very request the client sends (its URL and headers, captured from its
  // first call), so the ratio is the client's own cost.
  let sent: { url: string; headers: Record<string, string> } | undefined;
  const capturing = createClient({
    baseUrl: `${origin}/v3`,
    token: TOKEN,
    budget: false,
    fetch: (input, init) => {
      sent = { url: String(input), headers: { ...(init?.headers as Record<string, string>) } };
      return fetch(input, init);
    },
  });
  await capturing.get('/contacts/c1');
  if (!sent) throw new Error('bench: the client request was not captured');
  const { url, headers } = sent;
  const client = createClient({ baseUrl: `${origin}/v3`, token: TOKEN, budget: false });
  const bare = async (n: number) => {
    for (let i = 0; i < n; i++) await (await fetch(url, { headers })).json();
  };
  const viaClient = async (n: number) => {
    for (let i = 0; i < n; i++) await client.get('/contacts/c1');
  };
  // Warm-up: both paths optimised by the JIT before anything is counted.
  await bare(WARMUP);
  await viaClient(WARMUP);
  const perRound = OVERHEAD_REQUESTS / ROUNDS;
  let bareMs = 0;
  let clientMs = 0;
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first so load drift favours neither; the median of the per-round ratios
    // leaves out the rounds a burst of load or a GC pause landed in.
    const order = round % 2 === 0 ? [bare, viaClient] : [viaClient, bare];
    const ms = { bare: 0, client: 0 };
    for (const run of order) {
      const start = performance.now();
      await run(perRound);
      ms[run === bare ? 'bare' : 'client'] = performance.now() - start;
    }
    bareMs += ms.bare;
    clientMs += ms.client;
    ratios.push(ms.client / ms.bare);
  }
  await fetch(`${origin}/__arrivals`).then((r) => r.arrayBuffer());
  ratios.sort((a, b) => a - b);
  const median = ((ratios[(ROUNDS - 1) >> 1] as number) + (ratios[ROUNDS >> 1] as number)) / 2;
  return [
    { name: `bare fetch, ${OVERHEAD_REQUESTS} GETs`, value: (bareMs * 1000) / OVERHEAD_REQUESTS, unit: 'µs/req' },
    {
      name: `client.get, ${OVERHEAD_REQUESTS} GETs (budget off)`,
      value: (clientMs * 1000) / OVERHEAD_REQUESTS,
      unit: 'µs/req',
    },
    {
      name: 'client / bare fetch time ratio (median of rounds)',
      value: median,
      unit: 'x',
      target: { op: '<=', value: 1.15 },
      note: `ratio of totals ${(clientMs / bareMs).toFixed(3)}`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const { child, origin } = await startServer();
  try {
    const results = await overhead(origin);
    results.push(...(await throttling(origin)));
    return results;
  } finally {
    child.kill();
  }
}
