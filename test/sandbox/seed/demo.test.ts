import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';

const NOW = '2026-03-02T15:00:00.000Z';

describe('the demo seed', () => {
  const t = useSandbox({ seed: 'demo', clock: { mode: 'manual', start: NOW } });

  it('ends its history at the requested instant, with a live default token', async () => {
    expect(t.sandbox.clock.nowIso()).toBe(NOW);
    expect((await t.api('GET', '/account/summary')).status).toBe(200);
  });

  it('has confirmed senders and a physical address', async () => {
    const emails = (await t.api('GET', '/account/emails?confirm_status=CONFIRMED')).body;
    expect(emails.length).toBeGreaterThan(0);
    const address = await t.api('GET', '/account/summary/physical_address');
    expect(address.status).toBe(200);
    expect(address.body.address_line1).toBeTruthy();
  });

  it('has five lists and about 2,000 contacts with phones, addresses, custom fields and tags', async () => {
    const lists = (await t.api('GET', '/contact_lists?include_membership_count=all')).body.lists;
    expect(lists.map((l: any) => l.name).sort()).toEqual([
      'Customers',
      'Event Attendees',
      'Newsletter',
      'Prospects',
      'VIP',
    ]);
    expect(lists.every((l: any) => l.membership_count > 0)).toBe(true);
    const count = (await t.api('GET', '/contacts?include_count=true&status=all&limit=1')).body.contacts_count;
    expect(count).toBe(2000);
    const page = (
      await t.api(
        'GET',
        '/contacts?limit=500&include=phone_numbers,street_addresses,custom_fields,taggings,list_memberships',
      )
    ).body.contacts;
    expect(page.filter((c: any) => c.phone_numbers?.length > 0).length).toBeGreaterThan(400);
    expect(page.filter((c: any) => c.street_addresses?.length > 0).length).toBeGreaterThan(400);
    expect(page.filter((c: any) => c.custom_fields?.length === 2).length).toBeGreaterThan(400);
    expect(page.filter((c: any) => c.taggings?.length > 0).length).toBeGreaterThan(100);
  });

  it('has six campaigns in various states, the sent ones with tracking data', async () => {
    const campaigns = (await t.api('GET', '/emails?limit=50')).body.campaigns;
    expect(campaigns).toHaveLength(6);
    const byStatus = (s: string) => campaigns.filter((c: any) => c.current_status === s).length;
    expect(byStatus('Done')).toBe(3);
    expect(byStatus('Draft')).toBe(1);
    expect(byStatus('Scheduled')).toBe(1);
    expect(byStatus('Removed')).toBe(1);
    for (const c of campaigns.filter((x: any) => x.current_status === 'Done')) {
      const detail = (await t.api('GET', `/emails/${c.campaign_id}`)).body;
      const primary = detail.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
      for (const report of ['sends', 'opens', 'clicks']) {
        const rows = (await t.api('GET', `/reports/email_reports/${primary}/tracking/${report}`)).body
          .tracking_activities;
        expect(rows.length, `${c.name} ${report}`).toBeGreaterThan(0);
      }
    }
  });
});
