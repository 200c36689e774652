import { OAuthFlowError } from './errors.js';
import { trimBase } from './defaults.js';

/**
 * The few calls a public client makes to the authorization server (facts §7.1-7.2): form-encoded
 * POSTs to `/token` and `/device/authorize`, no client secret. Nothing here ever puts a token or a
 * code into an error message.
 */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  /** Seconds; 86,400 on the real service. */
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}

export interface OAuthHttp {
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

export async function postForm(
  url: string,
  form: Record<string, string>,
  http: OAuthHttp = {},
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const doFetch = http.fetch ?? globalThis.fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(http.timeoutMs ?? 30_000),
      redirect: 'manual',
    });
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : (err as Error).message;
    throw new OAuthFlowError('unreachable', `POST ${url}: ${reason}`, 'check the network and the --oauth-base URL');
  }
  const text = await res.text();
  let body: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

/** The OAuth error of a failed response (`{"error": ..., "error_description": ...}`), or a generic one. */
export function oauthError(
  status: number,
  body: Record<string, unknown> | undefined,
): { error: string; description?: string } {
  const error = typeof body?.error === 'string' ? body.error : `http_${status}`;
  const description = typeof body?.error_description === 'string' ? body.error_description.slice(0, 300) : undefined;
  return description === undefined ? { error } : { error, description };
}

/** Attempts at the token endpoint when it answers 429 (it takes about one request per second per application). */
const THROTTLED_ATTEMPTS = 5;

export async function requestToken(
  oauthBase: string,
  form: Record<string, string>,
  http: OAuthHttp = {},
): Promise<TokenResponse> {
  let { status, body } = await postForm(`${trimBase(oauthBase)}/token`, form, http);
  for (let attempt = 1; status === 429 && attempt < THROTTLED_ATTEMPTS; attempt++) {
    // A throttled request was not processed, so sending it again cannot spend a rotating refresh token twice.
    await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.random() * 500));
    ({ status, body } = await postForm(`${trimBase(oauthBase)}/token`, form, http));
  }
  if (status !== 200 || !body) {
    const e = oauthError(status, body);
    throw new OAuthFlowError(e.error, e.description);
  }
  return parseTokenResponse(body);
}

export function parseTokenResponse(body: Record<string, unknown>): TokenResponse {
  const { access_token, token_type, expires_in, refresh_token, scope } = body;
  if (typeof access_token !== 'string' || access_token === '')
    throw new OAuthFlowError('invalid_response', 'the token response has no access_token');
  const out: TokenResponse = {
    access_token,
    token_type: typeof token_type === 'string' ? token_type : 'Bearer',
    // 24 h when the server does not say (facts §7.2).
    expires_in: typeof expires_in === 'number' && expires_in > 0 ? expires_in : 86_400,
  };
  if (typeof refresh_token === 'string' && refresh_token !== '') out.refresh_token = refresh_token;
  if (typeof scope === 'string') out.scope = scope;
  return out;
}
