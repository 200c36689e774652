import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN as MAIN, ROOT, ensureBuilt } from '../helpers/dist.js';
import { useModuleTestbed } from '../helpers/modules.js';
import { addContacts, addList, advance, DAY, HOUR, readAllPages, sendCampaignNow } from '../sandbox/engine/fixtures.js';

/**
 * `ctct watch` as a user runs it: a child process against a sandbox served on 127.0.0.1, with its
 * state in a temporary CTCT_STATE_DIR.
 */
describe('ctct watch', () => {
  const t = useModuleTestbed();
  const stateDir = mkdtempSync(join(tmpdir(), 'ctct-watch-cli-'));
  let activity = '';

  beforeAll(async () => {
    ensureBuilt();
    expect(existsSync(join(ROOT, 'dist', 'cli', 'commands', 'watch.js'))).toBe(true);
    const list = addList(t, 'CLI watch');
    addContacts(t, 'cliwatch', 80, [list]);
    activity = (await sendCampaignNow(t, 'CLI watch', [list])).primaryId;
    advance(t, 2 * HOUR);
  }, 180_000);
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  const env = () => ({
    ...process.env,
    CTCT_API_BASE: t.server!.url,
    CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token,
    CTCT_STATE_DIR: stateDir,
    NO_COLOR: '1',
  });

  /** Runs the CLI without blocking this process (the sandbox answering it lives here). */
  const ctct = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [MAIN, 'watch', ...args], { cwd: ROOT, env: env() }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
  const lines = (stdout: string) =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, string>);
  const opens = async () =>
    (await readAllPages(t, `/reports/email_reports/${activity}/tracking/opens?limit=500`)).items as Record<
      string,
      string
    >[];
  const field = (name: string, value: string) => ['--field', `${name}=${value}`];

  it('--once --json: starts from now, then prints each new event once as a JSON line; state survives restarts', async () => {
    const args = ['watch-email-opens-reports', ...field('campaign_activity_id', activity), '--once', '--json'];
    const existed = new Set((await opens()).map((p) => `${p.contact_id}|${p.created_time}`));
    const first = await ctct(args);
    expect(first).toMatchObject({ code: 0, stdout: '' });

    advance(t, 3 * DAY);
    const second = await ctct(args);
    expect(second.code).toBe(0);
    const printed = lines(second.stdout);
    const expected = (await opens()).filter((p) => !existed.has(`${p.contact_id}|${p.created_time}`));
    expect(printed.length).toBeGreaterThan(5);
    expect(printed.map((p) => `${p.contact_id}|${p.created_time}`).sort()).toEqual(
      expected.map((p) => `${p.contact_id}|${p.created_time}`).sort(),
    );
    expect(printed.every((p) => p.tracking_activity_type === 'em_opens')).toBe(true);

    // a restart with nothing new prints nothing
    expect(await ctct(args)).toMatchObject({ code: 0, stdout: '' });
  });

  it('--from all prints every existing event oldest first, Limit events per run; --reset forgets the watch', async () => {
    const args = [
      'watch-email-unique-opens-reports',
      ...field('campaign_activity_id', activity),
      ...field('limit', '7'),
      '--once',
    ];
    const truth = (
      await readAllPages(t, `/reports/email_reports/${activity}/tracking/unique_opens?limit=500`)
    ).items.map((r: any) => r.contact_id as string);
    expect(truth.length).toBeGreaterThan(14);

    const first = await ctct([...args, '--from', 'all', '--json']);
    expect(first.code).toBe(0);
    const a = lines(first.stdout);
    expect(a).toHaveLength(7);
    const times = a.map((r) => r.created_time as string);
    expect(times).toEqual([...times].sort());

    // without --json: one line per event (time, key, bundle) on stdout, progress on stderr
    const second = await ctct(args);
    expect(second.code).toBe(0);
    const human = second.stdout.split('\n').filter(Boolean);
    expect(human).toHaveLength(7);
    expect(human[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z {2}[0-9a-f-]{36} {2}\{/);
    expect(second.stderr).toMatch(/Watching Watch Email Unique Opens Reports/);
    const b = human.map((l) => JSON.parse(l.slice(l.indexOf('{'))) as Record<string, string>);
    expect(new Set([...a, ...b].map((r) => r.contact_id)).size).toBe(14);

    const reset = await ctct([...args, '--reset']);
    expect(reset.code).toBe(0);
    expect(reset.stderr).toMatch(/Forgot the watch/);
    const again = lines((await ctct([...args, '--from', 'all', '--json'])).stdout);
    expect(again.map((r) => r.contact_id)).toEqual(a.map((r) => r.contact_id));
  });

  it(
    '--input takes the input as JSON or @file (the same input names the same watch, whatever its Limit); ' +
      '--field overrides it',
    async () => {
      const file = join(stateDir, 'input.json');
      writeFileSync(file, JSON.stringify({ limit: 4, campaign_activity_id: activity }));
      const base = ['watch-email-sends-reports', '--once', '--json'];
      const first = lines(
        (
          await ctct([
            ...base,
            '--input',
            JSON.stringify({ campaign_activity_id: activity, limit: 3 }),
            '--from',
            'all',
          ])
        ).stdout,
      );
      const second = lines((await ctct([...base, '--input', `@${file}`])).stdout);
      const third = lines((await ctct([...base, '--input', `@${file}`, ...field('limit', '2')])).stdout);
      expect([first.length, second.length, third.length]).toEqual([3, 4, 2]);
      const contacts = [...first, ...second, ...third].map((r) => r.contact_id);
      expect(new Set(contacts).size).toBe(9);
      expect((await ctct([...base, '--input', `@${file}`, '--reset'])).code).toBe(0);
    },
  );

  it('with --json, stdout carries events only: a failure is a JSON object on stderr, with a clear message and exit code', async () => {
    for (const [args, code, message] of [
      [['watch-contacts', '--input', '{"events":["nope"]}'], 2, /Event .*must be one of create, update, delete/],
      [['watch-email-opens-reports', '--input', '{not json'], 2, /--input is not valid JSON/],
      [['watch-email-opens-reports', '--input', '@/nonexistent/input.json'], 2, /Cannot read the input file/],
      [['no-such-module'], 2, /No module "no-such-module"/],
    ] as const) {
      const res = await ctct([...args, '--once', '--json']);
      expect({ args, code: res.code, stdout: res.stdout }).toEqual({ args, code, stdout: '' });
      const error = JSON.parse(res.stderr.trim().split('\n').pop() as string) as { error: { message: string } };
      expect(error.error.message).toMatch(message);
    }
  });

  it('rejects bad intervals, dates, non-watch modules and a --from that contradicts the saved start (exit 2)', async () => {
    const base = [...field('campaign_activity_id', activity), '--once'];
    for (const [option, value, message] of [
      ['--every', 'soon', /--every: "soon" is not an interval/],
      ['--every', '0s', /--every: the interval "0s" is too short/],
      ['--from', '2026-02-30', /--from: "2026-02-30" is not now, all or a real ISO-8601 date/],
      ['--from', 'yesterday', /is not now, all or a real ISO-8601 date/],
    ] as const) {
      const res = await ctct(['watch-email-opens-reports', ...base, option, value]);
      expect({ option, value, code: res.code }).toEqual({ option, value, code: 2 });
      expect(res.stderr).toMatch(message);
    }
    const notWatch = await ctct(['list-contact-lists', '--once']);
    expect(notWatch.code).toBe(2);
    expect(notWatch.stderr).toMatch(/not a Watch module/);

    const conflict = await ctct(['watch-email-opens-reports', ...base, '--from', 'all']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/already started with --from now/);
    expect(conflict.stderr).toMatch(/--reset/);
  });

  it('stops cleanly on SIGTERM and SIGINT between events; every printed event was acknowledged', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const watched = [
        'watch-email-sends-reports',
        ...field('campaign_activity_id', activity),
        '--from',
        'all',
        '--json',
      ];
      const args = ['watch', ...watched, ...field('limit', '5'), '--every', '100ms'];
      const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: env() });
      let out = '';
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.split('\n').length > 3) resolve();
        }),
      );
      child.kill(signal);
      expect(await exit).toBe(0);
      const printed = lines(out);
      // everything printed before the stop is acknowledged: the next run prints only what is left
      const once = [...watched, '--once'];
      const rest = lines((await ctct(once)).stdout);
      const keys = [...printed, ...rest].map((p) => p.contact_id);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(80);
      expect(printed.length).toBeLessThan(80);
      expect((await ctct([...once, '--reset'])).code).toBe(0);
    }
  });
});
