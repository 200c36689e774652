import { createHash, randomBytes } from 'node:crypto';
import type { Sandbox } from '../../../src/sandbox/index.js';

/**
 * The test plays the browser and the app against the sandbox's OAuth server: it opens the authorize
 * URL, reads the consent form, submits it and reads the 302, then calls the token endpoint. Only
 * plain HTTP semantics are used (in-process `sandbox.fetch`), exactly what a real browser would see.
 */
export const OAUTH = '/oauth2/default/v1';
export const REDIRECT = 'http://127.0.0.1:53682/callback';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  client_id: string;
  redirect_uri?: string;
  scope?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  response_type?: string;
  nonce?: string;
}

export function authorizeUrl(params: AuthorizeParams): string {
  const q = new URLSearchParams({ response_type: 'code', ...params } as Record<string, string>);
  return `${OAUTH}/authorize?${q.toString()}`;
}

/** GET /authorize; returns the page and, when it is a consent page, its one-time consent id. */
export async function openAuthorize(
  sandbox: Sandbox,
  params: AuthorizeParams,
): Promise<{ res: Response; html: string; consentId?: string }> {
  const res = await sandbox.fetch(authorizeUrl(params), { redirect: 'manual' });
  const html = res.headers.get('content-type')?.includes('text/html') ? await res.text() : '';
  const consentId = /name="consent_id" value="([^"]+)"/.exec(html)?.[1];
  return consentId ? { res, html, consentId } : { res, html };
}

/** Submits the consent form; returns the 302's Location parsed as a URL (or the raw response). */
export async function decide(
  sandbox: Sandbox,
  consentId: string,
  decision: 'approve' | 'deny',
): Promise<{ res: Response; location?: URL }> {
  const res = await sandbox.fetch(`${OAUTH}/authorize/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent_id: consentId, decision }).toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  return location ? { res, location: new URL(location) } : { res };
}

/** The whole browser part: authorize, approve, return the code from the redirect. */
export async function obtainCode(sandbox: Sandbox, params: AuthorizeParams): Promise<string> {
  const page = await openAuthorize(sandbox, params);
  if (!page.consentId)
    throw new Error(
      `no consent page: ${page.res.status} ${page.res.headers.get('location') ?? page.html.slice(0, 300)}`,
    );
  const { location } = await decide(sandbox, page.consentId, 'approve');
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`no code in the redirect: ${String(location)}`);
  return code;
}

export interface TokenCall {
  params: Record<string, string>;
  /** Send the parameters in the query string instead of the form body. */
  inQuery?: boolean;
  basic?: { id: string; secret: string };
}

export async function tokenRequest(
  sandbox: Sandbox,
  call: TokenCall,
  path = '/token',
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new URLSearchParams(call.params).toString();
  const headers: Record<string, string> = {};
  if (call.basic)
    headers.authorization = `Basic ${Buffer.from(`${call.basic.id}:${call.basic.secret}`).toString('base64')}`;
  if (!call.inQuery) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await sandbox.fetch(`${OAUTH}${path}${call.inQuery ? `?${form}` : ''}`, {
    method: 'POST',
    headers,
    ...(call.inQuery ? {} : { body: form }),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Decodes the claims of a JWT-shaped token. */
export function claims(jwt: string): Record<string, any> {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

export async function callApi(
  sandbox: Sandbox,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await sandbox.fetch(`/v3${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Scopes of a token as `/v3/token_info` reports them (the token asks about itself). */
export async function tokenScopes(sandbox: Sandbox, token: string): Promise<{ status: number; scopes?: string[] }> {
  const res = await callApi(sandbox, token, 'POST', '/token_info', { token });
  return res.status === 200 ? { status: 200, scopes: res.body.scopes } : { status: res.status };
}
