import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import {
  activityInput,
  addContacts,
  addList,
  listWith,
  advance,
  bearerWith,
  createCampaign,
  DAY,
  emailHtml,
  HOUR,
  readAllPages,
  sendCampaignNow,
} from '../engine/fixtures.js';
import { findContact, softDeleteContact } from '../../../src/sandbox/store/contacts.js';

const REPORTS = ['sends', 'opens', 'unique_opens', 'didnotopens', 'clicks', 'forwards', 'optouts', 'bounces'] as const;
const LINKS = ['https://example.com/a', 'https://example.com/b', 'https://example.com/c'];

const isNewestFirst = (items: any[]): boolean =>
  items.every((item, i) => i === 0 || items[i - 1].created_time >= item.created_time);

describe('email tracking reports', () => {
  const t = useSandbox();
  const report = (id: string, name: string, query = '') =>
    readAllPages(t, `/reports/email_reports/${id}/tracking/${name}?limit=500${query}`);

  it('answers 200 with an empty list for an activity never sent, and 404 for an unknown one', async () => {
    const { primaryId } = await createCampaign(t, 'Never sent');
    for (const name of REPORTS) {
      const res = await t.api('GET', `/reports/email_reports/${primaryId}/tracking/${name}`);
      expect(res.status).toBe(200);
      expect(res.body.tracking_activities).toEqual([]);
      expect(res.body._links?.next).toBeUndefined();
    }
    const links = await t.api('GET', `/reports/email_reports/${primaryId}/links?no_clicks=true`);
    expect(links.body).toEqual({ campaign_activity_id: primaryId, link_click_counts: [] });
    expect(
      (await t.api('GET', '/reports/email_reports/00000000-0000-4000-8000-000000000000/tracking/sends')).status,
    ).toBe(404);
  });

  it('reveals events as the sandbox clock moves: opens grow, did-not-opens shrink', async () => {
    const list = addList(t, 'Reveal');
    addContacts(t, 'reveal', 60, [list]);
    const { primaryId } = await sendCampaignNow(t, 'Reveal', [list]);
    const sendTime = '2026-03-02T15:00:00.000Z';

    const sends = (await report(primaryId, 'sends')).items;
    expect(sends).toHaveLength(60);
    expect(sends.every((s: any) => s.created_time === sendTime && s.tracking_activity_type === 'em_sends')).toBe(true);
    expect((await report(primaryId, 'opens')).items).toEqual([]);
    const dnoAtSend = (await report(primaryId, 'didnotopens')).items;
    expect(dnoAtSend.length).toBeGreaterThan(40);

    const counts: { opens: number; didnotopens: number }[] = [];
    for (const step of [2 * HOUR, 6 * HOUR, 3 * DAY, 10 * DAY]) {
      advance(t, step);
      const opens = (await report(primaryId, 'unique_opens')).items;
      const dno = (await report(primaryId, 'didnotopens')).items;
      counts.push({ opens: opens.length, didnotopens: dno.length });
      expect(dno.every((d: any) => d.created_time === sendTime && d.tracking_activity_type === 'em_didnotopens')).toBe(
        true,
      );
      // a contact is either an opener or a did-not-open, never both
      const openers = new Set(opens.map((o: any) => o.contact_id));
      expect(dno.filter((d: any) => openers.has(d.contact_id))).toEqual([]);
    }
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]!.opens).toBeGreaterThanOrEqual(counts[i - 1]!.opens);
      expect(counts[i]!.didnotopens).toBeLessThanOrEqual(counts[i - 1]!.didnotopens);
    }
    expect(counts[counts.length - 1]!.opens).toBeGreaterThan(counts[0]!.opens);
    expect(counts[0]!.didnotopens).toBeLessThan(dnoAtSend.length + 1);
  });

  it('lists every report newest first, and pages through them with cursor links, none on the last page', async () => {
    const { primaryId } = await sendCampaignNow(t, 'Paging', [listWith(t, 'Paging', 'paging', 40)]);
    advance(t, 9 * DAY);
    for (const name of ['sends', 'opens', 'unique_opens', 'clicks', 'didnotopens'] as const) {
      const whole = (await t.api('GET', `/reports/email_reports/${primaryId}/tracking/${name}`)).body;
      expect(whole._links?.next).toBeUndefined();
      expect(isNewestFirst(whole.tracking_activities)).toBe(true);
      const paged = await readAllPages(t, `/reports/email_reports/${primaryId}/tracking/${name}?limit=7`);
      expect(paged.items).toEqual(whole.tracking_activities);
      expect(paged.pageSizes.slice(0, -1).every((n) => n === 7)).toBe(true);
      expect(paged.pageSizes[paged.pageSizes.length - 1]).toBeGreaterThan(0);
    }
    const first = await t.api('GET', `/reports/email_reports/${primaryId}/tracking/sends?limit=7`);
    expect(first.body._links.next.href).toMatch(
      new RegExp(`^/v3/reports/email_reports/${primaryId}/tracking/sends\\?cursor=`),
    );
  });

  it.each(['0', '501', 'many'])('rejects limit=%s with 400', async (limit) => {
    const { primaryId } = await createCampaign(t, `Limit ${limit}`);
    expect((await t.api('GET', `/reports/email_reports/${primaryId}/tracking/opens?limit=${limit}`)).status).toBe(400);
  });

  it('keeps one unique-open row per contact, at its latest open', async () => {
    const { primaryId } = await sendCampaignNow(t, 'Unique', [listWith(t, 'Unique', 'unique', 40)]);
    advance(t, 12 * DAY);
    const opens = (await report(primaryId, 'opens')).items;
    const unique = (await report(primaryId, 'unique_opens')).items;
    const latest = new Map<string, string>();
    for (const o of opens)
      if ((latest.get(o.contact_id) ?? '') < o.created_time) latest.set(o.contact_id, o.created_time);
    expect(opens.length).toBeGreaterThan(unique.length); // some contacts opened more than once
    expect(new Map(unique.map((u: any) => [u.contact_id, u.created_time]))).toEqual(latest);
    expect(opens.every((o: any) => ['computer', 'mobile', 'tablet'].includes(o.device_type))).toBe(true);
  });

  it('records clicks on the links actually in the email, with one url_id per distinct URL', async () => {
    const html = emailHtml([...LINKS, LINKS[0] as string]);
    const { primaryId } = await sendCampaignNow(
      t,
      'Clicks',
      [listWith(t, 'Clicks', 'clicks', 60)],
      activityInput({ html_content: html }),
    );
    advance(t, 12 * DAY);
    const clicks = (await report(primaryId, 'clicks')).items;
    expect(clicks.length).toBeGreaterThan(0);
    expect(new Set(clicks.map((c: any) => c.link_url)).size).toBeLessThanOrEqual(3);
    for (const c of clicks) expect(LINKS).toContain(c.link_url);

    const links = (await t.api('GET', `/reports/email_reports/${primaryId}/links?no_clicks=true`)).body
      .link_click_counts;
    expect(links.map((l: any) => l.link_url)).toEqual(LINKS); // duplicates merged, in order of appearance
    expect(new Set(links.map((l: any) => l.url_id)).size).toBe(3);
    for (const link of links) {
      const ofLink = clicks.filter((c: any) => c.url_id === link.url_id);
      expect(ofLink.every((c: any) => c.link_url === link.link_url)).toBe(true);
      expect(link.unique_clicks).toBe(new Set(ofLink.map((c: any) => c.contact_id)).size);
      const filtered = (await report(primaryId, 'clicks', `&url_id=${link.url_id}`)).items;
      expect(filtered).toEqual(ofLink);
    }
    const clickedOnly = (await t.api('GET', `/reports/email_reports/${primaryId}/links`)).body.link_click_counts;
    expect(clickedOnly).toEqual(links.filter((l: any) => l.unique_clicks > 0));
    expect((await t.api('GET', `/reports/email_reports/${primaryId}/tracking/clicks?url_id=abc`)).status).toBe(400);
  });

  it('reports bounces with their codes, filterable by bounce_code, and keeps _links on that page', async () => {
    const { primaryId } = await sendCampaignNow(t, 'Bounces', [listWith(t, 'Bounces', 'bounce', 150)]);
    advance(t, DAY);
    const page = (await t.api('GET', `/reports/email_reports/${primaryId}/tracking/bounces`)).body;
    expect(page._links).toEqual({});
    const bounces = page.tracking_activities;
    expect(bounces.length).toBeGreaterThan(2);
    for (const b of bounces) {
      expect(['B', 'D', 'F', 'S', 'V', 'X', 'Z']).toContain(b.bounce_code);
      expect(b.current_email_address).toBe(b.email_address);
    }
    const codes = [...new Set(bounces.map((b: any) => b.bounce_code))].slice(0, 2) as string[];
    const filtered = (await report(primaryId, 'bounces', codes.map((c) => `&bounce_code=${c}`).join(''))).items;
    expect(filtered).toEqual(bounces.filter((b: any) => codes.includes(b.bounce_code)));
    expect((await t.api('GET', `/reports/email_reports/${primaryId}/tracking/bounces?bounce_code=Q`)).status).toBe(400);

    // a contact whose email bounced (undelivered) is not a did-not-open
    const undelivered = new Set(bounces.filter((b: any) => b.bounce_code !== 'V').map((b: any) => b.contact_id));
    const dno = (await report(primaryId, 'didnotopens')).items;
    expect(dno.filter((d: any) => undelivered.has(d.contact_id))).toEqual([]);
  });

  it('unsubscribes a contact at the time of its opt-out, with the reason', async () => {
    const list = addList(t, 'Optouts');
    addContacts(t, 'optout', 150, [list]);
    const { primaryId } = await sendCampaignNow(t, 'Optouts', [list]);
    advance(t, 12 * DAY);
    const optouts = (await report(primaryId, 'optouts')).items;
    expect(optouts.length).toBeGreaterThan(0);
    for (const o of optouts) {
      const contact = findContact(t.sandbox.ctx.db, o.contact_id);
      expect(contact?.permission_to_send).toBe('unsubscribed');
      expect(contact?.opt_out_date).toBe(o.created_time);
      expect(contact?.opt_out_source).toBe('Contact');
      expect(contact?.opt_out_reason ?? undefined).toBe(o.opt_out_reason);
    }
    // they are no longer active members: a new campaign to the same list skips them
    const next = await sendCampaignNow(t, 'After optouts', [list]);
    const sentTo = new Set((await report(next.primaryId, 'sends')).items.map((s: any) => s.contact_id));
    for (const o of optouts) expect(sentTo.has(o.contact_id)).toBe(false);
  });

  it('does not unsubscribe anyone before their opt-out time comes', async () => {
    const list = addList(t, 'Early');
    const ids = addContacts(t, 'early', 150, [list]);
    await sendCampaignNow(t, 'Early', [list]);
    t.sandbox.jobs.drain();
    expect(ids.filter((id) => findContact(t.sandbox.ctx.db, id)?.permission_to_send === 'unsubscribed')).toEqual([]);
  });

  it('without [[trackingImage]] records an open only alongside a click, forward or opt-out', async () => {
    const activity = activityInput({ html_content: emailHtml(LINKS, false) });
    const { primaryId } = await sendCampaignNow(t, 'No image', [listWith(t, 'No image', 'noimage', 80)], activity);
    advance(t, 12 * DAY);
    const opens = (await report(primaryId, 'opens')).items;
    const evidence = [
      ...(await report(primaryId, 'clicks')).items,
      ...(await report(primaryId, 'forwards')).items,
      ...(await report(primaryId, 'optouts')).items,
    ];
    expect(opens.length).toBeGreaterThan(0);
    expect(new Set(opens.map((o: any) => o.contact_id))).toEqual(new Set(evidence.map((e: any) => e.contact_id)));
    for (const o of opens)
      expect(evidence.some((e: any) => e.contact_id === o.contact_id && e.created_time === o.created_time)).toBe(true);
  });

  it('keeps rows of contacts deleted after the send, marked with deleted_at', async () => {
    const list = addList(t, 'Deleted later');
    const [gone] = addContacts(t, 'deletedlater', 2, [list]);
    const { primaryId } = await sendCampaignNow(t, 'Deleted later', [list]);
    softDeleteContact(t.sandbox.ctx.db, gone as string, t.sandbox.clock.nowIso());
    const sends = (await report(primaryId, 'sends')).items;
    expect(sends.find((s: any) => s.contact_id === gone).deleted_at).toBe(t.sandbox.clock.nowIso().slice(0, 10));
  });

  it('needs the campaign_data scope', async () => {
    const { primaryId } = await createCampaign(t, 'Scope reports');
    const res = await t.api(
      'GET',
      `/reports/email_reports/${primaryId}/tracking/sends`,
      undefined,
      bearerWith(t, ['contact_data']),
    );
    expect(res.status).toBe(403);
  });
});
