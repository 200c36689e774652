import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConnectionError, ConnectionExpiredError, LockTimeoutError, OAuthFlowError } from './errors.js';
import type { LockOptions } from './lock.js';

/**
 * Runs a refresh in a detached worker process (refresh-worker.ts). The worker outlives its caller: if
 * the process that asked for the refresh is killed (SIGKILL, a closed terminal, a crashed job) while
 * the token request is in flight, the worker still receives the rotated refresh token and stores it.
 * Nothing secret crosses the pipes except the rejected access token, sent on the worker's stdin; the
 * new tokens travel only through the encrypted store.
 */
export interface WorkerRequest {
  name: string;
  rejected: string;
  marginMs: number;
  lock?: LockOptions;
}

export interface SerializedError {
  name: string;
  message: string;
  hint?: string;
  exitCode?: number;
  connection?: string;
  command?: string;
  reason?: string;
  error?: string;
  description?: string;
}

export type WorkerReply = { ok: true } | { ok: false; error: SerializedError };

/** The compiled worker beside this module, or undefined when running from TypeScript sources. */
export function workerScript(): string | undefined {
  const path = fileURLToPath(new URL('./refresh-worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * Resolves with the worker's reply, or undefined when it could not run or died without replying
 * (the caller then re-checks the store and falls back to refreshing in-process, which is safe: it
 * takes the same lock and re-reads first).
 */
export function runRefreshWorker(
  script: string,
  request: WorkerRequest,
  env: Record<string, string>,
): Promise<WorkerReply | undefined> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(process.execPath, [script], {
        detached: true,
        stdio: ['pipe', 'pipe', 'ignore'],
        env: { ...process.env, ...env },
        windowsHide: true,
      });
    } catch {
      resolve(undefined);
      return;
    }
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', () => resolve(undefined));
    child.once('close', () => {
      try {
        resolve(JSON.parse(output) as WorkerReply);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(request));
  });
}

export function serializeError(err: unknown): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields = e as unknown as Record<string, unknown>;
  const out: SerializedError = { name: e.name, message: e.message };
  for (const key of ['hint', 'connection', 'command', 'reason', 'error', 'description'] as const) {
    const value = fields[key];
    if (typeof value === 'string') out[key] = value;
  }
  if (typeof fields.exitCode === 'number') out.exitCode = fields.exitCode;
  return out;
}

/** The worker's error as the class the in-process refresh would have thrown. */
export function reviveError(e: SerializedError): Error {
  if (e.name === 'ReconnectRequiredError' && e.connection && e.command && e.reason)
    return new ConnectionExpiredError(e.connection, e.command, e.reason);
  if (e.name === 'OAuthFlowError' && e.error) {
    const revived = new OAuthFlowError(e.error, e.description, e.hint);
    revived.message = e.message;
    return revived;
  }
  const revived =
    e.name === 'LockTimeoutError'
      ? new LockTimeoutError(e.message, e.hint)
      : new ConnectionError(e.message, e.hint, e.exitCode ?? 1);
  if (e.name !== 'LockTimeoutError') revived.name = e.name;
  return revived;
}
