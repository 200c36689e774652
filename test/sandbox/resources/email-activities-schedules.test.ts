import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import {
  addContacts,
  addList,
  advance,
  activityInput,
  createCampaign,
  emailHtml,
  HOUR,
  readAllPages,
  setRecipients,
} from '../engine/fixtures.js';
import { addMemberships, softDeleteContact, unsubscribe } from '../../../src/sandbox/store/contacts.js';

const sendsOf = async (t: ReturnType<typeof useSandbox>, activityId: string): Promise<string[]> =>
  (await readAllPages(t, `/reports/email_reports/${activityId}/tracking/sends`)).items
    .map((i: any) => i.email_address)
    .sort();

describe('sending now with scheduled_date "0"', () => {
  const t = useSandbox();

  it('answers 201 with [] and sends once to each active member of the lists', async () => {
    const { ctx } = t.sandbox;
    const listA = addList(t, 'Now A');
    const listB = addList(t, 'Now B');
    const [, deleted, unsubscribed, both] = addContacts(t, 'now', 4, [listA]);
    addContacts(t, 'other', 1, [listB]);
    addContacts(t, 'outsider', 1, []);
    addMemberships(ctx.db, both as string, [listB], ctx.clock.nowIso());
    softDeleteContact(ctx.db, deleted as string, ctx.clock.nowIso());
    unsubscribe(ctx.db, unsubscribed as string, ctx.clock.nowIso(), 'Contact');

    const { primaryId, campaignId } = await createCampaign(t, 'Send now');
    await setRecipients(t, primaryId, [listA, listB]);
    const res = await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([]);

    expect(await sendsOf(t, primaryId)).toEqual(['now1@example.com', 'now4@example.com', 'other1@example.com']);
    expect((await t.api('GET', `/emails/activities/${primaryId}`)).body.current_status).toBe('DONE');
    expect((await t.api('GET', `/emails/${campaignId}`)).body.current_status).toBe('Done');
    expect((await t.api('GET', `/emails/activities/${primaryId}/schedules`)).body).toEqual([]);
    const history = await t.api('GET', `/emails/activities/${primaryId}/send_history`);
    expect(history.body).toEqual([
      {
        send_id: 1,
        contact_list_ids: [listA, listB],
        segment_ids: [],
        count: 3,
        run_date: '2026-03-02T15:00:00.000Z',
        send_status: 'COMPLETED',
        reason_code: 0,
      },
    ]);
  });

  it('re-sending a DONE activity reaches only contacts added since; history stays oldest first', async () => {
    const list = addList(t, 'Resend');
    addContacts(t, 'first', 2, [list]);
    const { primaryId } = await createCampaign(t, 'Resend campaign');
    await setRecipients(t, primaryId, [list]);
    await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' });

    advance(t, HOUR);
    addContacts(t, 'second', 1, [list]);
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' })).status).toBe(
      201,
    );
    advance(t, HOUR);
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' })).status).toBe(
      201,
    );

    expect(await sendsOf(t, primaryId)).toEqual(['first1@example.com', 'first2@example.com', 'second1@example.com']);
    const history = (await t.api('GET', `/emails/activities/${primaryId}/send_history`)).body;
    expect(history.map((h: any) => [h.send_id, h.count, h.send_status, h.reason_code])).toEqual([
      [1, 2, 'COMPLETED', 0],
      [2, 1, 'COMPLETED', 0],
      // nobody new: completed with count 0 and reason 12 (no eligible contacts)
      [3, 0, 'COMPLETED', 12],
    ]);
    expect(history.map((h: any) => h.run_date)).toEqual([
      '2026-03-02T15:00:00.000Z',
      '2026-03-02T16:00:00.000Z',
      '2026-03-02T17:00:00.000Z',
    ]);
  });

  it('fails a send whose link is longer than 1005 characters (ERRORED, reason 8), and an ERROR activity can be rescheduled', async () => {
    const list = addList(t, 'Long link');
    addContacts(t, 'longlink', 1, [list]);
    const longUrl = `https://example.com/${'x'.repeat(1000)}`;
    const { primaryId } = await createCampaign(t, 'Long link', activityInput({ html_content: emailHtml([longUrl]) }));
    await setRecipients(t, primaryId, [list]);
    await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' });
    const history = (await t.api('GET', `/emails/activities/${primaryId}/send_history`)).body;
    expect(history).toEqual([
      expect.objectContaining({ send_id: 1, count: 0, send_status: 'ERRORED', reason_code: 8 }),
    ]);
    expect((await t.api('GET', `/emails/activities/${primaryId}`)).body.current_status).toBe('ERROR');
    expect(await sendsOf(t, primaryId)).toEqual([]);

    // PUT is refused in ERROR (only DRAFT/DONE), but scheduling an ERROR activity is allowed
    const put = await t.api('PUT', `/emails/activities/${primaryId}`, { ...activityInput(), contact_list_ids: [list] });
    expect(put.status).toBe(400);
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' })).status).toBe(
      201,
    );
  });
});

