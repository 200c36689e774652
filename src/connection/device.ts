import { trimBase } from './defaults.js';
import { ConnectionError, OAuthFlowError } from './errors.js';
import { oauthError, parseTokenResponse, postForm, type OAuthHttp, type TokenResponse } from './oauth-client.js';

/**
 * The device authorization grant (RFC 8628, facts §7.2): for machines without a browser. The user
 * approves on another device; this side polls the token endpoint at the server's pace.
 */
export interface DeviceAuthorization {
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval: number;
}

export interface DeviceFlowOptions {
  oauthBase: string;
  clientId: string;
  scopes: readonly string[];
  http?: OAuthHttp;
  /** Shown to the user: where to go and which code to type. */
  onPrompt(authorization: DeviceAuthorization): void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export async function runDeviceFlow(options: DeviceFlowOptions): Promise<TokenResponse> {
  const base = trimBase(options.oauthBase);
  const started = await postForm(
    `${base}/device/authorize`,
    { client_id: options.clientId, scope: options.scopes.join(' ') },
    options.http,
  );
  if (started.status !== 200 || !started.body) {
    const e = oauthError(started.status, started.body);
    throw new OAuthFlowError(
      e.error,
      e.description,
      e.error === 'unauthorized_client'
        ? 'the application is not enabled for the device flow; ' +
            'enable it in the developer portal or connect without --device'
        : undefined,
    );
  }
  const body = started.body;
  const deviceCode = body.device_code;
  if (
    typeof deviceCode !== 'string' ||
    typeof body.user_code !== 'string' ||
    typeof body.verification_uri !== 'string'
  ) {
    throw new OAuthFlowError(
      'invalid_response',
      'the device authorization response lacks device_code, user_code or verification_uri',
    );
  }
  const authorization: DeviceAuthorization = {
    user_code: body.user_code,
    verification_uri: body.verification_uri,
    expires_in: typeof body.expires_in === 'number' ? body.expires_in : 600,
    interval: typeof body.interval === 'number' && body.interval > 0 ? body.interval : 5,
  };
  if (typeof body.verification_uri_complete === 'string')
    authorization.verification_uri_complete = body.verification_uri_complete;
  await options.onPrompt(authorization);

  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + authorization.expires_in * 1000;
  let intervalS = authorization.interval;
  while (true) {
    await sleep(intervalS * 1000);
    const polled = await postForm(
      `${base}/token`,
      { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: options.clientId },
      options.http,
    );
    if (polled.status === 200 && polled.body) return parseTokenResponse(polled.body);
    const e = oauthError(polled.status, polled.body);
    switch (e.error) {
      case 'authorization_pending':
        break;
      case 'slow_down':
        // RFC 8628 §3.5: every slow_down adds 5 seconds to the interval, for good.
        intervalS += 5;
        break;
      case 'access_denied':
        throw new OAuthFlowError(
          'access_denied',
          'access was declined on the verification page',
          'run the command again to retry',
        );
      case 'expired_token':
        throw new ConnectionError(
          'the device code expired before it was approved',
          'run the command again and approve within the time shown',
        );
      default:
        throw new OAuthFlowError(e.error, e.description);
    }
    if (Date.now() > deadline)
      throw new ConnectionError(
        'the device code expired before it was approved',
        'run the command again and approve within the time shown',
      );
  }
}
