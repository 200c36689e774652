import { describe, expect, it } from 'vitest';
import {
  addContacts,
  addList,
  advance,
  DAY,
  HOUR,
  readAllPages,
  sendCampaignNow,
} from '../../sandbox/engine/fixtures.js';
import { collector, duplicates, useWatchTestbed, type WatchTestbed } from './helpers.js';

/**
 * The tracking-report watchers on the runtime, against the sandbox: where a watch starts, what a cycle
 * costs in requests, and a randomized model run where the reports grow while the watch polls.
 */

const MINUTE = 60_000;
const PAGE = 500;

/** Every row of a report, newest first, read through the sandbox API. */
async function fullReport(t: WatchTestbed, activityId: string, report: string): Promise<any[]> {
  return (await readAllPages(t, `/reports/email_reports/${activityId}/tracking/${report}?limit=${PAGE}`)).items;
}

const openKey = (row: any): string => `${row.contact_id}|${row.created_time}`;

/** A campaign sent now to `count` new contacts; returns its primary activity. */
async function sentCampaign(t: WatchTestbed, name: string, count: number): Promise<string> {
  const list = addList(t, name);
  addContacts(t, name.toLowerCase().replace(/\W+/g, ''), count, [list]);
  return (await sendCampaignNow(t, name, [list])).primaryId;
}

/** Pages a newest-first read costs to reach the first row older than `since` (or the end). */
function pagesUntil(rows: readonly any[], since: string): number {
  const newer = rows.filter((r) => r.created_time >= since).length;
  const needed = newer < rows.length ? newer + 1 : newer;
  return Math.max(1, Math.ceil(needed / PAGE));
}

