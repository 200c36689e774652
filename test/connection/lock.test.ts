import { spawnSync } from 'node:child_process';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, type LockOptions } from '../../src/connection/lock.js';
import { useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

/** The pid of a process that has already exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** `count` concurrent acquirers, each holding the lock a few ms: how many got in, and the most at once. */
async function contend(
  path: string,
  count: number,
  options: LockOptions,
): Promise<{ entries: number; maxInside: number }> {
  let inside = 0;
  let maxInside = 0;
  let entries = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      const lock = await acquireLock(path, options);
      inside += 1;
      entries += 1;
      maxInside = Math.max(maxInside, inside);
      await new Promise((r) => setTimeout(r, 2));
      inside -= 1;
      await lock.release();
    }),
  );
  return { entries, maxInside };
}

describe('refresh lock', () => {
  it('lets one holder in at a time among concurrent acquirers', async () => {
    const path = join(await tempDir(), 'c.lock');
    const { entries, maxInside } = await contend(path, 12, { pollMs: 2 });
    expect(entries).toBe(12);
    expect(maxInside).toBe(1);
  });

  it('lets one holder in at a time when many contenders find a stale lock together', async () => {
    // Every contender judges the same dead owner's lock stale at about the same moment: breaking it
    // must never take away a lock that another contender has taken meanwhile.
    const dir = await tempDir();
    const dead = deadPid();
    let maxInside = 0;
    for (let round = 0; round < 60; round++) {
      const path = join(dir, `c${round}.lock`);
      await writeFile(
        path,
        JSON.stringify({ pid: dead, host: hostname(), nonce: `dead-${round}`, acquired_at: Date.now() }),
      );
      const result = await contend(path, 12, { pollMs: 1, timeoutMs: 10_000 });
      expect(result.entries).toBe(12);
      maxInside = Math.max(maxInside, result.maxInside);
    }
    expect(maxInside).toBe(1);
    // Nothing is left behind: no lock, no breaker file, no temporary files.
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock whose owner process is gone', async () => {
    const dir = await tempDir();
    const path = join(dir, 'c.lock');
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: hostname(), nonce: 'dead', acquired_at: Date.now() }));
    const lock = await acquireLock(path, { timeoutMs: 2_000 });
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock older than staleMs even when its owner looks alive', async () => {
    const path = join(await tempDir(), 'c.lock');
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'hung', acquired_at: 0 }));
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    const lock = await acquireLock(path, { staleMs: 60_000, timeoutMs: 2_000 });
    await lock.release();
  });

  it('waits for a live holder, then times out with the file to remove', async () => {
    const path = join(await tempDir(), 'c.lock');
    const held = await acquireLock(path);
    await expect(acquireLock(path, { timeoutMs: 150, pollMs: 10 })).rejects.toMatchObject({
      name: 'LockTimeoutError',
      message: expect.stringContaining(`held by process ${process.pid}`),
      hint: `if no ctct process is running, remove the file: rm ${path}`,
    });
    await held.release();
    await (await acquireLock(path, { timeoutMs: 150 })).release();
  });

  it('does not remove a lock that someone else now holds', async () => {
    const path = join(await tempDir(), 'c.lock');
    const first = await acquireLock(path);
    const foreign = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      nonce: 'someone-else',
      acquired_at: Date.now(),
    });
    await writeFile(path, foreign); // as if it had been judged stale and taken over
    await first.release();
    expect(await readFile(path, 'utf8')).toBe(foreign);
  });
});
