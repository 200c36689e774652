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
 * All eleven Watch modules on the runtime, against the sandbox: each tracking report's watcher
 * delivers exactly the rows its report showed at the moments it polled (the identity of a row is
 * written here from the facts' table, not taken from the modules), and every watcher's idle cycle
 * costs its minimum number of requests.
 */

const PAGE = 500;

/** Event identity per report (facts §1.8), applied to the delivered bundles and to the report's rows. */
const REPORTS: Record<string, (row: any) => string> = {
  sends: (r) => `${r.contact_id} ${r.created_time}`,
  opens: (r) => `${r.contact_id} ${r.created_time}`,
  unique_opens: (r) => r.contact_id,
  didnotopens: (r) => r.contact_id,
  clicks: (r) => `${r.contact_id} ${r.url_id} ${r.created_time}`,
  forwards: (r) => `${r.contact_id} ${r.created_time}`,
  optouts: (r) => r.contact_id,
  bounces: (r) => `${r.contact_id} ${r.bounce_code} ${r.created_time}`,
};
const MODULE: Record<string, string> = {
  sends: 'watch-email-sends-reports',
  opens: 'watch-email-opens-reports',
  unique_opens: 'watch-email-unique-opens-reports',
  didnotopens: 'watch-email-did-not-opens-reports',
  clicks: 'watch-email-clicks-reports',
  forwards: 'watch-email-forwards-reports',
  optouts: 'watch-email-opt-outs-reports',
  bounces: 'watch-email-bounces-reports',
};

async function reportKeys(t: WatchTestbed, activity: string, report: string): Promise<string[]> {
  const rows = (await readAllPages(t, `/reports/email_reports/${activity}/tracking/${report}?limit=${PAGE}`)).items;
  return rows.map(REPORTS[report]!);
}

describe('every Watch module on the runtime', () => {
  const t = useWatchTestbed();

  it(
    'each of the 8 tracking-report watchers delivers exactly the rows its ' +
      'report showed when it polled (random moments, Limits, restarts)',
    async () => {
      let seed = 5151;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const list = addList(t, 'Every report');
      addContacts(t, 'everyreport', 400, [list]);
      const sent = await sendCampaignNow(t, 'Every report', [list]);
      const watches = Object.keys(REPORTS).map((report, i) => ({
        report,
        // half the watches name the campaign (its primary activity is looked up), half the activity
        input: i % 2 === 0 ? { campaign_id: sent.campaignId } : { campaign_activity_id: sent.primaryId },
        consumer: collector(),
        truth: new Set<string>(),
      }));
      const open = (w: (typeof watches)[number]) =>
        t.open(MODULE[w.report]!, { ...w.input, limit: 1 + Math.floor(random() * 60) }, { kind: 'all' });
      let watchers = watches.map(open);
      const poll = async (i: number) => {
        const w = watches[i]!;
        // what the report shows at this instant (the sandbox clock stands still during the poll)
        for (const key of await reportKeys(t, sent.primaryId, w.report)) w.truth.add(key);
        return watchers[i]!.cycle(w.consumer);
      };

      for (let step = 0; step < 160; step++) {
        const r = random();
        if (r < 0.4) advance(t, Math.floor(random() * 3 * HOUR));
        else if (r < 0.93) await poll(Math.floor(random() * watches.length));
        else {
          for (const w of watchers) w.close();
          watchers = watches.map(open);
        }
      }
      advance(t, 12 * DAY);
      for (const [i, w] of watches.entries()) {
        for (let n = 0; n < 100 && (await poll(i)).waiting > 0; n++);
        const delivered = w.consumer.events.map((e) => REPORTS[w.report]!(e.bundle));
        expect(duplicates(delivered), `${w.report}: duplicates`).toEqual([]);
        expect(new Set(delivered), w.report).toEqual(w.truth);
        expect(w.truth.size, `${w.report} had rows to watch`).toBeGreaterThan(0);
        watchers[i]!.close();
      }
      // did-not-opens shrink as contacts open: rows seen at a poll stay delivered even once gone
      const stillUnopened = new Set(await reportKeys(t, sent.primaryId, 'didnotopens'));
      expect(watches.find((w) => w.report === 'didnotopens')!.truth.size).toBeGreaterThan(stillUnopened.size);
    },
    60_000,
  );

  it("every watcher's idle cycle costs its minimum: one request, two for Watch Contacts with deletes", async () => {
    const list = addList(t, 'Idle');
    const [contact] = addContacts(t, 'idle', 30, [list]) as [string];
    const sent = await sendCampaignNow(t, 'Idle', [list]);
    advance(t, 30 * DAY); // every simulated open, click and opt-out has happened: the sources are quiet
    const cases: [string, Record<string, unknown>, number][] = [
      ['watch-contacts', {}, 2],
      ['watch-contacts', { lists: [list], events: ['create', 'update'] }, 1],
      ['watch-contacts', { events: ['delete'] }, 1],
      [
        'watch-contact-activities',
        { contact_id: contact, tracking_activities_list: ['em_sends', 'em_opens', 'em_clicks'] },
        1,
      ],
      ['watch-email-campaigns', {}, 1],
      ...Object.values(MODULE).map((module, i): [string, Record<string, unknown>, number] => [
        module,
        i % 2 ? { campaign_id: sent.campaignId } : { campaign_activity_id: sent.primaryId },
        1,
      ]),
    ];
    for (const [module, input, minimum] of cases) {
      const watcher = t.open(
        module,
        { ...input, limit: 50 },
        { kind: 'all' },
        `idle ${module} ${JSON.stringify(input)}`,
      );
      const consumer = collector();
      for (let n = 0; n < 20 && (await watcher.cycle(consumer)).waiting > 0; n++);
      advance(t, HOUR);
      const mark = t.requests.length;
      const report = await watcher.cycle(consumer);
      expect({ module, input, delivered: report.delivered, requests: t.requestsSince(mark).length }).toEqual({
        module,
        input,
        delivered: 0,
        requests: minimum,
      });
      watcher.close();
    }
  }, 60_000);
});
