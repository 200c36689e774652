import { connect, type ConnectOptions } from './connect.js';
import { DEFAULT_SCOPES, reconnectCommand } from './defaults.js';
import { ConnectionUsageError } from './errors.js';
import { maskSecret } from './mask.js';
import { providerForConnection } from './provider.js';
import { ConnectionStore, type ConnectionInfo } from './store.js';
import { testConnection } from './test-connection.js';

/**
 * The bodies of `ctct connect` and `ctct connections ...`, separated from commander so tests can run
 * them in-process. Results go to `out`, progress to `err`; neither ever receives a token.
 */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  json: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface ConnectCliOptions {
  name?: string;
  clientId?: string;
  scopes?: string;
  port?: string;
  browser?: boolean;
  device?: boolean;
  oauthBase?: string;
  apiBase?: string;
  timeout?: string;
  allowInsecureHttp?: boolean;
}

export async function runConnect(
  opts: ConnectCliOptions,
  io: CommandIo,
  extra: Partial<ConnectOptions> = {},
): Promise<void> {
  if (opts.apiBase !== undefined && opts.oauthBase === undefined) {
    throw new ConnectionUsageError(
      '--api-base needs --oauth-base too',
      'pass both bases of the same service, e.g. the sandbox URLs printed by `ctct sandbox`',
    );
  }
  const options: ConnectOptions = { store: storeFor(io), say: (line) => io.err(line), ...extra };
  if (opts.name !== undefined) options.name = opts.name;
  if (opts.clientId !== undefined) options.clientId = opts.clientId;
  if (opts.scopes !== undefined) options.scopes = parseScopes(opts.scopes);
  if (opts.port !== undefined) options.port = parseIntOption('--port', opts.port, 0, 65535);
  if (opts.browser === false) options.browser = false;
  if (opts.device) options.device = true;
  if (opts.oauthBase !== undefined) options.oauthBase = opts.oauthBase;
  if (opts.apiBase !== undefined) options.apiBase = opts.apiBase;
  if (opts.allowInsecureHttp) options.allowInsecureHttp = true;
  if (opts.timeout !== undefined) options.timeoutMs = parseIntOption('--timeout', opts.timeout, 1, 3600) * 1000;
  const result = await connect(options);
  if (io.json) {
    io.out(
      JSON.stringify({
        connection: publicView(result.connection, result.isDefault),
        replaced: result.replaced,
        warnings: result.warnings,
      }),
    );
    return;
  }
  const c = result.connection;
  io.out(`Connected "${c.name}" to ${accountLabel(c)}${result.isDefault ? ' (the default connection)' : ''}.`);
  io.out(
    `Scopes: ${c.scopes.join(' ')}; access token valid until ${c.access_expires_at}` +
      `${c.has_refresh_token ? ', renewed automatically' : ', NOT renewable (no offline_access)'}.`,
  );
  if (!result.isDefault)
    io.out(`Use it with --connection ${c.name}, or make it the default: ctct connections default ${c.name}`);
}

export async function runList(io: CommandIo): Promise<void> {
  const store = storeFor(io);
  const [connections, defaultName] = await Promise.all([store.listAll(), store.defaultName()]);
  if (io.json) {
    io.out(
      JSON.stringify(
        connections.map((c) =>
          'unreadable' in c
            ? { name: c.name, default: c.name === defaultName, unreadable: c.unreadable, hint: c.hint }
            : publicView(c, c.name === defaultName),
        ),
      ),
    );
    return;
  }
  if (connections.length === 0) {
    io.out('No connections yet: create one with `ctct connect`.');
    return;
  }
  const { renderTable } = await import('../cli/output.js');
  io.out(
    renderTable(
      connections.map((c) =>
        'unreadable' in c
          ? { default: c.name === defaultName ? '*' : '', name: c.name, account: '(unreadable: see below)' }
          : {
              default: c.name === defaultName ? '*' : '',
              name: c.name,
              account: accountLabel(c),
              scopes: c.scopes.join(' '),
              expires: c.access_expires_at,
              refresh: c.has_refresh_token ? c.refresh_mode : 'none',
            },
      ),
      ['default', 'name', 'account', 'scopes', 'expires', 'refresh'],
    ),
  );
  for (const c of connections) if ('unreadable' in c) io.err(`"${c.name}" cannot be read: ${c.unreadable}; ${c.hint}.`);
}

