import type { Hono } from 'hono';
import type { SandboxEnv } from '../context.js';
import type { SandboxClock } from '../clock.js';
import type { OAuthStore } from './store.js';
import {
  OAuthRequestError,
  authenticateClient,
  oauthError,
  oauthJson,
  parseScopes,
  readParams,
  unknownScopes,
} from './http.js';
import { deviceConfirmPage, deviceEntryPage, messagePage } from './pages.js';
import type { DeviceRecord } from './flows.js';

/**
 * The device flow (RFC 8628): `POST /device/authorize` starts it, the user approves the user code
 * on the verification page (`/device/verify`, plain HTML forms), and the device polls `/token`.
 */
export function registerDevice(oauth: Hono<SandboxEnv>, base: string, store: OAuthStore, clock: SandboxClock): void {
  const flows = store.flows;

  oauth.post('/device/authorize', async (c) => {
    try {
      const params = await readParams(c);
      const client = authenticateClient(c, params, store);
      if (!client.device_flow)
        return oauthError(400, 'unauthorized_client', 'This application is not configured for the device flow.');
      const scopes = parseScopes(params.get('scope'));
      if (scopes.length === 0) return oauthError(400, 'invalid_scope', "The 'scope' parameter is required.");
      const unknown = unknownScopes(scopes);
      if (unknown.length > 0) return oauthError(400, 'invalid_scope', `Unknown scope(s): ${unknown.join(' ')}.`);
      const record = flows.createDeviceCode(client.client_id, scopes);
      const verificationUri = `${new URL(c.req.url).origin}${base}/device/verify`;
      return oauthJson({
        device_code: record.device_code,
        user_code: record.user_code,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(record.user_code)}`,
        expires_in: Math.round((record.expires_at - record.created_at) / 1000),
        interval: record.interval_s,
      });
    } catch (err) {
      if (err instanceof OAuthRequestError) return err.response;
      throw err;
    }
  });

  /** The device authorization a user code names, when it still waits for the user. */
  const waiting = (userCode: string | null | undefined): DeviceRecord | string => {
    if (!userCode) return '';
    const record = flows.findDeviceByUserCode(userCode);
    if (!record || record.expires_at <= clock.nowMs())
      return 'That code is not valid or has expired. Check the code on your device.';
    if (record.status !== 'pending') return 'That code was already used.';
    return record;
  };

  const action = `${base}/device/verify`;

  oauth.get('/device/verify', (c) => {
    const found = waiting(c.req.query('user_code'));
    if (typeof found === 'string') return deviceEntryPage(action, found);
    return deviceConfirmPage(
      action,
      found.user_code,
      store.getClient(found.client_id)?.name ?? found.client_id,
      found.scopes.split(' '),
    );
  });

  oauth.post('/device/verify', async (c) => {
    let params: URLSearchParams;
    try {
      params = await readParams(c);
    } catch (err) {
      if (err instanceof OAuthRequestError)
        return deviceEntryPage(action, 'Submit the form as application/x-www-form-urlencoded.');
      throw err;
    }
    const decision = params.get('decision');
    if (decision !== 'approve' && decision !== 'deny')
      return deviceEntryPage(action, 'decision must be approve or deny.');
    const found = waiting(params.get('user_code'));
    if (typeof found === 'string') return deviceEntryPage(action, found || 'Enter the code shown on your device.');
    const approved = decision === 'approve';
    if (!flows.setDeviceStatus(found.device_code, 'pending', approved ? 'approved' : 'denied'))
      return deviceEntryPage(action, 'That code was already used.');
    return approved
      ? messagePage('Device activated', 'You can return to your device; it will finish signing in on its own.')
      : messagePage('Request denied', 'The device was not given access.');
  });
}
