import { beforeAll, describe, expect, it } from 'vitest';
import type { ModuleDefinition } from '../../src/modules/define.js';
import { outputJsonSchema } from '../../src/modules/output-info.js';
import { registry } from '../../src/modules/registry.js';
import { useModuleTestbed } from '../helpers/modules.js';
import { campaignInput, createCampaign, SENDER } from './email-campaign/fixtures.js';
import { checkBundle } from '../helpers/output-check.js';

/**
 * Every module's declared output shape holds for what it really returns: each module runs against the
 * demo account and every bundle must parse against its outputSchema (required fields present and of
 * their type) and hold no key the schema does not declare, so both a wrong and a missing declaration
 * fail here. The table names every module of the registry once.
 */

type Ids = {
  contactId: string;
  listIds: string[];
  doneCampaignId: string;
  doneActivityId: string;
  draftCampaignId: string;
  draftActivityId: string;
  createdContactId: string;
  newListId: string;
};

const YEAR_RANGE = { start: '2025-06-01', end: '2026-06-01' };
const HISTORY = ['em_sends', 'em_opens', 'em_clicks', 'em_bounces', 'em_optouts', 'em_forwards'];
const REPORTS = ['bounces', 'clicks', 'did-not-opens', 'forwards', 'opens', 'opt-outs', 'sends', 'unique-opens'];

/** Module key, then its input; in the order they run (creations before the updates and deletes). */
const CASES: [string, (ids: Ids) => Record<string, unknown>][] = [
  ['watch-contacts', () => ({ limit: 5 })],
  ['list-contacts', () => ({ limit: 20 })],
  [
    'create-contact',
    (ids) => ({
      create_source: 'Account',
      email_address: 'outputs-new@example.com',
      permission_to_send: 'implicit',
      first_name: 'Olga',
      birthday_month: 4,
      birthday_day: 2,
      anniversary: '2020-01-15',
      phone_numbers: [{ phone_number: '+1 555 0100', kind: 'work' }],
      street_addresses: [{ kind: 'home', street: '1 Main St', city: 'Boston', postal_code: '02110' }],
      list_memberships: ids.listIds.slice(0, 1),
    }),
  ],
  ['import-contacts', (ids) => ({ contacts: [{ email: 'imp1@example.com' }], list_ids: ids.listIds.slice(0, 1) })],
  [
    'import-contacts-csv',
    (ids) => ({
      list_ids: ids.listIds.slice(0, 1),
      file_name: 'c.csv',
      data: 'email,first_name\ncsv1@example.com,Cee\n',
      wait: true,
    }),
  ],
  ['update-contact', (ids) => ({ contact_id: ids.createdContactId, update_source: 'Account', job_title: 'Chef' })],
  ['add-contacts-to-lists', (ids) => ({ list_ids: ids.listIds.slice(1, 2), contact_ids: [ids.createdContactId] })],
  ['delete-contacts-from-lists', (ids) => ({ list_ids: ids.listIds.slice(1, 2), contact_ids: [ids.createdContactId] })],
  [
    'create-or-update-contact',
    (ids) => ({ email_address: 'signup@example.com', first_name: 'Sig', list_memberships: ids.listIds.slice(0, 1) }),
  ],
  ['delete-contact', (ids) => ({ contact_id: ids.createdContactId })],
  ['list-contact-lists', () => ({ limit: 10 })],
  ['create-contact-list', () => ({ name: 'Outputs list', description: 'for the output test', favorite: true })],
  ['update-contact-list', (ids) => ({ list_id: ids.newListId, description: 'changed' })],
  ['delete-contact-list', (ids) => ({ list_id: ids.newListId })],
  ['watch-contact-activities', (ids) => ({ contact_id: ids.contactId, tracking_activities_list: HISTORY, limit: 5 })],
  ['list-contact-activities', (ids) => ({ contact_id: ids.contactId, tracking_activities_list: HISTORY, limit: 5 })],
  ['list-contact-action-summaries', (ids) => ({ contact_id: ids.contactId, ...YEAR_RANGE })],
  ['summarize-average-open-and-click-rates', (ids) => ({ contact_id: ids.contactId, ...YEAR_RANGE })],
  ['watch-email-campaigns', () => ({ limit: 10 })],
  ['list-email-campaigns', () => ({ limit: 10 })],
  ['create-email-campaign', () => campaignInput('Outputs campaign')],
  ['get-email-campaign-activity', (ids) => ({ campaign_id: ids.doneCampaignId })],
  ['preview-email-campaign-activity', (ids) => ({ campaign_id: ids.doneCampaignId })],
  ['test-email-campaign-activity', (ids) => ({ campaign_id: ids.draftCampaignId, email_addresses: [SENDER] })],
  [
    'update-email-campaign-activity',
    (ids) => ({ campaign_id: ids.draftCampaignId, contact_list_ids: ids.listIds.slice(0, 1), preheader: 'Hi' }),
  ],
  ['get-email-campaign-activity-send-history', (ids) => ({ campaign_id: ids.doneCampaignId })],
  ['schedule-email-campaign-activity', (ids) => ({ campaign_id: ids.draftCampaignId, scheduled_date: '2026-04-01' })],
  ['list-email-campaign-activity-schedules', (ids) => ({ campaign_id: ids.draftCampaignId })],
  ['unschedule-email-campaign-activity', (ids) => ({ campaign_id: ids.draftCampaignId })],
  ['delete-email-campaign', (ids) => ({ campaign_id: ids.draftCampaignId })],
  ['get-email-links-reports', (ids) => ({ campaign_activity_id: ids.doneActivityId })],
  ...REPORTS.flatMap((r): [string, (ids: Ids) => Record<string, unknown>][] => [
    [`watch-email-${r}-reports`, (ids) => ({ campaign_activity_id: ids.doneActivityId, limit: 20 })],
    [`get-email-${r}-reports`, (ids) => ({ campaign_activity_id: ids.doneActivityId, limit: 20 })],
  ]),
  ['make-an-api-call', () => ({ url: '/v3/contact_lists', query_string: [{ key: 'limit', value: '2' }] })],
];

