import { describe, expect, it } from 'vitest';
import {
  activityInput,
  addContacts,
  addList,
  advance,
  createCampaign,
  DAY,
  HOUR,
  readAllPages,
  sendCampaignNow,
} from '../../sandbox/engine/fixtures.js';
import { collector, duplicates, useWatchTestbed } from './helpers.js';

/** Watch Contact Activities and Watch Email Campaign on the runtime, against the sandbox. */
describe('other watchers on the runtime', () => {
  const t = useWatchTestbed();

  it("Watch Contact Activities: a contact's new activities once each, one request when idle", async () => {
    const list = addList(t, 'Activities');
    const [contact] = addContacts(t, 'activities', 1, [list]) as [string];
    const input = {
      contact_id: contact,
      tracking_activities_list: ['em_sends', 'em_opens', 'em_clicks', 'em_forwards', 'em_bounces', 'em_optouts'],
    };
    const watcher = t.open('watch-contact-activities', { ...input, limit: 1000 });
    const consumer = collector();
    const start = (await watcher.cycle(consumer)).checkpoint as string;

    // several campaigns reach the contact; its activities come in over days
    for (let i = 0; i < 6; i++) {
      await sendCampaignNow(t, `Activities ${i}`, [list]);
      advance(t, 9 * HOUR);
      await watcher.cycle(consumer);
    }
    advance(t, 8 * DAY);
    await watcher.cycle(consumer);
    const mark = t.requests.length;
    expect((await watcher.cycle(consumer)).delivered).toBe(0);
    expect(t.requestsSince(mark)).toHaveLength(1);

    const rows = (
      await readAllPages(
        t,
        `/reports/contact_reports/${contact}/activity_details` +
          `?tracking_activities_list=${input.tracking_activities_list.join(',')}&limit=100`,
      )
    ).items;
    const truth = rows
      .filter((r: any) => r.created_time >= start)
      .map((r: any) => [r.campaign_activity_id, r.tracking_activity_type, r.created_time, r.contact_id].join('|'));
    expect(truth.length).toBeGreaterThanOrEqual(6);
    expect(duplicates(consumer.keys())).toEqual([]);
    expect(consumer.keys().sort()).toEqual(truth.sort());
    watcher.close();
  });

  it('Watch Email Campaign: each new campaign once (an edit is not new), existing ones never; one request when idle', async () => {
    await createCampaign(t, 'Existing before the watch', activityInput());
    advance(t, 5000);
    const watcher = t.open('watch-email-campaigns', { limit: 100 });
    const consumer = collector();
    await watcher.cycle(consumer);

    advance(t, 5000);
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await createCampaign(t, `New campaign ${i}`, activityInput())).campaignId);
    advance(t, 1000);
    expect((await watcher.cycle(consumer)).delivered).toBe(3);

    // a rename bumps updated_at, so the campaign shows up in the listing again, but it is not new
    expect((await t.api('PATCH', `/emails/${made[0]}`, { name: 'Renamed campaign' })).status).toBe(200);
    advance(t, 1000);
    const mark = t.requestsSince(0).length;
    expect((await watcher.cycle(consumer)).delivered).toBe(0);
    expect(t.requestsSince(mark)).toHaveLength(1);
    expect(consumer.events.map((e) => (e.bundle as any).campaign_id).sort()).toEqual([...made].sort());
    watcher.close();
  });
});
