import { DEFAULT_SCOPES } from '../../src/connection/defaults.js';
import type { Connection, ConnectionStore } from '../../src/connection/store.js';
import { SANDBOX_CLIENT_ID } from '../../src/sandbox/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';

/**
 * A connection backed by a real grant of the test's sandbox, saved without the browser dance (the
 * connect tests cover that): what `ctct connect` would have stored.
 */
export async function saveSandboxConnection(
  t: TestSandbox,
  store: ConnectionStore,
  name: string,
  options: { clientId?: string; scopes?: readonly string[]; expiresAt?: Date } = {},
): Promise<{ connection: Connection; grantId: string }> {
  const scopes = options.scopes ?? DEFAULT_SCOPES;
  const issued = t.sandbox.oauth.issueGrant(options.clientId ?? SANDBOX_CLIENT_ID, scopes);
  const connection: Connection = {
    name,
    account: { encoded_account_id: 'sandbox', organization_name: 'Sandbox' },
    api_base: t.server!.url,
    oauth_base: t.server!.oauthBase,
    client_id: options.clientId ?? SANDBOX_CLIENT_ID,
    scopes: [...scopes],
    access_expires_at: (options.expiresAt ?? new Date(Date.now() + 86_400_000)).toISOString(),
    has_refresh_token: issued.refresh_token !== undefined,
    refresh_mode: 'unknown',
    created_at: new Date().toISOString(),
    refreshed_at: null,
    tokens: issued.refresh_token
      ? { access_token: issued.access_token, refresh_token: issued.refresh_token }
      : { access_token: issued.access_token },
  };
  await store.save(connection);
  return { connection, grantId: issued.grant_id };
}

/** Refresh tokens the sandbox ever issued under a grant: 1 + the number of rotating refreshes. */
export function refreshTokensIssued(t: TestSandbox, grantId: string): number {
  return (
    t.sandbox.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM oauth_tokens WHERE grant_id = ? AND kind = 'refresh'")
      .get(grantId) as { n: number }
  ).n;
}

/** Access tokens the sandbox ever issued under a grant: 1 + the number of refreshes (any mode). */
export function accessTokensIssued(t: TestSandbox, grantId: string): number {
  return (
    t.sandbox.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM oauth_tokens WHERE grant_id = ? AND kind = 'access'")
      .get(grantId) as { n: number }
  ).n;
}

/** Counts the token-endpoint requests a fetch makes, then forwards them. */
export function countingFetch(): { fetch: typeof globalThis.fetch; tokenRequests: () => number } {
  let n = 0;
  return {
    fetch: (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/token')) n += 1;
      return globalThis.fetch(input, init);
    },
    tokenRequests: () => n,
  };
}
