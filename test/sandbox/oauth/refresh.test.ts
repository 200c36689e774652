import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { SANDBOX_CLIENT_ID } from '../../../src/sandbox/index.js';
import { REDIRECT, obtainCode, pkcePair, tokenRequest, tokenScopes } from './browser.js';

const DAY = 24 * 3600 * 1000;
const LONG_LIVED = { id: 'long-lived-app', secret: 'long-lived-secret' };
const STALE = { error: 'invalid_grant', error_description: 'unknown, invalid, or expired refresh token' };

describe('refresh tokens', () => {
  const t = useSandbox();
  beforeAll(() => {
    t.sandbox.oauth.registerClient({
      client_id: LONG_LIVED.id,
      name: 'Long-lived App',
      client_secret: LONG_LIVED.secret,
      redirect_uris: [REDIRECT],
      refresh_mode: 'long_lived',
    });
  });

  /** A fresh connection of the public client through the PKCE flow. */
  async function connectPublic(
    scope = 'contact_data campaign_data offline_access',
  ): Promise<{ access_token: string; refresh_token: string }> {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(t.sandbox, {
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await tokenRequest(t.sandbox, {
      params: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: SANDBOX_CLIENT_ID,
        code_verifier: verifier,
      },
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function connectLongLived(): Promise<{ access_token: string; refresh_token: string }> {
    const code = await obtainCode(t.sandbox, {
      client_id: LONG_LIVED.id,
      redirect_uri: REDIRECT,
      scope: 'contact_data offline_access',
    });
    const res = await tokenRequest(t.sandbox, {
      basic: LONG_LIVED,
      params: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  const refreshPublic = (refreshToken: string, extra: Record<string, string> = {}) =>
    tokenRequest(t.sandbox, {
      params: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: SANDBOX_CLIENT_ID, ...extra },
    });
  const refreshLongLived = (refreshToken: string) =>
    tokenRequest(t.sandbox, {
      basic: LONG_LIVED,
      params: { grant_type: 'refresh_token', refresh_token: refreshToken },
    });

  it('rotates by default: a new refresh token each time, and the previous one stops working', async () => {
    const first = await connectPublic();
    const r1 = await refreshPublic(first.refresh_token);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'contact_data campaign_data offline_access',
    });
    expect(r1.body.refresh_token).not.toBe(first.refresh_token);
    expect(r1.body.access_token).not.toBe(first.access_token);

    const reuse = await refreshPublic(first.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.body).toEqual(STALE);

    const r2 = await refreshPublic(r1.body.refresh_token);
    expect(r2.status).toBe(200);
    expect((await tokenScopes(t.sandbox, r2.body.access_token)).status).toBe(200);
  });

  it('keeps earlier access tokens valid until they expire', async () => {
    const first = await connectPublic();
    await refreshPublic(first.refresh_token);
    expect((await tokenScopes(t.sandbox, first.access_token)).status).toBe(200);
  });

  it('returns the same refresh token in long-lived mode, again and again', async () => {
    const first = await connectLongLived();
    for (let i = 0; i < 3; i++) {
      const res = await refreshLongLived(first.refresh_token);
      expect(res.status).toBe(200);
      expect(res.body.refresh_token).toBe(first.refresh_token);
    }
  });

  it('expires a rotating refresh token after 180 days unused', async () => {
    const fresh = await connectPublic();
    t.sandbox.clock.advance(180 * DAY - 1);
    const stillOk = await refreshPublic(fresh.refresh_token);
    expect(stillOk.status).toBe(200);
    t.sandbox.clock.advance(180 * DAY);
    const expired = await refreshPublic(stillOk.body.refresh_token);
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual(STALE);
  });

  it('keeps a long-lived token alive while it is used within every 180-day window', async () => {
    const first = await connectLongLived();
    for (let i = 0; i < 3; i++) {
      t.sandbox.clock.advance(179 * DAY);
      expect((await refreshLongLived(first.refresh_token)).status).toBe(200);
    }
    t.sandbox.clock.advance(180 * DAY);
    expect((await refreshLongLived(first.refresh_token)).body).toEqual(STALE);
  });

  it('can narrow the scope of the new access token but never widen it', async () => {
    const first = await connectPublic('contact_data campaign_data offline_access');
    const narrowed = await refreshPublic(first.refresh_token, { scope: 'contact_data' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('contact_data');
    expect((await tokenScopes(t.sandbox, narrowed.body.access_token)).scopes).toEqual(['contact_data']);
    // the rotated refresh token still carries the whole grant
    const full = await refreshPublic(narrowed.body.refresh_token);
    expect(full.body.scope).toBe('contact_data campaign_data offline_access');
    const widened = await refreshPublic(full.body.refresh_token, { scope: 'contact_data account_update' });
    expect(widened.status).toBe(400);
    expect(widened.body.error).toBe('invalid_scope');
  });

  it("refuses another application's refresh token", async () => {
    const mine = await connectLongLived();
    const res = await refreshPublic(mine.refresh_token);
    expect(res.body).toEqual(STALE);
  });

  it('stops every token of a revoked grant', async () => {
    const issued = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['contact_data', 'offline_access']);
    expect(t.sandbox.oauth.revokeGrant(issued.grant_id)).toBe(true);
    expect((await refreshPublic(issued.refresh_token!)).body).toEqual(STALE);
    expect((await tokenScopes(t.sandbox, issued.access_token)).status).toBe(401);
  });

  it('lets a test expire tokens without moving the clock', async () => {
    const issued = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['contact_data', 'offline_access']);
    t.sandbox.oauth.expireAccessTokens(issued.grant_id);
    expect((await tokenScopes(t.sandbox, issued.access_token)).status).toBe(401);
    const renewed = await refreshPublic(issued.refresh_token!);
    expect(renewed.status).toBe(200);
    t.sandbox.oauth.expireRefreshTokens(issued.grant_id);
    expect((await refreshPublic(renewed.body.refresh_token)).body).toEqual(STALE);
  });

  it('requires the refresh_token parameter', async () => {
    const res = await tokenRequest(t.sandbox, {
      params: { grant_type: 'refresh_token', client_id: SANDBOX_CLIENT_ID },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });
});
