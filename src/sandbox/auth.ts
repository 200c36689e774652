import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './context.js';
import { ApiProblem, unauthorized } from './errors.js';
import type { OAuthStore } from './oauth/store.js';

/** Bearer authentication for every `/v3` route: 401 as a single object when the token is not live. */
export function bearerAuth(store: OAuthStore): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const record = match?.[1] ? store.verifyAccess(match[1]) : undefined;
    if (!record) throw unauthorized();
    c.set('auth', {
      clientId: record.client_id,
      grantId: record.grant_id,
      scopes: new Set(record.scopes.split(' ').filter(Boolean)),
    });
    await next();
  };
}

/** 403 unless the token carries `scope` (facts §7.3: a 403 can also mean a missing user privilege). */
export function requireScope(scope: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (!c.get('auth').scopes.has(scope)) {
      throw new ApiProblem(
        403,
        'forbidden',
        `This request needs the ${scope} scope, which the access token was not granted.`,
      );
    }
    await next();
  };
}
