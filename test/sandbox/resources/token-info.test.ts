import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { ALL_SCOPES, SANDBOX_CLIENT_ID } from '../../../src/sandbox/index.js';

describe('POST /v3/token_info', () => {
  const t = useSandbox();

  it('answers the scopes of the token plus its application and lifetime', async () => {
    const res = await t.api('POST', '/token_info', { token: t.sandbox.credentials.access_token });
    expect(res.status).toBe(200);
    expect(res.body.scopes).toEqual([...ALL_SCOPES]);
    expect(res.body.client_id).toBe(SANDBOX_CLIENT_ID);
    expect(res.body.token_type).toBe('Bearer');
    expect(Date.parse(res.body.expires_at) - Date.parse(res.body.issued_at)).toBe(86_400_000);
    expect(res.body.expires_in).toBeGreaterThan(0);
    expect(res.body.expires_in).toBeLessThanOrEqual(86_400);
  });

  it("reports another token's narrower scopes", async () => {
    const other = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['campaign_data']);
    const res = await t.api('POST', '/token_info', { token: other.access_token });
    expect(res.body.scopes).toEqual(['campaign_data']);
  });

  it.each([
    ['an unknown token', () => 'not-a-token'],
    [
      'a revoked token',
      () => {
        const issued = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['contact_data']);
        t.sandbox.oauth.revokeGrant(issued.grant_id);
        return issued.access_token;
      },
    ],
    [
      'an expired token',
      () => {
        const issued = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['contact_data']);
        t.sandbox.oauth.expireAccessTokens(issued.grant_id);
        return issued.access_token;
      },
    ],
    ['a refresh token', () => t.sandbox.credentials.refresh_token],
  ])('rejects %s with a 400 array', async (_name, token) => {
    const res = await t.api('POST', '/token_info', { token: token() });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ error_key: 'token_info.token.invalid', error_message: expect.any(String) }]);
  });

  it.each([
    ['no token field', { other: 1 }, 400],
    ['an empty token', { token: '' }, 400],
    ['a non-JSON body', 'token=abc', 415],
  ])('refuses %s', async (_name, body, status) => {
    const headers = typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
    const res = await t.api('POST', '/token_info', body, headers);
    expect(res.status).toBe(status);
  });

  it('needs the Bearer header like every v3 call', async () => {
    const res = await t.sandbox.fetch('/v3/token_info', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: t.sandbox.credentials.access_token }),
    });
    expect(res.status).toBe(401);
  });
});

describe('scope enforcement on a contact-data route', () => {
  const t = useSandbox();

  it('answers 403 on GET /v3/contacts to a token without contact_data, 200 with it', async () => {
    const without = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['campaign_data', 'account_read']);
    const denied = await t.api('GET', '/contacts', undefined, { authorization: `Bearer ${without.access_token}` });
    expect(denied.status).toBe(403);
    const withScope = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['contact_data']);
    const allowed = await t.api('GET', '/contacts', undefined, { authorization: `Bearer ${withScope.access_token}` });
    expect(allowed.status).toBe(200);
  });
});
