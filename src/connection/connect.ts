import { assertSecureBase } from '../client/guard.js';
import { fetchAccountSummary } from './account.js';
import { openBrowser } from './browser.js';
import {
  DEFAULT_SCOPES,
  REAL_API_BASE,
  REAL_OAUTH_BASE,
  SANDBOX_PUBLIC_CLIENT_ID,
  isRealService,
  trimBase,
} from './defaults.js';
import { runDeviceFlow, type DeviceAuthorization } from './device.js';
import { ConnectionError, ConnectionUsageError } from './errors.js';
import { ensurePrivateDir, sweepLeftovers } from './fs-atomic.js';
import { acquireLock, isProcessAlive } from './lock.js';
import { startLoopback } from './loopback.js';
import { requestToken, type OAuthHttp, type TokenResponse } from './oauth-client.js';
import { CONNECTION_NAME_RULE, isValidConnectionName } from './paths.js';
import { createPkcePair, createState, type PkcePair } from './pkce.js';
import type { AccountInfo, Connection, ConnectionInfo, ConnectionStore } from './store.js';

export interface ConnectOptions {
  store: ConnectionStore;
  name?: string;
  clientId?: string;
  scopes?: readonly string[];
  oauthBase?: string;
  apiBase?: string;
  /** Accept plain-http bases on other hosts than this machine (default: CTCT_ALLOW_INSECURE_HTTP). */
  allowInsecureHttp?: boolean;
  /** Loopback port (default: any free port). */
  port?: number;
  /** Open the browser (default true); the URL is printed either way. */
  browser?: boolean;
  /** Use the device flow instead of a loopback redirect. */
  device?: boolean;
  /** How long to wait for the browser or the device approval (default 5 minutes for the loopback). */
  timeoutMs?: number;
  http?: OAuthHttp;
  /** Progress for a person (the CLI sends it to stderr). Never receives a token. */
  say(line: string): void;
  /** For the device flow's polling (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
  /** Receives the authorization URL (a test plays the browser with it). */
  onAuthorizeUrl?: (url: string) => void;
  onDevicePrompt?: (authorization: DeviceAuthorization) => void;
}

export interface ConnectResult {
  connection: ConnectionInfo;
  /** True when this connection became the default one. */
  isDefault: boolean;
  /** True when an existing connection of that name was replaced. */
  replaced: boolean;
  warnings: string[];
}

/** What a new connection will be, checked before anyone is asked to consent. */
export interface ConnectPlan {
  name: string;
  oauthBase: string;
  apiBase: string;
  clientId: string;
  scopes: string[];
  warnings: string[];
  warn(text: string): void;
}

/**
 * `ctct connect`: consent in the browser (authorization code + PKCE through a loopback redirect, or
 * the device flow), then the account summary, then the connection saved encrypted. The web app runs
 * the same three steps with itself as the loopback redirect: `planConnection`, `authorizationUrl`
 * and `requestToken`, `completeConnection`.
 */
export async function connect(options: ConnectOptions): Promise<ConnectResult> {
  const plan = await planConnection(options);
  const tokens = options.device
    ? await deviceFlow(options, plan.oauthBase, plan.clientId, plan.scopes)
    : await loopbackFlow(options, plan.oauthBase, plan.clientId, plan.scopes);
  return completeConnection(options, plan, tokens);
}

/** Checks the name, bases, client id, scopes and the store's key: everything that can fail before consent. */
export async function planConnection(
  options: Pick<
    ConnectOptions,
    'store' | 'name' | 'clientId' | 'scopes' | 'oauthBase' | 'apiBase' | 'allowInsecureHttp' | 'say'
  >,
): Promise<ConnectPlan> {
  const name = options.name ?? 'default';
  if (!isValidConnectionName(name))
    throw new ConnectionUsageError(`invalid connection name "${name.slice(0, 80)}"`, CONNECTION_NAME_RULE);
  const oauthBase = trimBase(options.oauthBase ?? REAL_OAUTH_BASE);
  const apiBase = trimBase(options.apiBase ?? (isRealService(oauthBase) ? REAL_API_BASE : guessApiBase(oauthBase)));
  // Before anything else: a plain-http base off this machine would carry the code and tokens in clear.
  assertSecureBase(new URL(oauthBase), 'OAuth base', options.allowInsecureHttp);
  assertSecureBase(new URL(apiBase), 'API base', options.allowInsecureHttp);
  const clientId = resolveClientId(options.clientId, oauthBase);
  const scopes = [...new Set(options.scopes ?? DEFAULT_SCOPES)];
  if (scopes.length === 0)
    throw new ConnectionUsageError('no scopes requested', `the default is "${DEFAULT_SCOPES.join(' ')}"`);
  const warnings: string[] = [];
  const warn = (text: string): void => {
    warnings.push(text);
    options.say(`warning: ${text}`);
  };
  if (!scopes.includes('offline_access')) {
    warn(
      'offline_access is not among the scopes: no refresh token will be issued, ' +
        'and the connection stops working when its access token expires (24 h)',
    );
  }
  // A broken key must fail now, not after the user has consented in the browser.
  await options.store.checkKey();
  return { name, oauthBase, apiBase, clientId, scopes, warnings, warn };
}

/** The authorization request (code flow, PKCE S256) the browser is sent to. */
export function authorizationUrl(
  plan: { oauthBase: string; clientId: string; scopes: readonly string[] },
  redirectUri: string,
  state: string,
  pkce: PkcePair,
): string {
  const url = new URL(`${plan.oauthBase}/authorize`);
  url.search = new URLSearchParams({
    client_id: plan.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: plan.scopes.join(' '),
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
  }).toString();
  return url.toString();
}

