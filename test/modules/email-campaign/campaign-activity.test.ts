import { describe, expect, it } from 'vitest';
import { RateLimitedError, ValidationError } from '../../../src/client/index.js';
import { useModuleTestbed } from '../../helpers/modules.js';
import { createCampaign, SENDER } from './fixtures.js';

describe('Get / Preview / Test / Update an Email Campaign Activity', () => {
  const t = useModuleTestbed();

  it(
    'Get: the campaign alone resolves its primary_email activity with one extra request; ' +
      'an unknown id is a 404 naming the call',
    async () => {
      const { campaignId, activityId } = await createCampaign(t, 'Resolve me');
      const mark = t.requests.length;
      const activity = await t.run('get-email-campaign-activity', { campaign_id: campaignId });
      expect(activity.campaign_activity_id).toBe(activityId);
      expect(t.requestsSince(mark).map((r) => r.url.split('?')[0])).toEqual([
        `/v3/emails/${campaignId}`,
        `/v3/emails/activities/${activityId}`,
      ]);
      await expect(
        t.run('get-email-campaign-activity', { campaign_activity_id: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toThrow(/404/);
      await expect(t.run('get-email-campaign-activity', {})).rejects.toThrow(
        /Campaign Activity ID \(campaign_activity_id\): give a Campaign Activity ID, or a Campaign ID/,
      );
    },
  );

  it('Preview: the rendered HTML and text with the headers', async () => {
    const { campaignId, activityId } = await createCampaign(t, 'Preview me');
    const preview = await t.run('preview-email-campaign-activity', { campaign_id: campaignId });
    expect(preview).toMatchObject({
      campaign_activity_id: activityId,
      from_email: SENDER,
      subject: 'Preview me: our news',
    });
    expect(preview.preview_html_content).toContain('https://example.com/spring');
    expect(preview.preview_text_content.length).toBeGreaterThan(0);
    await expect(t.run('preview-email-campaign-activity', { campaign_id: 'not-a-uuid' })).rejects.toThrow(
      /Campaign ID \(campaign_id\): must be a campaign id/,
    );
  });

  it('Test: sends to up to 5 addresses, refuses 6 before sending, and the permalink activity with the API message', async () => {
    const { campaignId, activityId, permalinkId } = await createCampaign(t, 'Test me');
    const sent = await t.run('test-email-campaign-activity', {
      campaign_id: campaignId,
      email_addresses: ['a@example.com', 'b@example.com'],
      personal_message: 'Have a look',
    });
    expect(sent).toEqual({
      campaign_activity_id: activityId,
      email_addresses: ['a@example.com', 'b@example.com'],
      personal_message: 'Have a look',
    });

    const mark = t.requests.length;
    const six = Array.from({ length: 6 }, (_, i) => `p${i}@example.com`);
    await expect(
      t.run('test-email-campaign-activity', { campaign_id: campaignId, email_addresses: six }),
    ).rejects.toThrow(/Email Addresses \(email_addresses\): must list at most 5/);
    await expect(
      t.run('test-email-campaign-activity', { campaign_id: campaignId, email_addresses: [] }),
    ).rejects.toThrow(/must list at least one/);
    await expect(
      t.run('test-email-campaign-activity', { campaign_id: campaignId, email_addresses: ['nope'] }),
    ).rejects.toThrow(/Email Addresses › #1 \(email_addresses.0\): must be an email address/);
    expect(t.requestsSince(mark)).toEqual([]);

    const err = await t
      .run('test-email-campaign-activity', { campaign_activity_id: permalinkId, email_addresses: ['a@example.com'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/answered 400 "Only the primary_email activity can be test sent/);
  });

  it('Test: past the daily cap of 50 recipients, a clear 429 error saying when it resets', async () => {
    const { campaignId } = await createCampaign(t, 'Cap me');
    const five = Array.from({ length: 5 }, (_, i) => `cap${i}@example.com`);
    // 2 recipients were used by the previous test of this file: 9 more calls of 5 reach 47
    for (let i = 0; i < 9; i++)
      await t.run('test-email-campaign-activity', { campaign_id: campaignId, email_addresses: five });
    const mark = t.requests.length;
    const err = await t
      .run('test-email-campaign-activity', { campaign_id: campaignId, email_addresses: five })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toMatch(/daily cap of 50 test recipients is reached \(the API answered 429/);
    expect(err.hint).toMatch(/resets at 00:00 UTC/);
    expect(t.requestsSince(mark, '/v3/emails/activities').filter((r) => r.status === 429)).toHaveLength(1);
    // three more still fit in the day
    await t.run('test-email-campaign-activity', { campaign_id: campaignId, email_addresses: five.slice(0, 3) });
  });
});
