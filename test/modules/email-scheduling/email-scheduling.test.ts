import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/client/index.js';
import { useModuleTestbed } from '../../helpers/modules.js';
import { createCampaign, HOUR, listWithContacts } from '../email-campaign/fixtures.js';

describe('Email Scheduling modules', () => {
  const t = useModuleTestbed();

  it('Schedule: an activity without recipients is refused before the POST, pointing to Update an Email Campaign Activity', async () => {
    const { campaignId, activityId } = await createCampaign(t, 'No recipients');
    const mark = t.requests.length;
    const err = await t
      .run('schedule-email-campaign-activity', { campaign_id: campaignId, scheduled_date: '0' })
      .catch((e: unknown) => e);
    expect(err.message).toBe(`The campaign activity ${activityId} has no recipients yet, so it cannot be scheduled.`);
    expect(err.hint).toMatch(
      /Update an Email Campaign Activity, e\.g\. `ctct run update-email-campaign-activity --field campaign_activity_id=/,
    );
    expect(t.requestsSince(mark).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it.each([['tomorrow'], ['2026-13-01'], [''], ['1']])(
    'Schedule: refuses Schedule Date %j before any request',
    async (date) => {
      const mark = t.requests.length;
      await expect(
        t.run('schedule-email-campaign-activity', {
          campaign_id: '00000000-0000-4000-8000-000000000000',
          scheduled_date: date,
        }),
      ).rejects.toThrow(/Schedule Date \(scheduled_date\): must be an ISO-8601 date .* or "0" to send now/);
      expect(t.requestsSince(mark)).toEqual([]);
    },
  );

  it.each([
    'list-email-campaign-activity-schedules',
    'get-email-campaign-activity-send-history',
    'schedule-email-campaign-activity',
    'unschedule-email-campaign-activity',
  ])('%s names the missing ids, and surfaces an unknown activity as the API 404', async (key) => {
    const extra = key === 'schedule-email-campaign-activity' ? { scheduled_date: '0' } : {};
    await expect(t.run(key, extra)).rejects.toThrow(
      /Campaign Activity ID \(campaign_activity_id\): give a Campaign Activity ID, or a Campaign ID/,
    );
    await expect(
      t.run(key, { campaign_activity_id: '00000000-0000-4000-8000-000000000000', ...extra }),
    ).rejects.toThrow(/failed with 404 Not Found: "No email campaign activity has the id/);
  });

  it('Schedule a date, list it, unschedule it back to DRAFT; a past date and a second unschedule are explained', async () => {
    const list = await listWithContacts(t, 'Later list', 'later', 3);
    const { campaignId, activityId } = await createCampaign(t, 'Later');
    await t.run('update-email-campaign-activity', { campaign_id: campaignId, contact_list_ids: [list] });

    const past = await t
      .run('schedule-email-campaign-activity', { campaign_id: campaignId, scheduled_date: '2026-03-01' })
      .catch((e: unknown) => e);
    expect(past).toBeInstanceOf(ValidationError);
    expect(past.message).toMatch(/was not scheduled: the API answered 400 "scheduled_date is in the past/);
    expect(past.hint).toMatch(/must be in the future/);

    const scheduled = await t.run('schedule-email-campaign-activity', {
      campaign_activity_id: activityId,
      scheduled_date: '2026-03-05T09:30:00Z',
    });
    expect(scheduled).toEqual({ campaign_activity_id: activityId, scheduled_date: '2026-03-05T09:30:00.000Z' });
    expect(await t.runList('list-email-campaign-activity-schedules', { campaign_id: campaignId })).toEqual([
      { campaign_activity_id: activityId, scheduled_date: '2026-03-05T09:30:00.000Z' },
    ]);
    await expect(
      t.run('schedule-email-campaign-activity', { campaign_id: campaignId, scheduled_date: '0' }),
    ).rejects.toThrow(/is already scheduled/);

    expect(await t.run('unschedule-email-campaign-activity', { campaign_id: campaignId })).toEqual({
      campaign_activity_id: activityId,
      current_status: 'DRAFT',
    });
    expect(await t.runList('list-email-campaign-activity-schedules', { campaign_activity_id: activityId })).toEqual([]);
    const again = await t
      .run('unschedule-email-campaign-activity', { campaign_activity_id: activityId })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ValidationError);
    expect(again.message).toMatch(
      /was not unscheduled: the API answered 400 "Only a SCHEDULED activity can be unscheduled/,
    );
    expect(again.hint).toMatch(/List Email Campaign Activity Schedules/);
  });

  it(
    'a scheduled date is sent when the clock reaches it; a DONE activity re-sent with "0" reaches only new contacts; ' +
      'send history Limit is local',
    async () => {
      const list = await listWithContacts(t, 'History list', 'hist', 4);
      const { campaignId, activityId } = await createCampaign(t, 'History');
      await t.run('update-email-campaign-activity', { campaign_id: campaignId, contact_list_ids: [list] });
      await t.run('schedule-email-campaign-activity', {
        campaign_id: campaignId,
        scheduled_date: new Date(t.sandbox.clock.nowMs() + 2 * HOUR).toISOString(),
      });
      expect(await t.runList('get-email-campaign-activity-send-history', { campaign_id: campaignId })).toEqual([]);
      t.sandbox.clock.advance(3 * HOUR);
      t.sandbox.jobs.drain();
      const first = await t.runList('get-email-campaign-activity-send-history', { campaign_id: campaignId });
      expect(first).toMatchObject([
        {
          campaign_activity_id: activityId,
          send_id: 1,
          count: 4,
          send_status: 'COMPLETED',
          reason_code: 0,
          contact_list_ids: [list],
        },
      ]);

      // two more contacts join the list; "0" sends to them only
      expect(
        (
          await t.api('POST', '/contacts', {
            email_address: { address: 'late1@example.com' },
            create_source: 'Account',
            list_memberships: [list],
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await t.api('POST', '/contacts', {
            email_address: { address: 'late2@example.com' },
            create_source: 'Account',
            list_memberships: [list],
          })
        ).status,
      ).toBe(201);
      t.sandbox.clock.advance(HOUR);
      expect(await t.run('schedule-email-campaign-activity', { campaign_id: campaignId, scheduled_date: '0' })).toEqual(
        {
          campaign_activity_id: activityId,
          scheduled_date: '0',
        },
      );
      const history = await t.runList('get-email-campaign-activity-send-history', { campaign_activity_id: activityId });
      expect(history.map((h) => [h.send_id, h.count])).toEqual([
        [1, 4],
        [2, 2],
      ]);

      const mark = t.requests.length;
      expect(
        await t.runList('get-email-campaign-activity-send-history', { campaign_activity_id: activityId, limit: 1 }),
      ).toEqual([history[0]]);
      expect(t.requestsSince(mark)).toHaveLength(1);
    },
  );
});
