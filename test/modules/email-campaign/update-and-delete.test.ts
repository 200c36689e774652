import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/client/index.js';
import { useModuleTestbed } from '../../helpers/modules.js';
import { createCampaign, emailHtml, listWithContacts } from './fixtures.js';

describe('Update an Email Campaign Activity', () => {
  const t = useModuleTestbed();

  it('sets the recipients and keeps every field it was not given (GET, merge, PUT)', async () => {
    const { campaignId, activityId } = await createCampaign(t, 'Merge me', { preheader: 'Keep this preheader' });
    const listA = await listWithContacts(t, 'Merge A', 'ma', 0);
    const listB = await listWithContacts(t, 'Merge B', 'mb', 0);
    const mark = t.requests.length;
    const updated = await t.run('update-email-campaign-activity', {
      campaign_id: campaignId,
      contact_list_ids: [listA, listB],
    });
    expect(t.requestsSince(mark).map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      `GET /v3/emails/${campaignId}`,
      `GET /v3/emails/activities/${activityId}`,
      `PUT /v3/emails/activities/${activityId}`,
    ]);
    expect(updated).toMatchObject({
      campaign_activity_id: activityId,
      contact_list_ids: [listA, listB],
      subject: 'Merge me: our news',
      preheader: 'Keep this preheader',
      from_name: 'Spring Team',
    });
    expect(updated.html_content).toBe(emailHtml());

    const again = await t.run('update-email-campaign-activity', {
      campaign_activity_id: activityId,
      subject: 'A better subject',
      html_content: emailHtml(['https://example.com/only']),
    });
    expect(again).toMatchObject({
      subject: 'A better subject',
      contact_list_ids: [listA, listB],
      preheader: 'Keep this preheader',
    });
    expect(again.html_content).toContain('https://example.com/only');
  });

  it('refuses lists and segments together, and an update with nothing to change, before any request', async () => {
    const { campaignId } = await createCampaign(t, 'Both');
    const list = await listWithContacts(t, 'Both list', 'bl', 0);
    const mark = t.requests.length;
    await expect(
      t.run('update-email-campaign-activity', { campaign_id: campaignId, contact_list_ids: [list], segment_ids: [3] }),
    ).rejects.toThrow(/Segment IDs \(segment_ids\): give Contact List IDs or Segment IDs, not both/);
    await expect(t.run('update-email-campaign-activity', { campaign_id: campaignId })).rejects.toThrow(
      /nothing to update/,
    );
    await expect(
      t.run('update-email-campaign-activity', { campaign_id: campaignId, contact_list_ids: ['nope'] }),
    ).rejects.toThrow(/Contact List IDs › #1 \(contact_list_ids.0\): must be a contact list id/);
    expect(t.requestsSince(mark)).toEqual([]);
  });

  it('surfaces an unknown list with the API message and says where valid ids come from', async () => {
    const { campaignId } = await createCampaign(t, 'Unknown list');
    const err = await t
      .run('update-email-campaign-activity', {
        campaign_id: campaignId,
        contact_list_ids: ['00000000-0000-4000-8000-000000000001'],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/was not updated: the API answered 400 "These contact lists do not exist/);
    expect(err.hint).toMatch(/ctct options update-email-campaign-activity contact_list_ids/);
  });

  it('refuses a SCHEDULED activity without a PUT, telling to unschedule first; the permalink activity likewise', async () => {
    const list = await listWithContacts(t, 'Scheduled list', 'sl', 2);
    const { campaignId, activityId, permalinkId } = await createCampaign(t, 'Scheduled');
    await t.run('update-email-campaign-activity', { campaign_id: campaignId, contact_list_ids: [list] });
    await t.run('schedule-email-campaign-activity', {
      campaign_id: campaignId,
      scheduled_date: '2026-03-09T10:00:00Z',
    });
    const mark = t.requests.length;
    const err = await t
      .run('update-email-campaign-activity', { campaign_activity_id: activityId, subject: 'Too late' })
      .catch((e: unknown) => e);
    expect(err.message).toMatch(/is SCHEDULED; the API updates only DRAFT or DONE/);
    expect(err.hint).toMatch(/Unschedule an Email Campaign Activity/);
    await expect(
      t.run('update-email-campaign-activity', { campaign_activity_id: permalinkId, subject: 'x' }),
    ).rejects.toThrow(/is a permalink activity; only the primary_email/);
    expect(t.requestsSince(mark).filter((r) => r.method === 'PUT')).toEqual([]);
    await t.run('unschedule-email-campaign-activity', { campaign_id: campaignId });
  });
});

describe('Delete an Email Campaign', () => {
  const t = useModuleTestbed();

  it('deletes a draft campaign: it is listed as Removed afterwards', async () => {
    const { campaignId } = await createCampaign(t, 'Delete me');
    expect(await t.run('delete-email-campaign', { campaign_id: campaignId })).toEqual({
      campaign_id: campaignId,
      current_status: 'Removed',
    });
    const listed = await t.runList('list-email-campaigns', {});
    expect(listed.find((c) => c.campaign_id === campaignId).current_status).toBe('Removed');
  });

  it('refuses a Scheduled campaign with the API message and the command that unschedules it', async () => {
    const list = await listWithContacts(t, 'Keep list', 'kl', 1);
    const { campaignId } = await createCampaign(t, 'Keep me');
    await t.run('update-email-campaign-activity', { campaign_id: campaignId, contact_list_ids: [list] });
    await t.run('schedule-email-campaign-activity', { campaign_id: campaignId, scheduled_date: '2026-04-01' });
    const err = await t.run('delete-email-campaign', { campaign_id: campaignId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/was not deleted: the API answered 400 "A Scheduled campaign cannot be deleted/);
    expect(err.hint).toBe(
      `Unschedule it first (ctct run unschedule-email-campaign-activity --field campaign_id=${campaignId}), then delete it again.`,
    );
    await t.run('unschedule-email-campaign-activity', { campaign_id: campaignId });
    await t.run('delete-email-campaign', { campaign_id: campaignId });
  });

  it('names the field when the Campaign ID is missing', async () => {
    await expect(t.run('delete-email-campaign', {})).rejects.toThrow(/Campaign ID \(campaign_id\): is required/);
  });
});
