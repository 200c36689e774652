import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { SANDBOX_CLIENT_ID } from '../../../src/sandbox/index.js';
import {
  REDIRECT,
  type AuthorizeParams,
  callApi,
  claims,
  decide,
  obtainCode,
  openAuthorize,
  pkcePair,
  tokenRequest,
  tokenScopes,
} from './browser.js';

const CONFIDENTIAL = { id: 'server-app', secret: 's3cret-value' };
const CONFIDENTIAL_REDIRECT = 'https://app.example.com/oauth/callback';

describe('authorization code flow with PKCE, driven over HTTP', () => {
  const t = useSandbox();
  beforeAll(() => {
    t.sandbox.oauth.registerClient({
      client_id: CONFIDENTIAL.id,
      name: 'Server App',
      client_secret: CONFIDENTIAL.secret,
      redirect_uris: [CONFIDENTIAL_REDIRECT],
    });
  });

  it('approves on the consent page and exchanges the code for working tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const page = await openAuthorize(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'contact_data campaign_data offline_access',
      state: 'xyz-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('ctct-connect sandbox CLI');
    for (const scope of ['contact_data', 'campaign_data', 'offline_access'])
      expect(page.html).toContain(`data-scope="${scope}"`);
    expect(page.html).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
    expect(page.html).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);

    const { res, location } = await decide(t.sandbox, page.consentId!, 'approve');
    expect(res.status).toBe(302);
    expect(`${location!.origin}${location!.pathname}`).toBe(REDIRECT);
    expect(location!.searchParams.get('state')).toBe('xyz-state');
    const code = location!.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const token = await tokenRequest(t.sandbox, {
      params: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: SANDBOX_CLIENT_ID,
        code_verifier: verifier,
      },
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(token.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'contact_data campaign_data offline_access',
    });
    expect(typeof token.body.refresh_token).toBe('string');
    expect(token.body.id_token.split('.')).toHaveLength(3);
    expect(claims(token.body.id_token)).toMatchObject({ aud: SANDBOX_CLIENT_ID });
    const access = claims(token.body.access_token);
    expect(access).toMatchObject({ cid: SANDBOX_CLIENT_ID, scp: ['contact_data', 'campaign_data', 'offline_access'] });
    expect(access.exp - access.iat).toBe(86400);

    expect(await tokenScopes(t.sandbox, token.body.access_token)).toEqual({
      status: 200,
      scopes: ['contact_data', 'campaign_data', 'offline_access'],
    });
  });

  it('accepts the token parameters in the query string as well as in the body', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'contact_data',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const token = await tokenRequest(t.sandbox, {
      inQuery: true,
      params: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: SANDBOX_CLIENT_ID,
        code_verifier: verifier,
      },
    });
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe('contact_data');
  });

  it('reads scopes joined with a literal + (the docs examples)', async () => {
    const { verifier, challenge } = pkcePair();
    const query = [
      'response_type=code',
      `client_id=${SANDBOX_CLIENT_ID}`,
      `redirect_uri=${encodeURIComponent(REDIRECT)}`,
      'scope=contact_data%2Baccount_read',
      `code_challenge=${challenge}`,
      'code_challenge_method=S256',
    ].join('&');
    const url = `/oauth2/default/v1/authorize?${query}`;
    const html = await (await t.sandbox.fetch(url)).text();
    const consentId = /name="consent_id" value="([^"]+)"/.exec(html)![1]!;
    const code = (await decide(t.sandbox, consentId, 'approve')).location!.searchParams.get('code')!;
    const token = await tokenRequest(t.sandbox, {
      params: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: SANDBOX_CLIENT_ID,
        code_verifier: verifier,
      },
    });
    expect(token.body.scope).toBe('contact_data account_read');
  });

  it('sends access_denied with the state back when the user denies', async () => {
    const { challenge } = pkcePair();
    const page = await openAuthorize(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'contact_data',
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const { res, location } = await decide(t.sandbox, page.consentId!, 'deny');
    expect(res.status).toBe(302);
    expect(location!.searchParams.get('error')).toBe('access_denied');
    expect(location!.searchParams.get('state')).toBe('s1');
    expect(location!.searchParams.get('code')).toBeNull();
  });

  it('accepts a consent decision only once', async () => {
    const { challenge } = pkcePair();
    const page = await openAuthorize(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'contact_data',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect((await decide(t.sandbox, page.consentId!, 'approve')).res.status).toBe(302);
    const again = await decide(t.sandbox, page.consentId!, 'approve');
    expect(again.res.status).toBe(400);
    expect(again.location).toBeUndefined();
  });

  it.each([
    ['an unknown client', { client_id: 'nobody', redirect_uri: REDIRECT }],
    ['a missing redirect_uri', { client_id: SANDBOX_CLIENT_ID }],
    [
      'a non-loopback redirect for the public client',
      { client_id: SANDBOX_CLIENT_ID, redirect_uri: 'https://evil.example/cb' },
    ],
    [
      'an https "loopback" for the public client',
      { client_id: SANDBOX_CLIENT_ID, redirect_uri: 'https://127.0.0.1:8080/cb' },
    ],
    [
      'an unregistered redirect for a confidential client',
      { client_id: CONFIDENTIAL.id, redirect_uri: 'http://127.0.0.1:9999/cb' },
    ],
  ])('shows %s as a 400 page and never redirects', async (_name, params) => {
    const page = await openAuthorize(t.sandbox, { scope: 'contact_data', ...params });
    expect(page.res.status).toBe(400);
    expect(page.res.headers.get('location')).toBeNull();
    expect(page.html).toContain('Authorization error');
    expect(page.consentId).toBeUndefined();
  });

  it.each([
    ['any loopback port and path on 127.0.0.1', 'http://127.0.0.1:1/any/path'],
    ['localhost', 'http://localhost:43210/'],
  ])('lets the public client redirect to %s (RFC 8252)', async (_name, redirect) => {
    const { challenge } = pkcePair();
    const page = await openAuthorize(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: redirect,
      scope: 'contact_data',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(page.consentId).toBeTruthy();
  });

  it.each([
    ['PKCE missing for a public client', { code_challenge: undefined }, 'invalid_request'],
    ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['an unknown scope', { scope: 'contact_data everything' }, 'invalid_scope'],
    ['no scope', { scope: '' }, 'invalid_scope'],
    ['the implicit response type', { response_type: 'token' }, 'unsupported_response_type'],
  ])('redirects %s back to the app as an error', async (_name, override, error) => {
    const { challenge } = pkcePair();
    const params = {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'contact_data',
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...override,
    };
    const clean = Object.fromEntries(
      Object.entries(params).filter(([, v]) => v !== undefined),
    ) as unknown as AuthorizeParams;
    const page = await openAuthorize(t.sandbox, clean);
    expect(page.res.status).toBe(302);
    const location = new URL(page.res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('st');
  });

  describe('code exchange failures', () => {
    const exchange = (code: string, params: Record<string, string>) =>
      tokenRequest(t.sandbox, {
        params: {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_id: SANDBOX_CLIENT_ID,
          ...params,
        },
      });

    it.each([
      [
        'a wrong verifier',
        (v: string) => ({ code_verifier: `${v.slice(0, -1)}${v.endsWith('A') ? 'B' : 'A'}` }),
        400,
        'invalid_grant',
      ],
      ['a missing verifier', () => ({}), 400, 'invalid_request'],
      ['a malformed verifier', () => ({ code_verifier: 'short' }), 400, 'invalid_request'],
      [
        'another redirect_uri',
        (v: string) => ({ code_verifier: v, redirect_uri: 'http://127.0.0.1:53682/other' }),
        400,
        'invalid_grant',
      ],
      ['another client', (v: string) => ({ code_verifier: v, client_id: 'nobody' }), 401, 'invalid_client'],
    ])('refuses %s', async (_name, extra, status, error) => {
      const { verifier, challenge } = pkcePair();
      const code = await obtainCode(t.sandbox, {
        client_id: SANDBOX_CLIENT_ID,
        redirect_uri: REDIRECT,
        scope: 'contact_data',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const res = await exchange(code, extra(verifier));
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
      expect(typeof res.body.error_description).toBe('string');
    });

    it('refuses a code older than 5 minutes of sandbox time, accepts one just younger', async () => {
      const first = pkcePair();
      const young = await obtainCode(t.sandbox, {
        client_id: SANDBOX_CLIENT_ID,
        redirect_uri: REDIRECT,
        scope: 'contact_data',
        code_challenge: first.challenge,
        code_challenge_method: 'S256',
      });
      t.sandbox.clock.advance(5 * 60 * 1000 - 1);
      expect((await exchange(young, { code_verifier: first.verifier })).status).toBe(200);

      const second = pkcePair();
      const old = await obtainCode(t.sandbox, {
        client_id: SANDBOX_CLIENT_ID,
        redirect_uri: REDIRECT,
        scope: 'contact_data',
        code_challenge: second.challenge,
        code_challenge_method: 'S256',
      });
      t.sandbox.clock.advance(5 * 60 * 1000);
      const res = await exchange(old, { code_verifier: second.verifier });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    });

    it('refuses a reused code and revokes the tokens the first use produced', async () => {
      const { verifier, challenge } = pkcePair();
      const code = await obtainCode(t.sandbox, {
        client_id: SANDBOX_CLIENT_ID,
        redirect_uri: REDIRECT,
        scope: 'contact_data offline_access',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const first = await exchange(code, { code_verifier: verifier });
      expect(first.status).toBe(200);
      expect((await tokenScopes(t.sandbox, first.body.access_token)).status).toBe(200);
      const second = await exchange(code, { code_verifier: verifier });
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect(
        (await callApi(t.sandbox, first.body.access_token, 'POST', '/token_info', { token: first.body.access_token }))
          .status,
      ).toBe(401);
    });
  });

  it('issues no refresh token without offline_access', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'contact_data campaign_data',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const token = await tokenRequest(t.sandbox, {
      params: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: SANDBOX_CLIENT_ID,
        code_verifier: verifier,
      },
    });
    expect(token.status).toBe(200);
    expect(token.body.refresh_token).toBeUndefined();
    expect(token.body.access_token).toBeTruthy();
  });

  it('lets the access token work for 24 hours of sandbox time, then answers 401', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'contact_data',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const { body } = await tokenRequest(t.sandbox, {
      params: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: SANDBOX_CLIENT_ID,
        code_verifier: verifier,
      },
    });
    t.sandbox.clock.advance(24 * 3600 * 1000 - 1);
    expect((await tokenScopes(t.sandbox, body.access_token)).status).toBe(200);
    t.sandbox.clock.advance(1);
    const expired = await callApi(t.sandbox, body.access_token, 'POST', '/token_info', { token: body.access_token });
    expect(expired).toEqual({ status: 401, body: { error_key: 'unauthorized', error_message: 'Unauthorized' } });
  });

  describe('a confidential client (server flow, HTTP Basic)', () => {
    const code = async (): Promise<string> => {
      const page = await openAuthorize(t.sandbox, {
        client_id: CONFIDENTIAL.id,
        redirect_uri: CONFIDENTIAL_REDIRECT,
        scope: 'contact_data offline_access',
        state: 'c',
      });
      expect(page.html).toContain('Server App');
      return (await decide(t.sandbox, page.consentId!, 'approve')).location!.searchParams.get('code')!;
    };

    it('exchanges a code with Basic client_id:client_secret and no PKCE', async () => {
      const res = await tokenRequest(t.sandbox, {
        basic: CONFIDENTIAL,
        params: { grant_type: 'authorization_code', code: await code(), redirect_uri: CONFIDENTIAL_REDIRECT },
      });
      expect(res.status).toBe(200);
      expect(res.body.refresh_token).toBeTruthy();
      expect(res.body.id_token).toBeUndefined();
    });

    it.each([
      ['no client authentication', { params: { client_id: CONFIDENTIAL.id } }],
      ['a wrong secret', { basic: { id: CONFIDENTIAL.id, secret: 'wrong' }, params: {} }],
      [
        'the secret in the form body instead of Basic',
        { params: { client_id: CONFIDENTIAL.id, client_secret: CONFIDENTIAL.secret } },
      ],
    ])('answers 401 invalid_client for %s', async (_name, call) => {
      const res = await tokenRequest(t.sandbox, {
        ...call,
        params: {
          grant_type: 'authorization_code',
          code: await code(),
          redirect_uri: CONFIDENTIAL_REDIRECT,
          ...call.params,
        },
      });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    });
  });

  it('refuses a JSON body at the token endpoint', async () => {
    const res = await t.sandbox.fetch('/oauth2/default/v1/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x', client_id: SANDBOX_CLIENT_ID }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it.each([
    ['no grant_type', {}, 'invalid_request'],
    ['an unknown grant_type', { grant_type: 'password' }, 'unsupported_grant_type'],
  ])('answers %s with %s', async (_name, params, error) => {
    const res = await tokenRequest(t.sandbox, { params: { client_id: SANDBOX_CLIENT_ID, ...params } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
  });
});
