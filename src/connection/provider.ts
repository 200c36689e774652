import type { TokenProvider } from '../client/types.js';
import { REFRESH_MARGIN_MS, reconnectCommand } from './defaults.js';
import { ConnectionExpiredError, ConnectionUsageError, OAuthFlowError } from './errors.js';
import { ensurePrivateDir, sweepLeftovers } from './fs-atomic.js';
import { acquireLock, isProcessAlive, type LockOptions } from './lock.js';
import { requestToken, type OAuthHttp } from './oauth-client.js';
import { withSignalsHeld } from './signals.js';
import { reviveError, runRefreshWorker, workerScript, type WorkerRequest } from './worker-client.js';
import type { Connection, ConnectionStore } from './store.js';

/**
 * Test seams around the refresh, used by the crash tests to stretch each phase so a kill can land
 * in it. Production code never sets them.
 */
export interface RefreshHooks {
  /** Inside the lock, before the token endpoint is called. */
  beforeTokenRequest?(): Promise<void>;
  /** The new tokens are durable, the lock is still held, the access token not yet returned. */
  afterStore?(): Promise<void>;
}

export interface ConnectionProviderOptions {
  store: ConnectionStore;
  name: string;
  http?: OAuthHttp;
  /** Refresh this long before expiry (default 5 minutes). */
  marginMs?: number;
  lock?: LockOptions;
  now?: () => number;
  hooks?: RefreshHooks;
  /**
   * Where the refresh runs: `worker` (default where the compiled worker exists) in a detached process
   * that finishes storing the rotated tokens even if this process is killed meanwhile; `inline` in
   * this process. Custom `http`, `now` or `hooks` imply `inline`: they cannot cross processes.
   */
  isolation?: 'worker' | 'inline';
}

/**
 * One refresh per connection at a time in this process, whichever provider instance asks: callers
 * that arrive while a refresh runs wait for its result instead of starting their own.
 */
const inflight = new Map<string, Promise<Connection>>();

/**
 * Access tokens of a stored connection. Refreshes proactively before expiry and on a 401; a refresh
 * runs under the connection's lock file (one at a time on the machine), re-reads the store inside the
 * lock (another process may have refreshed already), and makes the new refresh token durable before
 * the new access token is handed to anyone.
 */
