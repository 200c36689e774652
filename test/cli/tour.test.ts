import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN as MAIN, ROOT, ensureBuilt } from '../helpers/dist.js';

const tour = (args: string[] = []) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [MAIN, 'tour', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });

/** The modules the tour runs, in order: what a new user reads as the story of one campaign. */
const STORY = [
  'Create a Contact List',
  'Import Contacts',
  'Create an Email Campaign',
  'Update an Email Campaign Activity',
  'Test an Email Campaign Activity',
  'Schedule an Email Campaign Activity',
  'Get an Email Campaign Activity Send History',
  'Get Email Sends Reports',
  'Get Email Opens Reports',
  'Get Email Clicks Reports',
  'Get Email Bounces Reports',
  'Get Email Opt-outs Reports',
  'Get Email Links Reports',
  'Summarize Average Open and Click Rates',
];

describe('ctct tour', () => {
  beforeAll(() => {
    ensureBuilt();
    expect(existsSync(join(ROOT, 'dist', 'cli', 'commands', 'tour.js'))).toBe(true);
  }, 180_000);

  it('narrates each step (module, the command to run it, input, result) against its own sandbox, and exits 0', async () => {
    const { code, stdout, stderr } = await tour();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ctct tour: .*\nSandbox API: http:\/\/127\.0\.0\.1:\d+\/v3\n/);
    const headings = [...stdout.matchAll(/^\d+\. (.+?) {2}\(ctct run ([a-z-]+)\)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(STORY);
    expect(stdout).toMatch(/^\d+\. 3 days pass$/m);
    expect(stdout.match(/^ {3}result: /gm)).toHaveLength(STORY.length + 1);
    expect(stdout).toMatch(/input: {2}contacts=\[50 items\]/);
    expect(stdout).toMatch(/result: send #1: 50 contacts, COMPLETED/);
    expect(stdout).toMatch(/\nDone: 15 steps\./);
  }, 90_000);

  it('--json prints one JSON document whose steps agree with each other', async () => {
    const { code, stdout } = await tour(['--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!);
    expect(doc.sandbox).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v3$/), seed: 'demo' });
    const steps: any[] = doc.steps;
    expect(steps.filter((s) => s.module).map((s) => s.module)).toEqual(STORY);
    expect(steps.map((s) => s.step)).toEqual(steps.map((_, i) => i + 1));
    const output = (key: string) => steps.find((s) => s.key === key).output;

    const campaign = output('create-email-campaign');
    const list = output('create-contact-list');
    expect(output('update-email-campaign-activity').contact_list_ids).toEqual([list.list_id]);
    expect(output('import-contacts')).toMatchObject({ contacts_count: 50, completed: true });
    const sends = output('get-email-sends-reports');
    expect(sends).toHaveLength(50);
    expect(output('get-email-campaign-activity-send-history')).toMatchObject([{ count: 50, send_status: 'COMPLETED' }]);
    const primary = campaign.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
    for (const key of [
      'get-email-sends-reports',
      'get-email-opens-reports',
      'get-email-clicks-reports',
      'get-email-bounces-reports',
      'get-email-opt-outs-reports',
    ]) {
      expect(
        output(key).every((row: any) => row.campaign_activity_id === primary),
        key,
      ).toBe(true);
    }
    // every kind of event happened, and the links report counts the clickers of each link
    for (const key of ['get-email-opens-reports', 'get-email-clicks-reports'])
      expect(output(key).length, key).toBeGreaterThan(0);
    const clicks = output('get-email-clicks-reports');
    for (const link of output('get-email-links-reports')) {
      expect(link.unique_clicks).toBe(
        new Set(clicks.filter((c: any) => c.url_id === link.url_id).map((c: any) => c.contact_id)).size,
      );
    }
    const rates = output('summarize-average-open-and-click-rates');
    expect(rates.included_activities_count).toBeGreaterThanOrEqual(1);
    expect(sends.map((s: any) => s.contact_id)).toContain(rates.contact_id);
  }, 90_000);

  it('runs the same story on an empty account (--seed empty), and refuses an unknown seed', async () => {
    const { code, stdout, stderr } = await tour(['--seed', 'empty', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.sandbox.seed).toBe('empty');
    const steps: any[] = doc.steps;
    expect(steps.filter((s) => s.module).map((s) => s.module)).toEqual(STORY);
    const output = (key: string) => steps.find((s) => s.key === key).output;
    // the empty account holds only what the tour made: its one list, its one campaign, its 50 contacts
    expect(output('get-email-sends-reports')).toHaveLength(50);
    expect(output('get-email-campaign-activity-send-history')).toMatchObject([{ count: 50, send_status: 'COMPLETED' }]);
    expect(output('summarize-average-open-and-click-rates').included_activities_count).toBe(1);

    const bad = await tour(['--seed', 'full']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--seed must be demo or empty, got "full"/);
  }, 90_000);
});
