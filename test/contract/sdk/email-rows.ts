import { expect } from 'vitest';
import { outcome, SENDER, type SweepContext, type SweepRow } from './harness.js';

/**
 * Campaigns, scheduling and the email and contact reports, through the SDK. The reports run on the
 * demo's sent campaign (`s.sent`, `s.sentCampaign`) and must add up: the aggregate stats count exactly
 * what the per-contact reports list.
 */

const html =
  '<html><body>[[trackingImage]]<p>Hi [[FIRSTNAME]]</p><a href="https://example.com/sdk">Read</a></body></html>';
const headers = { from_name: 'SDK Sender', from_email: SENDER, reply_to_email: SENDER, subject: 'From the SDK' };

/** All rows of a tracking report, following `_links.next` (the SDK has no cursor parameter). */
async function allRows(c: SweepContext, report: string): Promise<any[]> {
  const rows: any[] = [];
  let path: string | undefined = `/reports/email_reports/${c.s.sent}/tracking/${report}?limit=500`;
  while (path) {
    const page = await c.get(path);
    rows.push(...page.tracking_activities);
    path = page._links?.next?.href?.replace(/^\/v3/, '');
  }
  return rows;
}
const distinct = (rows: any[]) => new Set(rows.map((r) => r.contact_id)).size;
const trackingReport = (
  op: string,
  call: (c: SweepContext) => Promise<{ status: number; data: unknown }>,
): SweepRow => ({
  op,
  run: (c) => outcome(call(c)),
  check: (d) => expect(Array.isArray(d.tracking_activities)).toBe(true),
});

