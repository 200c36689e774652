import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, isProcessAlive } from '../../src/connection/lock.js';
import { ConnectionTokenProvider } from '../../src/connection/provider.js';
import { ConnectionStore } from '../../src/connection/store.js';
import { useSandbox } from '../helpers/sandbox.js';
import { useTempDirs } from './helpers.js';
import { buildConnectionModules } from './modules-build.js';
import { accessTokensIssued, saveSandboxConnection } from './sandbox-connection.js';

const t = useSandbox({ listen: true });
const tempDir = useTempDirs();
const CHILD = resolve(import.meta.dirname, 'fixtures/refresh-child.mjs');
let modules: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  modules = await buildConnectionModules();
}, 120_000);
afterAll(async () => {
  await modules?.remove();
});

interface Child {
  markers: string[];
  /** When each marker arrived (pipes to a child are synchronous on POSIX, so this is close to when it was written). */
  times: Map<string, number>;
  /** Resolves when the child printed `marker`. */
  reached(marker: string): Promise<void>;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** Lets a child started with `waitForGo` proceed. */
  go(): void;
  pid: number;
}

function startChild(
  configDir: string,
  name: string,
  options: { inline: boolean; delays?: [number, number]; waitForGo?: boolean },
): Child {
  const proc = spawn(process.execPath, [CHILD], {
    env: {
      ...process.env,
      CTCT_CONFIG_DIR: configDir,
      CTCT_TEST_MODULES: modules.dir,
      CTCT_TEST_CONNECTION: name,
      CTCT_TEST_DELAYS: (options.delays ?? [0, 0]).join(','),
      CTCT_SECRET_KEY: '',
      CTCT_TEST_WAIT_GO: options.waitForGo ? '1' : '',
      CTCT_TEST_INLINE: options.inline ? '1' : '',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const markers: string[] = [];
  const times = new Map<string, number>();
  const waiters: { marker: string; resolve(): void }[] = [];
  let buffer = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      markers.push(line);
      times.set(line, performance.now());
      for (const w of waiters.filter((w) => line.startsWith(w.marker))) w.resolve();
    }
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => markers.push(`stderr ${chunk.trim()}`));
  // 'close', not 'exit': every marker the child wrote has been read by then.
  const exited = new Promise<number | null>((done) => proc.once('close', (code) => done(code)));
  return {
    markers,
    times,
    pid: proc.pid!,
    reached: (marker) =>
      markers.some((m) => m.startsWith(marker))
        ? Promise.resolve()
        : new Promise<void>((res) => {
            waiters.push({ marker, resolve: res });
          }),
    exited,
    kill: (signal) => proc.kill(signal),
    go: () => proc.stdin.end('go\n'),
  };
}

/** Does the stored connection still renew? 'works', or 'reconnect' for the clear reconnect error; anything else throws. */
async function verify(configDir: string, name: string): Promise<'works' | 'reconnect'> {
  const store = new ConnectionStore({ dir: configDir, env: {} });
  const provider = new ConnectionTokenProvider({ store, name, lock: { timeoutMs: 5_000 } });
  // Let a refresh still running (an orphaned worker) finish first, then replace what it stored.
  await (await acquireLock(store.lockFileOf(name), { timeoutMs: 5_000 })).release();
  const stale = (await store.read(name)).tokens.access_token;
  try {
    // Force a refresh: it proves the stored refresh token is alive, not merely the access token.
    const fresh = await provider.refresh(stale);
    const res = await fetch(`${t.server!.url}/account/summary`, { headers: { authorization: `Bearer ${fresh}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`the refreshed token got ${res.status}`);
    return 'works';
  } catch (err) {
    if (
      (err as Error).name === 'ReconnectRequiredError' &&
      (err as Error).message.includes(`ctct connect --name ${name}`)
    )
      return 'reconnect';
    throw err;
  }
}

/**
 * Waits (up to 15 s: a worker boots slowly on a loaded machine) until the lock file exists and names a process other
 * than `pid`: the caller's worker.
 */
async function lockTakenByOtherThan(lockFile: string, pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const owner = await readFile(lockFile, 'utf8').then(
      (text) => (JSON.parse(text) as { pid: number }).pid,
      () => undefined,
    );
    if (owner !== undefined && owner !== pid) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('the refresh worker never took the lock');
}

function issuedTokens(): string[] {
  return (t.sandbox.ctx.db.prepare('SELECT token FROM oauth_tokens').all() as { token: string }[]).map((r) => r.token);
}

const IN_FLIGHT = 'token request in flight, new tokens not yet durable';

/** Where the kill landed, from the last marker the child printed. */
function phaseOf(markers: readonly string[], inline: boolean): string {
  const last = [...markers].reverse().find((m) => ['ready', 'locked', 'requesting', 'stored', 'ok'].includes(m));
  const phases: Record<string, string> = inline
    ? {
        ready: 'before the lock',
        locked: 'inside the lock, before the request',
        requesting: IN_FLIGHT,
        stored: 'after the durable store',
        ok: 'finished',
      }
    : { ready: 'refresh running in the worker', ok: 'finished' };
  return phases[last ?? ''] ?? 'starting';
}

describe('refresh across processes', () => {
  it.each([
    ['a worker', false],
    ['in-process', true],
  ])(
    'concurrent processes renewing the same connection (%s) make one refresh and all succeed',
    async (_mode, inline) => {
      const dir = await tempDir();
      const store = new ConnectionStore({ dir, env: {} });
      const { grantId } = await saveSandboxConnection(t, store, 'multi');
      const children = Array.from({ length: 4 }, () =>
        startChild(dir, 'multi', { inline, delays: [30, 0], waitForGo: true }),
      );
      await Promise.all(children.map((c) => c.reached('ready')));
      for (const c of children) c.go();
      const codes = await Promise.all(children.map((c) => c.exited));
      expect(children.map((c) => c.markers.at(-1))).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(codes).toEqual([0, 0, 0, 0]);
      // Every child asked to replace the same token; the lock plus the re-read inside it made it one refresh.
      expect(accessTokensIssued(t, grantId)).toBe(2);
    },
  );

  /**
   * Kills a refreshing child at a random moment, `kills` times, and checks after each kill that the
   * stored connection still renews, or fails with the clear reconnect error (counted).
   */
  async function killLoop(signal: 'SIGKILL' | 'SIGTERM', kills: number, inline: boolean) {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    const { grantId } = await saveSandboxConnection(t, store, 'crash');
    const byPhase = new Map<string, { kills: number; reconnects: number }>();
    let reconnects = 0;
    const outputs: string[] = [];
    for (let i = 0; i < kills; i++) {
      // Worker mode cannot be stretched by hooks (they do not cross processes): a slow token endpoint
      // keeps the worker inside the lock, with its token request in flight, long enough for the kill to
      // land there even on a loaded machine.
      if (!inline) t.sandbox.faults.injectNext({ fault: 'latency', path: '/oauth2/*/token', latencyMs: 200 });
      const child = startChild(dir, 'crash', {
        inline,
        delays: [Math.floor(Math.random() * 20), Math.floor(Math.random() * 20)],
      });
      await Promise.race([child.reached('ready'), child.exited]);
      // In-process: any moment of the refresh. Worker: once the worker holds the lock (it is about to
      // send the token request, or has sent it), the moment at which losing the caller would hurt.
      if (!inline) await lockTakenByOtherThan(store.lockFileOf('crash'), child.pid);
      await new Promise((r) => setTimeout(r, Math.random() * (inline ? 80 : 40)));
      child.kill(signal);
      await child.exited;
      t.sandbox.faults.clear(); // a latency the worker did not use must not slow the verification
      outputs.push(...child.markers);
      const phase = phaseOf(child.markers, inline);
      const outcome = await verify(dir, 'crash');
      const tally = byPhase.get(phase) ?? { kills: 0, reconnects: 0 };
      tally.kills += 1;
      if (outcome === 'reconnect') {
        tally.reconnects += 1;
        reconnects += 1;
        // What the user does: connect again (a new grant under the same name).
        await saveSandboxConnection(t, store, 'crash');
      }
      byPhase.set(phase, tally);
    }
    const report = [...byPhase]
      .map(([phase, n]) => `${phase}: ${n.kills} kill(s), ${n.reconnects} reconnect(s)`)
      .join('; ');
    const mode = inline ? 'in-process refresh' : 'refresh in a detached worker';
    console.log(
      `refresh crash test (${mode}): ${kills} ${signal}s, ${reconnects} ended in the reconnect error (target 0). ` +
        `By phase: ${report}`,
    );
    // Access tokens of the first grant: 1 + the verifications' forced refreshes + refreshes that orphaned workers finished.
    const finishedByOrphans = reconnects === 0 ? accessTokensIssued(t, grantId) - 1 - kills : undefined;
    // Never a half-written connection; the temporary files of killed writers are swept by the next
    // refresh (after a lost rotation the last one failed and the user reconnected, so make one).
    expect(await verify(dir, 'crash')).toBe('works');
    const left = await readdir(join(dir, 'connections'));
    expect(left.filter((f) => f.endsWith('.json'))).toEqual(['crash.json']);
    expect(
      left.filter(
        (f) => /\.(\d+)\.[0-9a-f]+\.tmp$/.test(f) && !isProcessAlive(Number(/\.(\d+)\.[0-9a-f]+\.tmp$/.exec(f)![1])),
      ),
    ).toEqual([]);
    const printed = outputs.join('\n');
    for (const token of issuedTokens()) expect(printed.includes(token), 'a token in a child output').toBe(false);
    if (!inline)
      console.log(`refreshes finished by a worker after its caller was killed: ${finishedByOrphans} of ${kills}`);
    return { reconnects, byPhase, finishedByOrphans };
  }

  it('SIGKILL of the process that asked for a refresh never loses the grant: the detached worker finishes it', async () => {
    const { reconnects, finishedByOrphans } = await killLoop('SIGKILL', 20, false);
    expect(reconnects).toBe(0);
    // Every kill hit a caller whose worker was inside the lock, and every such worker completed the refresh.
    expect(finishedByOrphans).toBe(20);
    // Twenty child processes, each starting Node: ~10 s on a quiet machine, near 30 s on a loaded one.
  }, 120_000);

  it('SIGKILL during an in-process refresh leaves a connection that works or asks for a reconnect', async () => {
    const { byPhase } = await killLoop('SIGKILL', 20, true);
    // A lost rotation is only possible while the token request is in flight (the server has spent the
    // old refresh token, the new one is not yet on disk); a kill anywhere else must leave it working.
    for (const [phase, n] of byPhase) if (phase !== IN_FLIGHT) expect(n.reconnects, phase).toBe(0);
  });

  it('SIGTERM during an in-process refresh never loses the grant: the signal waits for the new tokens to be stored', async () => {
    const { reconnects } = await killLoop('SIGTERM', 8, true);
    expect(reconnects).toBe(0);
  });
});
