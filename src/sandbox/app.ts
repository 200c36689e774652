import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from './context.js';
import { ApiProblem } from './errors.js';
import { bearerAuth } from './auth.js';
import type { OAuthStore } from './oauth/store.js';
import { isConnectionDropped, type FaultController } from './faults.js';
import type { RateLimiter } from './ratelimit.js';
import { resources } from './resources/index.js';
import { bodyLimit } from './body-limit.js';

export type ResponseObserver = (request: Request, response: Response) => void;

export interface AppParts {
  ctx: SandboxContext;
  oauth: OAuthStore;
  faults: FaultController;
  rateLimiter: RateLimiter;
  /** Extra routes outside `/v3` (the OAuth server lives at `/oauth2/default/v1`). */
  registerRoot?: (root: Hono<SandboxEnv>) => void;
  observe?: ResponseObserver | undefined;
}

/** Builds the whole sandbox HTTP app: OAuth server at the root, the v3 API under `/v3`. */
export function buildApp(parts: AppParts): Hono<SandboxEnv> {
  const root = new Hono<SandboxEnv>();
  root.onError((err, c) => {
    if (err instanceof ApiProblem) return err.toResponse();
    if (isConnectionDropped(err)) throw err; // an injected dropped connection: no answer at all
    console.error('sandbox: unhandled error on', c.req.method, c.req.path, err);
    return new ApiProblem(500, 'http.status.internal_server_error', 'Internal server error.').toResponse();
  });
  // A known path with another method is a 405, as the API answers an unsupported method (facts §8.3).
  const routeMethods: { pattern: RegExp; method: string }[] = [];
  root.notFound((c) => {
    const allowed = [...new Set(routeMethods.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method))];
    if (allowed.length > 0) {
      return new ApiProblem(
        405,
        'http.status.method_not_allowed',
        `${c.req.method} is not supported here; use ${allowed.join(' or ')}.`,
        'array',
        { allow: allowed.join(', ') },
      ).toResponse();
    }
    return new ApiProblem(404, 'http.status.not_found', 'No such resource.').toResponse();
  });
  // The Date header tells the sandbox clock's time, as the real API's tells its own (watchers start "from now" by it).
  root.use('*', async (c, next) => {
    await next();
    c.header('Date', new Date(parts.ctx.clock.nowMs()).toUTCString());
  });

  if (parts.observe) {
    const observe = parts.observe;
    root.use('*', async (c, next) => {
      await next();
      observe(c.req.raw, c.res.clone());
    });
  }

  root.use('*', bodyLimit());

  parts.registerRoot?.(root);

  const api = new Hono<SandboxEnv>();
  api.use('*', parts.faults.middleware());
  api.use('*', bearerAuth(parts.oauth));
  api.use('*', parts.rateLimiter.middleware());
  for (const resource of resources) resource.register(api, parts.ctx);
  root.route('/v3', api);
  for (const route of root.routes) {
    if (route.method === 'ALL' || !route.path.startsWith('/v3/')) continue;
    const pattern = new RegExp(`^${route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+')}/?$`);
    routeMethods.push({ pattern, method: route.method });
  }
  return root;
}
