import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.js';
import type { FaultController } from '../faults.js';
import type { RateLimiter } from '../ratelimit.js';
import type { OAuthStore } from './store.js';
import { registerAuthorize } from './authorize.js';
import { registerToken } from './token.js';
import { registerDevice } from './device.js';

/** The sandbox's OAuth server, laid out like `https://authz.constantcontact.com/oauth2/default/v1`. */
export const OAUTH_BASE_PATH = '/oauth2/default/v1';

export interface OAuthServices {
  rateLimiter: RateLimiter;
  /** Faults reach the OAuth server only when a fault's path pattern names it (see faults.ts). */
  faults?: FaultController;
}

/**
 * Endpoints (relative to OAUTH_BASE_PATH):
 *   GET  /authorize             consent page (code flow; PKCE S256 required for public clients)
 *   POST /authorize/decision    the consent form's Approve/Deny -> 302 to redirect_uri
 *   POST /token                 authorization_code | refresh_token | device_code grants
 *   POST /device/authorize      starts the device flow
 *   GET  /device/verify         verification page (optionally ?user_code=...)
 *   POST /device/verify         the verification form's Approve/Deny
 */
export function registerOAuthRoutes(
  root: Hono<SandboxEnv>,
  ctx: SandboxContext,
  store: OAuthStore,
  services: OAuthServices,
): void {
  const oauth = new Hono<SandboxEnv>();
  if (services.faults) oauth.use('*', services.faults.middleware());
  registerAuthorize(oauth, OAUTH_BASE_PATH, store, store.flows);
  registerToken(oauth, { store, clock: ctx.clock, rateLimiter: services.rateLimiter });
  registerDevice(oauth, OAUTH_BASE_PATH, store, ctx.clock);
  root.route(OAUTH_BASE_PATH, oauth);
}
