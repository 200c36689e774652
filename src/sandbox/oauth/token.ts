import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { SandboxEnv } from '../context.js';
import type { SandboxClock } from '../clock.js';
import type { RateLimiter } from '../ratelimit.js';
import { idTokenJwt } from './jwt.js';
import type { ClientRecord, IssuedTokens, OAuthStore } from './store.js';
import {
  OAuthRequestError,
  authenticateClient,
  oauthError,
  oauthJson,
  parseScopes,
  readParams,
  s256,
  verifierWellFormed,
} from './http.js';

/** The device-flow grant type (RFC 8628). */
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const ID_TOKEN_TTL_MS = 60 * 60 * 1000;

interface TokenDeps {
  store: OAuthStore;
  clock: SandboxClock;
  rateLimiter: RateLimiter;
}

/**
 * `POST /token`: authorization_code (with PKCE), refresh_token and device_code grants. Parameters may
 * come in the query string or a form body. The per-client limit of the token endpoint applies to
 * authenticated requests (see ratelimit.ts for the exact rule).
 */
export function registerToken(oauth: Hono<SandboxEnv>, deps: TokenDeps): void {
  oauth.post('/token', async (c) => {
    try {
      const params = await readParams(c);
      const client = authenticateClient(c, params, deps.store);
      if (!deps.rateLimiter.allowTokenRequest(client.client_id)) {
        return oauthError(
          429,
          'too_many_requests',
          'The token endpoint accepts about 1 request per second per application. Slow down.',
        );
      }
      const grantType = params.get('grant_type');
      switch (grantType) {
        case 'authorization_code':
          return exchangeCode(params, client, deps);
        case 'refresh_token':
          return refresh(params, client, deps);
        case DEVICE_GRANT:
          return pollDevice(params, client, deps);
        case null:
          return oauthError(400, 'invalid_request', 'The grant_type parameter is required.');
        default:
          return oauthError(400, 'unsupported_grant_type', `The grant type ${grantType} is not supported.`);
      }
    } catch (err) {
      if (err instanceof OAuthRequestError) return err.response;
      throw err;
    }
  });
}

function tokenResponse(tokens: IssuedTokens, idToken?: string): Response {
  return oauthJson({
    token_type: 'Bearer',
    expires_in: tokens.expires_in,
    access_token: tokens.access_token,
    scope: tokens.scope,
    ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
    ...(idToken ? { id_token: idToken } : {}),
  });
}

const INVALID_CODE = 'The authorization code is invalid or has expired.';

function exchangeCode(params: URLSearchParams, client: ClientRecord, { store, clock }: TokenDeps): Response {
  const code = params.get('code');
  if (!code) return oauthError(400, 'invalid_request', 'The code parameter is required.');
  const record = store.flows.getCode(code);
  if (!record || record.client_id !== client.client_id) return oauthError(400, 'invalid_grant', INVALID_CODE);
  if (record.grant_id !== null) {
    // RFC 6749 §4.1.2: a second use of a code revokes what the first one produced.
    store.revokeGrant(record.grant_id);
    return oauthError(400, 'invalid_grant', INVALID_CODE);
  }
  const now = clock.nowMs();
  if (record.expires_at <= now) return oauthError(400, 'invalid_grant', INVALID_CODE);
  if (params.get('redirect_uri') !== record.redirect_uri) {
    return oauthError(
      400,
      'invalid_grant',
      "The 'redirect_uri' does not match the redirection URI used in the authorization request.",
    );
  }
  const verifier = params.get('code_verifier');
  if (record.code_challenge !== null) {
    if (verifier === null)
      return oauthError(400, 'invalid_request', 'PKCE verification failed: the code_verifier parameter is required.');
    if (!verifierWellFormed(verifier))
      return oauthError(400, 'invalid_request', 'The code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~.');
    if (s256(verifier) !== record.code_challenge) return oauthError(400, 'invalid_grant', 'PKCE verification failed.');
  } else if (verifier !== null) {
    return oauthError(
      400,
      'invalid_request',
      'A code_verifier was sent but the authorization request had no code_challenge.',
    );
  }
  const grantId = `grant_${randomUUID()}`;
  if (!store.flows.consumeCode(code, grantId)) return oauthError(400, 'invalid_grant', INVALID_CODE);
  const scopes = record.scopes.split(' ').filter(Boolean);
  const tokens = store.issueGrant(client.client_id, scopes, grantId);
  const wantsIdToken = record.code_challenge !== null || scopes.includes('openid');
  return tokenResponse(
    tokens,
    wantsIdToken ? idTokenJwt(client.client_id, now, now + ID_TOKEN_TTL_MS, record.nonce) : undefined,
  );
}

function refresh(params: URLSearchParams, client: ClientRecord, { store }: TokenDeps): Response {
  const token = params.get('refresh_token');
  if (!token) return oauthError(400, 'invalid_request', 'The refresh_token parameter is required.');
  const outcome = store.refresh(token, client.client_id, parseScopes(params.get('scope')));
  if (!outcome.ok) return oauthError(400, outcome.error, outcome.description);
  return tokenResponse(outcome.tokens);
}

function pollDevice(params: URLSearchParams, client: ClientRecord, { store, clock }: TokenDeps): Response {
  if (!client.device_flow)
    return oauthError(400, 'unauthorized_client', 'This application is not configured for the device flow.');
  const deviceCode = params.get('device_code');
  if (!deviceCode) return oauthError(400, 'invalid_request', 'The device_code parameter is required.');
  const flows = store.flows;
  const record = flows.getDevice(deviceCode);
  if (!record || record.client_id !== client.client_id)
    return oauthError(400, 'invalid_grant', 'The device code is invalid.');
  if (record.status === 'issued')
    return oauthError(400, 'invalid_grant', 'The device code was already exchanged for tokens.');
  const now = clock.nowMs();
  if (record.expires_at <= now)
    return oauthError(400, 'expired_token', 'The device code has expired. Start a new device authorization.');
  if (record.status === 'denied') return oauthError(400, 'access_denied', 'The user denied the request.');
  if (record.status === 'pending') {
    const tooSoon = record.last_polled_at !== null && now - record.last_polled_at < record.interval_s * 1000;
    const interval = flows.recordPoll(deviceCode, tooSoon);
    if (tooSoon)
      return oauthError(400, 'slow_down', `Polling too fast: wait at least ${interval} seconds between requests.`);
    return oauthError(400, 'authorization_pending', 'The user has not yet approved the request.');
  }
  if (!flows.setDeviceStatus(deviceCode, 'approved', 'issued'))
    return oauthError(400, 'invalid_grant', 'The device code was already exchanged for tokens.');
  const tokens = store.issueGrant(client.client_id, record.scopes.split(' ').filter(Boolean));
  return tokenResponse(tokens);
}
