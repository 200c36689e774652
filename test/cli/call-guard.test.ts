import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ensureBuilt } from '../helpers/dist.js';
import { startScriptServer, type ScriptServer } from '../client/fixtures/script-server.js';

/** `ctct call` against hostile input and a hostile server: refusals exit 2, nothing is sent. */
const TOKEN = 'cli-guard-token-0123456789';
const configDir = mkdtempSync(join(tmpdir(), 'ctct-guard-config-'));

function ctct(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base: Record<string, string | undefined> = {
    ...process.env,
    CTCT_API_BASE: server.base,
    CTCT_ACCESS_TOKEN: TOKEN,
    CTCT_CONFIG_DIR: configDir,
    ...env,
  };
  delete base.CTCT_CONNECTION;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_MAIN, ...args], { env: base }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
  ensureBuilt();
}, 120_000);
afterAll(() => server.close());

describe('ctct call refuses before sending, with exit code 2', () => {
  it.each([
    [['--header', 'content-length:5']],
    [['--header', 'transfer-encoding:chunked']],
    [['--header', 'x-http-method-override:DELETE']],
    [['--header', 'x-note:caf\u00e9\u2603']],
    [['--header', 'x-note:a\u0007b']],
    [['--header', '__proto__:x']],
  ])('%j', async (extra) => {
    server.script([{ body: {} }]);
    const run = await ctct(['call', 'GET', '/v3/contact_lists', ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ctct: /);
    expect(server.requests).toHaveLength(0);
  });

  it('a plain-http API base on another host', async () => {
    const run = await ctct(['call', 'GET', '/v3/contact_lists'], { CTCT_API_BASE: 'http://api.example.com/v3' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('plain http on another host');
  });

  it('a token with a line break, without quoting it', async () => {
    const run = await ctct(['call', 'GET', '/v3/contact_lists'], { CTCT_ACCESS_TOKEN: 'abcdefghij\nklmnopqrst' });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/abcdefghij|klmnopqrst/);
  });
});

describe('ctct call with prototype-named keys', () => {
  it('sends __proto__ and constructor as query names and constructor as a header', async () => {
    server.script([{ body: { ok: true } }]);
    const run = await ctct([
      'call',
      'GET',
      '/v3/contacts',
      '--query',
      '__proto__=1',
      '--query',
      'constructor=2',
      '--query',
      'toString=3',
      '--header',
      'constructor:4',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(server.requests[0]?.url).toBe('/v3/contacts?__proto__=1&constructor=2&toString=3');
    expect(server.requests[0]?.headerPairs).toContainEqual(['constructor', '4']);
  });
});

describe('a persistent 429 in the CLI', () => {
  it('is bounded by CTCT_MAX_THROTTLE_WAIT and announced on stderr at the first wait', async () => {
    server.script(() => ({ status: 429, body: { error_key: 'throttled', error_message: 'Too many requests' } }));
    const run = await ctct(['call', 'GET', '/v3/contacts'], { CTCT_MAX_THROTTLE_WAIT: '2' });
    // A raw call returns the final answer: the 429 itself, after the bounded wait.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^HTTP 429/);
    expect(run.stderr).toContain(
      'the API is throttling (429 throttled) GET /v3/contacts; waited 0.0 s so far, ' +
        'waiting up to 2 s per request (CTCT_MAX_THROTTLE_WAIT)',
    );
    expect(run.stderr.match(/the API is throttling/g)).toHaveLength(1);
  });

  it('a bad CTCT_MAX_THROTTLE_WAIT is a usage error', async () => {
    const run = await ctct(['call', 'GET', '/v3/contacts'], { CTCT_MAX_THROTTLE_WAIT: 'soon' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unbounded');
  });
});

describe('redirects in the CLI', () => {
  it('exit 1 and say where the answer pointed', async () => {
    server.script([{ status: 307, headers: { location: 'https://elsewhere.example/v3/x?token=1' } }]);
    const run = await ctct(['call', 'POST', '/v3/contacts', '--body', '{"a":1}']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('answered 307 Temporary Redirect pointing to https://elsewhere.example/v3/x');
  });
});