export class ConnectionTokenProvider implements TokenProvider {
  private current: Connection | undefined;
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(private readonly options: ConnectionProviderOptions) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? REFRESH_MARGIN_MS;
  }

  get name(): string {
    return this.options.name;
  }

  async getToken(): Promise<string> {
    if (this.current && this.isFresh(this.current)) return this.current.tokens.access_token;
    // Expiring (or first use): another process may already have refreshed it on disk.
    const stored = await this.options.store.read(this.options.name);
    this.current = stored;
    if (this.isFresh(stored)) return stored.tokens.access_token;
    return (await this.renew(stored.tokens.access_token)).tokens.access_token;
  }

  async refresh(rejected: string): Promise<string> {
    const known = this.current;
    if (known && known.tokens.access_token !== rejected && this.isFresh(known)) return known.tokens.access_token;
    return (await this.renew(rejected)).tokens.access_token;
  }

  private isFresh(connection: Connection): boolean {
    return Date.parse(connection.access_expires_at) - this.now() > this.marginMs;
  }

  private async renew(rejected: string): Promise<Connection> {
    const key = this.options.store.lockFileOf(this.options.name);
    let running = inflight.get(key);
    if (!running) {
      running = this.renewSomewhere(rejected).finally(() => inflight.delete(key));
      inflight.set(key, running);
    }
    const renewed = await running;
    this.current = renewed;
    return renewed;
  }

  private async renewSomewhere(rejected: string): Promise<Connection> {
    const { store, name } = this.options;
    const inlineOnly =
      this.options.isolation === 'inline' ||
      this.options.http !== undefined ||
      this.options.now !== undefined ||
      this.options.hooks !== undefined;
    const script = inlineOnly ? undefined : workerScript();
    if (script === undefined) return this.renewUnderLock(rejected);
    const request: WorkerRequest = {
      name,
      rejected,
      marginMs: this.marginMs,
      ...(this.options.lock ? { lock: this.options.lock } : {}),
    };
    const reply = await runRefreshWorker(script, request, store.workerEnvironment());
    if (reply?.ok === false) throw reviveError(reply.error);
    const stored = await store.read(name);
    if (stored.tokens.access_token !== rejected && this.isFresh(stored)) return stored;
    // The worker could not run, or died before finishing: refreshing here is safe, since it takes the
    // same lock and re-reads the store first.
    return this.renewUnderLock(rejected);
  }

  private async renewUnderLock(rejected: string): Promise<Connection> {
    const { store, name } = this.options;
    await ensurePrivateDir(store.paths.connections);
    const lock = await acquireLock(store.lockFileOf(name), this.options.lock);
    try {
      const stored = await store.read(name);
      if (stored.tokens.access_token !== rejected && this.isFresh(stored)) return stored;
      const refreshToken = stored.tokens.refresh_token;
      if (refreshToken === undefined) {
        throw new ConnectionExpiredError(
          name,
          reconnectCommand(stored),
          'its access token expired and it has no refresh token: offline_access was not granted',
        );
      }
      await this.options.hooks?.beforeTokenRequest?.();
      const startedAt = this.now();
      const outcome = await withSignalsHeld(async (): Promise<Connection | { dead: true }> => {
        let response;
        try {
          response = await requestToken(
            stored.oauth_base,
            { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: stored.client_id },
            this.options.http,
          );
        } catch (err) {
          if (err instanceof OAuthFlowError && err.error === 'invalid_grant') return { dead: true };
          throw err;
        }
        const rotated = response.refresh_token !== undefined && response.refresh_token !== refreshToken;
        const renewed: Connection = {
          ...stored,
          tokens: { access_token: response.access_token, refresh_token: response.refresh_token ?? refreshToken },
          // Counted from before the request: the token may be a little older than its response.
          access_expires_at: new Date(startedAt + response.expires_in * 1000).toISOString(),
          refreshed_at: new Date(this.now()).toISOString(),
          refresh_mode: rotated ? 'rotating' : 'long_lived',
          scopes: response.scope ? response.scope.split(' ').filter(Boolean) : stored.scopes,
        };
        // Durable (fsync'd) before the access token leaves this function: with rotating refresh tokens
        // the old one is already dead on the server, so the new one must not live only in memory. The
        // file is renamed into place before the fsyncs: from then on a killed process loses nothing, and
        // the window in which a kill loses the rotation shrinks to the time of one write.
        await store.save(renewed, { visibleBeforeSync: true });
        return renewed;
      });
      if ('dead' in outcome) return await this.afterDeadGrant(stored);
      await this.options.hooks?.afterStore?.();
      // Writers killed mid-way (ours or others') may have left temporary files; tidy them up while we hold the lock.
      await sweepLeftovers(store.paths.connections, isProcessAlive);
      return outcome;
    } finally {
      await lock.release();
    }
  }

  /**
   * The server refused the refresh token. If the store now holds a different one, some writer that
   * did not take our lock (an older version, a copied config) renewed it meanwhile: use theirs.
   * Otherwise the grant is dead and only a new consent helps.
   */
  private async afterDeadGrant(used: Connection): Promise<Connection> {
    const latest = await this.options.store.read(used.name);
    if (latest.tokens.refresh_token !== used.tokens.refresh_token && this.isFresh(latest)) return latest;
    throw new ConnectionExpiredError(
      used.name,
      reconnectCommand(used),
      'the authorization server rejected its refresh token (invalid_grant): ' +
        'unused for 180 days, revoked, or already rotated',
    );
  }
}

/** A provider for a stored connection (the default one when `name` is omitted). */
export async function providerForConnection(
  store: ConnectionStore,
  name?: string,
  extra: Omit<ConnectionProviderOptions, 'store' | 'name'> = {},
): Promise<ConnectionTokenProvider> {
  const chosen = name ?? (await store.defaultName());
  if (chosen === undefined) {
    const names = await store.names();
    throw names.length === 0
      ? new ConnectionUsageError('no connection yet', 'create one with `ctct connect` (or set CTCT_ACCESS_TOKEN)')
      : new ConnectionUsageError(
          `no default connection among ${names.join(', ')}`,
          'pick one with `ctct connections default NAME` or pass --connection NAME',
        );
  }
  await store.info(chosen); // a clear "no connection named ..." before any token work
  return new ConnectionTokenProvider({ store, name: chosen, ...extra });
}
