import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import {
  addContacts,
  addList,
  advance,
  bearerWith,
  DAY,
  readAllPages,
  sendCampaignNow,
  type CreatedCampaign,
} from '../engine/fixtures.js';
import {
  createCampaign as storeCreateCampaign,
  primaryActivity,
  updateActivityContent,
} from '../../../src/sandbox/store/campaigns.js';
import { sendNow } from '../../../src/sandbox/engine/send.js';

const EMAIL_REPORTS = {
  em_sends: 'sends',
  em_opens: 'opens',
  em_clicks: 'clicks',
  em_forwards: 'forwards',
  em_optouts: 'optouts',
  em_bounces: 'bounces',
} as const;
const ALL_TYPES = Object.keys(EMAIL_REPORTS).join(',');

describe('contact reports', () => {
  const t = useSandbox();
  let contacts: string[] = [];
  const campaigns: CreatedCampaign[] = [];

  beforeAll(async () => {
    const list = addList(t, 'Contact reports');
    contacts = addContacts(t, 'cr', 40, [list]);
    campaigns.push(await sendCampaignNow(t, 'First newsletter', [list]));
    advance(t, 2 * DAY);
    campaigns.push(await sendCampaignNow(t, 'Second newsletter', [list]));
    advance(t, 10 * DAY);
  });

  /** What the email reports say about one contact, as [activity, type, time] triples, newest first. */
  async function fromEmailReports(contactId: string): Promise<string[][]> {
    const rows: string[][] = [];
    for (const { primaryId } of campaigns) {
      for (const [type, report] of Object.entries(EMAIL_REPORTS)) {
        const items = (await readAllPages(t, `/reports/email_reports/${primaryId}/tracking/${report}`)).items;
        for (const i of items) if (i.contact_id === contactId) rows.push([primaryId, type, i.created_time]);
      }
    }
    return rows.sort((a, b) => (b[2] as string).localeCompare(a[2] as string));
  }

  it('agrees with the email reports for every contact', async () => {
    for (const contactId of contacts.slice(0, 15)) {
      const details = await readAllPages(
        t,
        `/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=${ALL_TYPES}`,
      );
      const got = details.items.map((i: any) => [i.campaign_activity_id, i.tracking_activity_type, i.created_time]);
      const want = await fromEmailReports(contactId);
      expect(got.map((r: string[]) => r.join(' ')).sort()).toEqual(want.map((r) => r.join(' ')).sort());
      // newest first
      expect(got.map((r: string[]) => r[2])).toEqual(want.map((r) => r[2]));
    }
  });

  it('names the campaign unless include_campaign_activity_names=false', async () => {
    const contactId = contacts[0] as string;
    const named = (
      await t.api('GET', `/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=em_sends`)
    ).body;
    expect(named.tracking_activities.map((i: any) => i.campaign_activity_name)).toEqual([
      'Second newsletter',
      'First newsletter',
    ]);
    const bare = (
      await t.api(
        'GET',
        `/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=em_sends&include_campaign_activity_names=false`,
      )
    ).body;
    expect(bare.tracking_activities.every((i: any) => i.campaign_activity_name === undefined)).toBe(true);
  });

  it('accepts the repeated tracking_activity_type form too', async () => {
    const contactId = contacts[1] as string;
    const list = (
      await t.api(
        'GET',
        `/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=em_sends,em_opens`,
      )
    ).body;
    const repeated = (
      await t.api(
        'GET',
        `/reports/contact_reports/${contactId}/activity_details?tracking_activity_type=em_sends&tracking_activity_type=em_opens`,
      )
    ).body;
    expect(repeated).toEqual(list);
    expect(new Set(list.tracking_activities.map((i: any) => i.tracking_activity_type))).toContain('em_sends');
  });

  it('pages activity details with next links, none on the last page', async () => {
    const contactId = contacts[2] as string;
    const whole = (
      await t.api('GET', `/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=${ALL_TYPES}`)
    ).body;
    expect(whole._links?.next).toBeUndefined();
    const paged = await readAllPages(
      t,
      `/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=${ALL_TYPES}&limit=1`,
    );
    expect(paged.items).toEqual(whole.tracking_activities);
    expect(paged.pageSizes.every((n) => n === 1)).toBe(true);
  });

  it.each([
    ['neither type parameter', ''],
    ['both type parameters', '?tracking_activities_list=em_sends&tracking_activity_type=em_opens'],
    ['an unknown type', '?tracking_activities_list=em_reads'],
    ['limit 0', '?tracking_activities_list=em_sends&limit=0'],
    ['limit 101', '?tracking_activities_list=em_sends&limit=101'],
    ['a non-boolean names flag', '?tracking_activities_list=em_sends&include_campaign_activity_names=maybe'],
  ])('rejects activity_details with %s (400)', async (_label, query) => {
    expect((await t.api('GET', `/reports/contact_reports/${contacts[0]}/activity_details${query}`)).status).toBe(400);
  });

  it('summarizes each campaign activity sent to the contact, most recent first, with the same counts', async () => {
    for (const contactId of contacts.slice(0, 10)) {
      const res = await t.api(
        'GET',
        `/reports/contact_reports/${contactId}/activity_summary?start=2026-01-01T00:00:00-0500&end=2026-12-31T00:00:00Z`,
      );
      expect(res.status).toBe(200);
      expect(res.body.contact_id).toBe(contactId);
      const rows = await fromEmailReports(contactId);
      // a contact that opted out of the first email was not sent the second
      const sentTo = rows.filter((r) => r[1] === 'em_sends').map((r) => r[0]);
      expect(res.body.campaign_activities.map((a: any) => a.campaign_activity_id)).toEqual(sentTo);
      for (const summary of res.body.campaign_activities) {
        const count = (type: string) =>
          rows.filter((r) => r[0] === summary.campaign_activity_id && r[1] === type).length;
        expect(summary).toEqual({
          campaign_activity_id: summary.campaign_activity_id,
          start_on: rows.find((r) => r[0] === summary.campaign_activity_id && r[1] === 'em_sends')?.[2],
          em_sends: 1,
          em_opens: count('em_opens'),
          em_clicks: count('em_clicks'),
          em_forwards: count('em_forwards'),
          em_bounces: count('em_bounces'),
          em_unsubscribes: count('em_optouts'),
        });
      }
    }
  });

  it('limits the summary to activities sent within start..end', async () => {
    const res = await t.api(
      'GET',
      `/reports/contact_reports/${contacts[0]}/activity_summary?start=2026-03-03T00:00:00Z&end=2026-03-30T00:00:00Z`,
    );
    expect(res.body.campaign_activities.map((a: any) => a.campaign_activity_id)).toEqual([campaigns[1]!.primaryId]);
  });

  it('computes open and click rates as fractions of the activities in the range', async () => {
    for (const contactId of contacts.slice(0, 10)) {
      const res = await t.api(
        'GET',
        `/reports/contact_reports/${contactId}/open_and_click_rates?start=2026-01-01&end=2026-12-31`,
      );
      expect(res.status).toBe(200);
      const rows = await fromEmailReports(contactId);
      const sent = campaigns.filter((c) => rows.some((r) => r[0] === c.primaryId && r[1] === 'em_sends')).length;
      const opened = campaigns.filter((c) => rows.some((r) => r[0] === c.primaryId && r[1] === 'em_opens')).length;
      const clicked = campaigns.filter((c) => rows.some((r) => r[0] === c.primaryId && r[1] === 'em_clicks')).length;
      expect(res.body).toEqual({
        contact_id: contactId,
        included_activities_count: sent,
        average_open_rate: opened / sent,
        average_click_rate: clicked / sent,
      });
    }
    const empty = await t.api(
      'GET',
      `/reports/contact_reports/${contacts[0]}/open_and_click_rates?start=2020-01-01&end=2020-12-31`,
    );
    expect(empty.body).toEqual({
      contact_id: contacts[0],
      included_activities_count: 0,
      average_open_rate: 0,
      average_click_rate: 0,
    });
  });

  it.each([
    ['activity_summary', ''],
    ['activity_summary', '?start=2026-01-01'],
    ['activity_summary', '?start=yesterday&end=2026-12-31'],
    ['activity_summary', '?start=2026-12-31&end=2026-01-01'],
    ['open_and_click_rates', '?end=2026-12-31'],
    ['open_and_click_rates', '?start=2020-01-01T00:00:00Z&end=2025-01-01T00:00:01Z'],
  ])('rejects %s%s with 400', async (path, query) => {
    expect((await t.api('GET', `/reports/contact_reports/${contacts[0]}/${path}${query}`)).status).toBe(400);
  });

  it('accepts a range of exactly five years', async () => {
    expect(
      (
        await t.api(
          'GET',
          `/reports/contact_reports/${contacts[0]}/open_and_click_rates?start=2021-06-01T00:00:00Z&end=2026-06-01T00:00:00Z`,
        )
      ).status,
    ).toBe(200);
  });

  it('answers 404 for an unknown contact and 403 without the contact_data scope', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await t.api('GET', `/reports/contact_reports/${unknown}/activity_details?tracking_activities_list=em_sends`))
        .status,
    ).toBe(404);
    expect(
      (await t.api('GET', `/reports/contact_reports/${unknown}/open_and_click_rates?start=2026-01-01&end=2026-02-01`))
        .status,
    ).toBe(404);
    const campaignOnly = bearerWith(t, ['campaign_data']);
    expect(
      (
        await t.api(
          'GET',
          `/reports/contact_reports/${contacts[0]}/activity_details?tracking_activities_list=em_sends`,
          undefined,
          campaignOnly,
        )
      ).status,
    ).toBe(403);
  });
});