export const emailRows: SweepRow[] = [
  {
    op: 'EmailCampaignsApi.createEmailCampaign',
    run: ({ sdk }) =>
      outcome(
        sdk.EmailCampaignsApi.createEmailCampaign({
          name: 'SDK campaign',
          email_campaign_activities: [{ format_type: 5, html_content: html, ...headers }],
        }),
      ),
    check: (d, { s }) => {
      s.campaign = d.campaign_id;
      s.activity = d.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
    },
  },
  {
    op: 'EmailCampaignsApi.getAllEmailCampaigns',
    run: ({ sdk }) => outcome(sdk.EmailCampaignsApi.getAllEmailCampaigns(50)),
    check: async (d, { s, sdk }) => {
      // the demo's sent campaigns: the newest one with a completed send carries the reports below
      for (const campaign of [...d.campaigns].reverse()) {
        if (campaign.current_status !== 'Done') continue;
        const detail = (await sdk.EmailCampaignsApi.getEmailCampaignById(campaign.campaign_id)).data;
        s.sentCampaign = campaign.campaign_id;
        s.sent = detail.campaign_activities?.find((a) => a.role === 'primary_email')?.campaign_activity_id;
        break;
      }
      expect(s.sent).toBeDefined();
    },
  },
  {
    op: 'EmailCampaignsApi.getEmailCampaignById',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsApi.getEmailCampaignById(s.campaign)),
  },
  {
    op: 'EmailCampaignsApi.getEmailCampaignActivity',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsApi.getEmailCampaignActivity(s.activity, 'html_content' as never)),
    check: (d) => expect(d.html_content).toBe(html),
  },
  {
    op: 'EmailCampaignsApi.updateEmailCampaignActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EmailCampaignsApi.updateEmailCampaignActivity(s.activity, {
          ...headers,
          contact_list_ids: [s.list],
        } as never),
      ),
    check: (d, { s }) => expect(d.contact_list_ids).toEqual([s.list]),
  },
  {
    op: 'EmailCampaignsApi.patchEmailCampaignName',
    run: ({ sdk, s }) =>
      outcome(sdk.EmailCampaignsApi.patchEmailCampaignName(s.campaign, { name: 'SDK campaign renamed' })),
    check: (d) => expect(d.name).toBe('SDK campaign renamed'),
  },
  {
    op: 'EmailCampaignsApi.getEmailCampaignXrefs',
    run: ({ sdk }) => outcome(sdk.EmailCampaignsApi.getEmailCampaignXrefs('1,2')),
    check: (d) => expect(d.xrefs.map((x: any) => x.v2_email_campaign_id)).toEqual(['1', '2']),
  },
  {
    op: 'EmailSchedulingApi.getEmailCampaignActivityPreview',
    run: ({ sdk, s }) => outcome(sdk.EmailSchedulingApi.getEmailCampaignActivityPreview(s.activity)),
    check: (d) => expect(d.preview_html_content).not.toContain('[[trackingImage]]'),
  },
  {
    op: 'EmailSchedulingApi.testSendEmailCampaignActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EmailSchedulingApi.testSendEmailCampaignActivity(s.activity, { email_addresses: ['qa@example.com'] }),
      ),
    status: 204,
  },
  {
    op: 'EmailSchedulingApi.scheduleEmailCampaignActivity',
    run: ({ sdk, s, nowMs }) =>
      outcome(
        sdk.EmailSchedulingApi.scheduleEmailCampaignActivity(s.activity, {
          scheduled_date: new Date(nowMs() + 86_400_000).toISOString(),
        }),
      ),
    status: 201,
  },
  {
    op: 'EmailSchedulingApi.getEmailCampaignActivitySchedule',
    run: ({ sdk, s }) => outcome(sdk.EmailSchedulingApi.getEmailCampaignActivitySchedule(s.activity)),
    check: (d) => expect(d).toHaveLength(1),
  },
  {
    op: 'EmailSchedulingApi.unscheduleEmailCampaignActivity',
    run: ({ sdk, s }) => outcome(sdk.EmailSchedulingApi.unscheduleEmailCampaignActivity(s.activity)),
    status: 204,
  },
  {
    op: 'EmailSchedulingApi.getEmailCampaignActivitySendHistory',
    run: ({ sdk, s }) => outcome(sdk.EmailSchedulingApi.getEmailCampaignActivitySendHistory(s.sent)),
    check: (d, { s }) => {
      expect(d[0].send_status).toBe('COMPLETED');
      s.sentCount = d.reduce((n: number, h: any) => n + h.count, 0);
    },
  },

  trackingReport('EmailReportingApi.getEmailSendsReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getEmailSendsReport(s.sent, '500'),
  ),
  trackingReport('EmailReportingApi.getEmailOpensReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getEmailOpensReport(s.sent, '500'),
  ),
  trackingReport('EmailReportingApi.getUniqueOpensReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getUniqueOpensReport(s.sent, '500'),
  ),
  trackingReport('EmailReportingApi.getDidNotOpensReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getDidNotOpensReport(s.sent, '500'),
  ),
  trackingReport('EmailReportingApi.getClicksReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getClicksReport(s.sent, undefined, '500'),
  ),
  trackingReport('EmailReportingApi.getForwardsReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getForwardsReport(s.sent, '500'),
  ),
  trackingReport('EmailReportingApi.getOptoutsReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getOptoutsReport(s.sent, '500'),
  ),
  trackingReport('EmailReportingApi.getBouncesReport', ({ sdk, s }) =>
    sdk.EmailReportingApi.getBouncesReport(s.sent, ['B', 'Z'] as never, '500'),
  ),
  {
    op: 'EmailReportingApi.getCampaignActivityLinkReport',
    run: ({ sdk, s }) => outcome(sdk.EmailReportingApi.getCampaignActivityLinkReport(s.sent, true)),
    check: (d, { s }) => void (s.links = d.link_click_counts),
  },
  {
    op: 'EmailReportingApi.getEmailCampaignActivityReport',
    run: ({ sdk, s }) => outcome(sdk.EmailReportingApi.getEmailCampaignActivityReport(s.sent)),
    check: async (d, c) => {
      const stats = d.results[0].stats;
      c.s.activityStats = stats;
      const [sends, opens, unique, dno, clicks, bounces] = await Promise.all(
        ['sends', 'opens', 'unique_opens', 'didnotopens', 'clicks', 'bounces'].map((r) => allRows(c, r)),
      );
      expect(stats.em_sends).toBe(sends!.length);
      expect(stats.em_sends).toBe(c.s.sentCount);
      expect(stats.em_opens).toBe(unique!.length);
      expect(stats.em_opens_all).toBe(opens!.length);
      expect(stats.em_not_opened).toBe(dno!.length);
      expect(stats.em_clicks_all).toBe(clicks!.length);
      expect(stats.em_clicks).toBe(distinct(clicks!));
      expect(stats.em_bounces).toBe(distinct(bounces!));
      // the links report counts the same clickers per link
      const perLink = c.s.links.reduce((n: number, l: any) => n + l.unique_clicks, 0);
      expect(perLink).toBeGreaterThanOrEqual(stats.em_clicks);
    },
  },
  {
    op: 'EmailReportingApi.getEmailStatsReport',
    run: ({ sdk, s }) => outcome(sdk.EmailReportingApi.getEmailStatsReport(s.sentCampaign)),
    check: (d, { s }) => {
      const { stats, percents } = d.results[0];
      for (const key of [
        'em_sends',
        'em_opens',
        'em_clicks',
        'em_bounces',
        'em_optouts',
        'em_forwards',
        'em_not_opened',
      ])
        expect(stats[key], key).toBe(s.activityStats[key]);
      const delivered = stats.em_opens + stats.em_not_opened;
      expect(percents.open).toBeCloseTo((100 * stats.em_opens) / delivered, 1);
      s.campaignStats = stats;
    },
  },
  {
    op: 'EmailReportingApi.getEmailCampaignReport',
    run: ({ sdk }) => outcome(sdk.EmailReportingApi.getEmailCampaignReport('50')),
    check: (d, { s }) => {
      const mine = d.bulk_email_campaign_summaries.find((x: any) => x.campaign_id === s.sentCampaign);
      expect(mine.unique_counts).toMatchObject({
        sends: s.campaignStats.em_sends,
        opens: s.campaignStats.em_opens,
        clicks: s.campaignStats.em_clicks,
        bounces: s.campaignStats.em_bounces,
        not_opened: s.campaignStats.em_not_opened,
      });
      const dates = d.bulk_email_campaign_summaries.map((x: any) => x.last_sent_date);
      expect([...dates].sort().reverse()).toEqual(dates);
    },
  },
  {
    op: 'ContactsReportingApi.getContactTrackingReport',
    run: async (c) => {
      c.s.opener = (await allRows(c, 'unique_opens'))[0].contact_id;
      return outcome(
        c.sdk.ContactsReportingApi.getContactTrackingReport(
          c.s.opener,
          ['em_sends', 'em_opens'] as never,
          undefined,
          true,
          '100',
        ),
      );
    },
    check: (d, { s }) => {
      const mine = d.tracking_activities.filter((r: any) => r.campaign_activity_id === s.sent);
      expect(mine.some((r: any) => r.tracking_activity_type === 'em_opens')).toBe(true);
    },
  },
  {
    op: 'ContactsReportingApi.getContactTrackingCountReport',
    run: ({ sdk, s }) =>
      outcome(sdk.ContactsReportingApi.getContactTrackingCountReport(s.opener, '2026-01-01', '2026-03-03')),
  },
  {
    op: 'ContactsReportingApi.getContactOpenClickRateReport',
    run: ({ sdk, s }) =>
      outcome(sdk.ContactsReportingApi.getContactOpenClickRateReport(s.opener, '2026-01-01', '2026-03-03')),
    check: (d) => expect(d.average_open_rate).toBeGreaterThan(0),
  },
];

export const emailCleanupRows: SweepRow[] = [
  {
    op: 'EmailCampaignsApi.deleteEmailCampaign',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsApi.deleteEmailCampaign(s.campaign)),
    status: 204,
  },
];
