import { randomUUID } from 'node:crypto';
import type { Db } from '../db.js';
import type { SandboxClock } from '../clock.js';
import { accessTokenJwt, newToken } from './jwt.js';
import { OAuthFlows } from './flows.js';

/**
 * OAuth state of the sandbox: registered applications, grants (one per consent) and the tokens issued
 * under them. Access tokens live 24 h of sandbox time; refresh tokens expire after 180 days of sandbox
 * time without use and rotate unless the application is in long-lived mode (facts §7.2).
 */
export const ACCESS_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const REFRESH_IDLE_TTL_MS = 180 * 24 * 60 * 60 * 1000;

export const ALL_SCOPES = [
  'contact_data',
  'campaign_data',
  'account_read',
  'account_update',
  'offline_access',
] as const;

export { oauthSchema } from './schema.js';
export { newToken } from './jwt.js';

export type RefreshMode = 'rotating' | 'long_lived';

export interface ClientRecord {
  client_id: string;
  name: string;
  /** null for a public client (PKCE / device flow, no secret). */
  client_secret: string | null;
  redirect_uris: string[];
  refresh_mode: RefreshMode;
  /** Whether the app is configured for the device flow. */
  device_flow: boolean;
}

export interface ClientRegistration {
  client_id: string;
  name: string;
  client_secret?: string | null;
  redirect_uris?: string[];
  refresh_mode?: RefreshMode;
  /** Default: on for public clients, off for confidential ones. */
  device_flow?: boolean;
}

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

export type RefreshOutcome =
  | { ok: true; grantId: string; tokens: IssuedTokens }
  | { ok: false; error: 'invalid_grant' | 'invalid_scope'; description: string };

export const UNKNOWN_REFRESH_TOKEN = 'unknown, invalid, or expired refresh token';

interface GrantRow {
  grant_id: string;
  client_id: string;
  scopes: string;
  created_at: number;
  revoked_at: number | null;
}

export class OAuthStore {
  /** Consent pages, authorization codes and device authorizations in progress (device timing lives here). */
  readonly flows: OAuthFlows;

  constructor(
    private readonly db: Db,
    private readonly clock: SandboxClock,
  ) {
    this.flows = new OAuthFlows(db, clock);
  }

  // ---- applications ------------------------------------------------------------------------

  /** Registers (or updates) an application. A client without a secret is public. */
  registerClient(client: ClientRegistration): void {
    const secret = client.client_secret ?? null;
    const deviceFlow = client.device_flow ?? secret === null;
    this.db
      .prepare(
        `INSERT INTO oauth_clients (client_id, name, client_secret, redirect_uris, refresh_mode, device_flow) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(client_id) DO UPDATE SET name = excluded.name, client_secret = excluded.client_secret,
           redirect_uris = excluded.redirect_uris, refresh_mode = excluded.refresh_mode, device_flow = excluded.device_flow`,
      )
      .run(
        client.client_id,
        client.name,
        secret,
        JSON.stringify(client.redirect_uris ?? []),
        client.refresh_mode ?? 'rotating',
        deviceFlow ? 1 : 0,
      );
  }

  getClient(clientId: string): ClientRecord | undefined {
    const row = this.db.prepare('SELECT * FROM oauth_clients WHERE client_id = ?').get(clientId) as
      | (Omit<ClientRecord, 'redirect_uris' | 'device_flow'> & { redirect_uris: string; device_flow: number })
      | undefined;
    return (
      row && { ...row, redirect_uris: JSON.parse(row.redirect_uris) as string[], device_flow: row.device_flow === 1 }
    );
  }

  /** Switches an application between rotating and long-lived refresh tokens (a developer-portal setting). */
  setRefreshMode(clientId: string, mode: RefreshMode): void {
    this.db.prepare('UPDATE oauth_clients SET refresh_mode = ? WHERE client_id = ?').run(mode, clientId);
  }

  // ---- grants and tokens -------------------------------------------------------------------

