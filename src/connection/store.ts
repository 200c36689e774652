import { open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { loadSecretKey, seal, unseal, type SecretKey, type TokenBinding } from './crypto.js';
import {
  ConnectionFileModeError,
  ConnectionNotFoundError,
  ConnectionUsageError,
  CorruptConnectionError,
} from './errors.js';
import { ensurePrivateDir, fsyncDir, isErrno, privateFileProblem, writeFileAtomic } from './fs-atomic.js';
import { CONNECTION_NAME_RULE, configDir, isValidConnectionName, storePaths, type StorePaths } from './paths.js';

/** The secrets of a connection; only ever held in memory, sealed on disk. */
export interface ConnectionTokens {
  access_token: string;
  /** Absent when the grant has no `offline_access`. */
  refresh_token?: string;
}

export interface AccountInfo {
  /** Absent when the account summary could not be read (no `account_read`). */
  encoded_account_id?: string;
  organization_name?: string;
}

/** Everything about a connection that may be shown: no secrets. */
export interface ConnectionInfo {
  name: string;
  account: AccountInfo;
  api_base: string;
  oauth_base: string;
  client_id: string;
  scopes: string[];
  /** When the stored access token expires (ISO 8601). */
  access_expires_at: string;
  has_refresh_token: boolean;
  /** Learnt at the first refresh: `rotating` when the server sent a new refresh token. */
  refresh_mode: 'rotating' | 'long_lived' | 'unknown';
  created_at: string;
  refreshed_at: string | null;
}

/** A connection file that could not be read, as `listAll` reports it. */
export interface UnreadableConnection {
  name: string;
  /** Why (corrupt, unsafe mode, I/O error). */
  unreadable: string;
  hint: string;
}

export type ConnectionListing = ConnectionInfo | UnreadableConnection;

export interface Connection extends ConnectionInfo {
  tokens: ConnectionTokens;
}

const FILE_FORMAT = 1;

const fileSchema = z.object({
  format: z.literal(FILE_FORMAT),
  name: z.string(),
  account: z.object({ encoded_account_id: z.string().optional(), organization_name: z.string().optional() }),
  api_base: z.string(),
  oauth_base: z.string(),
  client_id: z.string(),
  scopes: z.array(z.string()),
  access_expires_at: z.string(),
  has_refresh_token: z.boolean(),
  refresh_mode: z.enum(['rotating', 'long_lived', 'unknown']),
  created_at: z.string(),
  refreshed_at: z.string().nullable(),
  tokens: z.unknown(),
});
type ConnectionFile = z.infer<typeof fileSchema>;

const tokensSchema = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1).optional() });

export interface StoreOptions {
  /** The config directory (default: from the environment, see `configDir`). */
  dir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Connections on disk: `connections/<name>.json` (metadata in clear, tokens sealed), `settings.json`
 * (the default connection) and `secret.key` (unless `CTCT_SECRET_KEY` is set). Every write is atomic.
 * Writers of one connection's tokens must hold its refresh lock (see `lock.ts`).
 */
export class ConnectionStore {
  readonly paths: StorePaths;
  private readonly env: NodeJS.ProcessEnv;
  private secret: Promise<SecretKey> | undefined;

  constructor(options: StoreOptions = {}) {
    this.env = options.env ?? process.env;
    this.paths = storePaths(options.dir ?? configDir(this.env));
  }

  /** Loaded on first need, so listing connections works without the key. */
  private key(): Promise<SecretKey> {
    this.secret ??= loadSecretKey(this.paths.keyFile, this.env);
    this.secret.catch(() => (this.secret = undefined));
    return this.secret;
  }

  /** Fails early (before a browser consent) when the key is malformed or unsafe. */
  async checkKey(): Promise<void> {
    await ensurePrivateDir(this.paths.root);
    await this.key();
  }

  /** The environment a child process needs to open this same store with the same key. */
  workerEnvironment(): Record<string, string> {
    return { CTCT_CONFIG_DIR: this.paths.root, CTCT_SECRET_KEY: this.env.CTCT_SECRET_KEY ?? '' };
  }

  fileOf(name: string): string {
    assertName(name);
    return join(this.paths.connections, `${name}.json`);
  }

  lockFileOf(name: string): string {
    assertName(name);
    return join(this.paths.connections, `${name}.lock`);
  }

