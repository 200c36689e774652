import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * Tests that run the built CLI (`node dist/cli/main.js ...`) as a user does. `npm test` builds first;
 * when a test file runs alone after a source change, `ensureBuilt()` rebuilds, one build at a time
 * across the test processes.
 */
export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI_MAIN = join(ROOT, 'dist', 'cli', 'main.js');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const WEB_SRC = join(ROOT, 'src', 'app', 'web');
const WEB_BUNDLE = join(ROOT, 'dist', 'app', 'web', 'app.js');

/**
 * true when some source file has no compiled counterpart newer than itself. The web app's front end
 * (src/app/web) is one esbuild bundle rather than one file per source: it is stale when any of its
 * sources is newer than the bundle.
 */
export function distIsStale(): boolean {
  const all = sources(join(ROOT, 'src'));
  const web = all.filter((f) => f.startsWith(WEB_SRC));
  const bundleTime = existsSync(WEB_BUNDLE) ? statSync(WEB_BUNDLE).mtimeMs : -1;
  if (web.some((f) => statSync(f).mtimeMs > bundleTime)) return true;
  return all
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith(WEB_SRC))
    .some((src) => {
      const out = join(ROOT, 'dist', relative(join(ROOT, 'src'), src)).replace(/\.ts$/, '.js');
      return !existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs;
    });
}

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Rebuilds dist when it is stale; concurrent callers wait for the one build instead of racing it. */
export function ensureBuilt(): void {
  if (!distIsStale()) return;
  const lock = join(tmpdir(), `ctct-connect-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`waited 3 minutes for another test's build (remove ${lock} if no build is running)`);
      sleep(200);
    }
  }
  try {
    // Another process may have built while this one waited.
    if (distIsStale()) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  } finally {
    rmdirSync(lock);
  }
  if (!existsSync(CLI_MAIN)) throw new Error('npm run build did not produce dist/cli/main.js');
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `ctct` in a child process without blocking this one (a sandbox answering the child
 * usually lives in the test's process). `env` entries override the inherited environment; an
 * `undefined` value removes the variable.
 */
export function runCtct(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_MAIN, ...args], { env: merged, cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