export async function runShow(name: string | undefined, io: CommandIo): Promise<void> {
  const store = storeFor(io);
  const chosen = await resolveName(store, name);
  const connection = await store.read(chosen);
  const view = {
    ...publicView(connection, (await store.defaultName()) === chosen),
    access_token: maskSecret(connection.tokens.access_token),
    refresh_token: maskSecret(connection.tokens.refresh_token),
    file: store.fileOf(chosen),
    reconnect: reconnectCommand(connection),
  };
  if (io.json) io.out(JSON.stringify(view));
  else
    for (const [key, value] of Object.entries(view))
      io.out(
        `${key.padEnd(18)} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
      );
}

export async function runRemove(name: string, io: CommandIo): Promise<void> {
  const store = storeFor(io);
  await store.remove(name);
  if (io.json) io.out(JSON.stringify({ removed: name, default: (await store.defaultName()) ?? null }));
  else
    io.out(
      `Removed connection "${name}". Access stays granted on the service ` +
        `until you revoke the application in your Constant Contact account.`,
    );
}

export async function runSetDefault(name: string, io: CommandIo): Promise<void> {
  const store = storeFor(io);
  await store.setDefault(name);
  if (io.json) io.out(JSON.stringify({ default: name }));
  else io.out(`"${name}" is now the default connection.`);
}

export async function runTest(name: string | undefined, io: CommandIo): Promise<void> {
  const store = storeFor(io);
  const provider = await providerForConnection(store, name);
  const report = await testConnection(store, provider);
  if (io.json) {
    io.out(JSON.stringify(report));
    return;
  }
  io.out(`Connection "${report.name}" works: ${accountLabel(report)}.`);
  io.out(
    `Access token valid until ${report.access_expires_at}${report.refreshed ? ' (renewed during the test)' : ''}; ` +
      `round trip ${report.elapsed_ms} ms.`,
  );
}

function storeFor(io: CommandIo): ConnectionStore {
  return new ConnectionStore(io.env ? { env: io.env } : {});
}

async function resolveName(store: ConnectionStore, name: string | undefined): Promise<string> {
  if (name !== undefined) return name;
  const chosen = await store.defaultName();
  if (chosen === undefined)
    throw new ConnectionUsageError('no default connection', 'name one, or set it with `ctct connections default NAME`');
  return chosen;
}

/**
 * What may be shown of a connection, field by field: never a spread, so a `Connection` passed here
 * (it is a `ConnectionInfo` plus its tokens) cannot carry its tokens into the output. The web app
 * shows connections through it too.
 */
export function publicView(c: ConnectionInfo, isDefault: boolean): Record<string, unknown> {
  return {
    name: c.name,
    default: isDefault,
    account: { ...c.account },
    api_base: c.api_base,
    oauth_base: c.oauth_base,
    client_id: c.client_id,
    scopes: [...c.scopes],
    access_expires_at: c.access_expires_at,
    has_refresh_token: c.has_refresh_token,
    refresh_mode: c.refresh_mode,
    created_at: c.created_at,
    refreshed_at: c.refreshed_at,
  };
}

export function accountLabel(c: { account: ConnectionInfo['account'] }): string {
  const org = c.account.organization_name ?? '(unnamed account)';
  return c.account.encoded_account_id ? `${org} [${c.account.encoded_account_id}]` : org;
}

function parseScopes(text: string): string[] {
  const scopes = text.split(/[\s,+]+/).filter(Boolean);
  if (scopes.length === 0)
    throw new ConnectionUsageError('--scopes is empty', `the default is "${DEFAULT_SCOPES.join(' ')}"`);
  return scopes;
}

function parseIntOption(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConnectionUsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}
