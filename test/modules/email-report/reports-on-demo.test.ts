import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/client/index.js';
import { useModuleTestbed } from '../../helpers/modules.js';

/**
 * The eight Watch Email X Reports modules run once (the polling runtime is tested elsewhere): on the
 * demo account's sent campaigns they return the report's newest rows up to Limit, the same rows as the
 * Get module, with the fewest requests. Every report module (Watch, Get, links) fails the way a user
 * most likely meets: a missing or malformed id, a bad Limit, an unknown campaign.
 */
const REPORTS = [
  'bounces',
  'clicks',
  'did-not-opens',
  'forwards',
  'opens',
  'opt-outs',
  'sends',
  'unique-opens',
] as const;

describe('Email report modules, run once on the demo account', () => {
  const t = useModuleTestbed({ seed: 'demo' });
  let campaignId = '';
  let activityId = '';

  beforeAll(async () => {
    const campaigns = (await t.api('GET', '/emails?limit=50')).body.campaigns as {
      campaign_id: string;
      current_status: string;
    }[];
    campaignId = campaigns.find((c) => c.current_status === 'Done')!.campaign_id;
    const campaign = (await t.api('GET', `/emails/${campaignId}`)).body;
    activityId = campaign.campaign_activities.find(
      (a: { role: string }) => a.role === 'primary_email',
    ).campaign_activity_id;
  });

  it.each(REPORTS)(
    'Watch Email %s Reports: the newest rows up to Limit, as Get returns them, in one request',
    async (report) => {
      const all = await t.runList(`get-email-${report}-reports`, { campaign_activity_id: activityId, limit: 5000 });
      expect(all.length, report).toBeGreaterThan(3);
      const mark = t.requests.length;
      const watched = await t.runList(`watch-email-${report}-reports`, {
        campaign_id: campaignId,
        campaign_activity_id: activityId,
        limit: 3,
      });
      expect(watched).toEqual(all.slice(0, 3));
      expect(t.requestsSince(mark).map((r) => r.url)).toEqual([
        expect.stringMatching(new RegExp(`^/v3/reports/email_reports/${activityId}/tracking/\\w+\\?limit=3$`)),
      ]);
      // with the campaign alone, its primary_email activity is read first
      expect(await t.runList(`watch-email-${report}-reports`, { campaign_id: campaignId, limit: 3 })).toEqual(
        all.slice(0, 3),
      );
    },
  );

  const ALL_REPORT_MODULES = [
    ...REPORTS.flatMap((r) => [`watch-email-${r}-reports`, `get-email-${r}-reports`]),
    'get-email-links-reports',
  ];

  it.each(ALL_REPORT_MODULES)(
    '%s: names the missing ids and a bad Limit before any request; an unknown campaign is the API 404',
    async (key) => {
      const mark = t.requests.length;
      await expect(t.run(key, { limit: 5 })).rejects.toThrow(
        /Campaign Activity ID \(campaign_activity_id\): give a Campaign Activity ID, or a Campaign ID/,
      );
      await expect(t.run(key, { campaign_activity_id: activityId, limit: 0 })).rejects.toThrow(
        /Limit \(limit\): must be at least 1/,
      );
      await expect(t.run(key, { campaign_activity_id: 'primary' })).rejects.toThrow(
        /Campaign Activity ID \(campaign_activity_id\): must be a campaign activity id/,
      );
      expect(t.requestsSince(mark)).toEqual([]);
      await expect(t.run(key, { campaign_id: crypto.randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    },
  );
});
