import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/connection/connect.js';
import { SANDBOX_PUBLIC_CLIENT_ID } from '../../src/connection/defaults.js';
import { ConnectionStore } from '../../src/connection/store.js';
import { ConnectionTokenProvider } from '../../src/connection/provider.js';
import { SANDBOX_CLIENT_ID } from '../../src/sandbox/index.js';
import { useSandbox } from '../helpers/sandbox.js';
import { approveDevice, approveInBrowser, urlIn, type BrowserVisit } from './browser.js';
import { useTempDirs } from './helpers.js';

const t = useSandbox({ listen: true });
const tempDir = useTempDirs();

/** Runs `connect` headlessly: the test reads the URL the command prints and plays the browser with it. */
async function connectInBrowser(
  store: ConnectionStore,
  decision: 'approve' | 'deny',
  extra: Partial<Parameters<typeof connect>[0]> = {},
) {
  const lines: string[] = [];
  let visit: Promise<BrowserVisit> | undefined;
  const result = connect({
    store,
    name: 'sbx',
    oauthBase: t.server!.oauthBase,
    apiBase: t.server!.url,
    browser: false,
    say: (line) => {
      lines.push(line);
      const url = urlIn([line], `${t.server!.oauthBase}/authorize`);
      if (url && !visit) visit = approveInBrowser(url, decision);
    },
    ...extra,
  });
  const outcome = await result.then(
    (r) => ({ ok: true as const, r }),
    (e: unknown) => ({ ok: false as const, e: e as Error }),
  );
  return { outcome, lines, visit: await visit };
}

