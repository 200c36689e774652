import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { localGuard } from '../../src/mcp/http.js';

/** The MCP server's guard in process: what each refused request is told, as a JSON-RPC error. */
const PORT = 4321;
const SECRET = 'the-secret-of-this-start';
const app = new Hono();
app.use(
  '*',
  localGuard(() => PORT, SECRET),
);
app.post('/mcp', (c) => c.text('served'));

const good = { host: `127.0.0.1:${PORT}`, authorization: `Bearer ${SECRET}` };

describe('localGuard', () => {
  it.each([
    ['the secret and its own Host', good, 200, undefined],
    [
      'localhost and its own Origin',
      { ...good, host: `localhost:${PORT}`, origin: `http://localhost:${PORT}` },
      200,
      undefined,
    ],
    ['a Host in capitals', { ...good, host: `LOCALHOST:${PORT}` }, 200, undefined],
    [
      'another Host',
      { ...good, host: 'evil.example' },
      403,
      `Host evil.example is not this server (127.0.0.1:${PORT}).`,
    ],
    [
      'another port',
      { ...good, host: `127.0.0.1:${PORT + 1}` },
      403,
      `Host 127.0.0.1:${PORT + 1} is not this server (127.0.0.1:${PORT}).`,
    ],
    [
      'a foreign Origin',
      { ...good, origin: 'https://evil.example' },
      403,
      'Origin https://evil.example may not call this server: only local clients may.',
    ],
    ['no secret', { host: good.host }, 401, /^Missing or wrong bearer secret/],
    ['a wrong secret', { ...good, authorization: 'Bearer not-it' }, 401, /^Missing or wrong bearer secret/],
  ])('%s: %s', async (_what, headers: Record<string, string>, status, message: string | RegExp | undefined) => {
    const res = await app.request('/mcp', { method: 'POST', headers });
    expect(res.status).toBe(status);
    if (message === undefined) return expect(await res.text()).toBe('served');
    const body = (await res.json()) as { jsonrpc: string; error: { code: number; message: string } };
    expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 } });
    expect(body.error.message).toMatch(message);
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer realm="ctct mcp"');
  });
});