describe('scheduling for later', () => {
  const t = useSandbox();

  it('answers 201 with the date, marks the activity SCHEDULED and sends when the clock passes it', async () => {
    const list = addList(t, 'Later');
    addContacts(t, 'later', 3, [list]);
    const { primaryId, campaignId } = await createCampaign(t, 'Later');
    await setRecipients(t, primaryId, [list]);
    const res = await t.api('POST', `/emails/activities/${primaryId}/schedules`, {
      scheduled_date: '2026-03-02T18:30:00Z',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([{ scheduled_date: '2026-03-02T18:30:00.000Z' }]);
    expect((await t.api('GET', `/emails/activities/${primaryId}`)).body.current_status).toBe('SCHEDULED');
    expect((await t.api('GET', `/emails/${campaignId}`)).body.current_status).toBe('Scheduled');
    expect((await t.api('GET', `/emails/activities/${primaryId}/schedules`)).body).toEqual([
      { scheduled_date: '2026-03-02T18:30:00.000Z' },
    ]);
    // a Scheduled campaign cannot be deleted
    expect((await t.api('DELETE', `/emails/${campaignId}`)).status).toBe(400);

    advance(t, 3 * HOUR);
    expect(await sendsOf(t, primaryId)).toEqual([]);
    advance(t, HOUR);
    const sends = (await readAllPages(t, `/reports/email_reports/${primaryId}/tracking/sends`)).items;
    expect(sends).toHaveLength(3);
    expect(sends.every((s: any) => s.created_time === '2026-03-02T18:30:00.000Z')).toBe(true);
    expect((await t.api('GET', `/emails/activities/${primaryId}`)).body.current_status).toBe('DONE');
    expect((await t.api('GET', `/emails/activities/${primaryId}/schedules`)).body).toEqual([]);
    expect((await t.api('GET', `/emails/activities/${primaryId}/send_history`)).body[0].run_date).toBe(
      '2026-03-02T18:30:00.000Z',
    );
  });

  it('reads a plain date as midnight UTC', async () => {
    const list = addList(t, 'Date only');
    const { primaryId } = await createCampaign(t, 'Date only');
    await setRecipients(t, primaryId, [list]);
    const res = await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '2026-04-01' });
    expect(res.body).toEqual([{ scheduled_date: '2026-04-01T00:00:00.000Z' }]);
  });

  it('unschedules with 204, back to the previous status, and then never sends', async () => {
    const list = addList(t, 'Unschedule');
    addContacts(t, 'unsched', 2, [list]);
    const { primaryId, campaignId } = await createCampaign(t, 'Unschedule');
    await setRecipients(t, primaryId, [list]);
    const due = new Date(t.sandbox.clock.nowMs() + 2 * HOUR).toISOString();
    await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: due });
    const del = await t.api('DELETE', `/emails/activities/${primaryId}/schedules`);
    expect(del.status).toBe(204);
    expect((await t.api('GET', `/emails/activities/${primaryId}`)).body.current_status).toBe('DRAFT');
    expect((await t.api('GET', `/emails/${campaignId}`)).body.current_status).toBe('Draft');
    expect((await t.api('GET', `/emails/activities/${primaryId}/schedules`)).body).toEqual([]);
    advance(t, 3 * HOUR);
    expect(await sendsOf(t, primaryId)).toEqual([]);
    expect((await t.api('DELETE', `/emails/activities/${primaryId}/schedules`)).status).toBe(400);
  });

  it('returns a DONE activity to DONE when its re-send is unscheduled', async () => {
    const list = addList(t, 'Done again');
    addContacts(t, 'doneagain', 1, [list]);
    const { primaryId } = await createCampaign(t, 'Done again');
    await setRecipients(t, primaryId, [list]);
    await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' });
    await t.api('POST', `/emails/activities/${primaryId}/schedules`, {
      scheduled_date: new Date(t.sandbox.clock.nowMs() + HOUR).toISOString(),
    });
    await t.api('DELETE', `/emails/activities/${primaryId}/schedules`);
    expect((await t.api('GET', `/emails/activities/${primaryId}`)).body.current_status).toBe('DONE');
  });

  it.each([
    ['no scheduled_date', {}],
    ['an unparseable date', { scheduled_date: 'next tuesday' }],
    ['a date in the past', { scheduled_date: '2020-01-01T00:00:00Z' }],
  ])('rejects %s with 400', async (label, body) => {
    const list = addList(t, `Bad ${label}`);
    const { primaryId } = await createCampaign(t, `Bad ${label}`);
    await setRecipients(t, primaryId, [list]);
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, body)).status).toBe(400);
  });

  it('requires recipients, the primary_email role and a DRAFT/DONE/ERROR status', async () => {
    const list = addList(t, 'Rules');
    const { primaryId, permalinkId } = await createCampaign(t, 'Schedule rules');
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' })).status).toBe(
      400,
    );
    await setRecipients(t, primaryId, [list]);
    expect((await t.api('POST', `/emails/activities/${permalinkId}/schedules`, { scheduled_date: '0' })).status).toBe(
      400,
    );
    const later = new Date(t.sandbox.clock.nowMs() + HOUR).toISOString();
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: later })).status).toBe(
      201,
    );
    expect((await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' })).status).toBe(
      400,
    );
  });
});
