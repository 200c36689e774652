import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { addContacts, addList, advance, createCampaign, HOUR } from '../engine/fixtures.js';
import { unsubscribe } from '../../../src/sandbox/store/contacts.js';

/** Contact counts, resubscribe, SMS engagement history and the v2 to v3 cross-references. */

describe('contacts extras', () => {
  const t = useSandbox();

  it('counts live contacts by consent, and new subscribers of the last 30 days on request', async () => {
    const list = addList(t, 'Counts');
    const [first, second] = addContacts(t, 'count', 4, [list]);
    const created = await t.api('POST', '/contacts', {
      email_address: { address: 'explicit@example.com', permission_to_send: 'explicit' },
      create_source: 'Account',
    });
    expect(created.status).toBe(201);
    unsubscribe(t.sandbox.ctx.db, first as string, t.sandbox.ctx.clock.nowIso(), 'Contact');
    expect((await t.api('DELETE', `/contacts/${second}`)).status).toBe(204);
    const res = await t.api('GET', '/contacts/counts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: 4, explicit: 1, implicit: 2, pending: 0, unsubscribed: 1 });
    const withNew = await t.api('GET', '/contacts/counts?include=new_subscriber');
    expect(withNew.body.new_subscriber).toBe(3);
    advance(t, 31 * 24 * HOUR);
    expect((await t.api('GET', '/contacts/counts?include=new_subscriber')).body.new_subscriber).toBe(0);
    expect((await t.api('GET', '/contacts/counts?include=everything')).status).toBe(400);
  });

  it('sends one resubscribe email; the contact rejoins the lists once they confirm', async () => {
    const list = addList(t, 'Resubscribe');
    const other = addList(t, 'Resubscribe 2');
    const [id] = addContacts(t, 'resub', 1, [list]);
    const path = `/contacts/resubscribe/${id}`;
    expect((await t.api('PUT', path, { list_ids: [list] })).status).toBe(400); // not unsubscribed
    unsubscribe(t.sandbox.ctx.db, id as string, t.sandbox.ctx.clock.nowIso(), 'Contact');
    expect((await t.api('PUT', path, {})).status).toBe(400);
    expect((await t.api('PUT', path, { list_ids: ['00000000-0000-4000-8000-000000000009'] })).status).toBe(400);
    const sent = await t.api('PUT', path, { list_ids: [list, other] });
    expect(sent.status).toBe(200);
    expect((await t.api('PUT', path, { list_ids: [list] })).status).toBe(409);
    const before = await t.api('GET', `/contacts/${id}?include=list_memberships`);
    expect(before.body.email_address.permission_to_send).toBe('unsubscribed');
    advance(t, HOUR);
    const after = await t.api('GET', `/contacts/${id}?include=list_memberships`);
    expect(after.body.email_address.permission_to_send).toBe('explicit');
    expect(after.body.email_address.opt_out_date).toBeUndefined();
    expect([...after.body.list_memberships].sort()).toEqual([list, other].sort());
    expect(
      (await t.api('PUT', '/contacts/resubscribe/00000000-0000-4000-8000-000000000001', { list_ids: [list] })).status,
    ).toBe(404);
  });

  it('answers an empty SMS engagement history for a contact, 404 for an unknown one', async () => {
    const [id] = addContacts(t, 'sms', 1, []);
    expect(await t.api('GET', `/contacts/sms_engagement_history/${id}`)).toMatchObject({ status: 200, body: [] });
    expect((await t.api('GET', '/contacts/sms_engagement_history/00000000-0000-4000-8000-000000000001')).status).toBe(
      404,
    );
  });

  it('cross-references v2 ids (creation numbers) with v3 ids, ascending, skipping unknown ones', async () => {
    const contacts = (await t.api('GET', '/contacts?status=all&limit=500')).body.contacts;
    const target = contacts[2];
    const probe = await t.api('GET', '/contacts/contact_id_xrefs?sequence_ids=999999,3,1');
    expect(probe.status).toBe(200);
    expect(probe.body.xrefs.map((x: any) => x.sequence_id)).toEqual(['1', '3']);
    expect(probe.body.xrefs[1].contact_id).toBe(target.contact_id);
    expect((await t.api('GET', '/contacts/contact_id_xrefs')).status).toBe(400);
    expect((await t.api('GET', '/contacts/contact_id_xrefs?sequence_ids=abc')).status).toBe(400);
    const tooMany = Array.from({ length: 501 }, (_, i) => i + 1).join(',');
    expect((await t.api('GET', `/contacts/contact_id_xrefs?sequence_ids=${tooMany}`)).status).toBe(400);

    const lists = (await t.api('GET', '/contact_lists?limit=1000')).body.lists;
    const listXrefs = await t.api('GET', '/contact_lists/list_id_xrefs?sequence_ids=1,2');
    expect(listXrefs.body.xrefs).toEqual([
      { sequence_id: '1', list_id: lists[0].list_id },
      { sequence_id: '2', list_id: lists[1].list_id },
    ]);

    const campaign = await createCampaign(t, 'Xref campaign');
    const emailXrefs = await t.api('GET', '/emails/campaign_id_xrefs?v2_email_campaign_ids=1');
    expect(emailXrefs.status).toBe(200);
    expect(emailXrefs.body.xrefs).toEqual([
      { v2_email_campaign_id: '1', campaign_id: campaign.campaignId, campaign_activity_id: campaign.primaryId },
    ]);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => i + 1).join(',');
    expect((await t.api('GET', `/emails/campaign_id_xrefs?v2_email_campaign_ids=${fiftyOne}`)).status).toBe(400);
  });
});
