import type { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.js';
import type { OAuthStore } from './store.js';

/** The sandbox's OAuth server at `/oauth2/default/v1` (authorize, consent, token, device). */
export const OAUTH_BASE_PATH = '/oauth2/default/v1';

export function registerOAuthRoutes(_root: Hono<SandboxEnv>, _ctx: SandboxContext, _store: OAuthStore): void {
  // routes arrive with the OAuth server implementation
}
