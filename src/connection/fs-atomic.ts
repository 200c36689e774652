import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Private directories: connections and keys are nobody else's business. */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
}

export interface AtomicWriteOptions {
  mode?: number;
  /**
   * Rename into place before the fsyncs instead of after them. The new content then survives a killed
   * process from the moment it is written, milliseconds earlier; the fsyncs still complete before the
   * function returns. Used for rotated refresh tokens, where the old file is worthless once the server
   * has answered (see provider.ts).
   */
  visibleBeforeSync?: boolean;
}

/**
 * Writes `data` so that a reader (or a crash) sees either the old file or the complete new one:
 * a temporary file in the same directory, fsync, rename over the target, then fsync of the directory
 * so the rename itself survives a power loss.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    if (options.visibleBeforeSync) await rename(temp, path);
    await handle.sync();
    if (!options.visibleBeforeSync) await rename(temp, path);
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await fsyncDir(dir);
}

/** Makes directory entries (creations, renames, removals) durable; a no-op where directories cannot be opened. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * Removes the temporary files that killed writers left in `dir` (names ending `.<pid>.<hex>.tmp`
 * whose pid is no longer alive on this machine). Returns how many were removed.
 */
export async function sweepLeftovers(dir: string, isAlive: (pid: number) => boolean): Promise<number> {
  let removed = 0;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const match = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(entry);
    if (!match || isAlive(Number(match[1]))) continue;
    await unlink(join(dir, entry)).then(
      () => (removed += 1),
      () => undefined,
    );
  }
  return removed;
}

export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

/** Why a file holding secrets or personal data must not be used, or undefined when it is private. */
export interface PrivateFileProblem {
  message: string;
  hint: string;
}

/**
 * The one rule for the key file, connection files and the watch state database: owned by this user
 * and neither readable nor writable by group or others (checked on an opened descriptor's stat, so
 * the file cannot be swapped between the check and the read). Not checked on Windows (no modes).
 */
export function privateFileProblem(
  path: string,
  info: { mode: number; uid: number },
  what: string,
): PrivateFileProblem | undefined {
  if (process.platform === 'win32') return undefined;
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    return {
      message: `refusing to use the ${what} ${path}: it is readable or writable by group or others (mode ${mode})`,
      hint: `restrict it with \`chmod 600 ${path}\`, then retry`,
    };
  }
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid)
    return {
      message: `refusing to use the ${what} ${path}: it belongs to another user (uid ${info.uid})`,
      hint: 'remove it, or run as the user who created it',
    };
  return undefined;
}
