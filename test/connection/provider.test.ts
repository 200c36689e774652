import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/client.js';
import { ReconnectRequiredError } from '../../src/client/errors.js';
import { ConnectionExpiredError } from '../../src/connection/errors.js';
import { ConnectionTokenProvider } from '../../src/connection/provider.js';
import { ConnectionStore } from '../../src/connection/store.js';
import { useSandbox } from '../helpers/sandbox.js';
import { useTempDirs } from './helpers.js';
import { accessTokensIssued, countingFetch, refreshTokensIssued, saveSandboxConnection } from './sandbox-connection.js';

const t = useSandbox({ listen: true });
const tempDir = useTempDirs();

async function accountSummary(token: string): Promise<number> {
  const res = await fetch(`${t.server!.url}/account/summary`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

/** One API call by the TokenProvider contract, without the client's own de-duplication of refreshes. */
async function callWithRefresh(provider: ConnectionTokenProvider): Promise<number> {
  const token = await provider.getToken();
  const status = await accountSummary(token);
  if (status !== 401) return status;
  return accountSummary(await provider.refresh(token));
}

describe('connection token provider', () => {
  it('50 concurrent calls on a token past its expiry: exactly one refresh, all 50 succeed', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { grantId, connection } = await saveSandboxConnection(t, store, 'c50', {
      expiresAt: new Date(Date.now() - 60_000),
    });
    const counter = countingFetch();
    const provider = new ConnectionTokenProvider({ store, name: 'c50', http: { fetch: counter.fetch } });
    // Through the real client: each of its 50 requests asks the provider for a token at once.
    const client = createClient({ token: provider, baseUrl: t.server!.url, budget: false });
    const summaries = await Promise.all(Array.from({ length: 50 }, () => client.account.summary()));
    expect(summaries.map((s) => s.encoded_account_id)).toEqual(Array(50).fill(summaries[0]!.encoded_account_id));
    expect(counter.tokenRequests()).toBe(1);
    expect(refreshTokensIssued(t, grantId)).toBe(2); // the first one and its one rotation
    const stored = await store.read('c50');
    expect(stored.tokens.access_token).not.toBe(connection.tokens.access_token);
    expect(stored.refresh_mode).toBe('rotating');
    expect(Date.parse(stored.access_expires_at)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it('refreshes proactively inside the 5-minute margin', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { grantId } = await saveSandboxConnection(t, store, 'margin', {
      expiresAt: new Date(Date.now() + 4 * 60_000),
    });
    await new ConnectionTokenProvider({ store, name: 'margin' }).getToken();
    expect(accessTokensIssued(t, grantId)).toBe(2);
    const { grantId: other } = await saveSandboxConnection(t, store, 'later', {
      expiresAt: new Date(Date.now() + 6 * 60_000),
    });
    await new ConnectionTokenProvider({ store, name: 'later' }).getToken();
    expect(accessTokensIssued(t, other)).toBe(1);
  });

  it('50 concurrent 401s (the server expired the token first): one refresh, all 50 succeed', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { grantId } = await saveSandboxConnection(t, store, 'c401');
    t.sandbox.clock.advance(25 * 3_600_000); // sandbox time: the access token is dead, our clock does not know
    const counter = countingFetch();
    const provider = new ConnectionTokenProvider({ store, name: 'c401', http: { fetch: counter.fetch } });
    const statuses = await Promise.all(Array.from({ length: 50 }, () => callWithRefresh(provider)));
    expect(statuses).toEqual(Array(50).fill(200));
    expect(counter.tokenRequests()).toBe(1);
    expect(accessTokensIssued(t, grantId)).toBe(2);
  });

  it('refresh(rejected) returns the newer token when someone else already refreshed', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { grantId, connection } = await saveSandboxConnection(t, store, 'shared');
    const a = new ConnectionTokenProvider({ store, name: 'shared' });
    const b = new ConnectionTokenProvider({
      store: new ConnectionStore({ dir: store.paths.root, env: {} }),
      name: 'shared',
    });
    expect(await a.getToken()).toBe(connection.tokens.access_token);
    const fromB = await b.refresh(connection.tokens.access_token);
    expect(fromB).not.toBe(connection.tokens.access_token);
    // A still holds the old token; its 401 must not spend another refresh.
    expect(await a.refresh(connection.tokens.access_token)).toBe(fromB);
    expect(accessTokensIssued(t, grantId)).toBe(2);
  });

  it('works with long-lived refresh tokens (the same refresh token comes back)', async () => {
    t.sandbox.oauth.registerClient({
      client_id: 'long-lived-app',
      name: 'Long-lived app',
      client_secret: null,
      refresh_mode: 'long_lived',
    });
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { connection } = await saveSandboxConnection(t, store, 'll', { clientId: 'long-lived-app' });
    const provider = new ConnectionTokenProvider({ store, name: 'll' });
    const first = await provider.refresh(connection.tokens.access_token);
    const second = await provider.refresh(first);
    expect(new Set([connection.tokens.access_token, first, second]).size).toBe(3);
    const stored = await store.read('ll');
    expect(stored.tokens.refresh_token).toBe(connection.tokens.refresh_token);
    expect(stored.refresh_mode).toBe('long_lived');
    expect(await accountSummary(second)).toBe(200);
  });

  it.each([
    ['revoked by the user', (grantId: string) => void t.sandbox.oauth.revokeGrant(grantId)],
    ['unused for 180 days', () => t.sandbox.clock.advance(181 * 86_400_000)],
  ])('a dead grant (%s) raises the reconnect error with the exact command', async (_why, kill) => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { grantId, connection } = await saveSandboxConnection(t, store, 'dead');
    kill(grantId);
    const provider = new ConnectionTokenProvider({ store, name: 'dead' });
    const err = (await provider.refresh(connection.tokens.access_token).catch((e: unknown) => e)) as Error;
    const command = `ctct connect --name dead --oauth-base ${t.server!.oauthBase} --api-base ${t.server!.url}`;
    expect(err).toMatchObject({ name: 'ReconnectRequiredError', command, message: expect.stringContaining(command) });
    // the hint does not repeat the command; for a sandbox connection it names the usual cause, a restart without --data
    expect(err).toMatchObject({ hint: expect.stringContaining('started without --data forgets its tokens') });
    expect(err.message).toContain('invalid_grant');
    expect(err.message).not.toContain(connection.tokens.refresh_token);
    // the store is left as it was: nothing half-written
    expect((await store.read('dead')).tokens).toEqual(connection.tokens);
  });

  it('the reconnect hint for a real account says the browser opens again, not the sandbox advice', () => {
    const err = new ConnectionExpiredError('work', 'ctct connect --name work --client-id key', 'revoked');
    expect(err.hint).toBe('the command opens the browser to approve access again; the connection keeps its name');
  });

  it("a dead grant found through a 401 reaches the client's caller as the reconnect error with the exact command", async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    const { grantId } = await saveSandboxConnection(t, store, 'gone');
    t.sandbox.oauth.revokeGrant(grantId); // the stored access token still looks fresh to us: the API answers 401
    const client = createClient({
      token: new ConnectionTokenProvider({ store, name: 'gone' }),
      baseUrl: t.server!.url,
      budget: false,
    });
    const err = (await client.account.summary().catch((e: unknown) => e)) as ReconnectRequiredError;
    const command = `ctct connect --name gone --oauth-base ${t.server!.oauthBase} --api-base ${t.server!.url}`;
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    expect(err.message).toContain(command);
    expect(err.toJSON()).toMatchObject({ name: 'ReconnectRequiredError', command });
  });

  it('a connection without a refresh token names offline_access when its token expires', async () => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    await saveSandboxConnection(t, store, 'short', {
      scopes: ['contact_data', 'account_read'],
      expiresAt: new Date(Date.now() - 1),
    });
    const err = (await new ConnectionTokenProvider({ store, name: 'short' })
      .getToken()
      .catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: 'ReconnectRequiredError', message: expect.stringContaining('offline_access') });
    expect(err.message).toContain('--scopes "contact_data account_read"');
  });
});
