import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where connections live: `$CTCT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/ctct-connect`, else
 * `~/.config/ctct-connect`. Everything the store writes stays under this one directory.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CTCT_CONFIG_DIR) return env.CTCT_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'ctct-connect');
  return join(homedir(), '.config', 'ctct-connect');
}

export interface StorePaths {
  root: string;
  /** One JSON file per connection, so refreshing one never rewrites another. */
  connections: string;
  /** Which connection is the default. */
  settings: string;
  /** The generated encryption key when `CTCT_SECRET_KEY` is not set. */
  keyFile: string;
}

export function storePaths(root: string): StorePaths {
  return {
    root,
    connections: join(root, 'connections'),
    settings: join(root, 'settings.json'),
    keyFile: join(root, 'secret.key'),
  };
}

/** Connection names become file names, so they are kept to a portable, unambiguous alphabet. */
const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function isValidConnectionName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

export const CONNECTION_NAME_RULE =
  'a connection name is 1-63 lowercase letters, digits, "-" or "_", starting with a letter or digit';
