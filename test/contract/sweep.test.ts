import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { contractAvailable, createContractRecorder } from '../helpers/contract.js';
import { loadSpec } from '../helpers/spec.js';

/**
 * The contract sweep CI runs against the official spec: a demo account, then one call of every read
 * endpoint the modules use (with the options they pass), every body validated against the contract.
 * The rest of the suite validates every response it provokes the same way; this sweep guarantees
 * coverage of the read side even when no other test touches an endpoint.
 */
describe('contract sweep over a demo account', () => {
  it('finds the official contract', () => {
    expect(loadSpec(), 'the v3 swagger at CTCT_SPEC_DIR').not.toBeNull();
    expect(contractAvailable()).toBe(true);
  });

  it('answers every read endpoint the modules use with bodies that match the contract', async () => {
    const recorder = createContractRecorder();
    const sandbox = await createSandbox({
      seed: 'demo',
      rateLimits: false,
      clock: { mode: 'manual', start: '2026-03-02T15:00:00.000Z' },
      observe: recorder.observe,
    });
    const headers = { authorization: `Bearer ${sandbox.credentials.access_token}` };
    const get = async (path: string): Promise<any> => {
      const res = await sandbox.fetch(`/v3${path}`, { headers });
      expect(res.status, path).toBe(200);
      return res.json();
    };
    try {
      const contacts = (
        await get(
          '/contacts?limit=5&include=custom_fields,list_memberships,phone_numbers,street_addresses,taggings,notes&include_count=true',
        )
      ).contacts;
      const contactId = contacts[0].contact_id;
      await get(
        `/contacts/${contactId}?include=custom_fields,list_memberships,phone_numbers,street_addresses,taggings,notes`,
      );
      await get('/contacts?status=all&limit=2');
      await get('/contacts?status=deleted&limit=2');
      const lists = (await get('/contact_lists?include_count=true&include_membership_count=all')).lists;
      await get(`/contact_lists/${lists[0].list_id}?include_membership_count=active`);
      await get('/contact_custom_fields');
      await get('/contact_tags?include_count=true');
      // The demo's imports are three weeks old and activity statuses are kept ten days: queue a fresh one.
      const queued = await sandbox.fetch('/v3/activities/contacts_json_import', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          import_data: [{ email: 'sweep@example.com', first_name: 'Sweep' }],
          list_ids: [lists[0].list_id],
        }),
      });
      expect(queued.status).toBe(201);
      sandbox.jobs.drain();
      const activities = (await get('/activities?limit=10')).activities;
      await get(`/activities/${activities[0].activity_id}`);
      await get('/account/summary?extra_fields=physical_address,company_logo');
      await get('/account/summary/physical_address');
      await get('/account/emails');
      await get('/account/user/privileges');
      const campaigns = (await get('/emails?limit=10')).campaigns;
      for (const campaign of campaigns) {
        const detail = await get(`/emails/${campaign.campaign_id}`);
        if (campaign.current_status === 'Removed') continue;
        const primary = detail.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
        await get(
          `/emails/activities/${primary}?include=physical_address_in_footer,permalink_url,html_content,document_properties`,
        );
        await get(`/emails/activities/${primary}/previews`);
        await get(`/emails/activities/${primary}/schedules`);
        await get(`/emails/activities/${primary}/send_history`);
        for (const report of [
          'sends',
          'opens',
          'unique_opens',
          'didnotopens',
          'clicks',
          'forwards',
          'optouts',
          'bounces',
        ]) {
          await get(`/reports/email_reports/${primary}/tracking/${report}?limit=50`);
        }
        await get(`/reports/email_reports/${primary}/links?no_clicks=true`);
        await get(`/reports/stats/email_campaign_activities/${primary}`);
        await get(`/reports/stats/email_campaigns/${campaign.campaign_id}`);
      }
      await get('/reports/summary_reports/email_campaign_summaries?limit=2');
      const types = 'em_sends,em_opens,em_clicks,em_bounces,em_optouts,em_forwards';
      await get(`/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=${types}&limit=100`);
      await get(
        `/reports/contact_reports/${contactId}/activity_summary?start=2026-01-01T00:00:00Z&end=2026-03-02T00:00:00Z`,
      );
      await get(
        `/reports/contact_reports/${contactId}/open_and_click_rates?start=2026-01-01T00:00:00Z&end=2026-03-02T00:00:00Z`,
      );
    } finally {
      await sandbox.close();
    }
    const { checked, violations } = await recorder.settle();
    expect(violations).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });
});
