import { beforeAll, describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';
import { DAY, HOUR, keepTokenFresh, LINKS, SENDER, watchOf } from '../email-campaign/fixtures.js';

const REPORTS = [
  'sends',
  'opens',
  'unique-opens',
  'did-not-opens',
  'clicks',
  'forwards',
  'opt-outs',
  'bounces',
] as const;
const CONTACTS = 620;

/**
 * One campaign sent to 620 contacts the way a user would do it with the modules, then read five days
 * later through every tracking report module (reports come in pages of 500, newest first).
 */
describe('Email Tracking Report modules after a real send', () => {
  const t = useModuleTestbed();
  keepTokenFresh(t);
  const flow = { campaignId: '', activityId: '', listId: '', sentAt: '' };

  beforeAll(async () => {
    const list = await t.run('create-contact-list', { name: 'Spring readers' });
    flow.listId = list.list_id;
    const importData = Array.from({ length: CONTACTS }, (_, i) => ({
      email: `reader${i + 1}@example.com`,
      first_name: `Reader${i + 1}`,
    }));
    const job = await t.api('POST', '/activities/contacts_json_import', {
      import_data: importData,
      list_ids: [flow.listId],
    });
    t.sandbox.jobs.drain();
    expect((await t.api('GET', `/activities/${job.body.activity_id}`)).body.state).toBe('completed');

    const campaign = await t.run('create-email-campaign', {
      name: 'Spring digest',
      email_campaign_activities: [
        {
          from_name: 'Spring Team',
          from_email: SENDER,
          reply_to_email: SENDER,
          subject: 'What is new this spring',
          html_content: `<html><body>[[trackingImage]]${LINKS.map((u) => `<a href="${u}">${u}</a>`).join(' ')}</body></html>`,
        },
      ],
    });
    flow.campaignId = campaign.campaign_id;
    flow.activityId = campaign.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
    await t.run('update-email-campaign-activity', { campaign_id: flow.campaignId, contact_list_ids: [flow.listId] });
    await t.run('test-email-campaign-activity', { campaign_id: flow.campaignId, email_addresses: ['qa@example.com'] });
    flow.sentAt = t.sandbox.clock.nowIso();
    await t.run('schedule-email-campaign-activity', { campaign_id: flow.campaignId, scheduled_date: '0' });
    t.sandbox.jobs.drain();
    // five days of opens, clicks and opt-outs (the opt-out jobs run as the clock passes them)
    for (let day = 0; day < 5; day++) {
      t.sandbox.clock.advance(DAY);
      t.sandbox.jobs.drain();
    }
  });

  it('every Get report has rows for the campaign, newest first, of its own kind', async () => {
    const counts: Record<string, number> = {};
    for (const report of REPORTS) {
      const rows = await t.runList(`get-email-${report}-reports`, { campaign_id: flow.campaignId, limit: 5000 });
      counts[report] = rows.length;
      expect(rows.length, report).toBeGreaterThan(0);
      expect(
        rows.every((r, i) => i === 0 || r.created_time <= rows[i - 1].created_time),
        report,
      ).toBe(true);
      expect(
        rows.every((r) => r.campaign_activity_id === flow.activityId),
        report,
      ).toBe(true);
    }
    expect(counts.sends).toBe(CONTACTS);
    expect(counts.opens).toBeGreaterThanOrEqual(counts['unique-opens']!);
    const bounces = await t.runList('get-email-bounces-reports', {
      campaign_activity_id: flow.activityId,
      limit: 5000,
    });
    expect(bounces.every((b) => /^[BDFSVXZ]$/.test(b.bounce_code))).toBe(true);
    // every contact sent the email opened it, did not, or never got it (a bounce other than V, an auto-reply)
    const undelivered = bounces.filter((b) => b.bounce_code !== 'V').length;
    expect(counts['unique-opens']! + counts['did-not-opens']! + undelivered).toBe(CONTACTS);
  });

  it('Get Email Links Reports lists every link with its unique clicks, matching the clicks report; Limit truncates locally', async () => {
    const links = await t.runList('get-email-links-reports', { campaign_id: flow.campaignId });
    expect(links.map((l) => l.link_url).sort()).toEqual([...LINKS].sort());
    const clicks = await t.runList('get-email-clicks-reports', { campaign_id: flow.campaignId, limit: 5000 });
    for (const link of links) {
      const clickers = new Set(clicks.filter((c) => c.url_id === link.url_id).map((c) => c.contact_id));
      expect(link.unique_clicks, link.link_url).toBe(clickers.size);
      expect(link.campaign_activity_id).toBe(flow.activityId);
    }
    const mark = t.requests.length;
    expect(
      await t.runList('get-email-links-reports', { campaign_activity_id: flow.activityId, limit: 2 }),
    ).toHaveLength(2);
    expect(t.requestsSince(mark)).toHaveLength(1);
  });

  it.each([
    [3, ['limit=3']],
    [500, ['limit=500']],
    [501, ['limit=500', 'cursor=']],
    [620, ['limit=500', 'cursor=']],
  ])('Limit %i returns that many sends with the fewest requests (pages of 500)', async (limit, pages) => {
    const mark = t.requests.length;
    const rows = await t.runList('get-email-sends-reports', { campaign_activity_id: flow.activityId, limit });
    expect(rows).toHaveLength(limit);
    expect(new Set(rows.map((r) => r.contact_id)).size).toBe(limit);
    const calls = t.requestsSince(mark, '/v3/reports');
    expect(calls).toHaveLength(pages.length);
    calls.forEach((call, i) => expect(call.url).toContain(pages[i]));
  });

  it('the campaign-only form resolves the primary_email activity with one extra request per run, read once per run', async () => {
    for (let run = 0; run < 2; run++) {
      const mark = t.requests.length;
      await t.runList('get-email-opens-reports', { campaign_id: flow.campaignId, limit: 10 });
      expect(t.requestsSince(mark).map((r) => r.url.split('?')[0])).toEqual([
        `/v3/emails/${flow.campaignId}`,
        `/v3/reports/email_reports/${flow.activityId}/tracking/opens`,
      ]);
    }
    const mark = t.requests.length;
    await t.runList('get-email-opens-reports', {
      campaign_id: flow.campaignId,
      campaign_activity_id: flow.activityId,
      limit: 10,
    });
    expect(t.requestsSince(mark, '/v3/emails')).toEqual([]);
  });

  it('a report names the field when neither id is given, and surfaces a 404 for an unknown activity', async () => {
    await expect(t.run('get-email-clicks-reports', { limit: 5 })).rejects.toThrow(
      /Campaign Activity ID \(campaign_activity_id\): give a Campaign Activity ID/,
    );
    await expect(
      t.run('get-email-clicks-reports', { campaign_activity_id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toThrow(/404/);
  });

  it('contact reports agree with the email reports for the same contact', async () => {
    const opens = await t.runList('get-email-opens-reports', { campaign_activity_id: flow.activityId, limit: 5000 });
    const clicks = await t.runList('get-email-clicks-reports', { campaign_activity_id: flow.activityId, limit: 5000 });
    const contactId: string = clicks[0].contact_id;
    const ownOpens = opens.filter((o) => o.contact_id === contactId);
    const ownClicks = clicks.filter((c) => c.contact_id === contactId);

    const activities = await t.runList('list-contact-activities', {
      contact_id: contactId,
      tracking_activities_list: ['em_sends', 'em_opens', 'em_clicks'],
    });
    const ofType = (type: string) =>
      activities.filter((a) => a.tracking_activity_type === type).map((a) => a.created_time);
    expect(ofType('em_sends')).toEqual([flow.sentAt.replace(/\.\d{3}Z$/, '.000Z')]);
    expect(ofType('em_opens')).toEqual(ownOpens.map((o) => o.created_time));
    expect(ofType('em_clicks')).toEqual(ownClicks.map((c) => c.created_time));
    expect(
      activities.every((a) => a.campaign_activity_name === 'Spring digest' || a.campaign_activity_name === undefined),
    ).toBe(true);

    const summaries = await t.runList('list-contact-action-summaries', {
      contact_id: contactId,
      start: '2026-01-01',
      end: '2026-12-31',
    });
    expect(summaries).toEqual([
      expect.objectContaining({
        contact_id: contactId,
        campaign_activity_id: flow.activityId,
        em_sends: 1,
        em_opens: ownOpens.length,
        em_clicks: ownClicks.length,
      }),
    ]);
    const rates = await t.run('summarize-average-open-and-click-rates', {
      contact_id: contactId,
      start: '2026-01-01',
      end: '2026-12-31',
    });
    expect(rates).toEqual({
      contact_id: contactId,
      included_activities_count: 1,
      average_open_rate: 1,
      average_click_rate: 1,
    });
  });

  it('each Watch report fetches only rows at or after the checkpoint, stopping early, with its documented key and dedupe', async () => {
    const checkpoint = new Date(Date.parse(flow.sentAt) + 2 * DAY).toISOString();
    for (const report of REPORTS) {
      const { watch, fetch } = watchOf(t, `watch-email-${report}-reports`);
      const all = await t.runList(`get-email-${report}-reports`, {
        campaign_activity_id: flow.activityId,
        limit: 5000,
      });
      const mark = t.requests.length;
      const fresh = await fetch({ campaign_activity_id: flow.activityId }, checkpoint);
      expect(fresh, report).toEqual(all.filter((r) => r.created_time >= checkpoint));
      expect(t.requestsSince(mark, '/v3/reports').length, report).toBeLessThanOrEqual(Math.ceil(all.length / 500));
      for (const row of fresh) expect(watch.time(row)).toBe(row.created_time);
      const keys = new Set(all.map((r) => watch.key(r)));
      const perContact = ['unique-opens', 'did-not-opens', 'opt-outs'].includes(report);
      expect(watch.dedupe ?? 'window', report).toBe(perContact ? 'forever' : 'window');
      if (perContact) expect(keys.size, report).toBe(new Set(all.map((r) => r.contact_id)).size);
    }
    // a checkpoint written without milliseconds, or with an offset, is the same instant: rows at it are kept
    const opens = await t.runList('get-email-opens-reports', { campaign_activity_id: flow.activityId, limit: 5000 });
    const boundary: string = opens[Math.floor(opens.length / 2)].created_time;
    const atOrAfter = opens.filter((r) => Date.parse(r.created_time) >= Date.parse(boundary));
    const { fetch: fetchOpens } = watchOf(t, 'watch-email-opens-reports');
    for (const since of [boundary.replace('.000Z', 'Z'), boundary.replace('.000Z', '+00:00')]) {
      expect(await fetchOpens({ campaign_activity_id: flow.activityId }, since), since).toEqual(atOrAfter);
    }

    // sends all happened at the send: nothing is new two days later, everything is without a checkpoint
    const sends = watchOf(t, 'watch-email-sends-reports');
    expect(await sends.fetch({ campaign_id: flow.campaignId }, checkpoint)).toEqual([]);
    expect(await sends.fetch({ campaign_id: flow.campaignId }, undefined)).toHaveLength(CONTACTS);
    expect(Date.parse(flow.sentAt) + 5 * DAY - HOUR).toBeLessThan(t.sandbox.clock.nowMs());
  });
});
