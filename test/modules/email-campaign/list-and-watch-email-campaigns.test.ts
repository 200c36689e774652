import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';
import { campaignInput, HOUR, watchOf } from './fixtures.js';

describe('List Email Campaigns and Watch Email Campaign', () => {
  const t = useModuleTestbed();
  const { watch, fetch } = watchOf(t, 'watch-email-campaigns');
  const fetchSince = (since: string | undefined) => fetch({}, since);

  it('List: reads pages of 500 and stops at Limit', async () => {
    for (let batch = 0; batch < 6; batch++) {
      const created = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          t.api('POST', '/emails', { name: `Bulk ${batch * 100 + i}`, email_campaign_activities: [activity()] }),
        ),
      );
      expect(created.every((r) => r.status === 200)).toBe(true);
    }
    let mark = t.requests.length;
    const all = await t.runList('list-email-campaigns', { limit: 1000 });
    expect(all).toHaveLength(600);
    expect(new Set(all.map((c) => c.campaign_id)).size).toBe(600);
    expect(t.requestsSince(mark, '/v3/emails').map((r) => r.url.split('cursor=')[0])).toEqual([
      '/v3/emails?limit=500',
      '/v3/emails?',
    ]);

    mark = t.requests.length;
    expect(await t.runList('List Email Campaigns', { limit: 3 })).toHaveLength(3);
    expect(t.requestsSince(mark, '/v3/emails').map((r) => r.url)).toEqual(['/v3/emails?limit=3']);
    await expect(t.run('list-email-campaigns', { limit: -1 })).rejects.toThrow(/Limit \(limit\): must be at least 1/);
  });

  it(
    'Watch: fetches campaigns created since the checkpoint through after_date, over every page; ' +
      'key = campaign_id, time = created_at',
    async () => {
      const before = t.sandbox.clock.nowIso();
      t.sandbox.clock.advance(HOUR);
      const checkpoint = t.sandbox.clock.nowIso();
      const fresh = await t.run('create-email-campaign', campaignInput('Fresh one'));
      t.sandbox.clock.advance(HOUR);
      const fresher = await t.run('create-email-campaign', campaignInput('Fresher one'));
      // an old campaign renamed after the checkpoint is listed by after_date (updated_at) but is not new
      const old = (await t.runList('list-email-campaigns', { limit: 1 }))[0];
      expect(Date.parse(old.created_at)).toBeLessThanOrEqual(Date.parse(before));
      expect((await t.api('PATCH', `/emails/${old.campaign_id}`, { name: 'Renamed later' })).status).toBe(200);

      const mark = t.requests.length;
      const items = await fetchSince(checkpoint);
      expect(t.requestsSince(mark, '/v3/emails')[0]!.url).toBe(
        `/v3/emails?after_date=${encodeURIComponent(checkpoint)}&limit=500`,
      );
      expect(items.map((c) => c.name).sort()).toEqual(['Fresh one', 'Fresher one']);
      expect(items.map((c) => watch.key(c)).sort()).toEqual([fresh.campaign_id, fresher.campaign_id].sort());
      expect(watch.time(items.find((c) => c.name === 'Fresh one'))).toBe(checkpoint);
      expect(watch.dedupe).toBe('forever');

      // no checkpoint: everything that exists, every page (600 + 2)
      const everything = await fetchSince(undefined);
      expect(everything).toHaveLength(602);
      // the trigger's run (a one-off read) respects Limit
      expect(await t.runList('watch-email-campaigns', { limit: 5 })).toHaveLength(5);
      await expect(t.run('Watch Email Campaign', { limit: 'ten' })).rejects.toThrow(/Limit \(limit\): /);
    },
  );
});

function activity() {
  const [first] = campaignInput('x').email_campaign_activities as Record<string, unknown>[];
  return { format_type: 5, ...first };
}
