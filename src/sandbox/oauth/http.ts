import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { ALL_SCOPES, type ClientRecord, type OAuthStore } from './store.js';

/**
 * Request plumbing shared by the OAuth endpoints: parameters, client authentication, scopes,
 * redirect URIs, PKCE and the standard OAuth error body.
 */

/** Scopes the authorization server knows: the API scopes plus the OpenID ones a PKCE client may ask for. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([...ALL_SCOPES, 'openid', 'profile', 'email']);

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  | 'access_denied'
  | 'too_many_requests';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function oauthJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...headers },
  });
}

export function oauthError(
  status: number,
  error: OAuthErrorCode,
  description: string,
  headers: Record<string, string> = {},
): Response {
  return oauthJson({ error, error_description: description }, status, headers);
}

export class OAuthRequestError extends Error {
  constructor(readonly response: Response) {
    super('oauth request error');
  }
}

/**
 * Parameters of a token-style POST, from the query string AND the form body (facts §7.2: the docs
 * put them in the query, most client code in an `application/x-www-form-urlencoded` body). When a
 * parameter is in both, the body wins. A non-empty body of another type is refused.
 */
export async function readParams(c: Context): Promise<URLSearchParams> {
  const params = new URLSearchParams(new URL(c.req.url).search);
  const text = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
  if (text.trim() === '') return params;
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthRequestError(
      oauthError(
        400,
        'invalid_request',
        'Send parameters as application/x-www-form-urlencoded (in the body or the query string).',
      ),
    );
  }
  for (const [key, value] of new URLSearchParams(text)) params.set(key, value);
  return params;
}

/** Space-delimited scopes; a literal `+` separates too (facts §7.2 examples use `+`). Order kept, duplicates dropped. */
export function parseScopes(raw: string | null | undefined): string[] {
  return [...new Set((raw ?? '').split(/[\s+]+/).filter(Boolean))];
}

export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !KNOWN_SCOPES.has(s));
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A redirect URI is accepted when it is registered for the client verbatim, or, for a public (native)
 * client, when it is any `http` loopback URI: RFC 8252 §7.3 lets a native app pick its port at run time.
 */
export function redirectAllowed(client: ClientRecord, uri: string): boolean {
  if (client.redirect_uris.includes(uri)) return true;
  if (client.client_secret !== null) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' &&
    LOOPBACK_HOSTS.has(url.hostname) &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** RFC 7636: code_verifier is 43-128 characters of [A-Z a-z 0-9 - . _ ~]. */
export function verifierWellFormed(verifier: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier);
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Client authentication at the token and device endpoints. Confidential clients must use HTTP Basic
 * (`client_id:client_secret`, facts §7.2); public clients send `client_id` only (an `Authorization:
 * Basic` with an empty secret is tolerated). Failures are 401 `invalid_client`.
 */
export function authenticateClient(c: Context, params: URLSearchParams, store: OAuthStore): ClientRecord {
  const header = c.req.header('authorization');
  const fail = (description: string, basic: boolean): never => {
    throw new OAuthRequestError(
      oauthError(401, 'invalid_client', description, basic ? { 'www-authenticate': 'Basic realm="ctct-sandbox"' } : {}),
    );
  };
  const paramId = params.get('client_id');
  if (header && /^Basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return fail('The Basic credentials are malformed.', true);
    // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    const id = formDecode(decoded.slice(0, colon));
    const secret = formDecode(decoded.slice(colon + 1));
    if (id === undefined || secret === undefined) return fail('The Basic credentials are malformed.', true);
    if (paramId !== null && paramId !== id) return fail('client_id does not match the Basic credentials.', true);
    const client = store.getClient(id);
    if (!client) return fail('Client authentication failed: unknown client.', true);
    if (client.client_secret === null) {
      if (secret !== '') return fail('This is a public client: it has no secret to send.', true);
      return client;
    }
    if (!safeEqual(secret, client.client_secret))
      return fail('Client authentication failed: wrong client secret.', true);
    return client;
  }
  if (!paramId)
    return fail('Client authentication failed: send client_id (public client) or HTTP Basic credentials.', false);
  const client = store.getClient(paramId);
  if (!client) return fail('Client authentication failed: unknown client.', false);
  if (client.client_secret !== null) {
    return fail('This is a confidential client: authenticate with HTTP Basic (client_id:client_secret).', false);
  }
  return client;
}
