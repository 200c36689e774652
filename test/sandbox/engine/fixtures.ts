import { expect } from 'vitest';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { addMemberships, emptyColumns, insertContact } from '../../../src/sandbox/store/contacts.js';
import { insertList } from '../../../src/sandbox/store/lists.js';
import { DEFAULT_ACCOUNT } from '../../../src/sandbox/store/account.js';
import { ALL_SCOPES, SANDBOX_CLIENT_ID } from '../../../src/sandbox/index.js';

/** Shared set-up for the campaign, engine and report tests: lists, contacts, campaigns. */

export const SENDER = DEFAULT_ACCOUNT.senderEmail;

export function emailHtml(
  links: readonly string[] = ['https://example.com/a', 'https://example.com/b'],
  trackingImage = true,
): string {
  const anchors = links.map((url, i) => `<p><a href="${url}">Link ${i + 1}</a></p>`).join('');
  return `<html><body>${trackingImage ? '[[trackingImage]]' : ''}<h1>Hello [[FIRSTNAME]]</h1>${anchors}</body></html>`;
}

export function activityInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format_type: 5,
    from_name: 'Sandbox Sender',
    from_email: SENDER,
    reply_to_email: SENDER,
    subject: 'Spring news',
    html_content: emailHtml(),
    ...overrides,
  };
}

export function addList(t: TestSandbox, name: string): string {
  const { ctx } = t.sandbox;
  const listId = ctx.newId();
  insertList(ctx.db, listId, { name, description: null, favorite: false }, ctx.clock.nowIso());
  return listId;
}

/** Adds `count` subscribed contacts named `<prefix>N@example.com` to the lists; returns their ids. */
export function addContacts(t: TestSandbox, prefix: string, count: number, listIds: readonly string[]): string[] {
  const { ctx } = t.sandbox;
  const now = ctx.clock.nowIso();
  const ids: string[] = [];
  ctx.db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const contactId = ctx.newId();
      insertContact(
        ctx.db,
        contactId,
        {
          ...emptyColumns('Account'),
          email_address: `${prefix}${i}@example.com`,
          permission_to_send: 'implicit',
          first_name: `First${i}`,
          last_name: prefix,
        },
        now,
      );
      addMemberships(ctx.db, contactId, listIds, now);
      ids.push(contactId);
    }
  })();
  return ids;
}

/** A new list holding `count` new contacts; returns the list id. */
export function listWith(t: TestSandbox, name: string, prefix: string, count: number): string {
  const listId = addList(t, name);
  addContacts(t, prefix, count, [listId]);
  return listId;
}

export interface CreatedCampaign {
  campaignId: string;
  primaryId: string;
  permalinkId: string;
}

export async function createCampaign(
  t: TestSandbox,
  name: string,
  activity: Record<string, unknown> = activityInput(),
): Promise<CreatedCampaign> {
  const res = await t.api('POST', '/emails', { name, email_campaign_activities: [activity] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const roles = new Map<string, string>(res.body.campaign_activities.map((a: any) => [a.role, a.campaign_activity_id]));
  return {
    campaignId: res.body.campaign_id,
    primaryId: roles.get('primary_email') as string,
    permalinkId: roles.get('permalink') as string,
  };
}

/** PUTs the activity with its current content plus these lists as recipients. */
export async function setRecipients(
  t: TestSandbox,
  activityId: string,
  listIds: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<any> {
  const current = await t.api('GET', `/emails/activities/${activityId}`);
  expect(current.status).toBe(200);
  const { from_name, from_email, reply_to_email, subject } = current.body;
  const res = await t.api('PUT', `/emails/activities/${activityId}`, {
    from_name,
    from_email,
    reply_to_email,
    subject,
    contact_list_ids: listIds,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A campaign whose primary activity targets the lists and has been sent now ("0"). */
export async function sendCampaignNow(
  t: TestSandbox,
  name: string,
  listIds: readonly string[],
  activity?: Record<string, unknown>,
): Promise<CreatedCampaign> {
  const created = await createCampaign(t, name, activity);
  await setRecipients(t, created.primaryId, listIds);
  const res = await t.api('POST', `/emails/activities/${created.primaryId}/schedules`, { scheduled_date: '0' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return created;
}

/** Follows next links to the end; returns every item of `key` and the pages' sizes. */
export async function readAllPages(
  t: TestSandbox,
  firstPath: string,
  key = 'tracking_activities',
): Promise<{ items: any[]; pageSizes: number[] }> {
  const items: any[] = [];
  const pageSizes: number[] = [];
  let path: string | undefined = firstPath;
  while (path) {
    const res = await t.api('GET', path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body[key]);
    pageSizes.push(res.body[key].length);
    const href: string | undefined = res.body._links?.next?.href;
    path = href ? href.replace(/^\/v3/, '') : undefined;
  }
  return { items, pageSizes };
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/**
 * Moves the sandbox clock and runs every job that became due (scheduled sends, opt-outs). Access
 * tokens live 24 sandbox hours, so the test's default token is replaced by a fresh one.
 */
export function advance(t: TestSandbox, ms: number): void {
  t.sandbox.clock.advance(ms);
  t.sandbox.jobs.drain();
  t.sandbox.credentials.access_token = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ALL_SCOPES).access_token;
}

/** An Authorization header for a token holding only `scopes` (scope checks). */
export function bearerWith(t: TestSandbox, scopes: readonly string[]): Record<string, string> {
  return { authorization: `Bearer ${t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, scopes).access_token}` };
}