describe('ctct connect: authorization code + PKCE through a loopback redirect', () => {
  it('keeps the sandbox client id in step with the sandbox', () => {
    expect(SANDBOX_PUBLIC_CLIENT_ID).toBe(SANDBOX_CLIENT_ID);
  });

  it('connects, names the account, and stores working tokens encrypted', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    const { outcome, lines, visit } = await connectInBrowser(store, 'approve');
    if (!outcome.ok) throw outcome.e;
    expect(visit?.finalStatus).toBe(200);
    expect(visit?.finalText).toContain('ctct is connected');

    const authorizeUrl = new URL(urlIn(lines, t.server!.oauthBase)!);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('client_id')).toBe(SANDBOX_CLIENT_ID);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(Buffer.from(authorizeUrl.searchParams.get('state')!, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(authorizeUrl.searchParams.get('scope')).toBe('contact_data campaign_data offline_access account_read');

    const summary = await t.api('GET', '/account/summary');
    const c = outcome.r.connection;
    expect(c).toMatchObject({
      name: 'sbx',
      account: { encoded_account_id: summary.body.encoded_account_id },
      api_base: t.server!.url,
      oauth_base: t.server!.oauthBase,
      client_id: SANDBOX_CLIENT_ID,
      has_refresh_token: true,
    });
    expect(outcome.r.isDefault).toBe(true);
    expect(outcome.r.warnings).toEqual([]);

    const stored = await store.read('sbx');
    expect(t.sandbox.oauth.verifyAccess(stored.tokens.access_token)).toBeDefined();
    expect(t.sandbox.oauth.getToken(stored.tokens.refresh_token!)?.kind).toBe('refresh');
    const file = await readFile(join(dir, 'connections', 'sbx.json'), 'utf8');
    expect(file).not.toContain(stored.tokens.access_token);
    expect(file).not.toContain(stored.tokens.refresh_token);
    expect(lines.join('\n')).not.toContain(stored.tokens.access_token);

    const provider = new ConnectionTokenProvider({ store, name: 'sbx' });
    const res = await fetch(`${t.server!.url}/account/summary`, {
      headers: { authorization: `Bearer ${await provider.getToken()}` },
    });
    expect(res.status).toBe(200);
  });

  it('reports a denial in the browser as access_denied', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { outcome, visit } = await connectInBrowser(store, 'deny');
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.e).toMatchObject({
      name: 'OAuthFlowError',
      message: expect.stringContaining('access_denied'),
      hint: expect.stringContaining('run the command again'),
    });
    expect(visit?.finalStatus).toBe(400);
    expect(await store.names()).toEqual([]);
  });

  it('answers a wrong state with an error page, never exchanges its code, and keeps waiting for the real redirect', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const forged: { status: number; text: string }[] = [];
    let visit: Promise<BrowserVisit> | undefined;
    const result = await connect({
      store,
      name: 'sbx',
      oauthBase: t.server!.oauthBase,
      apiBase: t.server!.url,
      browser: false,
      say: () => undefined,
      onAuthorizeUrl: (url) => {
        const redirect = new URL(url).searchParams.get('redirect_uri')!;
        // Two local requests with a wrong state first (any local program can send them); then the user.
        visit = (async () => {
          for (const state of ['A'.repeat(43), '']) {
            const res = await fetch(`${redirect}?code=stolen-code&state=${state}`);
            forged.push({ status: res.status, text: await res.text() });
          }
          return approveInBrowser(url, 'approve');
        })();
      },
    });
    expect(forged.map((f) => f.status)).toEqual([400, 400]);
    expect(forged[0]?.text).toContain('wrong state');
    expect((await visit)?.finalStatus).toBe(200);
    expect(result.connection.name).toBe('sbx');
    const stored = await store.read('sbx');
    expect(t.sandbox.oauth.verifyAccess(stored.tokens.access_token)).toBeDefined();
  });

  it('a wrong state alone ends at the timeout, which says it was ignored', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const result = await connect({
      store,
      oauthBase: t.server!.oauthBase,
      browser: false,
      timeoutMs: 1_000,
      say: () => undefined,
      onAuthorizeUrl: (url) => {
        const redirect = new URL(url).searchParams.get('redirect_uri')!;
        void fetch(`${redirect}?code=stolen-code&state=${'A'.repeat(43)}`);
      },
    }).catch((e: unknown) => e as Error);
    expect(result).toMatchObject({ message: expect.stringContaining('1 answer with the wrong state ignored') });
  });

  it('gives up after the timeout when the browser never comes back', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const result = await connect({
      store,
      oauthBase: t.server!.oauthBase,
      browser: false,
      timeoutMs: 150,
      say: () => undefined,
    }).catch((e: unknown) => e as Error);
    expect(result).toMatchObject({
      message: expect.stringContaining('no answer from the browser'),
      hint: expect.stringContaining('run the command again'),
    });
  });

  it('warns that a connection without offline_access dies with its access token', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { outcome } = await connectInBrowser(store, 'approve', { scopes: ['contact_data', 'account_read'] });
    if (!outcome.ok) throw outcome.e;
    expect(outcome.r.warnings.join('\n')).toContain('offline_access is not among the scopes');
    expect(outcome.r.connection.has_refresh_token).toBe(false);
  });

  it('listens on a fixed --port when asked, and says so when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as AddressInfo).port;
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const busy = await connect({
      store,
      oauthBase: t.server!.oauthBase,
      browser: false,
      port: taken,
      say: () => undefined,
    }).catch((e: unknown) => e as Error);
    expect(busy).toMatchObject({ exitCode: 2, message: `port ${taken} on 127.0.0.1 is already in use` });
    await new Promise<void>((r) => blocker.close(() => r()));
    const { outcome, lines } = await connectInBrowser(store, 'approve', { port: taken });
    if (!outcome.ok) throw outcome.e;
    expect(new URL(urlIn(lines, t.server!.oauthBase)!).searchParams.get('redirect_uri')).toBe(
      `http://127.0.0.1:${taken}/`,
    );
  });

  it('requires --client-id for the real service, before any network or browser', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const said: string[] = [];
    const err = await connect({ store, browser: false, say: (l) => said.push(l) }).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({
      name: 'ConnectionUsageError',
      exitCode: 2,
      message: expect.stringContaining('--client-id is required'),
      hint: expect.stringContaining('developer portal'),
    });
    expect(said).toEqual([]);
  });

  it('reconnecting under the same name replaces the dead grant and sweeps what killed writers left', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const first = await connectInBrowser(store, 'approve');
    if (!first.outcome.ok) throw first.outcome.e;
    const old = await store.read('sbx');
    // What a refresh killed mid-write leaves behind (its process is gone): the reconnect tidies it.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = join(store.paths.connections, `.sbx.json.${deadPid}.0a1b2c3d4e5f.tmp`);
    await writeFile(leftover, '{"half": ');
    const second = await connectInBrowser(store, 'approve');
    if (!second.outcome.ok) throw second.outcome.e;
    expect(second.outcome.r.replaced).toBe(true);
    expect((await store.read('sbx')).tokens.refresh_token).not.toBe(old.tokens.refresh_token);
    expect(await store.names()).toEqual(['sbx']);
    expect((await readdir(store.paths.connections)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('ctct connect --device', () => {
  it('shows the user code, polls at the server pace (slow_down adds 5 s) and connects once approved', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const waits: number[] = [];
    let verify: string | undefined;
    let approval: number | undefined;
    const lines: string[] = [];
    const result = await connect({
      store,
      name: 'tv',
      device: true,
      browser: false,
      oauthBase: t.server!.oauthBase,
      say: (l) => lines.push(l),
      onDevicePrompt: (auth) => {
        verify = auth.verification_uri_complete;
      },
      // Sandbox time is the test's time. The second wait is cut short to provoke a slow_down; the
      // user approves during the third.
      sleep: async (ms) => {
        waits.push(ms);
        t.sandbox.clock.advance(waits.length === 2 ? 1_000 : ms);
        if (waits.length === 3) approval = await approveDevice(verify!);
      },
    });
    expect(approval).toBe(200);
    expect(waits).toEqual([5_000, 5_000, 10_000]);
    expect(result.connection).toMatchObject({ name: 'tv', has_refresh_token: true });
    expect(lines.join('\n')).toMatch(/enter the code [B-Z]{4}-[B-Z]{4}/);
    const stored = await store.read('tv');
    expect(t.sandbox.oauth.verifyAccess(stored.tokens.access_token)).toBeDefined();
  });
});
