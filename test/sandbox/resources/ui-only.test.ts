import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { createCampaign } from '../engine/fixtures.js';

/** Landing pages, SMS campaigns and social connections exist only through the UI: the API account has none. */

describe('what only the UI makes', () => {
  const t = useSandbox();

  it('finds no landing page, not even for an email activity id', async () => {
    const { primaryId } = await createCampaign(t, 'Not a landing page');
    const email = await t.api('GET', `/reports/landing_pages/campaign_details/${primaryId}/p_contact_opens`);
    expect(email.status).toBe(404);
    expect(email.body[0].error_message).toMatch(/email campaign activity, not a landing page/);
    const other = '00000000-0000-4000-8000-000000000000';
    expect((await t.api('GET', `/reports/landing_pages/campaign_details/${other}/p_unique_contact_adds`)).status).toBe(
      404,
    );
    expect(
      (await t.api('GET', `/reports/landing_pages/campaign_details/${other}/p_contact_opens?limit=501`)).status,
    ).toBe(400);
  });

  it('summarises no SMS campaign, checking the dates it is given', async () => {
    const res = await t.api('GET', '/reports/summary_reports/sms_campaign_summaries?start_at=2026-01-01');
    expect(res).toMatchObject({ status: 200, body: { bulk_sms_campaign_summaries: [] } });
    for (const query of [
      '',
      '?start_at=soon',
      '?start_at=2026-02-01&end_at=2026-01-01',
      '?start_at=2026-01-01&limit=51',
    ])
      expect((await t.api('GET', `/reports/summary_reports/sms_campaign_summaries${query}`)).status, query).toBe(400);
  });

  it('has no social profiles, connections or hashtag groups, so a post names unknown profiles', async () => {
    expect((await t.api('GET', '/social/profiles?include=accessible')).body).toEqual([]);
    expect((await t.api('GET', '/social/profiles?include=everything')).status).toBe(400);
    expect((await t.api('GET', '/social/connections')).body).toEqual({ connections: [] });
    expect((await t.api('GET', '/social/hashtags/groups?page=2')).body).toEqual({
      _links: {},
      hashtag_groups: [],
      page: { page: 2, size: 5, total_elements: 0, total_pages: 0 },
    });
    expect((await t.api('GET', '/social/hashtags/groups?limit=6')).status).toBe(400);
    const post = { status: 'DRAFT', profile_posts: [{ profiles: [{ profile_id: 'fb-1' }] }] };
    expect((await t.api('POST', '/social/posts', post)).status).toBe(404);
    expect((await t.api('POST', '/social/posts', { ...post, status: 'SCHEDULED' })).status).toBe(400);
    expect((await t.api('POST', '/social/posts', { status: 'DRAFT' })).status).toBe(400);
  });
});
