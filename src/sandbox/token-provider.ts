import type { TokenProvider } from '../client/types.js';
import type { Sandbox } from './index.js';
import type { RunningServer } from './serve.js';

const DAY_MS = 86_400_000;

/**
 * A token provider over a sandbox's default grant, for programs that start a sandbox in-process
 * (`ctct tour`, the embedded sandbox of `ctct app`). The sandbox's access tokens live 24 hours of its
 * clock, which may be moved days ahead: the token is renewed through the sandbox's OAuth token endpoint
 * with the refresh token, as a stored connection would do, shortly before it expires or after a 401.
 */
export function sandboxTokenProvider(sandbox: Sandbox, server: RunningServer): TokenProvider {
  let access = sandbox.credentials.access_token;
  let refreshToken = sandbox.credentials.refresh_token;
  let expiresAt = sandbox.clock.nowMs() + DAY_MS;
  let pending: Promise<string> | undefined;
  const renew = (): Promise<string> =>
    (pending ??= (async () => {
      const res = await fetch(`${server.oauthBase}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: sandbox.credentials.client_id,
        }),
      });
      const body = (await res.json()) as {
        access_token?: string;
        refresh_token?: string;
        expires_in?: number;
        error_description?: string;
      };
      if (!res.ok || !body.access_token)
        throw new Error(`The sandbox refused to renew the access token: ${body.error_description ?? res.status}`);
      access = body.access_token;
      refreshToken = body.refresh_token ?? refreshToken;
      expiresAt = sandbox.clock.nowMs() + (body.expires_in ?? 0) * 1000;
      return access;
    })().finally(() => (pending = undefined)));
  return {
    getToken: () => (sandbox.clock.nowMs() >= expiresAt - 60_000 ? renew() : Promise.resolve(access)),
    refresh: (rejected) => (rejected === access ? renew() : Promise.resolve(access)),
  };
}
