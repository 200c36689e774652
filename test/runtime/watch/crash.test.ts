import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN as MAIN, ROOT, ensureBuilt } from '../../helpers/dist.js';
import { useModuleTestbed } from '../../helpers/modules.js';
import {
  addContacts,
  addList,
  advance,
  DAY,
  HOUR,
  readAllPages,
  sendCampaignNow,
} from '../../sandbox/engine/fixtures.js';
import { duplicates, tempStateDir } from './helpers.js';

type Phase = 'handed-over' | 'delivered' | 'in-ack' | 'acked';
const PHASES: readonly Phase[] = ['handed-over', 'delivered', 'in-ack', 'acked'];

/**
 * The crash test: `ctct watch --json >> events.jsonl` (compiled code, a real child process) is killed
 * with SIGKILL at random points and restarted, over and over, while the watched report grows. The
 * kill points include every delivery phase (before the write, after the write, INSIDE the
 * acknowledgement transaction, after it) and random moments (start-up, fetch, backlog writes). Test
 * hooks widen the windows (CTCT_WATCH_DELAY_MS) and report the phases (CTCT_WATCH_TRACE). In the end
 * the file must hold every event of the report exactly once, each on a whole line.
 */
describe('watch runtime under SIGKILL', () => {
  const t = useModuleTestbed();
  const dir = tempStateDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    ensureBuilt();
    expect(existsSync(join(ROOT, 'dist', 'runtime', 'watch', 'watcher.js'))).toBe(true);
  }, 180_000);

  it('loses nothing and duplicates nothing across 50+ kills, including inside the ack transaction', async () => {
    const list = addList(t, 'Crash');
    addContacts(t, 'crash', 400, [list]);
    const activity = (await sendCampaignNow(t, 'Crash', [list])).primaryId;
    advance(t, HOUR);
    const output = join(dir, 'events.jsonl');
    const env = {
      ...process.env,
      CTCT_API_BASE: t.server!.url,
      CTCT_STATE_DIR: dir,
      CTCT_WATCH_TRACE: '1',
      CTCT_WATCH_DELAY_MS: 'handed-over:3,delivered:6,in-ack:25',
      NO_COLOR: '1',
    };
    const args = [
      MAIN,
      'watch',
      'watch-email-opens-reports',
      '--field',
      `campaign_activity_id=${activity}`,
      '--from',
      'all',
      '--json',
    ];

    let seed = 77;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };

    /**
     * One run of the watcher; resolves with the last phase it reported and whether it died of SIGKILL
     * (the exit signal, not merely that kill() was called). A phase that never comes round (nothing
     * left to deliver) does not hang the test: the process is killed after a while anyway.
     */
    const run = (extra: string[], kill: { phase: Phase; nth: number } | { afterMs: number } | undefined) =>
      new Promise<{
        killed: boolean;
        byFallback: boolean;
        lastPhase: string | undefined;
        code: number | null;
        stderr: string;
      }>((resolve) => {
        const fd = openSync(output, 'a');
        const child = spawn(process.execPath, [...args, ...extra], {
          cwd: ROOT,
          env: { ...env, CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token },
          stdio: ['ignore', fd, 'pipe'],
        });
        closeSync(fd);
        let stderr = '';
        let lastPhase: string | undefined;
        let seen = 0;
        let killed = false;
        let byFallback = false;
        const killNow = () => {
          if (!killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        };
        const timer = kill
          ? setTimeout(
              () => {
                byFallback = 'phase' in kill;
                killNow();
              },
              'afterMs' in kill ? kill.afterMs : 5000,
            )
          : undefined;
        child.stderr!.on('data', (d: Buffer) => {
          stderr += d.toString();
          for (const line of d.toString().split('\n')) {
            const m = /^ctct-watch-trace (\S+) /.exec(line);
            if (!m || killed) continue;
            lastPhase = m[1];
            if (kill && 'phase' in kill && m[1] === kill.phase && ++seen === kill.nth) killNow();
          }
        });
        child.on('exit', (code, signal) => {
          if (timer) clearTimeout(timer);
          resolve({ killed: killed && signal === 'SIGKILL', byFallback, lastPhase, code, stderr });
        });
      });

    const killedAt: Record<string, number> = {};
    let kills = 0;
    for (let round = 0; kills < 55 && round < 200; round++) {
      if (random() < 0.5) advance(t, Math.floor(random() * 6 * HOUR));
      const mode = random();
      const kill =
        mode < 0.75
          ? { phase: PHASES[Math.floor(random() * PHASES.length)] as Phase, nth: 1 + Math.floor(random() * 4) }
          : { afterMs: Math.floor(random() * 600) };
      const result = await run(['--field', `limit=${1 + Math.floor(random() * 12)}`, '--every', '100ms'], kill);
      if (!result.killed) throw new Error(`the watcher exited by itself (${result.code}): ${result.stderr}`);
      kills++;
      const where =
        'phase' in kill && !result.byFallback
          ? `${result.lastPhase ?? 'start-up'}`
          : `random:${result.lastPhase ?? 'start-up'}`;
      killedAt[where] = (killedAt[where] ?? 0) + 1;
    }

    // let it finish: everything the report holds by now, in one clean run
    advance(t, 10 * DAY);
    const final = await run(['--field', 'limit=100000', '--once'], undefined);
    expect(final.code, final.stderr).toBe(0);

    const text = readFileSync(output, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const printed = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { contact_id: string; created_time: string });
    const keys = printed.map((p) => `${p.contact_id}|${p.created_time}`);
    const truth = (await readAllPages(t, `/reports/email_reports/${activity}/tracking/opens?limit=500`)).items.map(
      (r: any) => `${r.contact_id}|${r.created_time}`,
    );

    expect(kills).toBeGreaterThanOrEqual(50);
    expect(killedAt['in-ack'] ?? 0, JSON.stringify(killedAt)).toBeGreaterThanOrEqual(5);
    expect(killedAt.delivered ?? 0, JSON.stringify(killedAt)).toBeGreaterThanOrEqual(5);
    expect(duplicates(keys)).toEqual([]);
    expect(truth.filter((k) => !keys.includes(k))).toEqual([]);
    expect(keys.filter((k) => !truth.includes(k))).toEqual([]);
    expect(truth.length).toBeGreaterThan(200);
  }, 240_000);
});
