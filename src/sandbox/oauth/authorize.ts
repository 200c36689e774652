import type { Context, Hono } from 'hono';
import type { SandboxEnv } from '../context.js';
import type { OAuthFlows } from './flows.js';
import type { OAuthStore } from './store.js';
import { OAuthRequestError, parseScopes, readParams, redirectAllowed, unknownScopes } from './http.js';
import { consentPage, errorPage } from './pages.js';

/**
 * The authorization endpoint (code flow, with PKCE for public clients) and its consent page.
 * Until client_id and redirect_uri are known to be valid, errors are shown as a 400 page and never
 * redirected (RFC 6749 §4.1.2.1); after that they travel back to the app as `?error=...&state=...`.
 */
export function registerAuthorize(oauth: Hono<SandboxEnv>, base: string, store: OAuthStore, flows: OAuthFlows): void {
  oauth.get('/authorize', (c) => {
    const q = new URL(c.req.url).searchParams;
    const clientId = q.get('client_id');
    const redirectUri = q.get('redirect_uri');
    if (!clientId) return errorPage('invalid_request', 'The client_id parameter is required.');
    const client = store.getClient(clientId);
    if (!client) return errorPage('invalid_client', `No application is registered with client_id ${clientId}.`);
    if (!redirectUri) return errorPage('invalid_request', 'The redirect_uri parameter is required.');
    if (!redirectAllowed(client, redirectUri)) {
      return errorPage('invalid_request', `The redirect_uri ${redirectUri} is not registered for this application.`);
    }

    const state = q.get('state');
    const fail = (error: string, description: string): Response =>
      redirectWith(redirectUri, { error, error_description: description, state });
    if (q.get('response_type') !== 'code') {
      return fail(
        'unsupported_response_type',
        'The sandbox supports response_type=code only (authorization code, with PKCE for public clients).',
      );
    }
    const scopes = parseScopes(q.get('scope'));
    if (scopes.length === 0)
      return fail(
        'invalid_scope',
        "The 'scope' parameter is required: space-delimited scopes such as contact_data offline_access.",
      );
    const unknown = unknownScopes(scopes);
    if (unknown.length > 0) return fail('invalid_scope', `Unknown scope(s): ${unknown.join(' ')}.`);

    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method');
    if (challenge === null && client.client_secret === null) {
      return fail(
        'invalid_request',
        'PKCE is required for a public client: send code_challenge and code_challenge_method=S256.',
      );
    }
    if (challenge !== null) {
      if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
      if (!/^[A-Za-z0-9\-_]{43}$/.test(challenge))
        return fail(
          'invalid_request',
          'code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).',
        );
    }

    const consent = flows.createConsent({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scopes,
      state,
      nonce: q.get('nonce'),
      code_challenge: challenge,
    });
    return consentPage(`${base}/authorize/decision`, consent.consent_id, client.name, scopes);
  });

  oauth.post('/authorize/decision', async (c: Context) => {
    let params: URLSearchParams;
    try {
      params = await readParams(c);
    } catch (err) {
      if (err instanceof OAuthRequestError)
        return errorPage('invalid_request', 'Submit the consent form as application/x-www-form-urlencoded.');
      throw err;
    }
    const decision = params.get('decision');
    if (decision !== 'approve' && decision !== 'deny')
      return errorPage('invalid_request', 'decision must be approve or deny.');
    const consent = flows.decideConsent(params.get('consent_id') ?? '');
    if (!consent)
      return errorPage(
        'invalid_request',
        'This authorization request is unknown, has expired or was already answered. Start again from the application.',
      );
    if (decision === 'deny') {
      return redirectWith(consent.redirect_uri, {
        error: 'access_denied',
        error_description: 'The resource owner denied the request.',
        state: consent.state,
      });
    }
    return redirectWith(consent.redirect_uri, { code: flows.createCode(consent), state: consent.state });
  });
}

function redirectWith(redirectUri: string, params: Record<string, string | null>): Response {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return new Response(null, { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } });
}
