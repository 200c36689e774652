import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono, type MiddlewareHandler } from 'hono';
import { bearerToken, checkHostAndOrigin, perStartSecret, sameSecret } from '../runtime/local-server/guard.js';
import { closeServer, listenOnLoopback } from '../runtime/local-server/listen.js';
import { createMcpServer, type McpServerOptions } from './server.js';

export interface HttpServing {
  /** The MCP endpoint, e.g. `http://127.0.0.1:4020/mcp`. */
  url: string;
  port: number;
  /** The bearer secret of this start: clients send `Authorization: Bearer <secret>`. */
  secret: string;
  close(): Promise<void>;
}

const refuse = (status: 401 | 403, message: string, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/**
 * Only this machine, only a caller that knows the secret: the Host must name the loopback address
 * and port (a DNS-rebinding page sends its own host name), a browser's Origin must be this server's,
 * and every request carries the per-start bearer secret (src/runtime/local-server/guard.ts decides,
 * as it does for the web app; the refusals here are JSON-RPC errors).
 */
export function localGuard(port: () => number, secret: string): MiddlewareHandler {
  return async (c, next) => {
    const refusal = checkHostAndOrigin(port(), { host: c.req.header('host'), origin: c.req.header('origin') });
    if (refusal?.reason === 'host')
      return refuse(403, `Host ${refusal.host || '(none)'} is not this server (127.0.0.1:${port()}).`);
    if (refusal?.reason === 'origin')
      return refuse(403, `Origin ${refusal.origin} may not call this server: only local clients may.`);
    if (!sameSecret(bearerToken(c.req.header('authorization')), secret))
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
  const secret = perStartSecret(24);
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
  port = await listenOnLoopback(http, options.port);
  return { url: `http://127.0.0.1:${port}/mcp`, port, secret, close: () => closeServer(http) };
}