describe('tracking-report watchers on the runtime', () => {
  const t = useWatchTestbed();

  it(
    "starts from the server's now: a probe and the overlap window (two " +
      'requests), nothing delivered, then only events after the start',
    async () => {
      const activity = await sentCampaign(t, 'From now', 200);
      advance(t, 6 * HOUR);
      const before = await fullReport(t, activity, 'opens');
      expect(before.length).toBeGreaterThan(20);

      const watcher = t.open('watch-email-opens-reports', { campaign_activity_id: activity, limit: 1000 });
      const consumer = collector();
      const mark = t.requests.length;
      const first = await watcher.cycle(consumer);
      expect(first.started).toBe(true);
      expect(consumer.events).toEqual([]);
      // one request for the server's Date, one for the page holding the ten minutes before it (remembered as seen)
      expect(t.requestsSince(mark)).toHaveLength(2);
      expect(first.since).toBeUndefined();
      expect(watcher.state.floor).toBe(new Date(Date.parse(first.checkpoint as string) - 10 * MINUTE).toISOString());
      // the start is the sandbox clock (months away from this computer's), to the second of its Date header
      expect(first.checkpoint).toBe(new Date(Math.floor(t.sandbox.clock.nowMs() / 1000) * 1000).toISOString());

      advance(t, 2 * DAY);
      await watcher.cycle(consumer);
      const after = await fullReport(t, activity, 'opens');
      const existed = new Set(before.map(openKey));
      const expected = after.map(openKey).filter((k) => !existed.has(k));
      expect(expected.length).toBeGreaterThan(10);
      expect(consumer.keys().sort()).toEqual(expected.sort());
      // oldest first, time then key
      const order = consumer.events.map((e) => `${e.time} ${e.key}`);
      expect(order).toEqual([...order].sort());
      watcher.close();
    },
  );

  it('--from all delivers every existing event, Limit per cycle, the rest in later cycles with none lost', async () => {
    const activity = await sentCampaign(t, 'From all', 120);
    advance(t, 8 * DAY);
    const rows = await fullReport(t, activity, 'opens');
    const watcher = t.open('watch-email-opens-reports', { campaign_activity_id: activity, limit: 25 }, { kind: 'all' });
    const consumer = collector();
    const reports = [];
    for (let i = 0; i < 20; i++) {
      const r = await watcher.cycle(consumer);
      reports.push(r);
      if (r.delivered === 0) break;
    }
    expect(reports.every((r) => r.delivered <= 25)).toBe(true);
    expect(reports[0]!.waiting).toBe(rows.length - 25);
    expect(duplicates(consumer.keys())).toEqual([]);
    expect(consumer.keys().sort()).toEqual(rows.map(openKey).sort());
    watcher.close();
  });

  it(
    'cycles that drain a Limit-deferred backlog cost only the overlap ' +
      "window's pages, not a re-read down to the oldest waiting event",
    async () => {
      const activity = await sentCampaign(t, 'Drain', 1600);
      advance(t, 8 * DAY);
      const rows = await fullReport(t, activity, 'opens');
      expect(rows.length).toBeGreaterThan(2 * PAGE);
      const watcher = t.open(
        'watch-email-opens-reports',
        { campaign_activity_id: activity, limit: 150 },
        { kind: 'all' },
      );
      const consumer = collector();
      let mark = t.requests.length;
      await watcher.cycle(consumer);
      expect(t.requestsSince(mark)).toHaveLength(Math.ceil(rows.length / PAGE));
      const newest = rows[0].created_time as string;
      const windowPages = pagesUntil(rows, new Date(Date.parse(newest) - 10 * MINUTE).toISOString());
      for (let cycle = 0; watcher.state.delivered < rows.length && cycle < 20; cycle++) {
        mark = t.requests.length;
        const report = await watcher.cycle(consumer);
        expect({ cycle, requests: t.requestsSince(mark).length }).toEqual({ cycle, requests: windowPages });
        expect(report.delivered).toBeLessThanOrEqual(150);
      }
      expect(duplicates(consumer.keys())).toEqual([]);
      expect(consumer.keys().sort()).toEqual(rows.map(openKey).sort());
      watcher.close();
    },
  );

  it('--from a date delivers the events at or after it only', async () => {
    const activity = await sentCampaign(t, 'From date', 120);
    advance(t, 8 * DAY);
    const rows = await fullReport(t, activity, 'opens');
    const cut = (rows[Math.floor(rows.length / 2)] as any).created_time as string;
    const watcher = t.open(
      'watch-email-opens-reports',
      { campaign_activity_id: activity, limit: 1000 },
      { kind: 'date', at: cut },
    );
    const consumer = collector();
    await watcher.cycle(consumer);
    expect(consumer.keys().sort()).toEqual(
      rows
        .filter((r) => r.created_time >= cut)
        .map(openKey)
        .sort(),
    );
    watcher.close();
  });

  it('costs one request when idle and, with k new events, only the pages down to the checkpoint', async () => {
    const activity = await sentCampaign(t, 'Costs', 1500);
    advance(t, 3 * HOUR);
    const watcher = t.open('watch-email-opens-reports', { campaign_activity_id: activity, limit: 5000 });
    const consumer = collector();
    const start = (await watcher.cycle(consumer)).checkpoint as string;
    // What the start's own read saw existed already, even the rows stamped in the start's own second
    // (the Date header has whole seconds): with the clock standing still, nothing is new.
    expect(start <= t.sandbox.clock.nowIso()).toBe(true);
    expect((await watcher.cycle(consumer)).delivered).toBe(0);

    let mostRequests = 0;
    for (const step of [0, 20 * MINUTE, 0, 6 * DAY, 4 * HOUR, 0]) {
      advance(t, step);
      const since = watcher.state.checkpoint as string;
      const rows = await fullReport(t, activity, 'opens');
      const mark = t.requests.length;
      const report = await watcher.cycle(consumer);
      const requests = t.requestsSince(mark);
      mostRequests = Math.max(mostRequests, requests.length);
      expect(requests.every((r) => r.url.includes('/tracking/opens'))).toBe(true);
      const sinceWithOverlap = new Date(Date.parse(since) - 10 * MINUTE).toISOString();
      expect({ step, requests: requests.length }).toEqual({ step, requests: pagesUntil(rows, sinceWithOverlap) });
      if (step === 0)
        expect({ step, delivered: report.delivered, requests: requests.length }).toEqual({
          step,
          delivered: 0,
          requests: 1,
        });
    }
    // the long step really needed several pages
    expect(mostRequests).toBeGreaterThan(1);
    watcher.close();
  });

  it(
    'unique opens (dedupe forever): a contact is delivered ' + 'once, and never when it opened before the start',
    async () => {
      const activity = await sentCampaign(t, 'Unique', 300);
      advance(t, 4 * HOUR);
      const openedBefore = new Set((await fullReport(t, activity, 'unique_opens')).map((r) => r.contact_id));
      const watcher = t.open('watch-email-unique-opens-reports', { campaign_activity_id: activity, limit: 1000 });
      const consumer = collector();
      await watcher.cycle(consumer);
      for (let i = 0; i < 8; i++) {
        advance(t, DAY);
        await watcher.cycle(consumer);
      }
      const contacts = consumer.events.map((e) => (e.bundle as any).contact_id as string);
      expect(duplicates(contacts)).toEqual([]);
      expect(contacts.filter((c) => openedBefore.has(c))).toEqual([]);
      const openedSince = (await fullReport(t, activity, 'unique_opens'))
        .map((r) => r.contact_id)
        .filter((c) => !openedBefore.has(c));
      expect(contacts.sort()).toEqual(openedSince.sort());
      watcher.close();
    },
  );

  it(
    'model: growing reports polled at random moments with random ' + 'Limits and restarts give exactly the true events',
    async () => {
      let seed = 20260302;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const activities = [await sentCampaign(t, 'Model A', 700), await sentCampaign(t, 'Model B', 500)];
      const reports = [
        { module: 'watch-email-sends-reports', report: 'sends', key: (r: any) => `${r.contact_id}|${r.created_time}` },
        { module: 'watch-email-opens-reports', report: 'opens', key: openKey },
        {
          module: 'watch-email-clicks-reports',
          report: 'clicks',
          key: (r: any) => `${r.contact_id}|${r.url_id}|${r.created_time}`,
        },
      ];
      const watches = activities.flatMap((activity) =>
        reports.map((r) => ({ ...r, activity, input: { campaign_activity_id: activity }, consumer: collector() })),
      );
      const open = (w: (typeof watches)[number]) =>
        t.open(w.module, { ...w.input, limit: 1 + Math.floor(random() * 300) }, { kind: 'all' });
      let watchers = watches.map(open);

      for (let step = 0; step < 150; step++) {
        const r = random();
        if (r < 0.45) advance(t, Math.floor(random() * 8 * HOUR));
        else if (r < 0.9) {
          const i = Math.floor(random() * watches.length);
          await watchers[i]!.cycle(watches[i]!.consumer);
        } else {
          // restart every watcher with a new random Limit (the Limit is not part of the watch's identity)
          for (const w of watchers) w.close();
          watchers = watches.map(open);
        }
      }
      advance(t, 10 * DAY);
      let total = 0;
      for (const [i, w] of watches.entries()) {
        for (let n = 0; n < 50 && (await watchers[i]!.cycle(w.consumer)).waiting > 0; n++);
        const truth = new Set((await fullReport(t, w.activity, w.report)).map(w.key));
        expect(duplicates(w.consumer.keys()), `${w.module} duplicates`).toEqual([]);
        expect(new Set(w.consumer.keys()), w.module).toEqual(truth);
        total += truth.size;
        watchers[i]!.close();
      }
      expect(total).toBeGreaterThan(2000);
    },
  );
});