  /**
   * Creates a grant (one user consent) and its first tokens: a refresh token only with
   * `offline_access`. Re-using the id of a revoked grant starts it afresh (its old tokens stay revoked).
   */
  issueGrant(
    clientId: string,
    scopes: readonly string[],
    grantId: string = `grant_${randomUUID()}`,
  ): IssuedTokens & { grant_id: string } {
    const now = this.clock.nowMs();
    this.db
      .prepare(
        `INSERT INTO oauth_grants (grant_id, client_id, scopes, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(grant_id) DO UPDATE SET client_id = excluded.client_id, scopes = excluded.scopes,
           created_at = excluded.created_at, revoked_at = NULL`,
      )
      .run(grantId, clientId, scopes.join(' '), now);
    return { grant_id: grantId, ...this.issueTokens(grantId, clientId, scopes, true) };
  }

  getGrant(grantId: string): GrantRow | undefined {
    return this.db.prepare('SELECT * FROM oauth_grants WHERE grant_id = ?').get(grantId) as GrantRow | undefined;
  }

  issueTokens(grantId: string, clientId: string, scopes: readonly string[], withRefresh: boolean): IssuedTokens {
    const access = this.insertAccess(grantId, clientId, scopes);
    const out: IssuedTokens = { access_token: access, expires_in: ACCESS_TOKEN_TTL_MS / 1000, scope: scopes.join(' ') };
    if (withRefresh && scopes.includes('offline_access'))
      out.refresh_token = this.insertRefresh(grantId, clientId, scopes);
    return out;
  }

  private insertAccess(grantId: string, clientId: string, scopes: readonly string[]): string {
    const now = this.clock.nowMs();
    const expiresAt = now + ACCESS_TOKEN_TTL_MS;
    const token = accessTokenJwt(clientId, scopes, now, expiresAt);
    this.insertToken(token, 'access', grantId, clientId, scopes, now, expiresAt);
    return token;
  }

  private insertRefresh(grantId: string, clientId: string, scopes: readonly string[]): string {
    const token = newToken('sbx_rt_');
    this.insertToken(token, 'refresh', grantId, clientId, scopes, this.clock.nowMs(), null);
    return token;
  }

  private insertToken(
    token: string,
    kind: 'access' | 'refresh',
    grantId: string,
    clientId: string,
    scopes: readonly string[],
    now: number,
    expiresAt: number | null,
  ): void {
    this.db
      .prepare(
        'INSERT INTO oauth_tokens (token, kind, grant_id, client_id, scopes, ' +
          'issued_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(token, kind, grantId, clientId, scopes.join(' '), now, expiresAt, now);
  }

  private grantIsLive(grantId: string): boolean {
    const grant = this.getGrant(grantId);
    return grant !== undefined && grant.revoked_at === null;
  }

  /** The live access token's record, or undefined when unknown, revoked or expired. */
  verifyAccess(token: string): TokenRecord | undefined {
    const row = this.db.prepare("SELECT * FROM oauth_tokens WHERE token = ? AND kind = 'access'").get(token) as
      TokenRecord | undefined;
    if (!row || row.revoked_at !== null) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.clock.nowMs()) return undefined;
    return this.grantIsLive(row.grant_id) ? row : undefined;
  }

  /** The live refresh token's record: known, not revoked, used within the last 180 days, grant live. */
  verifyRefresh(token: string): TokenRecord | undefined {
    const row = this.db.prepare("SELECT * FROM oauth_tokens WHERE token = ? AND kind = 'refresh'").get(token) as
      TokenRecord | undefined;
    if (!row || row.revoked_at !== null) return undefined;
    if (row.last_used_at + REFRESH_IDLE_TTL_MS <= this.clock.nowMs()) return undefined;
    return this.grantIsLive(row.grant_id) ? row : undefined;
  }

