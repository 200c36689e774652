import { closeSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import { privateFileProblem } from '../../connection/fs-atomic.js';
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

/** The state database is refused when others can read or write it (or another user owns it). */
export class WatchStateModeError extends Error {
  override name = 'WatchStateModeError';
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * Creates the state database 0600 before SQLite opens it (SQLite would use the umask, often 0644, and
 * gives its -wal and -shm files the database's mode), or checks an existing one like the key file:
 * its backlog holds contacts' personal data as fetched.
 */
export function ensurePrivateStateFile(file: string): void {
  if (file === ':memory:' || file === '' || file.startsWith('file:')) return;
  const fd = openSync(file, 'a', 0o600);
  try {
    const problem = privateFileProblem(file, fstatSync(fd), 'watch state database');
    if (problem) throw new WatchStateModeError(problem.message, problem.hint);
  } finally {
    closeSync(fd);
  }
}
