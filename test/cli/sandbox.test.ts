import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN as MAIN, ROOT, ensureBuilt } from '../helpers/dist.js';

interface Running {
  child: ChildProcessWithoutNullStreams;
  firstLine: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `ctct sandbox ...` and waits for its first line of output. */
function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [MAIN, 'sandbox', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output within 20 s; stderr: ${err}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve({ child, firstLine: out.slice(0, newline), stdout: () => out, stderr: () => err, exit });
      }
    });
    void exit.then(({ code }) => {
      clearTimeout(timer);
      if (!out.includes('\n')) reject(new Error(`exited with ${code} before printing; stderr: ${err}`));
    });
  });
}

async function stop(
  running: Running,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  running.child.kill(signal);
  return running.exit;
}

describe('ctct sandbox', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ctct-sandbox-cli-'));

  beforeAll(() => {
    ensureBuilt();
    expect(existsSync(join(ROOT, 'dist', 'cli', 'commands', 'sandbox.js'))).toBe(true);
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints exactly one JSON line with a working token, serves until SIGTERM, and exits 0', async () => {
    const running = await start(['--port', '0', '--json']);
    try {
      const info = JSON.parse(running.firstLine);
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
      expect(info.oauth_base).toBe(info.url.replace(/\/v3$/, '/oauth2/default/v1'));
      expect(info.client_id).toBe('ctct-sandbox-public-client');
      expect(typeof info.access_token).toBe('string');
      expect(typeof info.refresh_token).toBe('string');

      const lists = await fetch(`${info.url}/contact_lists`, {
        headers: { authorization: `Bearer ${info.access_token}` },
      });
      expect(lists.status).toBe(200);
      const noToken = await fetch(`${info.url}/contact_lists`);
      expect(noToken.status).toBe(401);

      const refreshed = await fetch(`${info.oauth_base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: info.refresh_token,
          client_id: info.client_id,
        }).toString(),
      });
      expect(refreshed.status).toBe(200);
    } finally {
      const exit = await stop(running, 'SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
    }
    expect(running.stdout().trim().split('\n')).toHaveLength(1);
  });

  it('prints the base URL and a token for humans and stops cleanly on SIGINT', async () => {
    const running = await start(['--port', '0', '--rate-limits', 'off']);
    for (let i = 0; i < 100 && !running.stdout().includes('Press Ctrl+C'); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const text = running.stdout();
    const url = /API base\s+(\S+)/.exec(text)?.[1];
    const token = /Access token\s+(\S+)/.exec(text)?.[1];
    expect(url).toMatch(/\/v3$/);
    // the line to paste into another shell so ctct uses this sandbox
    expect(text).toContain(`export CTCT_API_BASE=${url} CTCT_ACCESS_TOKEN=${token}`);
    const res = await fetch(`${url}/contact_lists`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await stop(running, 'SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('keeps data and the default tokens across restarts with --data', async () => {
    const file = join(tmp, 'state.db');
    const first = await start(['--port', '0', '--json', '--data', file]);
    const a = JSON.parse(first.firstLine);
    const created = await fetch(`${a.url}/contact_lists`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survives restarts' }),
    });
    expect(created.status).toBe(201);
    // It holds tokens and contacts: the file and SQLite's companions are the owner's only.
    for (const companion of [file, `${file}-wal`, `${file}-shm`]) {
      if (companion === file || existsSync(companion)) expect(statSync(companion).mode & 0o777, companion).toBe(0o600);
    }
    expect((await stop(first, 'SIGTERM')).code).toBe(0);

    const second = await start(['--port', '0', '--json', '--data', file]);
    try {
      const b = JSON.parse(second.firstLine);
      expect(b.access_token).toBe(a.access_token);
      expect(b.refresh_token).toBe(a.refresh_token);
      const lists = (await (
        await fetch(`${b.url}/contact_lists`, { headers: { authorization: `Bearer ${a.access_token}` } })
      ).json()) as { lists: { name: string }[] };
      expect(lists.lists.map((l) => l.name)).toContain('Survives restarts');
    } finally {
      expect((await stop(second, 'SIGTERM')).code).toBe(0);
    }
  });

  it.each([
    [['--port', 'abc'], /--port/],
    [['--port', '70000'], /--port/],
    [['--seed', 'nope'], /--seed/],
    [['--rate-limits', 'maybe'], /--rate-limits/],
    [['--data', '/no/such/dir/state.db'], /--data/],
  ])('rejects %j with a clear message and exit code 2', (args, message) => {
    const res = spawnSync(process.execPath, [MAIN, 'sandbox', ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });

  it('refuses a --data file that group or others may read, and says how to fix it', () => {
    const file = join(tmp, 'shared.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const res = spawnSync(process.execPath, [MAIN, 'sandbox', '--port', '0', '--data', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/readable or writable by group or others \(mode 0644\)/);
    expect(res.stderr).toContain(`chmod 600 ${file}`);
  });

  it('reports a bad option as one JSON error line with --json', () => {
    const res = spawnSync(process.execPath, [MAIN, 'sandbox', '--json', '--seed', 'nope'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(res.status).toBe(2);
    expect(JSON.parse(res.stdout.trim()).error.message).toMatch(/--seed/);
  });
});
