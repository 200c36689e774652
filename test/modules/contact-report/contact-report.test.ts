import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/client/index.js';
import { useModuleTestbed } from '../../helpers/modules.js';
import { DAY, HOUR, keepTokenFresh, sentCampaign, watchOf } from '../email-campaign/fixtures.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('Contact Tracking Report modules', () => {
  const t = useModuleTestbed();
  keepTokenFresh(t);
  let contactId = '';
  let firstSend = '';

  beforeAll(async () => {
    // two campaigns to the same 30 contacts, a day apart; then three days of engagement
    firstSend = t.sandbox.clock.nowIso();
    const first = await sentCampaign(t, 'First news', 'fan', 30);
    t.sandbox.clock.advance(DAY);
    const second = await (async () => {
      const campaign = await t.run('create-email-campaign', {
        name: 'Second news',
        email_campaign_activities: [
          {
            from_name: 'Team',
            from_email: 'owner@example.com',
            reply_to_email: 'owner@example.com',
            subject: 'More',
            html_content: '<html><body>[[trackingImage]]<a href="https://example.com/x">x</a></body></html>',
          },
        ],
      });
      await t.run('update-email-campaign-activity', {
        campaign_id: campaign.campaign_id,
        contact_list_ids: [first.listId],
      });
      await t.run('schedule-email-campaign-activity', { campaign_id: campaign.campaign_id, scheduled_date: '0' });
      return campaign;
    })();
    expect(second.campaign_id).not.toBe(first.campaignId);
    t.sandbox.clock.advance(3 * DAY);
    t.sandbox.jobs.drain();
    // the contact with the most opens across both emails
    const rows = [
      ...(await t.runList('get-email-opens-reports', { campaign_id: first.campaignId, limit: 5000 })),
      ...(await t.runList('get-email-opens-reports', { campaign_id: second.campaign_id, limit: 5000 })),
    ];
    const byContact = new Map<string, number>();
    for (const r of rows) byContact.set(r.contact_id, (byContact.get(r.contact_id) ?? 0) + 1);
    contactId = [...byContact.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  });

  it('List Contact Activities: the kinds asked for, newest first, Limit with the fewest requests', async () => {
    const all = await t.runList('list-contact-activities', {
      contact_id: contactId,
      tracking_activities_list: ['em_sends', 'em_opens'],
    });
    expect(all.filter((a) => a.tracking_activity_type === 'em_sends')).toHaveLength(2);
    expect(all.filter((a) => a.tracking_activity_type === 'em_opens').length).toBeGreaterThanOrEqual(2);
    expect(new Set(all.map((a) => a.tracking_activity_type))).toEqual(new Set(['em_sends', 'em_opens']));
    expect(all.every((a, i) => i === 0 || a.created_time <= all[i - 1].created_time)).toBe(true);
    expect(new Set(all.map((a) => a.campaign_activity_name))).toEqual(new Set(['First news', 'Second news']));

    const mark = t.requests.length;
    const two = await t.runList('list-contact-activities', {
      contact_id: contactId,
      tracking_activities_list: ['em_sends', 'em_opens'],
      limit: 2,
    });
    expect(two).toEqual(all.slice(0, 2));
    const calls = t.requestsSince(mark);
    expect(calls).toHaveLength(1);
    expect(decodeURIComponent(calls[0]!.url)).toMatch(/tracking_activities_list=em_sends,em_opens.*limit=2/);
  });

  it.each([
    [
      { tracking_activities_list: [] },
      /Tracking Activities List \(tracking_activities_list\): must name at least one activity type/,
    ],
    [
      { tracking_activities_list: ['em_views'] },
      /Tracking Activities List › #1 \(tracking_activities_list.0\): must be one of em_sends/,
    ],
    [{ tracking_activities_list: undefined }, /Tracking Activities List \(tracking_activities_list\): is required/],
    [{ contact_id: 'c-1' }, /Contact ID \(contact_id\): must be a contact id/],
  ])('List Contact Activities refuses %j before any request', async (override, message) => {
    const mark = t.requests.length;
    await expect(
      t.run('list-contact-activities', { contact_id: contactId, tracking_activities_list: ['em_opens'], ...override }),
    ).rejects.toThrow(message);
    expect(t.requestsSince(mark)).toEqual([]);
  });

  it('an unknown contact is the API 404, named as such', async () => {
    const err = await t
      .run('list-contact-activities', { contact_id: UNKNOWN, tracking_activities_list: ['em_opens'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/404/);
  });

  it('Watch Contact Activities: rows at or after the checkpoint, keyed by campaign activity, type, time and contact', async () => {
    const { watch, fetch } = watchOf(t, 'watch-contact-activities');
    const input = { contact_id: contactId, tracking_activities_list: ['em_sends', 'em_opens', 'em_clicks'] };
    const all = await t.runList('list-contact-activities', input);
    const checkpoint = new Date(Date.parse(firstSend) + DAY).toISOString();
    const fresh = await fetch(input, checkpoint);
    expect(fresh).toEqual(all.filter((a) => a.created_time >= checkpoint));
    expect(
      fresh.some((a) => a.tracking_activity_type === 'em_sends' && a.campaign_activity_name === 'Second news'),
    ).toBe(true);
    const row = fresh[0];
    expect(watch.key(row)).toBe(
      `${row.campaign_activity_id}|${row.tracking_activity_type}|${row.created_time}|${contactId}`,
    );
    expect(watch.time(row)).toBe(row.created_time);
    expect(await fetch(input, undefined)).toEqual(all);
    expect(await fetch(input, new Date(t.sandbox.clock.nowMs() + HOUR).toISOString())).toEqual([]);
    expect(await t.runList('watch-contact-activities', { ...input, limit: 1 })).toEqual(all.slice(0, 1));
  });

  it('List Contact Action Summaries: one row per campaign activity in the range, Limit stops it', async () => {
    const summaries = await t.runList('list-contact-action-summaries', {
      contact_id: contactId,
      start: '2026-03-01',
      end: '2026-03-31',
    });
    expect(summaries).toHaveLength(2);
    expect(summaries.every((s) => s.contact_id === contactId && s.em_sends === 1)).toBe(true);
    expect(summaries[0].start_on > summaries[1].start_on).toBe(true);
    expect(
      await t.runList('list-contact-action-summaries', {
        contact_id: contactId,
        start: '2026-03-01',
        end: '2026-03-31',
        limit: 1,
      }),
    ).toEqual(summaries.slice(0, 1));
    // a date alone covers its whole day: the first send (2026-03-02T15:00Z) is in "2026-03-02 to 2026-03-02"
    const oneDay = await t.runList('list-contact-action-summaries', {
      contact_id: contactId,
      start: '2026-03-02',
      end: '2026-03-02',
    });
    expect(oneDay.map((s) => s.campaign_activity_id)).toEqual([summaries[1].campaign_activity_id]);
    expect(
      await t.runList('list-contact-action-summaries', {
        contact_id: contactId,
        start: '2025-01-01',
        end: '2025-12-31',
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'list-contact-action-summaries',
      { start: '2026-03-10', end: '2026-03-01' },
      /End Date \(end\): must not be before Start Date/,
    ],
    [
      'list-contact-action-summaries',
      { start: 'March 1st', end: '2026-03-31' },
      /Start Date \(start\): must be an ISO-8601 date/,
    ],
    ['list-contact-action-summaries', { start: '2026-03-01' }, /End Date \(end\): is required/],
    [
      'summarize-average-open-and-click-rates',
      { start: '2020-01-01', end: '2025-01-01T00:00:01Z' },
      /End Date \(end\): must be at most 5 years after Start Date .*at most 2025-01-01T00:00:00.000Z/,
    ],
    [
      'summarize-average-open-and-click-rates',
      { start: '2026-03-10T00:00:00-0500', end: '2026-03-10T04:00:00Z' },
      /End Date \(end\): must not be before Start Date/,
    ],
  ])('%s refuses %j before any request', async (key, range, message) => {
    const mark = t.requests.length;
    await expect(t.run(key, { contact_id: contactId, ...range })).rejects.toThrow(message);
    expect(t.requestsSince(mark)).toEqual([]);
  });

  it('Summarize Average Open and Click Rates: fractions over the emails sent in the range; 0 when none', async () => {
    const summaries = await t.runList('list-contact-action-summaries', {
      contact_id: contactId,
      start: '2026-01-01',
      end: '2026-12-31',
    });
    const opened = summaries.filter((s) => s.em_opens > 0).length;
    const clicked = summaries.filter((s) => s.em_clicks > 0).length;
    const rates = await t.run('summarize-average-open-and-click-rates', {
      contact_id: contactId,
      start: '2021-12-31T19:00:00-05:00',
      end: '2026-12-31',
    });
    expect(rates).toEqual({
      contact_id: contactId,
      included_activities_count: 2,
      average_open_rate: opened / 2,
      average_click_rate: clicked / 2,
    });
    expect(
      await t.run('summarize-average-open-and-click-rates', {
        contact_id: contactId,
        start: '2024-01-01',
        end: '2024-12-31',
      }),
    ).toEqual({
      contact_id: contactId,
      included_activities_count: 0,
      average_open_rate: 0,
      average_click_rate: 0,
    });
  });
});
