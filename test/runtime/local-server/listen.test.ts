import { createServer, request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, listenOnLoopback } from '../../../src/runtime/local-server/listen.js';

/** How the web app and the MCP server listen and stop: 127.0.0.1 only, and a close that does not hang. */
const servers: Server[] = [];
function server(): Server {
  const s = createServer((_req, res) => res.end('ok'));
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => (s.listening ? closeServer(s) : undefined)));
});

describe('listenOnLoopback', () => {
  it('listens on 127.0.0.1 only, on a free port when asked for 0', async () => {
    const s = server();
    const port = await listenOnLoopback(s, 0);
    expect(port).toBeGreaterThan(0);
    expect(s.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port });
  });

  it('rejects a port in use with EADDRINUSE, and the same server can then listen on another', async () => {
    const taken = await listenOnLoopback(server(), 0);
    const s = server();
    await expect(listenOnLoopback(s, taken)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(s.listenerCount('error')).toBe(0);
    const port = await listenOnLoopback(s, 0);
    expect(port).not.toBe(taken);
    expect(s.listenerCount('error')).toBe(0);
  });
});

describe('closeServer', () => {
  it('stops at once although a response is still streaming (a live-run feed, an MCP stream)', async () => {
    const s = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n'); // and never ends
    });
    servers.push(s);
    const port = await listenOnLoopback(s, 0);
    // the client's side of the stream ends when the server drops the connection
    const { ended } = await new Promise<{ ended: Promise<void> }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.once('data', () => resolve({ ended: new Promise<void>((done) => res.once('close', () => done())) }));
      });
      req.on('error', reject);
      req.end();
    });
    await closeServer(s);
    expect(s.listening).toBe(false);
    await ended;
  }, 5_000);
});
