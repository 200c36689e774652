import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ensureBuilt } from '../helpers/dist.js';
import { startScriptServer, type ScriptServer } from '../client/fixtures/script-server.js';

/** `ctct call` as a user runs it: the built CLI in a child process, against a local server. */
const cli = CLI_MAIN;
const TOKEN = 'cli-call-token-0123456789';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** An empty config directory: no stored connection on this machine can stand in for the token. */
const configDir = mkdtempSync(join(tmpdir(), 'ctct-call-config-'));

function ctct(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const base: Record<string, string | undefined> = {
    ...process.env,
    CTCT_API_BASE: server.base,
    CTCT_ACCESS_TOKEN: TOKEN,
    CTCT_CONFIG_DIR: configDir,
    CTCT_CONNECTION: undefined,
    ...env,
  };
  for (const [k, v] of Object.entries(base)) if (v === undefined) delete base[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: base }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
  ensureBuilt();
}, 120_000);
afterAll(() => server.close());

describe('ctct call', () => {
  it('prints status, headers and the body, with the token from CTCT_ACCESS_TOKEN', async () => {
    server.script([{ body: { lists: [{ list_id: 'l1', name: 'VIP' }] } }]);
    const run = await ctct(['call', 'GET', '/v3/contact_lists', '--query', 'limit=5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^HTTP 200\n/);
    expect(run.stdout).toContain('content-type: application/json');
    expect(run.stdout).toContain('"name": "VIP"');
    const req = server.requests[0];
    expect(req?.url).toBe('/v3/contact_lists?limit=5');
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['user-agent']).toMatch(/^ctct-connect\//);
  });

  it('--json prints one object {status, headers, body}; a body file is sent verbatim', async () => {
    server.script([{ status: 201, body: { list_id: 'l2' } }]);
    const dir = mkdtempSync(join(tmpdir(), 'ctct-call-'));
    const file = join(dir, 'body.json');
    writeFileSync(file, '{"name": "New list"}\n');
    const run = await ctct([
      'call',
      'POST',
      '/v3/contact_lists',
      '--body',
      `@${file}`,
      '--header',
      'X-Trace: t1',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { status: number; headers: Record<string, string>; body: unknown };
    expect(out.status).toBe(201);
    expect(out.body).toEqual({ list_id: 'l2' });
    expect(out.headers['content-type']).toBe('application/json');
    expect(server.requests[0]?.body).toBe('{"name": "New list"}\n');
    expect(server.requests[0]?.headers['x-trace']).toBe('t1');
  });

  it('exits non-zero on a non-2xx answer, still printing it', async () => {
    server.script([{ status: 404, body: [{ error_key: 'contacts.api.not_found', error_message: 'No such contact' }] }]);
    const run = await ctct(['call', 'GET', '/v3/contacts/nope', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 404, body: [{ error_message: 'No such contact' }] });
  });

  it.each([
    ['an absolute URL', ['call', 'GET', 'https://evil.example/v3/contacts'], /absolute URLs/],
    ['a protocol-relative path', ['call', 'GET', '//evil.example/v3/contacts'], /another host/],
    ['a .. escape', ['call', 'GET', '/v3/../oauth2/default/v1/token'], /segments could leave \/v3/],
    ['a path outside /v3', ['call', 'GET', '/contacts'], /must start with \/v3\//],
    [
      'a user Authorization header',
      ['call', 'GET', '/v3/contacts', '--header', 'Authorization: Bearer other'],
      /Authorization header/,
    ],
    ['an unsupported method', ['call', 'HEAD', '/v3/contacts'], /Unsupported method/],
    ['a body that is not JSON', ['call', 'POST', '/v3/contact_lists', '--body', '{name:'], /not valid JSON/],
    ['a malformed --query', ['call', 'GET', '/v3/contacts', '--query', 'limit'], /not name=value/],
  ])('refuses %s with exit code 2 and sends nothing', async (_name, args, message) => {
    server.script(() => ({ body: {} }));
    const run = await ctct(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it('without a token says to set CTCT_ACCESS_TOKEN or run ctct connect, and sends nothing', async () => {
    server.script(() => ({ body: {} }));
    const run = await ctct(['call', 'GET', '/v3/contacts'], { CTCT_ACCESS_TOKEN: undefined });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/CTCT_ACCESS_TOKEN.*ctct connect/);
    expect(server.requests).toHaveLength(0);
  });
});
