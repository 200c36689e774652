import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { advance, createCampaign, DAY, listWith, readAllPages, sendCampaignNow } from '../engine/fixtures.js';

/** The aggregate email reports add up to what the per-contact tracking reports list. */

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

describe('aggregate email reports', () => {
  const t = useSandbox();
  const rows = async (activityId: string, report: string) =>
    (await readAllPages(t, `/reports/email_reports/${activityId}/tracking/${report}?limit=500`)).items;
  const distinct = (items: any[]) => new Set(items.map((r) => r.contact_id)).size;

  it('counts exactly what the tracking reports list, as the clock reveals events', async () => {
    const list = listWith(t, 'Stats', 'stats', 150);
    const { campaignId, primaryId } = await sendCampaignNow(t, 'Stats campaign', [list]);
    for (const step of [0, DAY, 9 * DAY]) {
      advance(t, step);
      const res = await t.api('GET', `/reports/stats/email_campaign_activities/${primaryId}`);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const [result] = res.body.results;
      expect(result.campaign_id).toBe(campaignId);
      expect(result.campaign_activity_id).toBe(primaryId);
      expect(result.last_refresh_time).toBe(new Date(t.sandbox.clock.nowMs()).toISOString());
      const s = result.stats;
      const [sends, opens, uniqueOpens, dno, clicks, forwards, optouts, bounces] = await Promise.all(
        ['sends', 'opens', 'unique_opens', 'didnotopens', 'clicks', 'forwards', 'optouts', 'bounces'].map((r) =>
          rows(primaryId, r),
        ),
      );
      expect(s.em_sends).toBe(sends!.length);
      expect(s.em_sends).toBe(150);
      expect(s.em_opens).toBe(uniqueOpens!.length);
      expect(s.em_opens_all).toBe(opens!.length);
      expect(s.em_opens_all_computer + s.em_opens_all_mobile + s.em_opens_all_tablet).toBe(opens!.length);
      expect(s.em_opens_all_mobile).toBe(opens!.filter((o: any) => o.device_type === 'mobile').length);
      expect(s.em_not_opened).toBe(dno!.length);
      expect(s.em_clicks).toBe(distinct(clicks!));
      expect(s.em_clicks_all).toBe(clicks!.length);
      expect(s.em_forwards).toBe(distinct(forwards!));
      expect(s.em_optouts).toBe(distinct(optouts!));
      expect(s.em_bounces).toBe(distinct(bounces!));
      const byCode = (code: string) => distinct(bounces!.filter((b: any) => b.bounce_code === code));
      expect(s.em_bounces_nonexistent_address).toBe(byCode('B'));
      expect(s.em_bounces_vacation).toBe(byCode('V'));
      expect(s.em_bounces_blocked).toBe(byCode('Z'));
      // Sent = opened + did not open + bounced undelivered (those never open).
      const undelivered = distinct(bounces!.filter((b: any) => b.bounce_code !== 'V'));
      expect(s.em_opens + s.em_not_opened + undelivered).toBe(s.em_sends);
    }
    const final = (await t.api('GET', `/reports/stats/email_campaign_activities/${primaryId}`)).body.results[0].stats;
    expect(final.em_opens).toBeGreaterThan(30);
    expect(final.em_clicks).toBeGreaterThan(3);
  });

  it('gives campaign stats and percents computed from the activity stats', async () => {
    const list = listWith(t, 'Percents', 'pct', 80);
    const { campaignId, primaryId } = await sendCampaignNow(t, 'Percents campaign', [list]);
    advance(t, 10 * DAY);
    const activity = (await t.api('GET', `/reports/stats/email_campaign_activities/${primaryId}`)).body.results[0]
      .stats;
    const res = await t.api('GET', `/reports/stats/email_campaigns/${campaignId}`);
    expect(res.status).toBe(200);
    const [result] = res.body.results;
    expect(result.campaign_id).toBe(campaignId);
    for (const key of ['em_sends', 'em_opens', 'em_clicks', 'em_bounces', 'em_not_opened', 'em_optouts'])
      expect(result.stats[key], key).toBe(activity[key]);
    const delivered = activity.em_opens + activity.em_not_opened;
    expect(result.percents.open).toBe(pct(activity.em_opens, delivered));
    expect(result.percents.did_not_open).toBe(pct(activity.em_not_opened, delivered));
    expect(result.percents.bounce).toBe(pct(activity.em_bounces, activity.em_sends));
    expect(result.percents.click).toBe(pct(activity.em_clicks, activity.em_opens));
    expect(result.percents.open + result.percents.did_not_open).toBeCloseTo(100, 0);
  });

  it('reports unsent, unknown and malformed ids as the contract describes', async () => {
    const draft = await createCampaign(t, 'Never sent stats');
    const sent = await sendCampaignNow(t, 'Sent stats', [listWith(t, 'Sent stats', 'ss', 5)]);
    const mixed = await t.api(
      'GET',
      `/reports/stats/email_campaign_activities/${sent.primaryId},${draft.primaryId},${UNKNOWN}`,
    );
    expect(mixed.status).toBe(200);
    expect(mixed.body.results.map((r: any) => r.campaign_activity_id)).toEqual([sent.primaryId]);
    expect(mixed.body.errors).toHaveLength(2);
    expect((await t.api('GET', '/reports/stats/email_campaign_activities/not-a-uuid')).status).toBe(404);
    const eleven = Array.from({ length: 11 }, (_, i) => UNKNOWN.replace(/0$/, i.toString(16))).join(',');
    expect((await t.api('GET', `/reports/stats/email_campaign_activities/${eleven}`)).status).toBe(400);

    expect((await t.api('GET', `/reports/stats/email_campaigns/${sent.campaignId},${UNKNOWN}`)).status).toBe(404);
    const unsent = await t.api('GET', `/reports/stats/email_campaigns/${draft.campaignId}`);
    expect(unsent.status).toBe(200);
    expect(unsent.body).toMatchObject({ results: [], errors: [{ error_key: expect.any(String) }] });
  });

  it('summarises sent campaigns newest send first, paged, with page-wide percents', async () => {
    const { items } = await readAllPages(
      t,
      '/reports/summary_reports/email_campaign_summaries?limit=1',
      'bulk_email_campaign_summaries',
    );
    // Three campaigns were sent above; the draft is not listed.
    expect(items.length).toBe(3);
    const dates = items.map((s: any) => s.last_sent_date);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const summary of items) {
      const stats = (await t.api('GET', `/reports/stats/email_campaigns/${summary.campaign_id}`)).body.results[0].stats;
      expect(summary.unique_counts).toEqual({
        sends: stats.em_sends,
        opens: stats.em_opens,
        clicks: stats.em_clicks,
        forwards: stats.em_forwards,
        optouts: stats.em_optouts,
        abuse: 0,
        bounces: stats.em_bounces,
        not_opened: stats.em_not_opened,
      });
    }
    const page = (await t.api('GET', '/reports/summary_reports/email_campaign_summaries')).body;
    const sum = (key: string) =>
      page.bulk_email_campaign_summaries.reduce((n: number, s: any) => n + s.unique_counts[key], 0);
    expect(page.aggregate_percents.open).toBe(pct(sum('opens'), sum('opens') + sum('not_opened')));
    expect(page.aggregate_percents.bounce).toBe(pct(sum('bounces'), sum('sends')));
    expect(page._links).toBeUndefined();
    expect((await t.api('GET', '/reports/summary_reports/email_campaign_summaries?limit=501')).status).toBe(400);
  });
});
