import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { addContacts, addList, createCampaign, setRecipients } from '../engine/fixtures.js';

/** Resends to non-openers: one per campaign, for a DRAFT, SCHEDULED or DONE primary activity (stored, not sent). */

describe('/emails/activities/{id}/non_opener_resends', () => {
  const t = useSandbox();
  const path = (activityId: string) => `/emails/activities/${activityId}/non_opener_resends`;

  it('creates, shows and deletes the resend of a sent activity, one per campaign', async () => {
    const list = addList(t, 'Resend list');
    addContacts(t, 'resend', 2, [list]);
    const { primaryId } = await createCampaign(t, 'Resent campaign');
    await setRecipients(t, primaryId, [list]);
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' })).status).toBe(
      201,
    );

    expect((await t.api('GET', path(primaryId))).body).toEqual([]);
    const created = await t.api('POST', path(primaryId), { resend_subject: 'In case you missed it', delay_days: 3 });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      resend_subject: 'In case you missed it',
      delay_days: 3,
      resend_request_id: expect.stringMatching(/^\d+$/),
    });
    const shown = await t.api('GET', path(primaryId));
    expect(shown.body).toEqual([{ ...created.body, resend_status: 'SCHEDULED' }]);

    const again = await t.api('POST', path(primaryId), { resend_subject: 'Twice', delay_minutes: 720 });
    expect(again.status).toBe(409);

    expect((await t.api('DELETE', `${path(primaryId)}/999`)).status).toBe(404);
    expect((await t.api('DELETE', `${path(primaryId)}/${created.body.resend_request_id}`)).status).toBe(204);
    expect((await t.api('GET', path(primaryId))).body).toEqual([]);
  });

  it('gives a draft activity a DRAFT resend, deleted by that name, and shows minutes that are not whole days', async () => {
    const { primaryId } = await createCampaign(t, 'Draft resend');
    const created = await t.api('POST', path(primaryId), { resend_subject: 'Later', delay_minutes: 1000 });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ resend_subject: 'Later', delay_minutes: 1000, resend_request_id: 'DRAFT' });
    expect((await t.api('GET', path(primaryId))).body).toEqual([created.body]);
    expect((await t.api('DELETE', `${path(primaryId)}/DRAFT`)).status).toBe(204);
  });

  it('uses delay_days when both delays are given, as the contract says', async () => {
    const { primaryId } = await createCampaign(t, 'Both delays');
    const created = await t.api('POST', path(primaryId), { resend_subject: 'S', delay_days: 2, delay_minutes: 900 });
    expect(created.body).toMatchObject({ delay_days: 2 });
    expect(created.body.delay_minutes).toBeUndefined();
  });

  it.each([
    [{ delay_days: 3 }, /resend_subject is required/],
    [{ resend_subject: 'S' }, /delay_days .* or delay_minutes/],
    [{ resend_subject: 'S', delay_days: 11 }, /delay_days must be .* 1 to 10/],
    [{ resend_subject: 'S', delay_days: 0 }, /delay_days must be/],
    [{ resend_subject: 'S', delay_minutes: 719 }, /delay_minutes must be .* 720/],
    [{ resend_subject: 'S', delay_minutes: 14_401 }, /14400/],
    [{ resend_subject: 'x'.repeat(201), delay_days: 1 }, /at most 200/],
  ])('refuses %j with a 400 that says what to fix', async (body, message) => {
    const { primaryId } = await createCampaign(t, `Bad ${JSON.stringify(body).length}-${Math.random()}`);
    const res = await t.api('POST', path(primaryId), body);
    expect(res.status).toBe(400);
    expect(res.body[0].error_message).toMatch(message);
  });

  it('answers 404 for an unknown activity and 400 for an activity that is not the primary one', async () => {
    expect((await t.api('GET', path('0b5a3c5e-0000-4000-8000-00000000abcd'))).status).toBe(404);
    const { campaignId } = await createCampaign(t, 'Permalink resend');
    const campaign = await t.api('GET', `/emails/${campaignId}`);
    const permalink = campaign.body.campaign_activities.find((a: any) => a.role === 'permalink');
    const res = await t.api('POST', path(permalink.campaign_activity_id), { resend_subject: 'S', delay_days: 1 });
    expect(res.status).toBe(400);
  });
});
