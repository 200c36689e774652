import { randomBytes } from 'node:crypto';
import type { Db } from '../db.js';
import type { SandboxClock } from '../clock.js';

/**
 * OAuth state of the sandbox: registered applications, grants (one per consent) and the tokens issued
 * under them. Access tokens live 24 h of sandbox time (facts §7.2). Tables are prefixed `oauth_` so a
 * sandbox reset keeps connections alive.
 */
export const ACCESS_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const REFRESH_IDLE_TTL_MS = 180 * 24 * 60 * 60 * 1000;

export const ALL_SCOPES = ['contact_data', 'campaign_data', 'account_read', 'account_update', 'offline_access'] as const;

export const oauthSchema = [
  `CREATE TABLE IF NOT EXISTS oauth_clients (
     client_id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     client_secret TEXT,                      -- NULL for public (PKCE) clients
     redirect_uris TEXT NOT NULL DEFAULT '[]',
     refresh_mode TEXT NOT NULL DEFAULT 'rotating'   -- rotating | long_lived
   )`,
  `CREATE TABLE IF NOT EXISTS oauth_grants (
     grant_id TEXT PRIMARY KEY,
     client_id TEXT NOT NULL,
     scopes TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER
   )`,
  `CREATE TABLE IF NOT EXISTS oauth_tokens (
     token TEXT PRIMARY KEY,
     kind TEXT NOT NULL,                      -- access | refresh
     grant_id TEXT NOT NULL,
     client_id TEXT NOT NULL,
     scopes TEXT NOT NULL,
     issued_at INTEGER NOT NULL,
     expires_at INTEGER,                      -- access tokens: fixed expiry
     last_used_at INTEGER NOT NULL,           -- refresh tokens: idle expiry counts from here
     revoked_at INTEGER
   )`,
  `CREATE INDEX IF NOT EXISTS oauth_tokens_grant ON oauth_tokens(grant_id)`,
];

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  grant_id: string;
  client_id: string;
  scopes: string;
  issued_at: number;
  expires_at: number | null;
  last_used_at: number;
  revoked_at: number | null;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
}

export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export class OAuthStore {
  constructor(
    private readonly db: Db,
    private readonly clock: SandboxClock,
  ) {}

  registerClient(client: { client_id: string; name: string; client_secret?: string | null; redirect_uris?: string[]; refresh_mode?: 'rotating' | 'long_lived' }): void {
    this.db
      .prepare(
        `INSERT INTO oauth_clients (client_id, name, client_secret, redirect_uris, refresh_mode) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(client_id) DO UPDATE SET name = excluded.name, client_secret = excluded.client_secret,
           redirect_uris = excluded.redirect_uris, refresh_mode = excluded.refresh_mode`,
      )
      .run(client.client_id, client.name, client.client_secret ?? null, JSON.stringify(client.redirect_uris ?? []), client.refresh_mode ?? 'rotating');
  }

  getClient(clientId: string): { client_id: string; name: string; client_secret: string | null; redirect_uris: string[]; refresh_mode: 'rotating' | 'long_lived' } | undefined {
    const row = this.db.prepare('SELECT * FROM oauth_clients WHERE client_id = ?').get(clientId) as
      | { client_id: string; name: string; client_secret: string | null; redirect_uris: string; refresh_mode: 'rotating' | 'long_lived' }
      | undefined;
    return row && { ...row, redirect_uris: JSON.parse(row.redirect_uris) as string[] };
  }

  /** Creates a grant and its first tokens (a refresh token only with `offline_access`). */
  issueGrant(clientId: string, scopes: readonly string[], grantId: string): IssuedTokens {
    const now = this.clock.nowMs();
    this.db.prepare('INSERT INTO oauth_grants (grant_id, client_id, scopes, created_at) VALUES (?, ?, ?, ?)').run(grantId, clientId, scopes.join(' '), now);
    return this.issueTokens(grantId, clientId, scopes, true);
  }

  issueTokens(grantId: string, clientId: string, scopes: readonly string[], withRefresh: boolean): IssuedTokens {
    const now = this.clock.nowMs();
    const scope = scopes.join(' ');
    const access = newToken('sbx_at_');
    const insert = this.db.prepare(
      'INSERT INTO oauth_tokens (token, kind, grant_id, client_id, scopes, issued_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(access, 'access', grantId, clientId, scope, now, now + ACCESS_TOKEN_TTL_MS, now);
    const out: IssuedTokens = { access_token: access, expires_in: ACCESS_TOKEN_TTL_MS / 1000, scope };
    if (withRefresh && scopes.includes('offline_access')) {
      const refresh = newToken('sbx_rt_');
      insert.run(refresh, 'refresh', grantId, clientId, scope, now, null, now);
      out.refresh_token = refresh;
    }
    return out;
  }

  /** The live access token's record, or undefined when unknown, revoked or expired. */
  verifyAccess(token: string): TokenRecord | undefined {
    const row = this.db.prepare("SELECT * FROM oauth_tokens WHERE token = ? AND kind = 'access'").get(token) as TokenRecord | undefined;
    if (!row || row.revoked_at !== null) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.clock.nowMs()) return undefined;
    const grant = this.db.prepare('SELECT revoked_at FROM oauth_grants WHERE grant_id = ?').get(row.grant_id) as { revoked_at: number | null } | undefined;
    if (!grant || grant.revoked_at !== null) return undefined;
    return row;
  }

  /** The newest live access token and refresh token of a grant (a fresh access token if all expired). */
  currentTokens(grantId: string): { access_token: string; refresh_token: string } | undefined {
    const grant = this.db.prepare('SELECT client_id, scopes, revoked_at FROM oauth_grants WHERE grant_id = ?').get(grantId) as
      | { client_id: string; scopes: string; revoked_at: number | null }
      | undefined;
    if (!grant || grant.revoked_at !== null) return undefined;
    const now = this.clock.nowMs();
    const refresh = this.db
      .prepare("SELECT token FROM oauth_tokens WHERE grant_id = ? AND kind = 'refresh' AND revoked_at IS NULL ORDER BY issued_at DESC LIMIT 1")
      .get(grantId) as { token: string } | undefined;
    let access = this.db
      .prepare("SELECT token FROM oauth_tokens WHERE grant_id = ? AND kind = 'access' AND revoked_at IS NULL AND expires_at > ? ORDER BY issued_at DESC LIMIT 1")
      .get(grantId, now) as { token: string } | undefined;
    if (!access) access = { token: this.issueTokens(grantId, grant.client_id, grant.scopes.split(' '), false).access_token };
    return { access_token: access.token, refresh_token: refresh?.token ?? '' };
  }

  getToken(token: string): TokenRecord | undefined {
    return this.db.prepare('SELECT * FROM oauth_tokens WHERE token = ?').get(token) as TokenRecord | undefined;
  }
}
