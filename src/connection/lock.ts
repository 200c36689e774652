import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { LockTimeoutError } from './errors.js';
import { isErrno } from './fs-atomic.js';

/**
 * A lock file shared by every process on the machine (and, by age only, across machines sharing the
 * directory). Taking it is one atomic `link()` of a fully written temporary file onto the lock path,
 * which fails with EEXIST while another holder exists (the same exclusivity as O_EXCL, but a reader
 * never sees a half-written owner record).
 *
 * A lock is stale when its owner process is gone (same host, pid not alive) or when it is older than
 * `staleMs` (a hung or foreign holder). Stale locks are broken one breaker at a time (breakStale).
 */
export interface LockOptions {
  /** A live holder older than this is presumed hung (default 60 s: longer than one token request). */
  staleMs?: number;
  /** Give up waiting after this long (default 120 s). */
  timeoutMs?: number;
  /** Base interval between attempts while waiting (default 25 ms, with jitter). */
  pollMs?: number;
}

export interface HeldLock {
  readonly path: string;
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
}

/** A breaker holds its file for a handful of file operations: older than this, its process died. */
const BREAKER_STALE_MS = 5_000;

interface Owner {
  pid: number;
  host: string;
  nonce: string;
  acquired_at: number;
}

export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const staleMs = options.staleMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollMs = options.pollMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let lastOwner: Owner | undefined;
  while (true) {
    const owner: Owner = { pid: process.pid, host: hostname(), nonce: randomBytes(12).toString('hex'), acquired_at: Date.now() };
    if (await tryCreate(path, owner)) return heldLock(path, owner.nonce);

    const seen = await readLock(path);
    if (seen === undefined) continue; // released between our attempt and the read
    lastOwner = seen.owner;
    if (isStale(seen, staleMs)) {
      await breakStale(path, seen.text);
      continue;
    }
    if (Date.now() > deadline) {
      const who = lastOwner ? `process ${lastOwner.pid} on ${lastOwner.host}` : 'an unknown process';
      throw new LockTimeoutError(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for the refresh lock ${path}, held by ${who}`,
        `if no ctct process is running, remove the file: rm ${path}`,
      );
    }
    await sleep(pollMs + Math.random() * pollMs);
  }
}

async function tryCreate(path: string, owner: Owner): Promise<boolean> {
  const temp = `${path}.${owner.pid}.${owner.nonce}.tmp`;
  await writeFile(temp, JSON.stringify(owner), { mode: 0o600 });
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

interface SeenLock {
  text: string;
  owner: Owner | undefined;
  ageMs: number;
}

async function readLock(path: string): Promise<SeenLock | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, owner: parseOwner(text), ageMs: Date.now() - info.mtimeMs };
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const v = JSON.parse(text) as Partial<Owner>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.nonce === 'string' && typeof v.acquired_at === 'number') return v as Owner;
  } catch {
    // garbage: judged by age alone
  }
  return undefined;
}

function isStale(seen: SeenLock, staleMs: number): boolean {
  if (seen.ageMs > staleMs) return true;
  if (!seen.owner) return seen.ageMs > 5_000;
  if (seen.owner.host !== hostname()) return false;
  return !isProcessAlive(seen.owner.pid);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return isErrno(err, 'EPERM');
  }
}

/**
 * Removes a stale lock, one breaker at a time. The breakers serialise on a second lock file: holding
 * it, a breaker removes the lock only if it still holds the very record judged stale. Without that,
 * two contenders could each remove "the stale lock", the second one removing the fresh lock a third
 * contender had just taken, and two holders would refresh at once (with rotating refresh tokens, one
 * of them is then refused). A breaker's own file outlives it only if it died within those few file
 * operations; one whose process is gone, or older than a few seconds, is cleared.
 */
async function breakStale(path: string, staleText: string): Promise<void> {
  const breakerPath = `${path}.break`;
  const breaker: Owner = { pid: process.pid, host: hostname(), nonce: randomBytes(12).toString('hex'), acquired_at: Date.now() };
  if (!(await tryCreate(breakerPath, breaker))) {
    const seen = await readLock(breakerPath);
    if (seen && isStale(seen, BREAKER_STALE_MS)) await unlink(breakerPath).catch(() => undefined);
    return; // the caller tries again
  }
  try {
    const current = await readFile(path, 'utf8').catch((err: unknown) => {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw err;
    });
    if (current === staleText) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(breakerPath).catch(() => undefined);
  }
}

function heldLock(path: string, nonce: string): HeldLock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      const seen = await readLock(path);
      if (seen?.owner?.nonce === nonce) await unlink(path).catch(() => undefined);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
