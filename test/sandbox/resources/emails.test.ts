import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import {
  activityInput,
  advance,
  bearerWith,
  createCampaign,
  emailHtml,
  HOUR,
  readAllPages,
} from '../engine/fixtures.js';
import { confirmAccountEmail } from '../../../src/sandbox/store/account.js';

describe('email campaigns', () => {
  const t = useSandbox();

  it('creates a campaign with 200 (not 201), a primary_email and a permalink activity', async () => {
    const res = await t.api('POST', '/emails', { name: 'Create check', email_campaign_activities: [activityInput()] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Create check',
      current_status: 'Draft',
      type: 'NEWSLETTER',
      type_code: 10,
    });
    expect(res.body.campaign_activities.map((a: any) => a.role).sort()).toEqual(['permalink', 'primary_email']);
    expect(res.body.created_at).toBe('2026-03-02T15:00:00.000Z');

    const fetched = await t.api('GET', `/emails/${res.body.campaign_id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(res.body);
  });

  it('uses the account physical address when the activity gives none', async () => {
    const { primaryId } = await createCampaign(t, 'Footer default');
    const res = await t.api('GET', `/emails/activities/${primaryId}?include=physical_address_in_footer`);
    expect(res.body.physical_address_in_footer).toMatchObject({
      address_line1: '100 Sandbox Way',
      organization_name: 'Sandbox Organization',
      country_code: 'US',
      country_name: 'United States',
      state_code: 'MA',
    });
  });

  it('refuses a second campaign with the same name (any case) with 409', async () => {
    await createCampaign(t, 'Unique name');
    const res = await t.api('POST', '/emails', { name: 'UNIQUE NAME', email_campaign_activities: [activityInput()] });
    expect(res.status).toBe(409);
    expect(res.body[0].error_key).toBeTypeOf('string');
  });

  it('accepts only CONFIRMED account emails as from_email and reply_to_email', async () => {
    await t.api('POST', '/account/emails', { email_address: 'pending@example.com' });
    for (const field of ['from_email', 'reply_to_email']) {
      const unconfirmed = await t.api('POST', '/emails', {
        name: `Sender ${field}`,
        email_campaign_activities: [activityInput({ [field]: 'pending@example.com' })],
      });
      expect(unconfirmed.status).toBe(400);
      const stranger = await t.api('POST', '/emails', {
        name: `Stranger ${field}`,
        email_campaign_activities: [activityInput({ [field]: 'someone@else.example' })],
      });
      expect(stranger.status).toBe(400);
    }
    confirmAccountEmail(t.sandbox.ctx, 'pending@example.com');
    const ok = await t.api('POST', '/emails', {
      name: 'Sender confirmed',
      email_campaign_activities: [activityInput({ from_email: 'pending@example.com' })],
    });
    expect(ok.status).toBe(200);
  });

  it.each([
    ['no name', { email_campaign_activities: [activityInput()] }],
    ['a name over 80 characters', { name: 'n'.repeat(81), email_campaign_activities: [activityInput()] }],
    ['no activity', { name: 'No activity', email_campaign_activities: [] }],
    ['two activities', { name: 'Two activities', email_campaign_activities: [activityInput(), activityInput()] }],
    ['format_type 4', { name: 'Format 4', email_campaign_activities: [activityInput({ format_type: 4 })] }],
    ['no subject', { name: 'No subject', email_campaign_activities: [activityInput({ subject: undefined })] }],
    ['no html_content', { name: 'No html', email_campaign_activities: [activityInput({ html_content: undefined })] }],
    [
      'html_content over 150000 characters',
      {
        name: 'Huge html',
        email_campaign_activities: [
          activityInput({ html_content: `<html><body>[[trackingImage]]${'x'.repeat(150_000)}</body></html>` }),
        ],
      },
    ],
    [
      'template syntax in the html',
      {
        name: 'Template',
        email_campaign_activities: [
          activityInput({ html_content: '<html><body>[[trackingImage]] ${name}</body></html>' }),
        ],
      },
    ],
    [
      'a preheader over 200 characters',
      { name: 'Long preheader', email_campaign_activities: [activityInput({ preheader: 'p'.repeat(201) })] },
    ],
    [
      'a US footer address without state',
      {
        name: 'No state',
        email_campaign_activities: [
          activityInput({
            physical_address_in_footer: { address_line1: '1 Main St', country_code: 'US', organization_name: 'Org' },
          }),
        ],
      },
    ],
  ])('rejects a campaign with %s (400)', async (_label, body) => {
    const res = await t.api('POST', '/emails', body);
    expect(res.status).toBe(400);
  });

  it('accepts html without [[trackingImage]] (opens are then inferred from clicks)', async () => {
    const res = await t.api('POST', '/emails', {
      name: 'No tracking image',
      email_campaign_activities: [activityInput({ html_content: emailHtml(['https://example.com'], false) })],
    });
    expect(res.status).toBe(200);
  });

  it('renames with PATCH, keeping names unique', async () => {
    const a = await createCampaign(t, 'Rename me');
    await createCampaign(t, 'Taken name');
    const renamed = await t.api('PATCH', `/emails/${a.campaignId}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Renamed');
    expect((await t.api('PATCH', `/emails/${a.campaignId}`, { name: 'taken name' })).status).toBe(409);
    expect((await t.api('PATCH', `/emails/${a.campaignId}`, { name: '' })).status).toBe(400);
    expect((await t.api('PATCH', `/emails/${a.campaignId}`, { name: 'RENAMED' })).status).toBe(200);
  });

  it('deletes with 204: the campaign stays listed as Removed, its activities are gone, and it cannot be renamed', async () => {
    const a = await createCampaign(t, 'Delete me');
    const del = await t.api('DELETE', `/emails/${a.campaignId}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    const fetched = await t.api('GET', `/emails/${a.campaignId}`);
    expect(fetched.body.current_status).toBe('Removed');
    const listed = await readAllPages(t, '/emails?limit=500', 'campaigns');
    expect(listed.items.find((c: any) => c.campaign_id === a.campaignId)?.current_status).toBe('Removed');
    expect((await t.api('GET', `/emails/activities/${a.primaryId}`)).status).toBe(404);
    expect((await t.api('PATCH', `/emails/${a.campaignId}`, { name: 'Resurrected' })).status).toBe(400);
    expect((await t.api('DELETE', `/emails/${a.campaignId}`)).status).toBe(404);
  });

  it('answers 404 for an unknown campaign id', async () => {
    for (const [method, body] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      expect((await t.api(method, '/emails/00000000-0000-4000-8000-000000000000', body)).status).toBe(404);
    }
  });

  it('needs the campaign_data scope (403 otherwise)', async () => {
    const headers = bearerWith(t, ['contact_data', 'account_read']);
    expect((await t.api('GET', '/emails', undefined, headers)).status).toBe(403);
    expect(
      (await t.api('POST', '/emails', { name: 'Scope', email_campaign_activities: [activityInput()] }, headers)).status,
    ).toBe(403);
  });
});

describe('listing email campaigns', () => {
  const t = useSandbox();

  it('pages in creation order with cursor next links and no next on the last page', async () => {
    for (let i = 1; i <= 7; i++) await createCampaign(t, `Paged ${i}`);
    const first = await t.api('GET', '/emails?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.campaigns.map((c: any) => c.name)).toEqual(['Paged 1', 'Paged 2', 'Paged 3']);
    expect(first.body.campaigns[0].campaign_activities).toBeUndefined();
    expect(first.body._links.next.href).toMatch(/^\/v3\/emails\?cursor=/);

    const all = await readAllPages(t, '/emails?limit=3', 'campaigns');
    expect(all.pageSizes).toEqual([3, 3, 1]);
    expect(all.items.map((c: any) => c.name)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `Paged ${i}`));
  });

  it('defaults to 50 per page and accepts 1 to 500', async () => {
    expect((await t.api('GET', '/emails')).body.campaigns).toHaveLength(7);
    for (const limit of ['0', '501', 'ten']) expect((await t.api('GET', `/emails?limit=${limit}`)).status).toBe(400);
    expect((await t.api('GET', '/emails?limit=500')).status).toBe(200);
  });

  it('filters on updated_at (not creation) with after_date and before_date, inclusive', async () => {
    advance(t, HOUR);
    const touched = await createCampaign(t, 'Touched later');
    advance(t, HOUR);
    const old = (await t.api('GET', '/emails?limit=1')).body.campaigns[0];
    await t.api('PATCH', `/emails/${old.campaign_id}`, { name: 'Paged 1 renamed' });

    const after = await t.api('GET', '/emails?after_date=2026-03-02T16:00:00.000Z');
    expect(after.body.campaigns.map((c: any) => c.name)).toEqual(['Paged 1 renamed', 'Touched later']);
    const window = await t.api('GET', '/emails?after_date=2026-03-02T16:00:00Z&before_date=2026-03-02T16:30:00Z');
    expect(window.body.campaigns.map((c: any) => c.campaign_id)).toEqual([touched.campaignId]);
    const before = await t.api('GET', '/emails?before_date=2026-03-02T15:00:00-0000');
    expect(before.body.campaigns).toHaveLength(6);
    expect((await t.api('GET', '/emails?after_date=yesterday')).status).toBe(400);
  });

  it('keeps the filters when following a next link', async () => {
    const all = await readAllPages(t, '/emails?limit=1&after_date=2026-03-02T16:00:00.000Z', 'campaigns');
    expect(all.items.map((c: any) => c.name)).toEqual(['Paged 1 renamed', 'Touched later']);
    expect(all.pageSizes).toEqual([1, 1]);
  });
});
