import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../run.js';

/**
 * Issue 3's sandbox benchmark: one million contacts loaded through the JSON import (25 imports of
 * 40,000), a 500-contact page's latency, paging through all of them, the sandbox process's peak RSS, and
 * simple GETs per second from one client process. The sandbox runs in its own process (`ctct sandbox`),
 * as users run it, with rate limits off; this process is the client.
 */
export const title = 'sandbox: 1,000,000 contacts (rate limits off)';

const TOTAL = Number(process.env.BENCH_SANDBOX_CONTACTS ?? 1_000_000);
const PER_IMPORT = 40_000;

interface Started {
  child: ChildProcess;
  url: string;
  token: string;
}

async function startSandbox(): Promise<Started> {
  const cli = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--rate-limits', 'off', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  const info = JSON.parse(line) as { url: string; access_token: string };
  return { child, url: info.url, token: info.access_token };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

export async function run(): Promise<BenchResult[]> {
  const { child, url, token } = await startSandbox();
  const origin = new URL(url).origin;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench JSON
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
  const results: BenchResult[] = [];
  try {
    const list = await call('POST', '/contact_lists', { name: 'Bench' });

    // Load: 25 imports, each at the API's per-request limits, then wait for every activity.
    const loadStart = performance.now();
    const activities: string[] = [];
    for (let start = 0; start < TOTAL; start += PER_IMPORT) {
      const rows = Array.from({ length: Math.min(PER_IMPORT, TOTAL - start) }, (_, i) => ({
        email: `c${start + i}@bench.example`,
        first_name: `F${start + i}`,
      }));
      activities.push(
        (await call('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [list.list_id] }))
          .activity_id,
      );
    }
    for (const id of activities) {
      while ((await call('GET', `/activities/${id}`)).state !== 'completed')
        await new Promise((r) => setTimeout(r, 100));
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    results.push({
      name: `load ${TOTAL.toLocaleString('en-US')} contacts via JSON import`,
      value: loadSeconds,
      unit: 's',
      target: { op: '<=', value: 90 },
    });

    // One page of 500, repeatedly, at different depths of the collection (cursor pages).
    const pageTimes: number[] = [];
    let href: string | undefined = '/contacts?limit=500';
    const pageStart = performance.now();
    let seen = 0;
    while (href) {
      const t0 = performance.now();
      const page: { contacts: unknown[]; _links?: { next?: { href: string } } } = await call(
        'GET',
        href.replace(/^\/v3/, ''),
      );
      pageTimes.push(performance.now() - t0);
      seen += page.contacts.length;
      href = page._links?.next?.href;
    }
    const pageAllSeconds = (performance.now() - pageStart) / 1000;
    pageTimes.sort((a, b) => a - b);
    const p50 = pageTimes[Math.floor(pageTimes.length / 2)] ?? NaN;
    results.push({
      name: 'a page of 500 contacts, p50 (client-measured)',
      value: p50,
      unit: 'ms',
      target: { op: '<=', value: 10 },
    });
    results.push({
      name: `page through all ${seen.toLocaleString('en-US')} contacts`,
      value: pageAllSeconds,
      unit: 's',
      target: { op: '<=', value: 60 },
    });

    // Simple GETs from one client process: 16 callers on keep-alive connections for ~3 seconds.
    const one = (await call('GET', '/contacts?limit=1')).contacts[0].contact_id as string;
    let done = 0;
    const until = performance.now() + 3000;
    const getStart = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < until) {
          const res = await fetch(`${url}/contacts/${one}`, { headers });
          await res.arrayBuffer();
          done++;
        }
      }),
    );
    results.push({
      name: 'simple GETs per second (GET /contacts/{id}, one client process)',
      value: done / ((performance.now() - getStart) / 1000),
      unit: 'req/s',
      target: { op: '>=', value: 2000 },
    });
    results.push({
      name: 'sandbox peak RSS',
      value: peakRssMb(child.pid!),
      unit: 'MB',
      target: { op: '<=', value: 1536 },
    });
    void origin;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  return results;
}
