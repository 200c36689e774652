import { createClient, defaultBudget, type CtctClient } from '../client/index.js';
import type { ClientOptions, TokenProvider } from '../client/types.js';
import { accountLabel, publicView } from '../connection/commands.js';
import { ConnectionNotFoundError, ConnectionUsageError } from '../connection/errors.js';
import { providerForConnection } from '../connection/provider.js';
import { ConnectionStore, type ConnectionInfo } from '../connection/store.js';
import type { Scenarios } from '../runtime/scenario/index.js';
import type { Sandbox } from '../sandbox/index.js';
import type { RunningServer } from '../sandbox/serve.js';
import type { Banner, ConnectionView } from './api-types.js';
import { MeteredBudget } from './budget-meter.js';

/** The embedded sandbox's connection: not a valid stored name, so it can never clash with one. */
export const EMBEDDED = '@sandbox';
/** `CTCT_ACCESS_TOKEN` (with `CTCT_API_BASE`), as the CLI uses it. */
export const ENVIRONMENT = '@environment';

export interface WorkspaceOptions {
  /** `--connection NAME`: the connection the app starts on. */
  connection?: string;
  env?: NodeJS.ProcessEnv;
  /** `auto` (default): the embedded sandbox only when there is no real connection; `always` for tests and demos. */
  sandbox?: 'auto' | 'always' | 'never';
  /** The embedded sandbox's starting data (default demo). */
  seed?: 'demo' | 'empty';
}

interface Embedded {
  sandbox: Sandbox;
  server: RunningServer;
  provider: TokenProvider;
}

/**
 * What the app works on: the stored connections (the same store `ctct connect` writes), the
 * embedded sandbox when there is no real connection, and the connection in use. Clients come from
 * here, all sharing one metered request budget.
 */
export class Workspace {
  readonly budget = new MeteredBudget(defaultBudget());
  private readonly providers = new Map<string, TokenProvider>();
  private readonly optionCaches = new Map<string, Map<string, Promise<unknown>>>();
  private scenarioLibrary: Promise<Scenarios> | undefined;

  private constructor(
    readonly store: ConnectionStore,
    readonly env: NodeJS.ProcessEnv,
    readonly embedded: Embedded | undefined,
    public active: string,
  ) {}

  static async open(options: WorkspaceOptions = {}): Promise<Workspace> {
    const env = options.env ?? process.env;
    const store = new ConnectionStore({ env });
    const fixedToken = Boolean(env.CTCT_ACCESS_TOKEN?.trim());
    const names = await store.names();
    let active = options.connection ?? (fixedToken ? ENVIRONMENT : env.CTCT_CONNECTION?.trim() || undefined);
    if (active !== undefined && active !== ENVIRONMENT && !names.includes(active))
      throw new ConnectionNotFoundError(active, names);
    active ??= names.length > 0 ? ((await store.defaultName()) ?? names[0]) : undefined;
    const wantSandbox = options.sandbox === 'always' || (options.sandbox !== 'never' && active === undefined);
    const embedded = wantSandbox ? await startEmbedded(options.seed ?? 'demo') : undefined;
    if (active === undefined && !embedded)
      throw new ConnectionUsageError(
        'there is no connection to work on',
        'connect an account with `ctct connect`, or start `ctct app` without --connection to use its sandbox',
      );
    return new Workspace(store, env, embedded, active ?? EMBEDDED);
  }

  /** A new client on a connection (default: the one in use); its `stats()` count only its own requests. */
  async client(name = this.active, overrides: ClientOptions = {}): Promise<CtctClient> {
    if (name === EMBEDDED) {
      if (!this.embedded) throw new ConnectionNotFoundError(name, await this.store.names());
      return createClient({
        baseUrl: this.embedded.server.url,
        token: this.embedded.provider,
        budget: this.budget,
        ...overrides,
      });
    }
    if (name === ENVIRONMENT) return createClient({ budget: this.budget, ...overrides });
    let provider = this.providers.get(name);
    if (!provider) {
      provider = await providerForConnection(this.store, name);
      this.providers.set(name, provider);
    }
    const info = await this.store.info(name);
    return createClient({ baseUrl: info.api_base, token: provider, budget: this.budget, ...overrides });
  }

