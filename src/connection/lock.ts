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
 * `staleMs` (a hung or foreign holder). The lock file is removed only through `removeIf`: one remover at
 * a time, and only the record it means.
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

/** A remover holds the breaker for a handful of file operations: older than this, its process died. */
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
    const owner: Owner = {
      pid: process.pid,
      host: hostname(),
      nonce: randomBytes(12).toString('hex'),
      acquired_at: Date.now(),
    };
    if (await tryCreate(path, owner)) return heldLock(path, owner.nonce, pollMs);

    const seen = await readLock(path);
    if (seen === undefined) continue; // released between our attempt and the read
    lastOwner = seen.owner;
    if (isStale(seen, staleMs)) {
      // Another remover at work: give it a moment rather than spin on the file system.
      if (!(await breakStale(path, seen.text))) await sleep(pollMs * Math.random());
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
    if (
      typeof v.pid === 'number' &&
      typeof v.host === 'string' &&
      typeof v.nonce === 'string' &&
      typeof v.acquired_at === 'number'
    )
      return v as Owner;
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
 * Every removal of the lock file (breaking a stale lock, releasing one's own) goes through a second
 * lock file, the breaker, and removes the lock only if it still holds the record the remover means.
 * Without that, two contenders could each remove "the stale lock", the second one removing the fresh
 * lock a third had just taken; or a holder presumed hung could wake and release its successor's lock.
 * Either way two holders would refresh at once (with rotating refresh tokens, one is then refused).
 *
 * Answers false when another remover holds the breaker (try again). A breaker's file outlives it only
 * if it died within its few file operations: one whose process is gone, or older than a few seconds,
 * is cleared.
 */
async function removeIf(path: string, shouldRemove: (text: string) => boolean): Promise<boolean> {
  const breakerPath = `${path}.break`;
  const breaker: Owner = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(12).toString('hex'),
    acquired_at: Date.now(),
  };
  if (!(await tryCreate(breakerPath, breaker))) {
    const seen = await readLock(breakerPath);
    if (seen && isStale(seen, BREAKER_STALE_MS)) await unlink(breakerPath).catch(() => undefined);
    return false;
  }
  try {
    const current = await readFile(path, 'utf8').catch((err: unknown) => {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw err;
    });
    if (current !== undefined && shouldRemove(current)) await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await unlink(breakerPath).catch(() => undefined);
  }
}

/** Removes a stale lock if it is still the record judged stale (false: another remover was at work). */
function breakStale(path: string, staleText: string): Promise<boolean> {
  return removeIf(path, (text) => text === staleText);
}

function heldLock(path: string, nonce: string, pollMs: number): HeldLock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      const ours = (text: string) => parseOwner(text)?.nonce === nonce;
      // The breaker is held for a few file operations at a time; a stale one is cleared within BREAKER_STALE_MS.
      const giveUpAt = Date.now() + 2 * BREAKER_STALE_MS;
      while (!(await removeIf(path, ours))) {
        if (Date.now() > giveUpAt) {
          // Still ours? Then remove it directly rather than leave it to be judged stale later.
          const seen = await readLock(path);
          if (seen && ours(seen.text)) await unlink(path).catch(() => undefined);
          return;
        }
        await sleep(pollMs + Math.random() * pollMs);
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