describe('Output schemas: every module returns what it declares', () => {
  const t = useModuleTestbed({ seed: 'demo' });
  const ids = {} as Ids;

  beforeAll(async () => {
    const lists = (await t.api('GET', '/contact_lists?limit=10')).body.lists as { list_id: string }[];
    ids.listIds = lists.map((l) => l.list_id);
    const campaigns = (await t.api('GET', '/emails?limit=50')).body.campaigns as {
      campaign_id: string;
      current_status: string;
    }[];
    ids.doneCampaignId = campaigns.find((c) => c.current_status === 'Done')!.campaign_id;
    const done = (await t.api('GET', `/emails/${ids.doneCampaignId}`)).body;
    ids.doneActivityId = done.campaign_activities.find(
      (a: { role: string }) => a.role === 'primary_email',
    ).campaign_activity_id;
    // a contact the done campaign was sent to, so its activity reports are not empty
    const sends = (await t.api('GET', `/reports/email_reports/${ids.doneActivityId}/tracking/opens?limit=1`)).body;
    ids.contactId = sends.tracking_activities[0].contact_id;
    const draft = await createCampaign(t, 'Outputs draft');
    ids.draftCampaignId = draft.campaignId;
    ids.draftActivityId = draft.activityId;
  });

  it('the table names every module of the registry exactly once', () => {
    expect(CASES.map(([key]) => key).sort()).toEqual(registry.map((m) => m.key).sort());
  });

  it.each(registry.map((m) => [m.key, m] as [string, ModuleDefinition]))('%s declares an output schema', (_k, m) => {
    expect(outputJsonSchema(m).type, m.key).toBe('object');
  });

  describe.sequential('each module, run against the sandbox', () => {
    it.each(CASES)('%s', async (key, inputOf) => {
      const module = registry.find((m) => m.key === key)!;
      const out = await t.run(key, inputOf(ids));
      if (key === 'create-contact') ids.createdContactId = out.contact_id;
      if (key === 'create-contact-list') ids.newListId = out.list_id;
      const bundles: object[] = Array.isArray(out) ? out : [out];
      // searches and triggers must return rows here, or the check would prove nothing
      expect(bundles.length, `${key} returned no bundle to check`).toBeGreaterThan(0);
      for (const [i, bundle] of bundles.entries()) expect(checkBundle(module, bundle), `${key} #${i}`).toEqual([]);
    });
  });
});
