import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, runCtct } from '../helpers/dist.js';
import { useModuleTestbed } from '../helpers/modules.js';
import { campaignInput, listWithContacts } from '../modules/email-campaign/fixtures.js';

/**
 * `ctct run <module> --json` for the campaign, scheduling and report groups, as a user runs it: a
 * child process with CTCT_API_BASE / CTCT_ACCESS_TOKEN pointing at a sandbox served on 127.0.0.1.
 */
describe('ctct run: campaign, scheduling and report modules', () => {
  const t = useModuleTestbed();
  const tmp = mkdtempSync(join(tmpdir(), 'ctct-modules-campaign-'));

  beforeAll(() => {
    ensureBuilt();
    expect(existsSync(join(ROOT, 'dist', 'modules', 'email-scheduling', 'schedule-email-campaign-activity.js'))).toBe(
      true,
    );
  }, 180_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const ctct = async (args: string[]): Promise<{ code: number; json: any; stderr: string }> => {
    const run = await runCtct(['run', ...args, '--json'], {
      CTCT_API_BASE: t.server!.url,
      CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token,
    });
    return { code: run.code, json: run.stdout.trim() ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
  };

  it('Email Campaign: create from an input file, then a bad input names the fields (exit 2)', async () => {
    const file = join(tmp, 'campaign.json');
    writeFileSync(file, JSON.stringify(campaignInput('From the CLI')));
    const created = await ctct(['create-email-campaign', '--input', `@${file}`]);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ name: 'From the CLI', current_status: 'Draft' });
    expect(created.json.campaign_activities).toHaveLength(2);

    const bad = await ctct([
      'Create an Email Campaign',
      '--field',
      'name=Broken',
      '--field',
      'email_campaign_activities=[{"html_content": "<html><body>hi</body></html>"}]',
    ]);
    expect(bad.code).toBe(2);
    const activityField = (key: string) => `email_campaign_activities.0.${key}`;
    expect(bad.json.error.problems.map((p: any) => p.field)).toEqual(
      expect.arrayContaining(
        ['from_name', 'from_email', 'reply_to_email', 'subject', 'html_content'].map(activityField),
      ),
    );
    expect(bad.json.error.message).toContain(
      'Add the Email Campaign Activities › #1 › HTML Content (email_campaign_activities.0.html_content): ' +
        'must contain [[trackingImage]]',
    );
  });

  it('Email Scheduling: no recipients is a clear error with what to run; with them, "0" sends and the history shows it', async () => {
    const campaign = await t.run('create-email-campaign', campaignInput('CLI schedule'));
    const early = await ctct([
      'schedule-email-campaign-activity',
      '--field',
      `campaign_id=${campaign.campaign_id}`,
      '--field',
      'scheduled_date=0',
    ]);
    expect(early.code).toBe(1);
    expect(early.json.error.message).toMatch(/has no recipients yet/);
    expect(early.json.error.hint).toMatch(/update-email-campaign-activity/);

    const list = await listWithContacts(t, 'CLI list', 'cli', 3);
    expect(
      (
        await ctct([
          'update-email-campaign-activity',
          '--field',
          `campaign_id=${campaign.campaign_id}`,
          '--field',
          `contact_list_ids=${list}`,
        ])
      ).json.contact_list_ids,
    ).toEqual([list]);
    const sent = await ctct([
      'schedule-email-campaign-activity',
      '--field',
      `campaign_id=${campaign.campaign_id}`,
      '--field',
      'scheduled_date=0',
    ]);
    expect(sent.code).toBe(0);
    expect(sent.json.scheduled_date).toBe('0');
    const history = await ctct([
      'get-email-campaign-activity-send-history',
      '--field',
      `campaign_id=${campaign.campaign_id}`,
    ]);
    expect(history.json).toMatchObject([{ send_id: 1, count: 3, send_status: 'COMPLETED' }]);
  });

  it("Email Tracking Report and Contact Tracking Report: a report with Limit, then one contact's activities and rates", async () => {
    const campaigns = await t.runList('list-email-campaigns', {});
    const sentOne = campaigns.find((c) => c.name === 'CLI schedule');
    const sends = await ctct([
      'get-email-sends-reports',
      '--field',
      `campaign_id=${sentOne.campaign_id}`,
      '--field',
      'limit=2',
    ]);
    expect(sends.code).toBe(0);
    expect(sends.json).toHaveLength(2);
    const contactId: string = sends.json[0].contact_id;

    const activities = await ctct([
      'list-contact-activities',
      '--field',
      `contact_id=${contactId}`,
      '--field',
      'tracking_activities_list=em_sends,em_opens',
    ]);
    expect(activities.code).toBe(0);
    expect(activities.json.filter((a: any) => a.tracking_activity_type === 'em_sends')).toHaveLength(1);
    const rates = await ctct([
      'summarize-average-open-and-click-rates',
      '--field',
      `contact_id=${contactId}`,
      '--field',
      'start=2026-01-01',
      '--field',
      'end=2026-12-31',
    ]);
    expect(rates.json).toMatchObject({ contact_id: contactId, included_activities_count: 1 });
    const tooLong = await ctct([
      'summarize-average-open-and-click-rates',
      '--field',
      `contact_id=${contactId}`,
      '--field',
      'start=2019-01-01',
      '--field',
      'end=2026-12-31',
    ]);
    expect(tooLong.code).toBe(2);
    expect(tooLong.json.error.message).toMatch(/End Date \(end\): must be at most 5 years after Start Date/);
  });
});
