import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { StatusView } from './api-types.js';
import { failureResponse } from './errors.js';
import { connectionRoutes } from './routes/connections.js';
import { moduleRoutes } from './routes/modules.js';
import { BrowserConnect } from './oauth.js';
import { LiveRuns } from './live-runs.js';
import { incompleteRoutes, runRoutes, scenarioRoutes } from './routes/scenarios.js';
import { triggerRoutes } from './routes/triggers.js';
import { closeServer, listenOnLoopback } from '../runtime/local-server/listen.js';
import { checkOrigin, createSession, hardenHeaders, openSession, requireSession, type Session } from './security.js';
import { noSessionPage, shellPage, webAssets } from './static.js';
import { Workspace, type WorkspaceOptions } from './workspace.js';

/** The app's routes over a workspace: the page, its assets and the JSON API under /api. */
export function buildApp(workspace: Workspace, session: Session): Hono {
  const app = new Hono();
  app.use('*', hardenHeaders, checkOrigin(session));
  app.onError((err, c) => failureResponse(err, c));
  const oauth = new BrowserConnect(workspace, session);
  app.get('/', openSession(session), (c) => {
    if (oauth.isCallback(c)) return oauth.callback(c);
    return session.isValid(getCookie(c, session.cookieName)) ? c.html(shellPage) : c.html(noSessionPage, 401);
  });
  app.route('/', webAssets());

  const api = new Hono();
  api.use('*', requireSession(session));
  api.get('/status', async (c) => {
    const status: StatusView = { banner: await workspace.banner(), budget: workspace.budget.view() };
    return c.json(status);
  });
  api.route('/modules', moduleRoutes(workspace));
  const live = new LiveRuns();
  api.route('/scenarios', scenarioRoutes(workspace, live));
  api.route('/runs', runRoutes(workspace, live));
  api.route('/incompletes', incompleteRoutes(workspace));
  api.route('/triggers', triggerRoutes(workspace));
  api.route('/connections/oauth', oauth.routes());
  api.route('/connections', connectionRoutes(workspace));
  api.all('*', (c) =>
    c.json({ error: { name: 'NotFound', message: `No API route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.route('/api', api);
  return app;
}

export interface AppOptions extends WorkspaceOptions {
  /** Port on 127.0.0.1; 0 picks any free one (default: DEFAULT_APP_PORT, else the next free one). */
  port?: number;
}

export interface RunningApp {
  /** The URL to open: it carries this start's key. */
  url: string;
  origin: string;
  port: number;
  workspace: Workspace;
  app: Hono;
  session: Session;
  close(): Promise<void>;
}

/** The port `ctct app` tries first; when it is taken, the next ones, then any free port. */
export const DEFAULT_APP_PORT = 4020;
const PORTS_TRIED = 10;

/** Starts the app on 127.0.0.1 only: the workspace (and its sandbox, if any), then the server. */
export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const workspace = await Workspace.open(options);
  // The routes need the port (Host and Origin checks), known once the server listens.
  const routes: { app?: Hono } = {};
  const server = createServer(getRequestListener((request, env) => (routes.app as Hono).fetch(request, env)));
  let port: number;
  try {
    port = await listenOn(server, options.port);
  } catch (err) {
    await workspace.close();
    throw err;
  }
  const session = createSession(port);
  const app = (routes.app = buildApp(workspace, session));
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?key=${session.key}`,
    origin,
    port,
    workspace,
    app,
    session,
    close: async () => {
      await closeServer(server);
      await workspace.close();
    },
  };
}

async function listenOn(server: Server, wanted: number | undefined): Promise<number> {
  const candidates =
    wanted !== undefined ? [wanted] : [...Array.from({ length: PORTS_TRIED }, (_, i) => DEFAULT_APP_PORT + i), 0];
  let lastError: unknown;
  for (const port of candidates) {
    try {
      return await listenOnLoopback(server, port);
    } catch (err) {
      lastError = err;
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  throw lastError;
}
