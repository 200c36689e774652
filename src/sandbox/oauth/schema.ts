/**
 * Tables of the sandbox's OAuth server. Every name starts with `oauth_` so a sandbox reset (which
 * forgets account data) keeps applications, connections and in-flight authorizations alive.
 * All times are sandbox-clock epoch milliseconds.
 */
export const oauthSchema = [
  `CREATE TABLE IF NOT EXISTS oauth_clients (
     client_id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     client_secret TEXT,                      -- NULL for public (PKCE) clients
     redirect_uris TEXT NOT NULL DEFAULT '[]',
     refresh_mode TEXT NOT NULL DEFAULT 'rotating',  -- rotating | long_lived
     device_flow INTEGER NOT NULL DEFAULT 0   -- 1 when the app is configured for the device flow
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
  // A consent page shown by GET /authorize, waiting for Approve or Deny (one decision only).
  `CREATE TABLE IF NOT EXISTS oauth_consents (
     consent_id TEXT PRIMARY KEY,
     client_id TEXT NOT NULL,
     redirect_uri TEXT NOT NULL,
     scopes TEXT NOT NULL,
     state TEXT,
     nonce TEXT,
     code_challenge TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     decided_at INTEGER
   )`,
  // Authorization codes: single use, 5 minutes. grant_id is set once the code was exchanged.
  `CREATE TABLE IF NOT EXISTS oauth_codes (
     code TEXT PRIMARY KEY,
     client_id TEXT NOT NULL,
     redirect_uri TEXT NOT NULL,
     scopes TEXT NOT NULL,
     nonce TEXT,
     code_challenge TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     grant_id TEXT
   )`,
  // Device authorizations: status pending | approved | denied | issued.
  `CREATE TABLE IF NOT EXISTS oauth_device_codes (
     device_code TEXT PRIMARY KEY,
     user_code TEXT NOT NULL UNIQUE,
     client_id TEXT NOT NULL,
     scopes TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending',
     interval_s INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     last_polled_at INTEGER
   )`,
];
