import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { createCampaign, listWith, sendCampaignNow } from '../engine/fixtures.js';

/** Subject-line A/B tests of draft primary activities, and the campaign type they set. */

describe('email A/B tests', () => {
  const t = useSandbox();
  const test = { alternative_subject: 'Subject B', test_size: 20, winner_wait_duration: 24 };

  it('creates one A/B test on a draft, shows it, and turns the campaign into an A/B Test (57) until deleted', async () => {
    const { campaignId, primaryId, permalinkId } = await createCampaign(t, 'AB campaign');
    const path = `/emails/activities/${primaryId}/abtest`;
    expect((await t.api('GET', path)).status).toBe(404);
    expect(await t.api('POST', path, test)).toMatchObject({ status: 201, body: test });
    expect(await t.api('GET', path)).toMatchObject({ status: 200, body: test });
    expect((await t.api('GET', `/emails/${campaignId}`)).body).toMatchObject({ type: 'AB_TEST', type_code: 57 });
    expect((await t.api('POST', path, test)).status).toBe(409);
    expect((await t.api('POST', `/emails/activities/${permalinkId}/abtest`, test)).status).toBe(400);
    expect((await t.api('DELETE', path)).status).toBe(204);
    expect((await t.api('GET', `/emails/${campaignId}`)).body).toMatchObject({ type: 'NEWSLETTER', type_code: 10 });
    expect((await t.api('DELETE', path)).status).toBe(404);
  });

  it('refuses bad values and activities that are not drafts', async () => {
    const { primaryId } = await createCampaign(t, 'AB bad values');
    for (const body of [
      { ...test, alternative_subject: ' ' },
      { ...test, test_size: 4 },
      { ...test, test_size: 51 },
      { ...test, winner_wait_duration: 36 },
    ]) {
      const res = await t.api('POST', `/emails/activities/${primaryId}/abtest`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const sent = await sendCampaignNow(t, 'AB sent', [listWith(t, 'AB list', 'ab', 3)]);
    const res = await t.api('POST', `/emails/activities/${sent.primaryId}/abtest`, test);
    expect(res.status).toBe(400);
    expect(res.body[0].error_message).toMatch(/DRAFT/);
    expect((await t.api('POST', '/emails/activities/00000000-0000-4000-8000-000000000000/abtest', test)).status).toBe(
      404,
    );
  });
});
