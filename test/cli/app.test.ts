import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ROOT, ensureBuilt, runCtct } from '../helpers/dist.js';

/** `ctct app` as a user starts it: the built CLI, the page and its bundle served from the package. */
let config: string;
const env = () => ({ CTCT_CONFIG_DIR: config, CTCT_ACCESS_TOKEN: undefined, CTCT_CONNECTION: undefined });

beforeAll(() => {
  ensureBuilt();
  config = mkdtempSync(join(tmpdir(), 'ctct-app-cli-'));
}, 180_000);
afterAll(() => rmSync(config, { recursive: true, force: true }));

describe('ctct app', () => {
  it('serves on 127.0.0.1 with its sandbox when there is no connection, and stops on SIGTERM', async () => {
    const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CTCT_CONFIG_DIR: config };
    delete merged.CTCT_ACCESS_TOKEN;
    delete merged.CTCT_CONNECTION;
    const child = spawn(process.execPath, [CLI_MAIN, 'app', '--no-browser', '--port', '0', '--json'], {
      cwd: ROOT,
      env: merged,
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
        });
        void exited.then((code) => reject(new Error(`ctct app exited with ${code}`)));
      });
      const started = JSON.parse(line) as { url: string; port: number; mode: string; connection: string };
      expect(started).toMatchObject({ mode: 'sandbox', connection: '@sandbox' });
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]{20,}$/);

      const opened = await fetch(started.url, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const page = await fetch(new URL('/', started.url), { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
      expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
      const bundle = await fetch(new URL('/assets/app.js', started.url));
      expect(bundle.headers.get('content-type')).toMatch(/javascript/);
      expect((await bundle.text()).length).toBeGreaterThan(1000);
      const status = (await (await fetch(new URL('/api/status', started.url), { headers: { cookie } })).json()) as any;
      expect(status.banner.text).toMatch(/Nothing leaves this machine/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('names an unknown --connection and what exists', async () => {
    const run = await runCtct(['app', '--no-browser', '--port', '0', '--connection', 'nope'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no connection named "nope"/);
  });

  it('refuses a bad --port as a usage error', async () => {
    const run = await runCtct(['app', '--no-browser', '--port', 'eighty'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--port must be a number from 0 to 65535/);
  });
});
