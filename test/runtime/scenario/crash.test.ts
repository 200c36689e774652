import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ROOT, ensureBuilt } from '../../helpers/dist.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { openScenarios } from '../../../src/runtime/scenario/index.js';
import { createClient } from '../../../src/client/index.js';
import { addContacts, addList, readAllPages } from '../../sandbox/engine/fixtures.js';

type Phase = 'op-started' | 'op-returned' | 'op-finished' | 'in-claim' | 'in-settle' | 'in-ack';
const PHASES: readonly Phase[] = ['op-started', 'op-returned', 'op-finished', 'in-claim', 'in-settle', 'in-ack'];

/**
 * The crash test: `ctct serve` (the built CLI) running a scenario (watch new contacts of a list → Create a Contact for
 * each → Add Contacts to Lists) is SIGKILLed at 100+ points: inside operations (after the ledger
 * recorded the start, after the API answered, after the end was recorded), inside the transactions
 * that claim an event and settle a bundle, inside the watch's acknowledgement, and at random moments,
 * while new contacts keep arriving. The sandbox (served on 127.0.0.1, its data in a file) counts:
 * every event processed exactly once, no create sent twice, nothing lost.
 */
describe('scenario runs under SIGKILL', () => {
  const home = mkdtempSync(join(tmpdir(), 'ctct-scenario-crash-'));
  const t = useSandbox({ listen: true, data: join(home, 'sandbox.sqlite') });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  beforeAll(() => ensureBuilt(), 180_000);

  it('processes every event exactly once across 100+ kills, with no duplicate create', async () => {
    const source = addList(t, 'Crash source');
    const target = addList(t, 'Crash target');
    const dir = join(home, 'scenarios');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'copy.yaml'),
      `name: Copy new contacts
scheduling: { type: interval, every: 1s }
flow:
  - id: 1
    module: watch-contacts
    from: all
    mapper: { events: [create], lists: [${source}], limit: 7 }
  - id: 2
    module: create-contact
    mapper:
      email_address: "copy-{{1.email_address.address}}"
      first_name: "{{1.first_name}}"
      create_source: Account
  - id: 3
    module: add-contacts-to-lists
    mapper: { list_ids: [${target}], contact_ids: ["{{2.contact_id}}"] }
`,
    );
    const stateDir = join(home, 'state');
    mkdirSync(stateDir, { recursive: true });
    const stateFile = join(stateDir, 'watch-state.sqlite');
    // serve runs only enabled scenarios; it finds the state file through CTCT_STATE_DIR.
    const setup = openScenarios({ dir, stateFile });
    setup.setEnabled('copy', true);
    setup.close();
    let seed = 4242;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const run = (kill: { phase: Phase; nth: number } | { afterMs: number }) =>
      new Promise<{ killed: boolean; last: string | undefined; stderr: string }>((resolve) => {
        // A run a second (its schedule) needs more than 10,000 requests a day: --daily-limit keeps serve
        // from spacing the runs out, so each new process starts a run at once.
        const child = spawn(
          process.execPath,
          [CLI_MAIN, 'serve', '--json', '--dir', dir, '--daily-limit', '10000000'],
          {
            cwd: ROOT,
            env: {
              ...process.env,
              CTCT_API_BASE: t.server!.url,
              CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token,
              CTCT_STATE_DIR: stateDir,
              CTCT_CONFIG_DIR: join(home, 'config'),
              CTCT_WATCH_TRACE: '1',
              CTCT_WATCH_DELAY_MS: 'op-returned:4,in-claim:4,in-settle:4,in-ack:4',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stderr = '';
        let last: string | undefined;
        let seen = 0;
        let killed = false;
        const killNow = () => {
          if (killed) return;
          killed = true;
          child.kill('SIGKILL');
        };
        // The clock starts once serve has loaded (start-up is slow on a busy machine).
        let timer: NodeJS.Timeout | undefined;
        child.stdout!.on('data', (d: Buffer) => {
          if (!timer && d.toString().includes('"type":"serve-started"'))
            timer = setTimeout(killNow, 'afterMs' in kill ? kill.afterMs : 1500);
        });
        child.stderr!.on('data', (d: Buffer) => {
          stderr += d.toString();
          for (const line of d.toString().split('\n')) {
            const m = /^ctct-watch-trace (\S+) /.exec(line);
            if (!m || killed) continue;
            last = m[1];
            if ('phase' in kill && m[1] === kill.phase && ++seen === kill.nth) killNow();
          }
        });
        const stuck = setTimeout(killNow, 20_000);
        child.on('exit', (_code, signal) => {
          clearTimeout(timer);
          clearTimeout(stuck);
          resolve({ killed: killed && signal === 'SIGKILL', last, stderr });
        });
      });

    const killedAt: Record<string, number> = {};
    let kills = 0;
    let added = 0;
    for (let round = 0; kills < 100 && round < 300; round++) {
      if (random() < 0.75) {
        const n = 1 + Math.floor(random() * 4);
        addContacts(t, `crash${round}`, n, [source]);
        added += n;
        t.sandbox.clock.advance(1000 + Math.floor(random() * 60_000));
      }
      const kill =
        random() < 0.8
          ? { phase: PHASES[Math.floor(random() * PHASES.length)] as Phase, nth: 1 + Math.floor(random() * 3) }
          : { afterMs: Math.floor(random() * 600) };
      const result = await run(kill);
      if (!result.killed) throw new Error(`serve exited by itself: ${result.stderr}`);
      kills++;
      const where = 'phase' in kill && result.last === kill.phase ? kill.phase : `random:${result.last ?? 'start-up'}`;
      killedAt[where] = (killedAt[where] ?? 0) + 1;
    }

    // The last, clean runs: in-process, until the backlog is drained.
    const lib = openScenarios({
      dir,
      stateFile,
      clientFor: async (_c, overrides) =>
        createClient({
          baseUrl: t.server!.url,
          token: t.sandbox.credentials.access_token,
          budget: false,
          fetch: overrides.fetch,
        }),
    });
    try {
      for (let i = 0; i < 200; i++) {
        const r = await lib.runScenario('copy');
        if (r.bundles === 0 && lib.triggerState(await lib.load('copy'))?.backlog === 0) break;
      }
      const incompletes = lib.listIncompletes({ scenario: 'copy', status: 'unresolved' });
      for (const i of incompletes) expect(i.reason, JSON.stringify(i)).toBe('outcome-unknown');
      t.sandbox.jobs.drain();
      const originals = (await readAllPages(t, `/contacts?lists=${source}&limit=500`, 'contacts')).items;
      const all = (await readAllPages(t, '/contacts?status=all&limit=500', 'contacts')).items;
      const copies = all.filter((c: any) => c.email_address.address.startsWith('copy-'));
      const inTarget = new Set(
        (await readAllPages(t, `/contacts?lists=${target}&limit=500`, 'contacts')).items.map((c: any) => c.contact_id),
      );
      const creates = t.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/v3/contacts'));
      // Each original has exactly one copy, in the target list, unless its bundle is an incomplete
      // execution whose create's outcome could not be told (listed above, with that reason).
      const unresolvedEmails = incompletes.length;
      expect(originals.length).toBe(added);
      expect(creates.filter((r) => r.status === 409)).toEqual([]);
      expect(creates.filter((r) => r.status === 201).length).toBe(copies.length);
      expect(copies.length).toBeGreaterThanOrEqual(added - unresolvedEmails);
      expect(copies.length).toBeLessThanOrEqual(added);
      const missing = copies.filter((c: any) => !inTarget.has(c.contact_id));
      expect(missing.length).toBeLessThanOrEqual(unresolvedEmails);
      expect(kills).toBeGreaterThanOrEqual(100);
      for (const p of ['op-started', 'op-returned', 'in-claim', 'in-settle'])
        expect(killedAt[p] ?? 0, JSON.stringify(killedAt)).toBeGreaterThanOrEqual(5);
    } finally {
      lib.close();
    }
  }, 300_000);
});