describe('contact activity summary paging', () => {
  const t = useSandbox();

  it('returns pages of 200 campaign activities, the most recent first', async () => {
    const { ctx } = t.sandbox;
    const list = addList(t, 'Many campaigns');
    const [contactId] = addContacts(t, 'many', 1, [list]);
    const content = {
      from_name: 'S',
      from_email: 'owner@example.com',
      reply_to_email: 'owner@example.com',
      subject: 'S',
      preheader: null,
      html_content: '<html><body>[[trackingImage]]</body></html>',
      document_properties: null,
      physical_address: { address_line1: '1 St', country_code: 'US', organization_name: 'O', state_code: 'MA' },
    };
    // 205 campaigns sent a minute apart, built through the store and engine to keep the test fast
    const sent: string[] = [];
    for (let i = 0; i < 205; i++) {
      const campaign = storeCreateCampaign(ctx, `Bulk ${i}`, content);
      const primary = primaryActivity(ctx, campaign.campaign_id)!;
      updateActivityContent(ctx, primary, { ...content, contact_list_ids: [list], segment_ids: [] });
      sendNow(ctx, primaryActivity(ctx, campaign.campaign_id)!);
      sent.push(primary.campaign_activity_id);
      t.sandbox.clock.advance(60_000);
    }
    const pages = await readAllPages(
      t,
      `/reports/contact_reports/${contactId}/activity_summary?start=2026-01-01&end=2027-01-01`,
      'campaign_activities',
    );
    expect(pages.pageSizes).toEqual([200, 5]);
    expect(pages.items.map((a: any) => a.campaign_activity_id)).toEqual([...sent].reverse());
  });
});
