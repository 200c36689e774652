import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../run.js';

/**
 * Issue 14's responsiveness benchmark: the latency of a simple GET (`/contact_lists?limit=1`, one
 * client on a kept-alive connection, one request at a time) while the served sandbox takes and
 * processes 40,000-row CSV imports (40,000 lines with the header, the API's maximum). The sandbox runs
 * in its own process (`ctct sandbox`), as users run it.
 */
export const title = 'sandbox: simple GET latency during 40,000-row CSV imports (rate limits off)';

const ROUNDS = Number(process.env.BENCH_SANDBOX_IMPORTS ?? 3);

async function startSandbox(): Promise<{ child: ChildProcess; url: string; token: string }> {
  const cli = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--rate-limits', 'off', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const info = JSON.parse(line) as { url: string; access_token: string };
  return { child, url: info.url, token: info.access_token };
}

function csvOf(rows: number, round: number): string {
  const lines = ['email,first_name,last_name,phone,city'];
  for (let i = 0; i < rows; i++)
    lines.push(`r${round}-${i}@bench.example,First${i},Last${i},555-01${i % 100},Springfield`);
  return lines.join('\n') + '\n';
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function run(): Promise<BenchResult[]> {
  const { child, url, token } = await startSandbox();
  const auth = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  const idle: number[] = [];
  let failures = 0;
  try {
    const listRes = await fetch(`${url}/contact_lists`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Latency bench' }),
    });
    const { list_id } = (await listRes.json()) as { list_id: string };
    // The same GET with nothing else running: the floor the machine itself sets.
    for (let i = 0; i < 300; i++) {
      const start = performance.now();
      await (await fetch(`${url}/contact_lists?limit=1`, { headers: auth })).arrayBuffer();
      idle.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (let round = 0; round < ROUNDS; round++) {
      const form = new FormData();
      form.set('file', new Blob([csvOf(39_999, round)], { type: 'text/csv' }), 'bench.csv');
      form.set('list_ids', list_id);
      let importing = true;
      // The GETs start with the upload, so the import's parsing counts as well as its processing.
      const prober = (async () => {
        while (importing) {
          const start = performance.now();
          try {
            const res = await fetch(`${url}/contact_lists?limit=1`, { headers: auth });
            await res.arrayBuffer();
            if (res.status !== 200) failures++;
          } catch {
            failures++;
          }
          latencies.push(performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const accepted = await fetch(`${url}/activities/contacts_file_import`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      if (accepted.status !== 201) throw new Error(`import refused: ${accepted.status} ${await accepted.text()}`);
      const { activity_id } = (await accepted.json()) as { activity_id: string };
      for (;;) {
        const res = await fetch(`${url}/activities/${activity_id}`, { headers: auth });
        const { state } = (await res.json()) as { state: string };
        if (state === 'completed' || state === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      importing = false;
      await prober;
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  latencies.sort((a, b) => a - b);
  idle.sort((a, b) => a - b);
  const during = `${latencies.length} GETs during ${ROUNDS} imports`;
  return [
    { name: 'GET /contact_lists?limit=1 during import, p50', value: quantile(latencies, 0.5), unit: 'ms' },
    {
      name: 'GET /contact_lists?limit=1 during import, p99',
      value: quantile(latencies, 0.99),
      unit: 'ms',
      target: { op: '<=', value: 50 },
      note: during,
    },
    { name: 'GET /contact_lists?limit=1 during import, max', value: latencies.at(-1) ?? NaN, unit: 'ms' },
    { name: 'the same GET with no import running, p50', value: quantile(idle, 0.5), unit: 'ms' },
    { name: 'the same GET with no import running, p99', value: quantile(idle, 0.99), unit: 'ms' },
    { name: 'failed GETs during import', value: failures, unit: 'requests', target: { op: '<=', value: 0 } },
  ];
}
