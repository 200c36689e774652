import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CLI_MAIN, ensureBuilt } from '../helpers/dist.js';
import { useSandbox } from '../helpers/sandbox.js';
import { sandboxEnv } from './helpers.js';

interface Started {
  url: string;
  port: number;
  secret: string;
}

/** A raw POST with exactly these headers (fetch would not let a test forge Host). */
function post(port: number, headers: Record<string, string>): Promise<number> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('ctct mcp --http', () => {
  const t = useSandbox({ listen: true, seed: 'demo' });
  let child: ChildProcess;
  let started: Started;
  let home: string;
  beforeAll(async () => {
    ensureBuilt();
    home = mkdtempSync(join(tmpdir(), 'ctct-mcp-http-'));
    child = spawn(process.execPath, [CLI_MAIN, 'mcp', '--http', '--port', '0', '--json'], {
      env: { PATH: process.env.PATH ?? '', CTCT_CONFIG_DIR: home, CTCT_STATE_DIR: home, ...sandboxEnv(t) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`ctct mcp --http exited with ${code}`)));
    });
    started = JSON.parse(line) as Started;
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('prints its endpoint on 127.0.0.1 and a fresh secret', () => {
    expect(started.url).toBe(`http://127.0.0.1:${started.port}/mcp`);
    expect(started.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('serves the SDK client that sends the secret', async () => {
    const client = new Client({ name: 'ctct-mcp-http-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(started.url), {
      requestInit: { headers: { authorization: `Bearer ${started.secret}` } },
    });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('list-contact-lists');
      const result = await client.callTool({ name: 'list-contact-lists', arguments: { limit: 2 } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { count: number }).count).toBe(2);
    } finally {
      await client.close();
    }
  });

  it.each([
    ['no secret', {}, 401],
    ['a wrong secret', { authorization: 'Bearer not-the-secret' }, 401],
    ['another Host (DNS rebinding)', { host: 'evil.example:80' }, 403],
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
  ])('refuses a request with %s', async (_what, headers: Record<string, string>, status) => {
    const withSecret =
      'authorization' in headers || status === 401 ? {} : { authorization: `Bearer ${started.secret}` };
    expect(await post(started.port, { ...withSecret, ...headers })).toBe(status);
  });

  it('accepts the same request with the secret, its own Host and its own Origin', async () => {
    const status = await post(started.port, {
      authorization: `Bearer ${started.secret}`,
      origin: `http://127.0.0.1:${started.port}`,
    });
    expect(status).toBe(200);
  });
});