  /**
   * The scenario library over the scenarios directory and run records the CLI uses; its modules run
   * with this app's clients (a module without a connection uses the one in use here).
   */
  scenarios(): Promise<Scenarios> {
    this.scenarioLibrary ??= import('../runtime/scenario/index.js').then(({ openScenarios }) =>
      openScenarios({
        env: this.env,
        clientFor: (connection, overrides) => this.client(connection ?? this.active, overrides),
      }),
    );
    return this.scenarioLibrary;
  }

  /** The option loaders' cache of a connection: lists and fields are read once, until a refresh. */
  optionCache(name = this.active): Map<string, Promise<unknown>> {
    let cache = this.optionCaches.get(name);
    if (!cache) this.optionCaches.set(name, (cache = new Map()));
    return cache;
  }

  forgetOptions(name = this.active): void {
    this.optionCaches.delete(name);
  }

  /** Called after a connection was removed or replaced: its provider and cached options are stale. */
  forget(name: string): void {
    this.providers.delete(name);
    this.optionCaches.delete(name);
    if (this.active === name) this.active = this.embedded ? EMBEDDED : this.active;
  }

  async use(name: string): Promise<void> {
    await this.describe(name);
    this.active = name;
  }

  async connections(): Promise<ConnectionView[]> {
    const [stored, defaultName] = await Promise.all([this.store.list(), this.store.defaultName()]);
    const views: ConnectionView[] = [];
    if (this.embedded)
      views.push({
        name: EMBEDDED,
        kind: 'embedded',
        default: false,
        active: this.active === EMBEDDED,
        live: false,
        account: { organization_name: 'Embedded sandbox (demo account)' },
        api_base: this.embedded.server.url,
        oauth_base: this.embedded.server.oauthBase,
        scopes: ['contact_data', 'campaign_data', 'account_read', 'account_update', 'offline_access'],
      });
    if (this.env.CTCT_ACCESS_TOKEN?.trim()) {
      const base = this.env.CTCT_API_BASE?.trim() || 'https://api.cc.email/v3';
      views.push({
        name: ENVIRONMENT,
        kind: 'environment',
        default: false,
        active: this.active === ENVIRONMENT,
        live: isLiveBase(base),
        account: { organization_name: 'CTCT_ACCESS_TOKEN' },
        api_base: base,
        scopes: [],
      });
    }
    for (const c of stored) views.push(storedView(c, c.name === defaultName, c.name === this.active));
    return views;
  }

  async describe(name: string): Promise<ConnectionView> {
    const found = (await this.connections()).find((c) => c.name === name);
    if (!found) throw new ConnectionNotFoundError(name, await this.store.names());
    return found;
  }

  async banner(): Promise<Banner> {
    const view = await this.describe(this.active).catch(() => undefined);
    if (!view || !view.live)
      return {
        mode: 'sandbox',
        connection: this.active,
        text:
          this.active === EMBEDDED
            ? 'Sandbox: an emulator of Constant Contact runs inside this app with demo data. Nothing leaves this machine.'
            : `Sandbox: connection "${this.active}" talks to a local sandbox at ${view?.api_base ?? '?'}. Nothing leaves this machine.`,
      };
    return {
      mode: 'live',
      connection: this.active,
      text: `Live account: ${accountLabel(view)} through connection "${view.name}". Changes are real.`,
    };
  }

  async close(): Promise<void> {
    if (this.scenarioLibrary) (await this.scenarioLibrary).close();
    if (!this.embedded) return;
    await this.embedded.server.close();
    await this.embedded.sandbox.close();
  }
}

function storedView(c: ConnectionInfo, isDefault: boolean, isActive: boolean): ConnectionView {
  const shown = publicView(c, isDefault) as Omit<ConnectionView, 'kind' | 'active' | 'live'>;
  return { ...shown, kind: 'stored', active: isActive, live: isLiveBase(c.api_base) };
}

/** A connection is live unless its API is on this machine (a sandbox). */
export function isLiveBase(apiBase: string): boolean {
  try {
    const host = new URL(apiBase).hostname;
    return !['127.0.0.1', 'localhost', '[::1]'].includes(host);
  } catch {
    return true;
  }
}

async function startEmbedded(seed: 'demo' | 'empty'): Promise<Embedded> {
  const { createSandbox } = await import('../sandbox/index.js');
  const { sandboxTokenProvider } = await import('../sandbox/token-provider.js');
  const sandbox = await createSandbox({ seed });
  const server = await sandbox.listen(0);
  return { sandbox, server, provider: sandboxTokenProvider(sandbox, server) };
}
