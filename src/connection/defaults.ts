/** The real service (facts §7.1) and what a new connection asks for unless told otherwise. */
export const REAL_OAUTH_BASE = 'https://authz.constantcontact.com/oauth2/default/v1';
export const REAL_API_BASE = 'https://api.cc.email/v3';

/** Enough for every module: contacts, campaigns, account reads, and a refresh token (facts §7.3). */
export const DEFAULT_SCOPES = ['contact_data', 'campaign_data', 'offline_access', 'account_read'] as const;

/**
 * The public client every sandbox registers (same value as `SANDBOX_CLIENT_ID` in src/sandbox, kept
 * here so connecting does not load the sandbox; a test holds the two equal).
 */
export const SANDBOX_PUBLIC_CLIENT_ID = 'ctct-sandbox-public-client';

/** Refresh this long before the access token expires, so a call never starts with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

export function isRealService(oauthBase: string): boolean {
  return trimBase(oauthBase) === REAL_OAUTH_BASE;
}

/** The exact command that recreates a connection, with the bases when they are not the real service's. */
export function reconnectCommand(c: {
  name: string;
  oauth_base: string;
  api_base: string;
  client_id: string;
  scopes: readonly string[];
}): string {
  const parts = ['ctct connect', `--name ${c.name}`];
  const sameScopes = c.scopes.length === DEFAULT_SCOPES.length && DEFAULT_SCOPES.every((s) => c.scopes.includes(s));
  if (!sameScopes) parts.push(`--scopes "${c.scopes.join(' ')}"`);
  if (!isRealService(c.oauth_base) || trimBase(c.api_base) !== REAL_API_BASE) {
    parts.push(`--oauth-base ${trimBase(c.oauth_base)}`, `--api-base ${trimBase(c.api_base)}`);
  }
  if (c.client_id !== SANDBOX_PUBLIC_CLIENT_ID || isRealService(c.oauth_base)) parts.push(`--client-id ${c.client_id}`);
  return parts.join(' ');
}
