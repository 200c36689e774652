import { describe, expect, it } from 'vitest';
import { useSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { ALL_SCOPES, SANDBOX_CLIENT_ID } from '../../src/sandbox/index.js';
import { activityInput } from './engine/fixtures.js';

/**
 * `sandbox.reset()`: forgets every piece of account data and pending work, keeps applications and
 * tokens, leaves the clock where it is, and replays the seed so the account looks exactly as a fresh
 * sandbox created at this instant would.
 */

const NOW = '2026-03-02T15:00:00.000Z';
const REPORTS = ['sends', 'opens', 'unique_opens', 'didnotopens', 'clicks', 'forwards', 'optouts', 'bounces'];

/** What a user of the demo account sees, minus the random UUIDs. */
async function fingerprint(t: TestSandbox): Promise<unknown> {
  const get = async (path: string) => {
    const res = await t.api('GET', path);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const lists = (await get('/contact_lists?include_membership_count=all&status=all')).lists.map((l: any) => [
    l.name,
    l.membership_count,
    l.created_at,
  ]);
  const contacts = await get(
    '/contacts?status=all&include_count=true&limit=500&include=list_memberships,custom_fields',
  );
  const campaigns: unknown[] = [];
  for (const c of (await get('/emails?limit=50')).campaigns) {
    const entry: Record<string, unknown> = { name: c.name, status: c.current_status, updated_at: c.updated_at };
    if (c.current_status !== 'Removed') {
      const primary = (await get(`/emails/${c.campaign_id}`)).campaign_activities.find(
        (a: any) => a.role === 'primary_email',
      ).campaign_activity_id;
      entry.history = (await get(`/emails/activities/${primary}/send_history`)).map((s: any) => [s.run_date, s.count]);
      entry.schedules = await get(`/emails/activities/${primary}/schedules`);
      for (const report of REPORTS)
        entry[report] = (await get(`/reports/email_reports/${primary}/tracking/${report}`)).tracking_activities.map(
          (r: any) => [r.email_address, r.created_time],
        );
      entry.links = (await get(`/reports/email_reports/${primary}/links?no_clicks=true`)).link_click_counts.map(
        (l: any) => [l.url_id, l.link_url, l.unique_clicks],
      );
    }
    campaigns.push(entry);
  }
  return {
    lists,
    contactsCount: contacts.contacts_count,
    firstContacts: contacts.contacts.map((c: any) => [
      c.email_address?.address,
      c.created_at,
      c.list_memberships.length,
      c.custom_fields.length,
    ]),
    tags: (await get('/contact_tags?include_count=true')).tags.map((g: any) => [g.name, g.contacts_count]),
    fields: (await get('/contact_custom_fields')).custom_fields.map((f: any) => f.label),
    senders: (await get('/account/emails')).map((e: any) => [e.email_id, e.email_address, e.confirm_status]),
    campaigns,
  };
}

describe('reset of a demo sandbox', () => {
  // Rate limits on, as `ctct sandbox` runs by default: the replayed seed must not be throttled.
  const t = useSandbox({ seed: 'demo', rateLimits: true, clock: { mode: 'manual', start: NOW } });

  it('forgets changes and pending work, keeps tokens and the clock, and replays the seed identically', async () => {
    const limits = t.sandbox.rateLimits;
    limits.enabled = false;
    const before = await fingerprint(t);

    // Change everything a user can change, and leave work pending.
    const list = (await t.api('GET', '/contact_lists')).body.lists[0].list_id;
    const extra = await t.api('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: 'extra@example.com' },
      list_memberships: [list],
    });
    expect(extra.status).toBe(201);
    expect((await t.api('DELETE', `/contact_lists/${list}`)).status).toBe(202);
    const draft = await t.api('POST', '/emails', {
      name: 'Made before the reset',
      email_campaign_activities: [activityInput()],
    });
    expect(draft.status).toBe(200);
    expect((await t.api('POST', '/account/emails', { email_address: 'second@example.com' })).status).toBe(201);
    const primary = draft.body.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
    const tests = {
      email_addresses: ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'],
    };
    for (let i = 0; i < 10; i++)
      expect((await t.api('POST', `/emails/activities/${primary}/tests`, tests)).status).toBe(204);
    expect((await t.api('POST', `/emails/activities/${primary}/tests`, tests)).status).toBe(429);
    const other = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ALL_SCOPES);
    t.sandbox.faults.configure({ errorRate: 1, seed: 'gone-after-reset', match: { path: '/nothing-real' } });
    expect(t.sandbox.jobs.pendingCount()).toBeGreaterThan(0);

    limits.enabled = true;
    await t.sandbox.reset();
    expect(limits.enabled, 'rate limits switched back on after the replay').toBe(true);
    expect(limits.dailyCount(), 'the replay does not spend the day’s quota').toBeLessThan(10);
    limits.enabled = false;

    expect(t.sandbox.clock.nowIso()).toBe(NOW);
    expect(t.sandbox.faults.current()).toEqual({});
    const otherToken = await t.api('GET', '/contact_lists', undefined, {
      authorization: `Bearer ${other.access_token}`,
    });
    expect(otherToken.status, 'a token issued before the reset still works').toBe(200);
    expect((await t.api('GET', '/contacts?email=extra%40example.com')).body.contacts).toEqual([]);
    expect((await t.api('GET', `/emails/activities/${primary}`)).status).toBe(404);
    const fresh = await t.api('GET', '/emails?limit=50');
    const newDraft = fresh.body.campaigns.find((c: any) => c.current_status === 'Draft');
    const newPrimary = (await t.api('GET', `/emails/${newDraft.campaign_id}`)).body.campaign_activities.find(
      (a: any) => a.role === 'primary_email',
    ).campaign_activity_id;
    expect(
      (await t.api('POST', `/emails/activities/${newPrimary}/tests`, tests)).status,
      'the test-send allowance starts again',
    ).toBe(204);

    // Identical to the account before any change; the pending list delete never happens.
    t.sandbox.clock.advance(0);
    t.sandbox.jobs.drain();
    expect(await fingerprint(t)).toEqual(before);
  });
});
