import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from '../run.js';

/**
 * The web app (issue 12): what a first load ships (the bundle, gzip), and the time from starting
 * `ctct app` to its first page served (the embedded sandbox with the demo seed included).
 */
export const title = 'app: first load';

const RUNS = Number(process.env.BENCH_APP_RUNS ?? 3);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const web = join(root, 'dist', 'app', 'web');

const gzipKb = (file: string): number => gzipSync(readFileSync(join(web, file)), { level: 9 }).length / 1024;

/** Spawns `ctct app`, reads its URL, opens the session and loads the page: milliseconds until the page. */
async function timeToFirstPage(): Promise<number> {
  const config = mkdtempSync(join(tmpdir(), 'ctct-bench-app-'));
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'app', '--no-browser', '--port', '0', '--json'], {
    env: { ...process.env, CTCT_CONFIG_DIR: config, CTCT_ACCESS_TOKEN: '', CTCT_CONNECTION: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`ctct app exited with ${code} before serving`)));
    });
    const opened = await fetch(url, { redirect: 'manual' });
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(new URL('/', url), { headers: { cookie } });
    if (page.status !== 200) throw new Error(`the page answered ${page.status}`);
    await page.text();
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(config, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const js = gzipKb('app.js');
  const css = gzipKb('app.css');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeToFirstPage());
  times.sort((a, b) => a - b);
  return [
    { name: 'JavaScript shipped on first load (gzip)', value: js, unit: 'KB', target: { op: '<=', value: 300 } },
    { name: 'CSS shipped on first load (gzip)', value: css, unit: 'KB' },
    {
      name: `ctct app to first page served, median of ${RUNS}`,
      value: times[Math.floor(times.length / 2)] as number,
      unit: 'ms',
      note: 'includes starting the embedded sandbox with the demo seed',
    },
  ];
}