/** With the tokens granted: the account summary, then the connection saved (under its lock), made default if first. */
export async function completeConnection(
  options: Pick<ConnectOptions, 'store' | 'http'>,
  plan: ConnectPlan,
  tokens: TokenResponse,
): Promise<ConnectResult> {
  const { name, apiBase, oauthBase, clientId, scopes, warnings, warn } = plan;

  let account: AccountInfo = {};
  try {
    account = await fetchAccountSummary(apiBase, tokens.access_token, options.http?.fetch);
  } catch (err) {
    if (!(err instanceof ConnectionError)) throw err;
    warn(`could not read the account summary: ${err.message}; the connection is saved without the account name`);
  }

  const now = Date.now();
  const connection: Connection = {
    name,
    account,
    api_base: apiBase,
    oauth_base: oauthBase,
    client_id: clientId,
    scopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : scopes,
    access_expires_at: new Date(now + tokens.expires_in * 1000).toISOString(),
    has_refresh_token: tokens.refresh_token !== undefined,
    refresh_mode: 'unknown',
    created_at: new Date(now).toISOString(),
    refreshed_at: null,
    tokens:
      tokens.refresh_token === undefined
        ? { access_token: tokens.access_token }
        : { access_token: tokens.access_token, refresh_token: tokens.refresh_token },
  };
  const granted = new Set(connection.scopes);
  const missing = scopes.filter((s) => !granted.has(s));
  if (missing.length > 0) warn(`the server granted fewer scopes than asked: missing ${missing.join(', ')}`);

  const { store } = options;
  const replaced = await store.exists(name);
  // Same lock as a refresh: a refresher still holding the old grant must not overwrite the new one.
  await ensurePrivateDir(store.paths.connections);
  const lock = await acquireLock(store.lockFileOf(name));
  try {
    await store.save(connection);
    // A reconnect often follows a killed refresh: tidy the temporary files such writers left.
    await sweepLeftovers(store.paths.connections, isProcessAlive);
  } finally {
    await lock.release();
  }
  if ((await store.defaultName()) === undefined || (await store.names()).length === 1) await store.setDefault(name);
  const isDefault = (await store.defaultName()) === name;
  return { connection: await store.info(name), isDefault, replaced, warnings };
}

function resolveClientId(given: string | undefined, oauthBase: string): string {
  if (given !== undefined && given.trim() !== '') return given.trim();
  if (isRealService(oauthBase)) {
    throw new ConnectionUsageError(
      '--client-id is required to connect to the real Constant Contact service',
      'register an application in the Constant Contact developer portal (redirect URI http://127.0.0.1, ' +
        'PKCE) and pass its API key: ctct connect --client-id <API key>',
    );
  }
  return SANDBOX_PUBLIC_CLIENT_ID;
}

/** A sandbox serves its API beside its OAuth server: `<origin>/oauth2/default/v1` -> `<origin>/v3`. */
function guessApiBase(oauthBase: string): string {
  const match = /^(.*)\/oauth2\/[^/]+\/v1$/.exec(oauthBase);
  if (!match?.[1])
    throw new ConnectionUsageError(
      '--api-base is required with a custom --oauth-base',
      'e.g. --oauth-base http://127.0.0.1:4010/oauth2/default/v1 --api-base http://127.0.0.1:4010/v3',
    );
  return `${match[1]}/v3`;
}

async function loopbackFlow(
  options: ConnectOptions,
  oauthBase: string,
  clientId: string,
  scopes: readonly string[],
): Promise<TokenResponse> {
  const pkce = createPkcePair();
  const state = createState();
  const listenerOptions: Parameters<typeof startLoopback>[0] = { state };
  if (options.port !== undefined) listenerOptions.port = options.port;
  if (options.timeoutMs !== undefined) listenerOptions.timeoutMs = options.timeoutMs;
  const listener = await startLoopback(listenerOptions);
  try {
    const href = authorizationUrl({ oauthBase, clientId, scopes }, listener.redirectUri, state, pkce);
    options.say(`Open this URL in a browser to approve access:\n\n  ${href}\n`);
    options.onAuthorizeUrl?.(href);
    if (options.browser !== false && !(await openBrowser(href)))
      options.say('(could not open a browser: open the URL above yourself)');
    options.say(`Waiting for the browser to come back to ${listener.redirectUri} ...`);
    const code = await listener.code;
    return await requestToken(
      oauthBase,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: listener.redirectUri,
        client_id: clientId,
        code_verifier: pkce.verifier,
      },
      options.http,
    );
  } finally {
    await listener.close();
  }
}

async function deviceFlow(
  options: ConnectOptions,
  oauthBase: string,
  clientId: string,
  scopes: readonly string[],
): Promise<TokenResponse> {
  const flow: Parameters<typeof runDeviceFlow>[0] = {
    oauthBase,
    clientId,
    scopes,
    onPrompt: async (auth) => {
      options.say(`On any device, open ${auth.verification_uri} and enter the code ${auth.user_code}`);
      if (auth.verification_uri_complete) options.say(`(or open ${auth.verification_uri_complete} directly)`);
      options.say(`The code expires in ${Math.round(auth.expires_in / 60)} minutes. Waiting for approval ...`);
      options.onDevicePrompt?.(auth);
      if (options.browser !== false) await openBrowser(auth.verification_uri_complete ?? auth.verification_uri);
    },
  };
  if (options.http) flow.http = options.http;
  if (options.sleep) flow.sleep = options.sleep;
  return runDeviceFlow(flow);
}
