import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Sandbox } from './index.js';
import { OAUTH_BASE_PATH } from './oauth/routes.js';

export interface RunningServer {
  /** The API base, e.g. `http://127.0.0.1:4321/v3`. */
  url: string;
  /** Counterpart of `https://authz.constantcontact.com/oauth2/default/v1`. */
  oauthBase: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** How often a served sandbox runs due background jobs (bulk activities, scheduled sends). */
const JOB_TICK_MS = 50;

export async function listen(sandbox: Sandbox, port: number): Promise<RunningServer> {
  const server: Server = createServer(
    { noDelay: true },
    getRequestListener((request, env) => sandbox.app.fetch(request, env)),
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('sandbox: the server has no TCP address');
  const tick = setInterval(() => {
    try {
      sandbox.jobs.runDue();
    } catch (err) {
      console.error('sandbox: background job failed', err);
    }
  }, JOB_TICK_MS);
  tick.unref();
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/v3`,
    oauthBase: `${origin}${OAUTH_BASE_PATH}`,
    origin,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(tick);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
