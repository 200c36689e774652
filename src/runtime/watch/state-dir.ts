import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where watch state lives: `$CTCT_STATE_DIR`, else `$XDG_STATE_HOME/ctct-connect`, else
 * `~/.local/state/ctct-connect` (state, not configuration: losing it only restarts the watches).
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CTCT_STATE_DIR) return env.CTCT_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'ctct-connect');
  return join(homedir(), '.local', 'state', 'ctct-connect');
}

/** The SQLite file holding every watch's checkpoint and seen keys; its directory is created (0700). */
export function watchStatePath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'watch-state.sqlite');
}
