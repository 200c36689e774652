import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono, type MiddlewareHandler } from 'hono';
import { createMcpServer, type McpServerOptions } from './server.js';

export interface HttpServing {
  /** The MCP endpoint, e.g. `http://127.0.0.1:4020/mcp`. */
  url: string;
  port: number;
  /** The bearer secret of this start: clients send `Authorization: Bearer <secret>`. */
  secret: string;
  close(): Promise<void>;
}

const same = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const refuse = (status: 401 | 403, message: string, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/**
 * Only this machine, only a caller that knows the secret: the Host must name the loopback address
 * and port (a DNS-rebinding page sends its own host name), a browser's Origin must be this server's,
 * and every request carries the per-start bearer secret.
 */
export function localGuard(port: () => number, secret: string): MiddlewareHandler {
  return async (c, next) => {
    const hosts = [`127.0.0.1:${port()}`, `localhost:${port()}`];
    const host = c.req.header('host') ?? '';
    if (!hosts.includes(host)) return refuse(403, `Host ${host || '(none)'} is not this server (${hosts[0]}).`);
    const origin = c.req.header('origin');
    if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`))
      return refuse(403, `Origin ${origin} may not call this server: only local clients may.`);
    const auth = c.req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/i.exec(auth)?.[1] ?? '';
    if (!same(given, secret))
      return refuse(
        401,
        'Missing or wrong bearer secret: send the Authorization: Bearer <secret> header ctct mcp printed at start.',
        { 'www-authenticate': 'Bearer realm="ctct mcp"' },
      );
    await next();
  };
}

/**
 * Streamable HTTP on 127.0.0.1, stateless: every POST gets its own server and transport (cheap: the
 * tool list is built from cached schemas), so several clients can share one process. The API
 * client is shared through `options.client`.
 */
export async function serveHttp(options: McpServerOptions & { port: number }): Promise<HttpServing> {
  const secret = randomBytes(24).toString('base64url');
  let port = options.port;
  const app = new Hono();
  app.use(
    '*',
    localGuard(() => port, secret),
  );
  app.all('/mcp', async (c) => {
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: false });
    const server = createMcpServer(options);
    await server.connect(transport);
    return transport.handleRequest(c.req.raw);
  });
  app.notFound((c) => c.json({ error: 'The MCP endpoint is /mcp.' }, 404));
  const http = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  if (!address || typeof address === 'string') throw new Error('ctct mcp: the HTTP server has no TCP address');
  port = address.port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
