import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import {
  addContacts,
  addList,
  advance,
  createCampaign,
  DAY,
  emailHtml,
  SENDER,
  sendCampaignNow,
  setRecipients,
} from '../engine/fixtures.js';

describe('email campaign activities', () => {
  const t = useSandbox();

  it('returns an activity, adding html_content and the footer address only when included', async () => {
    const { primaryId, campaignId } = await createCampaign(t, 'Get activity');
    const plain = await t.api('GET', `/emails/activities/${primaryId}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({
      campaign_activity_id: primaryId,
      campaign_id: campaignId,
      role: 'primary_email',
      current_status: 'DRAFT',
      format_type: 5,
      from_email: SENDER,
      contact_list_ids: [],
    });
    expect(plain.body.html_content).toBeUndefined();
    expect(plain.body.physical_address_in_footer).toBeUndefined();

    const full = await t.api(
      'GET',
      `/emails/activities/${primaryId}?include=html_content,physical_address_in_footer,permalink_url`,
    );
    expect(full.body.html_content).toBe(emailHtml());
    expect(full.body.physical_address_in_footer.organization_name).toBe('Sandbox Organization');
    // the permalink becomes accessible only after the email is sent
    expect(full.body.permalink_url).toBeUndefined();
    expect((await t.api('GET', `/emails/activities/${primaryId}?include=everything`)).status).toBe(400);
  });

  it('offers a permalink_url once sent, and the permalink activity mirrors the content', async () => {
    const list = addList(t, 'Permalink list');
    addContacts(t, 'perma', 2, [list]);
    const { primaryId, permalinkId } = await sendCampaignNow(t, 'Permalink check', [list]);
    const primary = await t.api('GET', `/emails/activities/${primaryId}?include=permalink_url`);
    expect(primary.body.permalink_url).toMatch(/^https:\/\//);
    const permalink = await t.api('GET', `/emails/activities/${permalinkId}`);
    expect(permalink.body).toMatchObject({ role: 'permalink', subject: primary.body.subject, current_status: 'DONE' });
  });

  it('updates an activity with PUT: recipients set, omitted properties cleared, omitted subresources kept', async () => {
    const list = addList(t, 'PUT list');
    const { primaryId } = await createCampaign(t, 'Put activity');
    const res = await t.api('PUT', `/emails/activities/${primaryId}`, {
      from_name: 'New Name',
      from_email: SENDER,
      reply_to_email: SENDER,
      subject: 'New subject',
      contact_list_ids: [list],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from_name: 'New Name',
      subject: 'New subject',
      contact_list_ids: [list],
      html_content: emailHtml(),
    });
    const again = await t.api('PUT', `/emails/activities/${primaryId}`, {
      from_name: 'New Name',
      from_email: SENDER,
      reply_to_email: SENDER,
      subject: 'S',
      preheader: 'Pre',
    });
    // contact_list_ids is a property: omitting it clears it
    expect(again.body.contact_list_ids).toEqual([]);
    expect(again.body.preheader).toBe('Pre');
  });

  it.each([
    ['no subject', { from_name: 'N', from_email: SENDER, reply_to_email: SENDER }],
    [
      'an unconfirmed sender',
      { from_name: 'N', from_email: 'nobody@example.com', reply_to_email: SENDER, subject: 'S' },
    ],
    [
      'lists and segments together',
      {
        from_name: 'N',
        from_email: SENDER,
        reply_to_email: SENDER,
        subject: 'S',
        contact_list_ids: ['x'],
        segment_ids: [1],
      },
    ],
    [
      'an unknown list',
      {
        from_name: 'N',
        from_email: SENDER,
        reply_to_email: SENDER,
        subject: 'S',
        contact_list_ids: ['00000000-0000-4000-8000-00000000dead'],
      },
    ],
    [
      'an unknown segment',
      { from_name: 'N', from_email: SENDER, reply_to_email: SENDER, subject: 'S', segment_ids: [7] },
    ],
  ])('rejects a PUT with %s (400)', async (_label, body) => {
    const { primaryId } = await createCampaign(t, `Bad put ${_label}`);
    expect((await t.api('PUT', `/emails/activities/${primaryId}`, body)).status).toBe(400);
  });

  it('updates only the primary_email activity, and only in DRAFT or DONE', async () => {
    const list = addList(t, 'Status list');
    addContacts(t, 'status', 1, [list]);
    const { primaryId, permalinkId } = await createCampaign(t, 'Put rules');
    const body = { from_name: 'N', from_email: SENDER, reply_to_email: SENDER, subject: 'S', contact_list_ids: [list] };
    expect((await t.api('PUT', `/emails/activities/${permalinkId}`, body)).status).toBe(400);
    expect((await t.api('PUT', `/emails/activities/${primaryId}`, body)).status).toBe(200);
    await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '2026-03-10T10:00:00Z' });
    expect((await t.api('PUT', `/emails/activities/${primaryId}`, body)).status).toBe(400);
    await t.api('DELETE', `/emails/activities/${primaryId}/schedules`);
    await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' });
    expect((await t.api('PUT', `/emails/activities/${primaryId}`, body)).status).toBe(200);
  });

  it('previews the email with the account owner data, without the tracking tag, footer included', async () => {
    const { primaryId } = await createCampaign(t, 'Preview');
    const res = await t.api('GET', `/emails/activities/${primaryId}/previews`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ campaign_activity_id: primaryId, from_email: SENDER, subject: 'Spring news' });
    expect(res.body.preview_html_content).toContain('Hello Sam');
    expect(res.body.preview_html_content).not.toContain('[[trackingImage]]');
    expect(res.body.preview_html_content).toContain('100 Sandbox Way');
    expect(res.body.preview_text_content).toContain('Hello Sam');
  });

  it('answers 404 for an unknown activity on every activity endpoint', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, suffix, body] of [
      ['GET', ''],
      ['GET', '/previews'],
      ['GET', '/schedules'],
      ['GET', '/send_history'],
      ['POST', '/tests', { email_addresses: ['a@example.com'] }],
    ] as const) {
      expect((await t.api(method, `/emails/activities/${id}${suffix}`, body)).status).toBe(404);
    }
  });
});

describe('test sends', () => {
  const t = useSandbox();

  const addresses = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}@example.com`);

  it('sends a test with 204 and no body', async () => {
    const { primaryId } = await createCampaign(t, 'Test send');
    const res = await t.api('POST', `/emails/activities/${primaryId}/tests`, {
      email_addresses: ['qa@example.com'],
      personal_message: 'Please check',
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });

  it.each([
    ['six addresses', { email_addresses: addresses(6, 'six') }],
    ['no addresses', { email_addresses: [] }],
    ['an invalid address', { email_addresses: ['not-an-email'] }],
  ])('rejects a test send with %s (400)', async (_label, body) => {
    const { primaryId } = await createCampaign(t, `Bad test ${_label}`);
    expect((await t.api('POST', `/emails/activities/${primaryId}/tests`, body)).status).toBe(400);
  });

  it('tests only the primary_email activity', async () => {
    const { permalinkId } = await createCampaign(t, 'Test permalink');
    expect(
      (await t.api('POST', `/emails/activities/${permalinkId}/tests`, { email_addresses: ['a@example.com'] })).status,
    ).toBe(400);
  });

  it('keeps the campaign untouched by test sends', async () => {
    const list = addList(t, 'Tests list');
    const { primaryId } = await createCampaign(t, 'Untouched');
    await setRecipients(t, primaryId, [list]);
    await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: ['z@example.com'] });
    expect((await t.api('GET', `/emails/activities/${primaryId}`)).body.current_status).toBe('DRAFT');
    expect((await t.api('GET', `/emails/activities/${primaryId}/send_history`)).body).toEqual([]);
  });
});

describe('the daily test-send cap', () => {
  const t = useSandbox();

  const addresses = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}@example.com`);

  it('allows 50 test recipients per sandbox day, then 429 until the next UTC day', async () => {
    const { primaryId } = await createCampaign(t, 'Daily cap');
    for (let i = 0; i < 9; i++) {
      expect(
        (await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: addresses(5, `cap${i}-`) }))
          .status,
      ).toBe(204);
    }
    const fifty = await t.api('POST', `/emails/activities/${primaryId}/tests`, {
      email_addresses: addresses(5, 'last'),
    });
    expect(fifty.status).toBe(204);
    const over = await t.api('POST', `/emails/activities/${primaryId}/tests`, {
      email_addresses: ['one-more@example.com'],
    });
    expect(over.status).toBe(429);

    advance(t, DAY);
    expect(
      (await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: addresses(5, 'next-day') }))
        .status,
    ).toBe(204);
  });

  it('refuses a call that would cross the cap without counting it', async () => {
    const { primaryId } = await createCampaign(t, 'Cap crossing');
    for (let i = 0; i < 8; i++)
      await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: addresses(5, `x${i}-`) });
    await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: addresses(3, 'y') });
    // 5 (previous test, same day) + 40 + 3 = 48 used: 5 more would cross the cap, 2 still fit
    expect(
      (await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: addresses(5, 'over') })).status,
    ).toBe(429);
    expect(
      (await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: addresses(2, 'fits') })).status,
    ).toBe(204);
    expect(
      (await t.api('POST', `/emails/activities/${primaryId}/tests`, { email_addresses: addresses(1, 'full') })).status,
    ).toBe(429);
  });
});
