import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { SANDBOX_CLIENT_ID } from '../../../src/sandbox/index.js';
import { OAUTH, tokenRequest, tokenScopes } from './browser.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describe('device flow', () => {
  const t = useSandbox();
  beforeAll(() => {
    t.sandbox.oauth.registerClient({
      client_id: 'server-only',
      name: 'Server only',
      client_secret: 'x',
      redirect_uris: [],
    });
  });

  const start = async (scope = 'contact_data offline_access') => {
    const res = await tokenRequest(t.sandbox, { params: { client_id: SANDBOX_CLIENT_ID, scope } }, '/device/authorize');
    expect(res.status).toBe(200);
    return res.body as {
      device_code: string;
      user_code: string;
      verification_uri: string;
      verification_uri_complete: string;
      expires_in: number;
      interval: number;
    };
  };
  const poll = (deviceCode: string) =>
    tokenRequest(t.sandbox, {
      params: { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: SANDBOX_CLIENT_ID },
    });

  /** The user's side: open the verification page for the code and press a button. */
  async function userDecides(userCode: string, decision: 'approve' | 'deny'): Promise<Response> {
    return t.sandbox.fetch(`${OAUTH}/device/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_code: userCode, decision }).toString(),
    });
  }

  it('goes pending -> slow_down -> pending -> approved -> tokens, once', async () => {
    const started = await start();
    expect(started.user_code).toMatch(/^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
    expect(started).toMatchObject({ expires_in: 600, interval: 5 });
    expect(new URL(started.verification_uri).pathname).toBe(`${OAUTH}/device/verify`);
    expect(new URL(started.verification_uri_complete).searchParams.get('user_code')).toBe(started.user_code);

    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
    const fast = await poll(started.device_code);
    expect(fast.status).toBe(400);
    expect(fast.body.error).toBe('slow_down');
    // every slow_down adds 5 seconds to the interval for good: 5 s later is too soon (now 10 s)...
    t.sandbox.clock.advance(5000);
    expect((await poll(started.device_code)).body.error).toBe('slow_down');
    // ...and the interval is 15 s after the second slow_down
    t.sandbox.clock.advance(15_000);
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');

    const completeUrl = new URL(started.verification_uri_complete);
    const page = await t.sandbox.fetch(`${completeUrl.pathname}${completeUrl.search}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('ctct-connect sandbox CLI');
    expect(html).toContain(started.user_code);

    expect((await userDecides(started.user_code, 'approve')).status).toBe(200);
    t.sandbox.clock.advance(15_000);
    const done = await poll(started.device_code);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'contact_data offline_access' });
    expect(done.body.refresh_token).toBeTruthy();
    expect((await tokenScopes(t.sandbox, done.body.access_token)).scopes).toEqual(['contact_data', 'offline_access']);

    t.sandbox.clock.advance(15_000);
    expect((await poll(started.device_code)).body.error).toBe('invalid_grant');
  });

  it('accepts the user code in lower case without the dash', async () => {
    const started = await start();
    expect((await userDecides(started.user_code.replace('-', '').toLowerCase(), 'approve')).status).toBe(200);
    expect((await poll(started.device_code)).status).toBe(200);
  });

  it('answers access_denied after the user denies', async () => {
    const started = await start();
    expect((await userDecides(started.user_code, 'deny')).status).toBe(200);
    const res = await poll(started.device_code);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('access_denied');
  });

  it('answers expired_token once the device code is 10 minutes old, and the page refuses the code', async () => {
    const started = await start();
    t.sandbox.clock.advance(600_000);
    const res = await poll(started.device_code);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('expired_token');
    expect((await userDecides(started.user_code, 'approve')).status).toBe(400);
  });

  it('refuses an unknown user code on the verification page', async () => {
    const res = await t.sandbox.fetch(`${OAUTH}/device/verify?user_code=BBBB-BBBB`);
    expect(res.status).toBe(400);
  });

  it('refuses an application that is not configured for the device flow', async () => {
    const res = await tokenRequest(
      t.sandbox,
      { basic: { id: 'server-only', secret: 'x' }, params: { scope: 'contact_data' } },
      '/device/authorize',
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });

  it('issues no refresh token without offline_access', async () => {
    const started = await start('campaign_data');
    await userDecides(started.user_code, 'approve');
    const res = await poll(started.device_code);
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
  });
});