  async names(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.paths.connections);
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return [];
      throw err;
    }
    return entries
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter(isValidConnectionName)
      .sort();
  }

  async list(): Promise<ConnectionInfo[]> {
    const out: ConnectionInfo[] = [];
    for (const name of await this.names()) out.push(withoutTokens(await this.readFile(name)));
    return out;
  }

  /**
   * Every connection, those that cannot be read included (corrupt, unsafe mode, unreadable): one bad
   * file must not hide the others, and it is listed with the reason so it can be mended or removed.
   */
  async listAll(): Promise<ConnectionListing[]> {
    const out: ConnectionListing[] = [];
    for (const name of await this.names()) {
      try {
        out.push(withoutTokens(await this.readFile(name)));
      } catch (err) {
        const e = err as { message?: unknown; hint?: unknown };
        out.push({
          name,
          unreadable: String(e.message ?? err),
          hint: typeof e.hint === 'string' ? e.hint : `remove it with \`ctct connections remove ${name}\``,
        });
      }
    }
    return out;
  }

  async info(name: string): Promise<ConnectionInfo> {
    return withoutTokens(await this.readFile(name));
  }

  /** The connection with its tokens decrypted. */
  async read(name: string): Promise<Connection> {
    const file = await this.readFile(name);
    const plaintext = unseal(await this.key(), name, bindingOf(file), file.tokens);
    const parsed = tokensSchema.safeParse(safeJson(plaintext));
    if (!parsed.success)
      throw new CorruptConnectionError(
        `the decrypted tokens of connection "${name}" are malformed`,
        `reconnect with \`ctct connect --name ${name}\``,
      );
    const tokens: ConnectionTokens = { access_token: parsed.data.access_token };
    if (parsed.data.refresh_token !== undefined) tokens.refresh_token = parsed.data.refresh_token;
    return { ...withoutTokens(file), tokens };
  }

  /**
   * Writes the whole connection, durably: fsync of the file and the directory before returning.
   * `visibleBeforeSync` (for renewed tokens) puts the file in place before the fsyncs; see fs-atomic.ts.
   */
  async save(connection: Connection, options: { visibleBeforeSync?: boolean } = {}): Promise<void> {
    const path = this.fileOf(connection.name);
    await ensurePrivateDir(this.paths.connections);
    const { tokens, ...info } = connection;
    const sealed = seal(await this.key(), connection.name, bindingOf(connection), JSON.stringify(tokens));
    const file: ConnectionFile = {
      format: FILE_FORMAT,
      ...info,
      has_refresh_token: tokens.refresh_token !== undefined,
      tokens: sealed,
    };
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, options);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.names()).includes(name);
  }

  async remove(name: string): Promise<void> {
    const path = this.fileOf(name);
    try {
      await unlink(path);
    } catch (err) {
      if (isErrno(err, 'ENOENT')) throw new ConnectionNotFoundError(name, await this.names());
      throw err;
    }
    await fsyncDir(this.paths.connections);
    if ((await this.readSettings()).default === name) await this.writeSettings({});
  }

  /** The default connection: the one set with `setDefault`, else the only connection there is. */
  async defaultName(): Promise<string | undefined> {
    const names = await this.names();
    const chosen = (await this.readSettings()).default;
    if (chosen !== undefined && names.includes(chosen)) return chosen;
    return names.length === 1 ? names[0] : undefined;
  }

  async setDefault(name: string): Promise<void> {
    if (!(await this.exists(name))) throw new ConnectionNotFoundError(name, await this.names());
    await this.writeSettings({ default: name });
  }

  private async readFile(name: string): Promise<ConnectionFile> {
    const path = this.fileOf(name);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) throw new ConnectionNotFoundError(name, await this.names());
      throw err;
    }
    let text: string;
    try {
      // Checked like the key file: the file names the account and holds its sealed tokens.
      const problem = privateFileProblem(path, await handle.stat(), 'connection file');
      if (problem) throw new ConnectionFileModeError(problem.message, problem.hint);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success || parsed.data.name !== name) {
      throw new CorruptConnectionError(
        `the connection file ${path} is not a valid connection`,
        `remove it with \`ctct connections remove ${name}\` and reconnect`,
      );
    }
    return parsed.data;
  }

  private async readSettings(): Promise<{ default?: string }> {
    try {
      const value = safeJson(await readFile(this.paths.settings, 'utf8'));
      const d = (value as { default?: unknown } | undefined)?.default;
      return typeof d === 'string' ? { default: d } : {};
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return {};
      throw err;
    }
  }

  private async writeSettings(settings: { default?: string }): Promise<void> {
    await ensurePrivateDir(this.paths.root);
    await writeFileAtomic(this.paths.settings, `${JSON.stringify(settings, null, 2)}\n`);
  }
}

function assertName(name: string): void {
  if (!isValidConnectionName(name))
    throw new ConnectionUsageError(`invalid connection name "${name.slice(0, 80)}"`, CONNECTION_NAME_RULE);
}

function withoutTokens(file: ConnectionFile): ConnectionInfo {
  const { format: _format, tokens: _tokens, ...info } = file;
  const out: ConnectionInfo = { ...info, account: {} };
  if (info.account.encoded_account_id !== undefined) out.account.encoded_account_id = info.account.encoded_account_id;
  if (info.account.organization_name !== undefined) out.account.organization_name = info.account.organization_name;
  return out;
}

function bindingOf(c: TokenBinding): TokenBinding {
  return { api_base: c.api_base, oauth_base: c.oauth_base, client_id: c.client_id };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
