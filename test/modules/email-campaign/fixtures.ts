import { beforeAll, expect } from 'vitest';
import { createClient, type TokenProvider } from '../../../src/client/index.js';
import type { ModuleTestbed } from '../../helpers/modules.js';
import type { WatchSpec } from '../../../src/modules/define.js';
import { findModule } from '../../../src/modules/registry.js';
import { createRunContext } from '../../../src/modules/run.js';
import { parseModuleInput } from '../../../src/modules/input.js';
import { collect } from '../../../src/modules/common/cache.js';

/** Set-up for the campaign, scheduling and report module tests, done through the sandbox API. */

/** The sandbox account's one CONFIRMED address (src/sandbox/README.md). */
export const SENDER = 'owner@example.com';
export const LINKS = ['https://example.com/spring', 'https://example.com/sale', 'https://example.com/blog'];
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function emailHtml(links: readonly string[] = LINKS): string {
  const anchors = links.map((url, i) => `<p><a href="${url}">Link ${i + 1}</a></p>`).join('');
  return `<html><body>[[trackingImage]]<h1>Hello [[FIRSTNAME]]</h1>${anchors}</body></html>`;
}

/**
 * Create an Email Campaign's input: the name, and its one activity under "Add the Email Campaign
 * Activities". `overrides` change the name or any activity field (an undefined value removes it).
 */
export function campaignInput(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { name: givenName, ...activity } = overrides;
  return {
    name: 'name' in overrides ? givenName : name,
    email_campaign_activities: [
      {
        from_name: 'Spring Team',
        from_email: SENDER,
        reply_to_email: SENDER,
        subject: `${name}: our news`,
        html_content: emailHtml(),
        ...activity,
      },
    ],
  };
}

/** A new list holding `count` contacts `<prefix>N@example.com`, imported in one bulk activity. */
export async function listWithContacts(t: ModuleTestbed, name: string, prefix: string, count: number): Promise<string> {
  const list = await t.api('POST', '/contact_lists', { name });
  expect(list.status).toBe(201);
  const listId: string = list.body.list_id;
  if (count === 0) return listId;
  const importData = Array.from({ length: count }, (_, i) => ({
    email: `${prefix}${i + 1}@example.com`,
    first_name: `First${i + 1}`,
    last_name: prefix,
  }));
  const job = await t.api('POST', '/activities/contacts_json_import', { import_data: importData, list_ids: [listId] });
  expect(job.status).toBe(201);
  t.sandbox.jobs.drain();
  const done = await t.api('GET', `/activities/${job.body.activity_id}`);
  expect(done.body.state).toBe('completed');
  return listId;
}

/** Creates a campaign through the module and returns its ids. */
export async function createCampaign(
  t: ModuleTestbed,
  name: string,
  overrides: Record<string, unknown> = {},
): Promise<{ campaignId: string; activityId: string; permalinkId: string }> {
  const campaign = await t.run('create-email-campaign', campaignInput(name, overrides));
  const role = (r: string): string => campaign.campaign_activities.find((a: any) => a.role === r).campaign_activity_id;
  return { campaignId: campaign.campaign_id, activityId: role('primary_email'), permalinkId: role('permalink') };
}

/** Creates a campaign for a new list of `count` contacts and sends it now; returns the ids. */
export async function sentCampaign(t: ModuleTestbed, name: string, prefix: string, count: number) {
  const listId = await listWithContacts(t, `${name} list`, prefix, count);
  const ids = await createCampaign(t, name);
  await t.run('update-email-campaign-activity', { campaign_id: ids.campaignId, contact_list_ids: [listId] });
  await t.run('schedule-email-campaign-activity', { campaign_id: ids.campaignId, scheduled_date: '0' });
  return { ...ids, listId };
}

/** A trigger's watch spec, and a fetch that collects what it yields for a checkpoint. */
export function watchOf(t: ModuleTestbed, key: string) {
  const module = findModule(key);
  if (module.kind !== 'trigger' || !module.watch) throw new Error(`${key} is not a trigger`);
  const watch = module.watch as WatchSpec<Record<string, unknown>, any>;
  const fetch = (input: Record<string, unknown>, since: string | undefined) =>
    collect(
      watch.fetch(
        parseModuleInput(module, input) as Record<string, unknown>,
        since,
        createRunContext({ client: t.client }),
      ),
    );
  return { watch, fetch };
}

/**
 * Access tokens live 24 hours of sandbox time, and these tests move the clock days ahead: this swaps
 * the testbed's fixed token for one renewed through the sandbox's OAuth token endpoint with the
 * refresh token, as a stored connection would (proactively an hour before expiry, or after a 401).
 * `t.api` calls use the current token too.
 */
export function keepTokenFresh(t: ModuleTestbed): void {
  beforeAll(() => {
    const provider = sandboxTokenProvider(t);
    t.client = createClient({
      baseUrl: t.server!.url,
      token: provider,
      budget: false,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const api = t.api;
    t.api = async (method, path, body, headers = {}) =>
      api(method, path, body, { authorization: `Bearer ${await provider.getToken()}`, ...headers });
  });
}

function sandboxTokenProvider(t: ModuleTestbed): TokenProvider {
  let access = t.sandbox.credentials.access_token;
  let refreshToken = t.sandbox.credentials.refresh_token;
  let expiresAt = t.sandbox.clock.nowMs() + DAY;
  let pending: Promise<string> | undefined;
  const renew = (): Promise<string> =>
    (pending ??= (async () => {
      const res = await fetch(`${t.server!.oauthBase}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: t.sandbox.credentials.client_id,
        }),
      });
      const json = (await res.json()) as { access_token: string; refresh_token?: string; expires_in: number };
      if (!res.ok) throw new Error(`refresh failed: ${JSON.stringify(json)}`);
      access = json.access_token;
      refreshToken = json.refresh_token ?? refreshToken;
      expiresAt = t.sandbox.clock.nowMs() + json.expires_in * 1000;
      return access;
    })().finally(() => (pending = undefined)));
  return {
    getToken: () => (t.sandbox.clock.nowMs() >= expiresAt - HOUR ? renew() : Promise.resolve(access)),
    refresh: (rejected) => (rejected === access ? renew() : Promise.resolve(access)),
  };
}
