import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Sandbox } from './index.js';
import { OAUTH_BASE_PATH } from './oauth/routes.js';
import { CONTROL_BASE_PATH } from './control/routes.js';

export interface RunningServer {
  /** The API base, e.g. `http://127.0.0.1:4321/v3`. */
  url: string;
  /** Counterpart of `https://authz.constantcontact.com/oauth2/default/v1`. */
  oauthBase: string;
  origin: string;
  port: number;
  /** The test controls' base, e.g. `http://127.0.0.1:4321/_sandbox` (README "Test controls over HTTP"). */
  controlUrl: string;
  /** Their secret (`Authorization: Bearer <secret>`), new at every start. */
  controlSecret: string;
  close(): Promise<void>;
}

/** How often an idle served sandbox looks for due background jobs (bulk activities, scheduled sends). */
const JOB_TICK_MS = 50;
/**
 * The longest stretch of background work between two looks at the network. Requests that arrive
 * meanwhile wait at most this long (plus one job step), which is what keeps a simple GET fast while a
 * 40,000-contact import runs.
 */
const JOB_SLICE_MS = 8;
/** What the `Keep-Alive` header tells clients: close an idle connection after this long. */
const KEEP_ALIVE_HINT_S = 5;
/**
 * How long the server really keeps an idle connection. Far longer than the hint, so a client that
 * honours the hint (undici and Node's agent close after the hint less a second or two) is always the
 * one to close: the server never closes a connection a client may be about to reuse. A 1 s margin was
 * not enough, since undici's idle timers count at most half a second per tick of a busy event loop.
 */
const KEEP_ALIVE_SERVER_MS = 65_000;

export async function listen(sandbox: Sandbox, port: number): Promise<RunningServer> {
  const server: Server = createServer(
    { noDelay: true },
    getRequestListener((request, env) => {
      // Set before the app answers: a Keep-Alive header of our own replaces the one Node derives from keepAliveTimeout.
      env.outgoing.setHeader('Keep-Alive', `timeout=${KEEP_ALIVE_HINT_S}`);
      return sandbox.app.fetch(request, env);
    }),
  );
  server.keepAliveTimeout = KEEP_ALIVE_SERVER_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('sandbox: the server has no TCP address');
  const stopJobs = runJobsInBackground(sandbox);
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/v3`,
    oauthBase: `${origin}${OAUTH_BASE_PATH}`,
    origin,
    port: address.port,
    controlUrl: `${origin}${CONTROL_BASE_PATH}`,
    controlSecret: sandbox.controlSecret,
    close: () =>
      new Promise<void>((resolve) => {
        stopJobs();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs due jobs in slices of about JOB_SLICE_MS. While work remains, the next slice starts with
 * `setImmediate`, after Node has read the sockets, so waiting requests are answered between slices;
 * when nothing is due, it looks again after JOB_TICK_MS. Returns the stop function.
 */
function runJobsInBackground(sandbox: Sandbox): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const pump = (): void => {
    timer = undefined;
    immediate = undefined;
    if (stopped) return;
    let more = false;
    try {
      more = sandbox.jobs.runFor(JOB_SLICE_MS).more;
    } catch (err) {
      console.error('sandbox: background job failed', err);
    }
    if (more) immediate = setImmediate(pump).unref();
    else {
      timer = setTimeout(pump, JOB_TICK_MS);
      timer.unref();
    }
  };
  timer = setTimeout(pump, JOB_TICK_MS);
  timer.unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  };
}