  /**
   * The refresh grant. Rotating mode: the presented token stops working and a new one comes back.
   * Long-lived mode: the same token comes back and its 180-day idle window restarts. `scope`, when
   * given, may only narrow the grant; it narrows the new access token, never the refresh token.
   */
  refresh(token: string, clientId: string, requestedScopes?: readonly string[]): RefreshOutcome {
    return this.db.transaction((): RefreshOutcome => {
      const record = this.verifyRefresh(token);
      if (!record || record.client_id !== clientId)
        return { ok: false, error: 'invalid_grant', description: UNKNOWN_REFRESH_TOKEN };
      const granted = record.scopes.split(' ').filter(Boolean);
      const scopes = requestedScopes && requestedScopes.length > 0 ? requestedScopes : granted;
      const extra = scopes.filter((s) => !granted.includes(s));
      if (extra.length > 0)
        return {
          ok: false,
          error: 'invalid_scope',
          description: `The requested scope exceeds the granted scope: ${extra.join(' ')}`,
        };
      const now = this.clock.nowMs();
      const mode = this.getClient(clientId)?.refresh_mode ?? 'rotating';
      let refreshToken = token;
      if (mode === 'rotating') {
        this.db.prepare('UPDATE oauth_tokens SET revoked_at = ? WHERE token = ?').run(now, token);
        refreshToken = this.insertRefresh(record.grant_id, clientId, granted);
      } else {
        this.db.prepare('UPDATE oauth_tokens SET last_used_at = ? WHERE token = ?').run(now, token);
      }
      const access = this.insertAccess(record.grant_id, clientId, scopes);
      return {
        ok: true,
        grantId: record.grant_id,
        tokens: {
          access_token: access,
          refresh_token: refreshToken,
          expires_in: ACCESS_TOKEN_TTL_MS / 1000,
          scope: scopes.join(' '),
        },
      };
    })();
  }

  /**
   * The newest live access and refresh token of a grant. A fresh access token is issued when all have
   * expired, and a fresh refresh token when the grant has `offline_access` but no live one.
   */
  currentTokens(grantId: string): { access_token: string; refresh_token: string } | undefined {
    const grant = this.getGrant(grantId);
    if (!grant || grant.revoked_at !== null) return undefined;
    const scopes = grant.scopes.split(' ').filter(Boolean);
    const now = this.clock.nowMs();
    const refresh = this.db
      .prepare(
        "SELECT token FROM oauth_tokens WHERE grant_id = ? AND kind = 'refresh' " +
          'AND revoked_at IS NULL AND last_used_at > ? ORDER BY issued_at DESC, rowid DESC LIMIT 1',
      )
      .get(grantId, now - REFRESH_IDLE_TTL_MS) as { token: string } | undefined;
    const access = this.db
      .prepare(
        "SELECT token FROM oauth_tokens WHERE grant_id = ? AND kind = 'access' " +
          'AND revoked_at IS NULL AND expires_at > ? ORDER BY issued_at DESC, rowid DESC LIMIT 1',
      )
      .get(grantId, now) as { token: string } | undefined;
    const refreshToken =
      refresh?.token ?? (scopes.includes('offline_access') ? this.insertRefresh(grantId, grant.client_id, scopes) : '');
    return {
      access_token: access?.token ?? this.insertAccess(grantId, grant.client_id, scopes),
      refresh_token: refreshToken,
    };
  }

  getToken(token: string): TokenRecord | undefined {
    return this.db.prepare('SELECT * FROM oauth_tokens WHERE token = ?').get(token) as TokenRecord | undefined;
  }

  // ---- controls for tests and the CLI --------------------------------------------------------

  /** Revokes a grant (the user disconnected the app): every token issued under it stops working. */
  revokeGrant(grantId: string): boolean {
    const now = this.clock.nowMs();
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE oauth_grants SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL')
        .run(now, grantId).changes;
      this.db
        .prepare('UPDATE oauth_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL')
        .run(now, grantId);
      return changed > 0;
    })();
  }

  /** Revokes one token (access or refresh). */
  revokeToken(token: string): boolean {
    return (
      this.db
        .prepare('UPDATE oauth_tokens SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL')
        .run(this.clock.nowMs(), token).changes > 0
    );
  }

  /** Makes access tokens expire now: those of one grant, or all of them. Returns how many changed. */
  expireAccessTokens(grantId?: string): number {
    const now = this.clock.nowMs();
    const sql = "UPDATE oauth_tokens SET expires_at = ? WHERE kind = 'access' AND expires_at > ?";
    return grantId === undefined
      ? this.db.prepare(sql).run(now, now).changes
      : this.db.prepare(`${sql} AND grant_id = ?`).run(now, now, grantId).changes;
  }

  /** Makes refresh tokens idle-expired now: those of one grant, or all of them. */
  expireRefreshTokens(grantId?: string): number {
    const past = this.clock.nowMs() - REFRESH_IDLE_TTL_MS;
    const sql = "UPDATE oauth_tokens SET last_used_at = ? WHERE kind = 'refresh' AND last_used_at > ?";
    return grantId === undefined
      ? this.db.prepare(sql).run(past, past).changes
      : this.db.prepare(`${sql} AND grant_id = ?`).run(past, past, grantId).changes;
  }
}
